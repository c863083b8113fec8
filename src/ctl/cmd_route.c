// SPDX-License-Identifier: MIT
/*
 * route add|del, encap source, show routes.
 *
 *   route add [table N] PREFIX via NH [dev NAME]
 *   route add [table N] PREFIX dev NAME                 (on-link)
 *   route add [table N] blackhole|unreachable PREFIX    (as iproute2)
 *   route replace ...                                   (same words as add)
 *   route del [table N] PREFIX [...]                    (key: table + prefix)
 *
 * `route replace` (iproute2's `ip route replace`; what FRR's FPM asks for)
 * swaps the table entry's next hop in one publish, so packets to the
 * prefix never see it missing; it adds the route when there is none. It
 * replaces only what `route add` made: addresses, SIDs and steers keep
 * their own commands.
 *
 * `via` without `dev` takes the interface of the connected route that
 * covers the gateway, as the kernel does; a gateway on no connected
 * network is an error rather than a route that can never resolve.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../core/ip6.h"
#include "cmd.h"
#include "table.h"

int sr6_ctl_table_id(struct sr6_args *a, uint32_t *id, struct sr6_reply *r)
{
	const char *s = sr6_args_kw(a, "table");
	*id = 0;
	return s ? sr6_parse_u32(s, 0, UINT32_MAX, "table", id, r) : 0;
}

struct sr6_fib_table *sr6_ctl_table(struct sr6_ctl *ctl, struct sr6_args *a,
				    struct sr6_reply *r, int *err)
{
	uint32_t id = 0;
	const char *s = sr6_args_kw(a, "table");
	*err = 0;
	if (s && (*err = sr6_parse_u32(s, 0, UINT32_MAX, "table", &id, r)) < 0)
		return NULL;
	struct sr6_fib_table *t = sr6_fib_table(ctl->dp->fib, id, true);
	if (!t)
		*err = sr6_reply_error(r, -ENOMEM, "table %u: out of memory or too many tables", id);
	return t;
}

/* Parsed target of a plain route (everything but the prefix). */
struct route_target {
	struct sr6_nh nh;
	bool has_gw, has_dev;
};

static int parse_target(struct sr6_ctl *ctl, struct sr6_args *a, struct sr6_fib_table *t,
			const struct sr6_ip6 *pfx, unsigned len, struct route_target *rt,
			struct sr6_reply *r)
{
	const char *via = sr6_args_kw(a, "via");
	const char *dev = sr6_args_kw(a, "dev");
	bool v4 = sr6_fib_is_v4(pfx, len);
	int rc;
	rt->nh.kind = SR6_NH_FORWARD;
	if (via) {
		if ((rc = sr6_parse_addr(via, v4, "via", &rt->nh.gw, r)) < 0)
			return rc;
		if (sr6_ip6_is_v4mapped(&rt->nh.gw) != v4)
			return sr6_reply_error(r, -EINVAL, "via %s: not the prefix's address family",
					       via);
		rt->has_gw = true;
	}
	if (dev) {
		int idx = sr6_ctl_iface_find(ctl, dev, r);
		if (idx < 0)
			return -ENOENT;
		rt->nh.oif = (uint16_t)idx;
		rt->has_dev = true;
	}
	if (!via && !dev)
		return sr6_reply_error(r, -EINVAL, "route: give via GATEWAY, dev NAME, or both");
	if (via && !dev && !t) /* a table not made yet has no connected network */
		return sr6_reply_error(r, -ENETUNREACH, "%s: gateway is on no connected network; "
				       "add dev NAME", via);
	if (via && !dev)
		return sr6_ctl_resolve_oif(ctl, t, &rt->nh.gw, &rt->nh.oif, r);
	return 0;
}

/* True (the reason in r) when `route del`/`replace` may not touch the route to nh. */
static bool owned_elsewhere(const struct sr6_nh *nh, const char *buf, struct sr6_reply *r)
{
	const struct sr6_policy *pol = nh->kind == SR6_NH_ENCAP ? nh->obj : NULL;
	if (nh->kind == SR6_NH_LOCAL || (nh->flags & SR6_NH_F_CONNECTED))
		sr6_reply_error(r, -EPERM, "route %s belongs to an address; use address del", buf);
	else if (nh->kind == SR6_NH_SID)
		sr6_reply_error(r, -EPERM, "%s is a SID; use sid del", buf);
	else if (pol && pol->name[0])
		sr6_reply_error(r, -EPERM, "%s steers into policy %s; use steer del", buf,
				pol->name);
	else
		return false;
	return true;
}

