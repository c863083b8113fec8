// SPDX-License-Identifier: MIT
/*
 * show running-config: the live configuration as config-grammar lines, so
 *
 *   srv6ctl show running-config > srv6d.conf
 *
 * restarts into the same state (the same `show` output). Lines come in an
 * order that loads: what a line refers to is printed before it.
 *
 *   workers ─► interfaces ─► encap source ─► addresses ─► static neighbors
 *   ─► routes ─► policies ─► SIDs ─► steers
 *
 * Left out, because the router makes them itself: connected and local
 * routes (from `address add`), binding SIDs (from `policy add ... bsid`),
 * learned neighbors, and the trace; and what FRR installed (fpm.h): zebra
 * sends it again, and as configuration it would outrank FRR's updates. HMAC secrets never leave the
 * router: a key read from a file is printed as its `secret-file PATH` line (the dump round-trips);
 * a key given inline is a comment line naming its id and algorithm, so a dump with such keys loads
 * only once the operator gives the secrets again. Every list is printed sorted, so two routers with
 * the same configuration print the same text.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../core/ip6.h"
#include "../dp/edge.h"
#include "../dp/neigh.h"
#include "../sr/policy.h"
#include "../sr/sid.h"
#include "cmd.h"
#include "cmd_sec.h"
#include "fpm.h"

struct config_out {
	struct sr6_ctl *ctl;
	struct sr6_reply *r;
	bool json, first;
	uint32_t table;
	struct sr6_reply line;
};

/* End the line being built: text, or one JSON string. */
static void emit(struct config_out *o)
{
	const char *s = o->line.buf ? o->line.buf : "";
	if (o->json) {
		sr6_reply_printf(o->r, "%s", o->first ? "" : ",");
		sr6_reply_json_str(o->r, s);
	} else {
		sr6_reply_printf(o->r, "%s\n", s);
	}
	o->first = false;
	sr6_reply_clear(&o->line);
}

static const char *linktype_word(enum sr6_linktype t)
{
	return t == SR6_LINK_RAW ? "raw" : "ethernet";
}

static void interfaces(struct config_out *o)
{
	for (int i = 0; i < SR6_IF_MAX; i++) {
		const struct sr6_iface *ifc = o->ctl->dp->ifaces[i];
		const struct sr6_ctl_iface *c = &o->ctl->ifcfg[i];
		char mac[18];
		if (!ifc)
			continue;
		sr6_reply_printf(&o->line, "interface add %s driver %s", ifc->name, c->driver);
		if (c->dev[0])
			sr6_reply_printf(&o->line, " dev %s", c->dev);
		if (c->rx_path)
			sr6_reply_printf(&o->line, " rx %s", c->rx_path);
		if (c->tx_path)
			sr6_reply_printf(&o->line, " tx %s", c->tx_path);
		if (c->linktype != SR6_LINK_AUTO)
			sr6_reply_printf(&o->line, " linktype %s", linktype_word(c->linktype));
		if (c->mac_set)
			sr6_reply_printf(&o->line, " mac %s", sr6_mac_format(ifc->mac, mac));
		if (c->mtu_set)
			sr6_reply_printf(&o->line, " mtu %u", ifc->mtu);
		if (ifc->untrusted)
			sr6_reply_printf(&o->line, " untrusted");
		if (ifc->hmac_set)
			sr6_reply_printf(&o->line, " hmac %s", sr6_hmac_mode_name(ifc->hmac));
		if (ifc->urpf)
			sr6_reply_printf(&o->line, " urpf %s", sr6_urpf_mode_name(ifc->urpf));
		emit(o);
	}
}

/* Locators, ICMP error limits, HMAC keys (cmd_sec.c). */
static void security(struct config_out *o)
{
	const struct sr6_dp *dp = o->ctl->dp;
	const struct sr6_locators *loc = dp->locators;
	char p[80];
	const struct sr6_locator *dflt = &sr6_locators_default.e[0];
	bool has_default = false;
	for (unsigned i = 0; loc && i < loc->n; i++) {
		if (loc->e[i].len == dflt->len && sr6_ip6_eq(&loc->e[i].pfx, &dflt->pfx)) {
			has_default = true; /* there unless deleted */
			continue;
		}
		sr6_reply_printf(&o->line, "locator add %s",
				 sr6_prefix_format(&loc->e[i].pfx, loc->e[i].len, p, sizeof(p)));
		emit(o);
	}
	if (loc && !has_default) {
		sr6_reply_printf(&o->line, "locator del %s",
				 sr6_prefix_format(&dflt->pfx, dflt->len, p, sizeof(p)));
		emit(o);
	}
	sr6_reply_printf(
	    &o->line, "icmp ratelimit rate %llu burst %llu peer-rate %llu peer-burst %llu",
	    (unsigned long long)dp->icmp_rate, (unsigned long long)dp->icmp_burst,
	    (unsigned long long)dp->icmp_peer_rate, (unsigned long long)dp->icmp_peer_burst);
	emit(o);
	/* secrets never leave the router: a file is named, else the operator
	 * gives the secret again (README) */
	for (unsigned i = 0; i < sr6_hmac_keys_count(dp->hmac_keys); i++) {
		uint32_t id;
		int algo;
		sr6_hmac_keys_at(dp->hmac_keys, i, &id, &algo);
		const char *file = sr6_ctl_hmac_key_file(o->ctl, id);
		if (file)
			sr6_reply_printf(&o->line, "hmac add keyid %u algo %s secret-file %s", id,
					 sr6_hmac_algo_name(algo), file);
		else
			sr6_reply_printf(&o->line,
					 "# hmac add keyid %u algo %s secret <not shown: give "
					 "it again>",
					 id, sr6_hmac_algo_name(algo));
		emit(o);
	}
}

static void addresses(struct config_out *o)
{
	char buf[80];
	for (size_t i = 0; i < o->ctl->n_addrs; i++) {
		const struct sr6_ctl_addr *a = &o->ctl->addrs[i];
		const struct sr6_iface *ifc = o->ctl->dp->ifaces[a->ifindex];
		if (!ifc)
			continue;
		sr6_reply_printf(&o->line, "address add %s dev %s",
				 sr6_prefix_format(&a->addr, a->len, buf, sizeof(buf)), ifc->name);
		emit(o);
	}
}

static int static_neighbor(const struct sr6_neigh *n, void *arg)
{
	struct config_out *o = arg;
	char a[SR6_ADDRSTRLEN], mac[18];
	const struct sr6_iface *ifc = o->ctl->dp->ifaces[n->ifindex];
	if (n->state != SR6_NEIGH_STATIC || !ifc)
		return 0;
	sr6_reply_printf(&o->line, "neighbor add %s lladdr %s dev %s", sr6_ip6_format(&n->addr, a),
			 sr6_mac_format(n->mac, mac), ifc->name);
	emit(o);
	return 0;
}

static void table_word(struct config_out *o)
{
	if (o->table)
		sr6_reply_printf(&o->line, " table %u", o->table);
}

/* Routes as `route add` would make them; steers are printed later. */
static int route_line(const struct sr6_ip6 *pfx, unsigned len, uint32_t id, void *arg)
{
	struct config_out *o = arg;
	const struct sr6_nh *nh = sr6_fib_nh(o->ctl->dp->fib, id);
	char p[80], gw[512];
	if (sr6_fpm_owns(o->ctl, o->table, pfx, len))
		return 0;
	sr6_prefix_format(pfx, len, p, sizeof(p));
	switch (nh->kind) {
	case SR6_NH_FORWARD: {
		const struct sr6_iface *ifc = o->ctl->dp->ifaces[nh->oif];
		if ((nh->flags & SR6_NH_F_CONNECTED) || !ifc)
			return 0;
		sr6_reply_printf(&o->line, "route add");
		table_word(o);
		sr6_reply_printf(&o->line, " %s", p);
		if (!sr6_ip6_is_zero(&nh->gw))
			sr6_reply_printf(&o->line, " via %s", sr6_ip6_format(&nh->gw, gw));
		sr6_reply_printf(&o->line, " dev %s", ifc->name);
		break;
	}
	case SR6_NH_BLACKHOLE:
	case SR6_NH_UNREACHABLE:
		sr6_reply_printf(&o->line, "route add");
		table_word(o);
		sr6_reply_printf(&o->line, " %s %s",
				 nh->kind == SR6_NH_BLACKHOLE ? "blackhole" : "unreachable", p);
		break;
	case SR6_NH_ENCAP: {
		const struct sr6_policy *pol = nh->obj;
		if (pol->name[0])
			return 0; /* a steer */
		sr6_ctl_encap_text(nh, gw, sizeof(gw));
		sr6_reply_printf(&o->line, "route add");
		table_word(o);
		sr6_reply_printf(&o->line, " %s encap %s", p, gw);
		break;
	}
	default:
		return 0; /* local addresses and SIDs have their own lines */
	}
	emit(o);
	return 0;
}

static int steer_line(const struct sr6_ip6 *pfx, unsigned len, uint32_t id, void *arg)
{
	struct config_out *o = arg;
	const struct sr6_nh *nh = sr6_fib_nh(o->ctl->dp->fib, id);
	const struct sr6_policy *pol = nh->kind == SR6_NH_ENCAP ? nh->obj : NULL;
	char p[80];
	if (!pol || !pol->name[0])
		return 0;
	sr6_reply_printf(&o->line, "steer add");
	table_word(o);
	sr6_reply_printf(&o->line, " %s policy %s", sr6_prefix_format(pfx, len, p, sizeof(p)),
			 pol->name);
	emit(o);
	return 0;
}