static int route_add(struct sr6_ctl *ctl, struct sr6_args *a, struct sr6_reply *r, bool replace)
{
	uint32_t table_id;
	int rc = sr6_ctl_table_id(a, &table_id, r);
	if (rc < 0)
		return rc;
	/* a new table is made only once the whole line is known to be good */
	struct sr6_fib_table *t = sr6_fib_table(ctl->dp->fib, table_id, false);
	struct route_target rt = {.nh.kind = SR6_NH_FORWARD};
	const char *first = sr6_args_next(a);
	if (first && (strcmp(first, "blackhole") == 0 || strcmp(first, "unreachable") == 0)) {
		rt.nh.kind = first[0] == 'b' ? SR6_NH_BLACKHOLE : SR6_NH_UNREACHABLE;
		first = sr6_args_next(a);
	}
	struct sr6_ip6 pfx;
	unsigned len;
	if ((rc = sr6_parse_prefix(first, "route", &pfx, &len, r)) < 0)
		return rc;
	/* 4 KiB (16 lists of 16 segments): cleared only for a line that has encap */
	struct sr6_policy_spec spec;
	bool encap = sr6_args_has(a, "encap");
	if (encap) {
		memset(&spec, 0, sizeof(spec));
		if ((rc = sr6_ctl_parse_route_encap(a, &spec, r)) < 0)
			return rc;
	}
	if (!encap && rt.nh.kind == SR6_NH_FORWARD &&
	    (rc = parse_target(ctl, a, t, &pfx, len, &rt, r)) < 0)
		return rc;
	if ((rc = sr6_args_done(a, r)) < 0)
		return rc;
	char buf[80]; /* the prefix as text, for messages only: formatted when one is due */
	uint32_t old = t ? sr6_fib_route_get(t, &pfx, len) : 0;
	const struct sr6_nh *old_nh = old ? sr6_fib_nh(ctl->dp->fib, old) : NULL;
	if (old)
		sr6_prefix_format(&pfx, len, buf, sizeof(buf));
	if (old && !replace)
		return sr6_reply_error(r, -EEXIST, "route %s exists in table %u", buf, t->id);
	if (old && owned_elsewhere(old_nh, buf, r))
		return -EPERM;
	/* the replaced route's own encap: its only user was that route */
	const void *old_pol = old && old_nh->kind == SR6_NH_ENCAP ? old_nh->obj : NULL;
	if (encap && spec.mode == SR6_MODE_INSERT && sr6_fib_is_v4(&pfx, len))
		return sr6_reply_error(r, -EINVAL, "mode inline inserts an SRH: IPv6 prefixes only");
	if (!t && !(t = sr6_fib_table(ctl->dp->fib, table_id, true)))
		return sr6_reply_error(r, -ENOMEM, "table %u: out of memory or too many tables",
				       table_id);
	struct sr6_fib *fib = ctl->dp->fib;
	uint32_t id = encap ? sr6_ctl_encap_nh(ctl, &spec, r) : sr6_fib_nh_get(fib, &rt.nh);
	if (!id && encap)
		return -EINVAL;
	if (!id)
		return sr6_reply_error(r, -ENOMEM, "out of next-hop objects");
	rc = sr6_fib_route_add(fib, t, &pfx, len, id);
	if (rc < 0 && encap)
		sr6_reclaim_defer(&ctl->dp->reclaim, (void *)sr6_fib_nh(fib, id)->obj, NULL);
	sr6_fib_nh_put(fib, id); /* the route holds its own reference */
	if (rc < 0)
		return sr6_reply_error(r, rc, "route %s: %s",
				       sr6_prefix_format(&pfx, len, buf, sizeof(buf)),
				       strerror(-rc));
	if (old_pol)
		sr6_reclaim_defer(&ctl->dp->reclaim, (void *)old_pol, NULL);
	return 0;
}