static void walk_tables(struct config_out *o, sr6_fib_walk_fn fn)
{
	const struct sr6_fib_table *t[SR6_FIB_TABLES_MAX];
	uint32_t n = sr6_ctl_tables_sorted(o->ctl, t);
	for (uint32_t i = 0; i < n; i++) {
		o->table = t[i]->id;
		sr6_fib_walk(t[i], fn, o);
	}
	o->table = 0;
}

static void policies(struct config_out *o, const struct sr6_ctl_policy **v)
{
	char b[SR6_ADDRSTRLEN];
	for (size_t i = 0; i < o->ctl->n_policies; i++) {
		const struct sr6_policy_spec *s = v[i]->spec;
		sr6_reply_printf(&o->line, "policy add %s", v[i]->name);
		if (s->has_bsid)
			sr6_reply_printf(&o->line, " bsid %s", sr6_ip6_format(&s->bsid, b));
		if (s->has_src)
			sr6_reply_printf(&o->line, " src %s", sr6_ip6_format(&s->src, b));
		sr6_ctl_policy_mode_words(s->mode, &o->line);
		for (unsigned k = 0; k < s->n_lists; k++) {
			sr6_reply_printf(&o->line, " segs ");
			for (unsigned j = 0; j < s->lists[k].n_segs; j++)
				sr6_reply_printf(&o->line, "%s%s", j ? "," : "",
						 sr6_ip6_format(&s->lists[k].segs[j], b));
			if (s->lists[k].weight != 1)
				sr6_reply_printf(&o->line, " weight %u", s->lists[k].weight);
		}
		if (s->hmac)
			sr6_reply_printf(&o->line, " hmac keyid %u%s", s->hmac_key_id,
					 s->hmac_no_flag ? " hmac-flag none" : "");
		emit(o);
	}
}

static void sids(struct config_out *o, const struct sr6_ctl_sid **v)
{
	struct sr6_reply params = {0};
	char p[80];
	for (size_t i = 0; i < o->ctl->n_sids; i++) {
		const struct sr6_sid *sid = sr6_fib_nh(o->ctl->dp->fib, v[i]->nh)->obj;
		if (v[i]->for_bsid || sr6_fpm_owns(o->ctl, 0, &sid->addr, sid->len))
			continue;
		sr6_ctl_sid_params(o->ctl, sid, &params);
		sr6_reply_printf(&o->line, "sid add %s action %s",
				 sr6_prefix_format(&sid->addr, sid->len, p, sizeof(p)),
				 sr6_behavior_descs[sid->behavior].name);
		if (params.len)
			sr6_reply_printf(&o->line, " %s", params.buf);
		emit(o);
	}
	sr6_reply_free(&params);
}

static void l2_steers(struct config_out *o)
{
	for (int i = 0; i < SR6_IF_MAX; i++) {
		const struct sr6_iface *ifc = o->ctl->dp->ifaces[i];
		if (!ifc || !ifc->l2_steer_nh)
			continue;
		const struct sr6_policy *pol = sr6_fib_nh(o->ctl->dp->fib, ifc->l2_steer_nh)->obj;
		sr6_reply_printf(&o->line, "steer add dev %s policy %s", ifc->name, pol->name);
		emit(o);
	}
}

int sr6_show_running_config(struct sr6_ctl *ctl, bool json, struct sr6_reply *r)
{
	const struct sr6_ctl_policy **pv = sr6_ctl_policies_sorted(ctl);
	const struct sr6_ctl_sid **sv = sr6_ctl_sids_sorted(ctl);
	if (!pv || !sv) {
		free(pv);
		free(sv);
		return sr6_reply_error(r, -ENOMEM, "show running-config: out of memory");
	}
	struct config_out o = {.ctl = ctl, .r = r, .json = json, .first = true};
	char b[SR6_ADDRSTRLEN];
	if (json)
		sr6_reply_printf(r, "{\"lines\":[");
	if (ctl->n_workers) {
		sr6_reply_printf(&o.line, "workers %u", ctl->n_workers);
		emit(&o);
	}
	interfaces(&o);
	security(&o);
	if (!sr6_ip6_is_zero(&ctl->dp->encap_src)) {
		sr6_reply_printf(&o.line, "encap source %s",
				 sr6_ip6_format(&ctl->dp->encap_src, b));
		emit(&o);
	}
	addresses(&o);
	sr6_neigh_walk(ctl->dp->neigh, static_neighbor, &o);
	walk_tables(&o, route_line);
	policies(&o, pv);
	sids(&o, sv);
	walk_tables(&o, steer_line);
	l2_steers(&o);
	if (json)
		sr6_reply_printf(r, "]}\n");
	sr6_reply_free(&o.line);
	free(pv);
	free(sv);
	return 0;
}