int sr6_cmd_route_add(struct sr6_ctl *ctl, struct sr6_args *a, struct sr6_reply *r)
{
	return route_add(ctl, a, r, false);
}

int sr6_cmd_route_replace(struct sr6_ctl *ctl, struct sr6_args *a, struct sr6_reply *r)
{
	return route_add(ctl, a, r, true);
}

int sr6_cmd_route_del(struct sr6_ctl *ctl, struct sr6_args *a, struct sr6_reply *r)
{
	uint32_t table_id;
	int rc = sr6_ctl_table_id(a, &table_id, r);
	if (rc < 0)
		return rc;
	struct sr6_fib_table *t = sr6_fib_table(ctl->dp->fib, table_id, false);
	const char *first = sr6_args_next(a);
	if (first && (strcmp(first, "blackhole") == 0 || strcmp(first, "unreachable") == 0))
		first = sr6_args_next(a);
	struct sr6_ip6 pfx;
	unsigned len;
	if ((rc = sr6_parse_prefix(first, "route", &pfx, &len, r)) < 0)
		return rc;
	struct route_target rt = {0};
	if ((sr6_args_has(a, "via") || sr6_args_has(a, "dev")) &&
	    (rc = parse_target(ctl, a, t, &pfx, len, &rt, r)) < 0)
		return rc;
	if ((rc = sr6_args_done(a, r)) < 0)
		return rc;
	char buf[80];
	sr6_prefix_format(&pfx, len, buf, sizeof(buf));
	uint32_t id = t ? sr6_fib_route_get(t, &pfx, len) : 0;
	if (!id)
		return sr6_reply_error(r, -ENOENT, "no route %s in table %u", buf, table_id);
	const struct sr6_nh *nh = sr6_fib_nh(ctl->dp->fib, id);
	if ((rt.has_gw && !sr6_ip6_eq(&rt.nh.gw, &nh->gw)) || (rt.has_dev && rt.nh.oif != nh->oif))
		return sr6_reply_error(r, -ENOENT, "route %s in table %u has another next hop", buf,
				       t->id);
	if (owned_elsewhere(nh, buf, r))
		return -EPERM;
	const struct sr6_policy *pol = nh->kind == SR6_NH_ENCAP ? nh->obj : NULL;
	if (pol) /* a route's own encap: its only user is this route */
		sr6_reclaim_defer(&ctl->dp->reclaim, (void *)pol, NULL);
	rc = sr6_fib_route_del(ctl->dp->fib, t, &pfx, len);
	return rc < 0 ? sr6_reply_error(r, rc, "route %s: %s", buf, strerror(-rc)) : 0;
}

int sr6_cmd_encap_source(struct sr6_ctl *ctl, struct sr6_args *a, struct sr6_reply *r)
{
	struct sr6_ip6 src;
	int rc = sr6_parse_addr(sr6_args_next(a), false, "encap source", &src, r);
	if (rc < 0 || (rc = sr6_args_done(a, r)) < 0)
		return rc;
	if (sr6_ip6_is_multicast(&src) || sr6_ip6_is_zero(&src))
		return sr6_reply_error(r, -EINVAL, "encap source must be a unicast address");
	ctl->dp->encap_src = src;
	return sr6_ctl_policies_rebuild_src(ctl, r);
}

static int table_cmp(const void *a, const void *b)
{
	uint32_t x = (*(const struct sr6_fib_table *const *)a)->id;
	uint32_t y = (*(const struct sr6_fib_table *const *)b)->id;
	return x < y ? -1 : x > y;
}

uint32_t sr6_ctl_tables_sorted(struct sr6_ctl *ctl, const struct sr6_fib_table **out)
{
	const struct sr6_fib *fib = ctl->dp->fib;
	for (uint32_t i = 0; i < fib->n_tables; i++)
		out[i] = fib->tables[i];
	qsort(out, fib->n_tables, sizeof(*out), table_cmp);
	return fib->n_tables;
}

struct show_route_ctx {
	struct sr6_ctl *ctl;
	struct sr6_reply *r;
	struct sr6_table t;
	uint32_t table;
	bool json, first;
};

static const char *nh_kind_name(const struct sr6_nh *nh)
{
	switch (nh->kind) {
	case SR6_NH_BLACKHOLE:
		return "blackhole";
	case SR6_NH_LOCAL:
		return "local";
	case SR6_NH_FORWARD:
		return (nh->flags & SR6_NH_F_CONNECTED) ? "connected" : "forward";
	case SR6_NH_SID:
		return "sid";
	case SR6_NH_ENCAP:
		return "encap";
	default:
		return "unreachable";
	}
}

static int show_route(const struct sr6_ip6 *pfx, unsigned len, uint32_t id, void *arg)
{
	struct show_route_ctx *c = arg;
	const struct sr6_nh *nh = sr6_fib_nh(c->ctl->dp->fib, id);
	const struct sr6_iface *ifc = nh->kind == SR6_NH_FORWARD || nh->kind == SR6_NH_LOCAL
					      ? c->ctl->dp->ifaces[nh->oif]
					      : NULL;
	char p[80], gw[512] = "";
	sr6_prefix_format(pfx, len, p, sizeof(p));
	if (nh->kind == SR6_NH_FORWARD && !sr6_ip6_is_zero(&nh->gw))
		sr6_ip6_format(&nh->gw, gw);
	if (nh->kind == SR6_NH_ENCAP)
		sr6_ctl_encap_text(nh, gw, sizeof(gw));
	const char *dev = ifc ? ifc->name : "";
	/* SIDs and encap routes count what they handle (a steer: its policy's total) */
	bool counted = nh->kind == SR6_NH_SID || nh->kind == SR6_NH_ENCAP;
	struct sr6_obj_counters cnt = {0};
	if (counted)
		sr6_ctl_obj_sum(c->ctl, id, &cnt);
	if (c->json) {
		sr6_reply_printf(c->r, "%s{\"table\":%u,\"prefix\":\"%s\",\"type\":\"%s\"",
				 c->first ? "" : ",", c->table, p, nh_kind_name(nh));
		if (*gw) {
			sr6_reply_printf(c->r, ",\"%s\":", nh->kind == SR6_NH_ENCAP ? "encap" : "via");
			sr6_reply_json_str(c->r, gw);
		}
		if (*dev) {
			sr6_reply_printf(c->r, ",\"dev\":");
			sr6_reply_json_str(c->r, dev);
		}
		if (counted)
			sr6_reply_printf(c->r, ",\"packets\":%llu,\"bytes\":%llu,\"drops\":%llu",
					 (unsigned long long)cnt.pkts, (unsigned long long)cnt.bytes,
					 (unsigned long long)cnt.drops);
		sr6_reply_printf(c->r, ",\"nh\":%u}", id);
	} else {
		sr6_table_cell(&c->t, "%u", c->table);
		sr6_table_cell(&c->t, "%s", p);
		sr6_table_cell(&c->t, "%s", nh_kind_name(nh));
		sr6_table_cell(&c->t, "%s", gw);
		sr6_table_cell(&c->t, "%s", dev);
		if (counted) {
			sr6_table_cell(&c->t, "%llu", (unsigned long long)cnt.pkts);
			sr6_table_cell(&c->t, "%llu", (unsigned long long)cnt.bytes);
		} else {
			sr6_table_cell(&c->t, "-");
			sr6_table_cell(&c->t, "-");
		}
	}
	c->first = false;
	return 0;
}

int sr6_show_routes(struct sr6_ctl *ctl, bool json, struct sr6_reply *r)
{
	struct show_route_ctx c = {.ctl = ctl, .r = r, .json = json, .first = true};
	if (json)
		sr6_reply_printf(r, "[");
	else
		sr6_table_init(&c.t, "table prefix type via dev packets bytes", "rllllrr");
	const struct sr6_fib_table *tables[SR6_FIB_TABLES_MAX];
	uint32_t n = sr6_ctl_tables_sorted(ctl, tables);
	for (uint32_t i = 0; i < n; i++) {
		c.table = tables[i]->id;
		sr6_fib_walk(tables[i], show_route, &c);
	}
	if (json)
		sr6_reply_printf(r, "]\n");
	else
		sr6_table_print(&c.t, r);
	return 0;
}
