// SPDX-License-Identifier: MIT
/*
 * address add|del, neighbor add|del, show neighbors.
 *
 *   address add ADDR/LEN dev NAME
 *     installs ADDR/128 (/32) -> LOCAL and, like the kernel, the connected
 *     route PREFIX/LEN dev NAME; the interface's first address of each
 *     family becomes the source of the ICMP errors it sends.
 *   neighbor add ADDR lladdr MAC dev NAME
 *     a static neighbor (never ages; ND/ARP learn the others).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../core/ip6.h"
#include "../dp/neigh.h"
#include "../dp/punt.h"
#include "cmd.h"
#include "table.h"
#include "vec.h"

static bool addr_is_v4(const struct sr6_ctl_addr *a)
{
	return sr6_fib_is_v4(&a->addr, a->len);
}

static struct sr6_ip6 subnet_of(const struct sr6_ctl_addr *a)
{
	struct sr6_ip6 p = a->addr;
	sr6_ip6_mask(&p, a->len);
	return p;
}

struct iface_addrs {
	struct sr6_ip6 addr6;
	uint32_t addr4;
};

static void set_iface_addrs(struct sr6_iface *ifc, const void *arg)
{
	const struct iface_addrs *ia = arg;
	ifc->addr6 = ia->addr6;
	ifc->addr4 = ia->addr4;
}

/* Re-derive the interface's and the router's ICMP source addresses. */
static void refresh_sources(struct sr6_ctl *ctl, uint16_t idx)
{
	struct iface_addrs ia = {0};
	struct sr6_ip6 any6 = {0};
	uint32_t any4 = 0;
	for (size_t i = 0; i < ctl->n_addrs; i++) {
		const struct sr6_ctl_addr *a = &ctl->addrs[i];
		bool v4 = addr_is_v4(a);
		if (v4 && !any4)
			any4 = sr6_ip6_to_v4(&a->addr);
		if (!v4 && sr6_ip6_is_zero(&any6))
			any6 = a->addr;
		if (a->ifindex != idx)
			continue;
		if (v4 && !ia.addr4)
			ia.addr4 = sr6_ip6_to_v4(&a->addr);
		if (!v4 && sr6_ip6_is_zero(&ia.addr6))
			ia.addr6 = a->addr;
	}
	if (ctl->dp->ifaces[idx])
		sr6_ctl_iface_update(ctl, idx, set_iface_addrs, &ia);
	ctl->dp->any_addr6 = any6;
	ctl->dp->any_addr4 = any4;
}

int sr6_cmd_address_add(struct sr6_ctl *ctl, struct sr6_args *a, struct sr6_reply *r)
{
	struct sr6_ctl_addr na = {0};
	const char *dev = sr6_args_kw(a, "dev");
	int rc = sr6_parse_addr_len(sr6_args_next(a), "address", &na.addr, &na.len, r);
	if (rc < 0 || (rc = sr6_args_done(a, r)) < 0)
		return rc;
	if (!dev)
		return sr6_reply_error(r, -EINVAL, "address: dev NAME missing");
	int idx = sr6_ctl_iface_find(ctl, dev, r);
	if (idx < 0)
		return -ENOENT;
	na.ifindex = (uint16_t)idx;
	char buf[80];
	for (size_t i = 0; i < ctl->n_addrs; i++)
		if (sr6_ip6_eq(&ctl->addrs[i].addr, &na.addr))
			return sr6_reply_error(r, -EEXIST, "address %s exists",
					       sr6_prefix_format(&na.addr, na.len, buf,
								 sizeof(buf)));
	/* v4 addresses are v4-mapped, so /128 is the host route of both families */
	struct sr6_fib *fib = ctl->dp->fib;
	struct sr6_fib_table *main_t = sr6_fib_main(fib);
	if (sr6_fib_route_get(main_t, &na.addr, 128))
		return sr6_reply_error(r, -EEXIST, "a route to %s exists; delete it first",
				       sr6_prefix_format(&na.addr, 128, buf,
							 sizeof(buf)));
	if (SR6_VEC_RESERVE(ctl->addrs, ctl->addrs_cap, ctl->n_addrs) < 0)
		return sr6_reply_error(r, -ENOMEM, "out of memory");

	struct sr6_nh local = {.kind = SR6_NH_LOCAL, .oif = na.ifindex};
	struct sr6_nh conn = {.kind = SR6_NH_FORWARD, .oif = na.ifindex,
			      .flags = SR6_NH_F_CONNECTED};
	uint32_t local_id = sr6_fib_nh_get(fib, &local);
	uint32_t conn_id = 0;
	struct sr6_ip6 subnet = subnet_of(&na);
	bool add_conn = na.len < 128 && !sr6_fib_route_get(main_t, &subnet, na.len);
	if (add_conn)
		conn_id = sr6_fib_nh_get(fib, &conn);
	if (!local_id || (add_conn && !conn_id) ||
	    sr6_fib_route_add(fib, main_t, &na.addr, 128, local_id) < 0) {
		sr6_fib_nh_put(fib, local_id);
		sr6_fib_nh_put(fib, conn_id);
		return sr6_reply_error(r, -ENOMEM, "out of memory");
	}
	if (add_conn && sr6_fib_route_add(fib, main_t, &subnet, na.len, conn_id) < 0) {
		sr6_fib_route_del(fib, main_t, &na.addr, 128);
		sr6_fib_nh_put(fib, local_id);
		sr6_fib_nh_put(fib, conn_id);
		return sr6_reply_error(r, -ENOMEM, "out of memory");
	}
	/* the routes hold their own references now */
	sr6_fib_nh_put(fib, local_id);
	if (add_conn)
		sr6_fib_nh_put(fib, conn_id);
	ctl->addrs[ctl->n_addrs++] = na;
	refresh_sources(ctl, na.ifindex);
	return 0;
}

void sr6_ctl_addr_remove(struct sr6_ctl *ctl, size_t i)
{
	struct sr6_ctl_addr gone = ctl->addrs[i];
	ctl->addrs[i] = ctl->addrs[--ctl->n_addrs];
	struct sr6_fib *fib = ctl->dp->fib;
	struct sr6_fib_table *main_t = sr6_fib_main(fib);
	uint32_t id = sr6_fib_route_get(main_t, &gone.addr, 128);
	if (id && sr6_fib_nh(fib, id)->kind == SR6_NH_LOCAL)
		sr6_fib_route_del(fib, main_t, &gone.addr, 128);
	struct sr6_ip6 subnet = subnet_of(&gone);
	bool shared = false;
	for (size_t j = 0; j < ctl->n_addrs; j++) {
		struct sr6_ip6 other = subnet_of(&ctl->addrs[j]);
		if (ctl->addrs[j].ifindex == gone.ifindex && ctl->addrs[j].len == gone.len &&
		    sr6_ip6_eq(&other, &subnet))
			shared = true;
	}
	id = gone.len < 128 ? sr6_fib_route_get(main_t, &subnet, gone.len) : 0;
	if (id && !shared) {
		const struct sr6_nh *nh = sr6_fib_nh(fib, id);
		if ((nh->flags & SR6_NH_F_CONNECTED) && nh->oif == gone.ifindex)
			sr6_fib_route_del(fib, main_t, &subnet, gone.len);
	}
	refresh_sources(ctl, gone.ifindex);
}

int sr6_cmd_address_del(struct sr6_ctl *ctl, struct sr6_args *a, struct sr6_reply *r)
{
	struct sr6_ip6 addr;
	unsigned len;
	const char *dev = sr6_args_kw(a, "dev");
	int rc = sr6_parse_addr_len(sr6_args_next(a), "address", &addr, &len, r);
	if (rc < 0 || (rc = sr6_args_done(a, r)) < 0)
		return rc;
	if (!dev)
		return sr6_reply_error(r, -EINVAL, "address: dev NAME missing");
	int idx = sr6_ctl_iface_find(ctl, dev, r);
	if (idx < 0)
		return -ENOENT;
	for (size_t i = 0; i < ctl->n_addrs; i++) {
		const struct sr6_ctl_addr *x = &ctl->addrs[i];
		if (x->ifindex == idx && x->len == len && sr6_ip6_eq(&x->addr, &addr)) {
			sr6_ctl_addr_remove(ctl, i);
			return 0;
		}
	}
	char buf[80];
	return sr6_reply_error(r, -ENOENT, "no address %s on %s",
			       sr6_prefix_format(&addr, len, buf, sizeof(buf)), dev);
}

int sr6_cmd_neighbor_add(struct sr6_ctl *ctl, struct sr6_args *a, struct sr6_reply *r)
{
	struct sr6_ip6 addr;
	uint8_t mac[6];
	const char *lladdr = sr6_args_kw(a, "lladdr");
	const char *dev = sr6_args_kw(a, "dev");
	int rc = sr6_parse_addr(sr6_args_next(a), true, "neighbor", &addr, r);
	if (rc < 0 || (rc = sr6_args_done(a, r)) < 0)
		return rc;
	if (!lladdr)
		return sr6_reply_error(r, -EINVAL, "neighbor: lladdr MAC missing");
	if ((rc = sr6_parse_mac(lladdr, mac, r)) < 0)
		return rc;
	if (!dev)
		return sr6_reply_error(r, -EINVAL, "neighbor: dev NAME missing");
	int idx = sr6_ctl_iface_find(ctl, dev, r);
	if (idx < 0)
		return -ENOENT;
	if (sr6_neigh_set(ctl->dp->neigh, (uint16_t)idx, &addr, mac, SR6_NEIGH_STATIC, 0) < 0)
		return sr6_reply_error(r, -ENOMEM, "out of memory");
	return 0;
}

int sr6_cmd_neighbor_del(struct sr6_ctl *ctl, struct sr6_args *a, struct sr6_reply *r)
{
	struct sr6_ip6 addr;
	const char *dev = sr6_args_kw(a, "dev");
	sr6_args_kw(a, "lladdr"); /* accepted, as in the add line */
	int rc = sr6_parse_addr(sr6_args_next(a), true, "neighbor", &addr, r);
	if (rc < 0 || (rc = sr6_args_done(a, r)) < 0)
		return rc;
	if (!dev)
		return sr6_reply_error(r, -EINVAL, "neighbor: dev NAME missing");
	int idx = sr6_ctl_iface_find(ctl, dev, r);
	if (idx < 0)
		return -ENOENT;
	if (sr6_neigh_del(ctl->dp->neigh, (uint16_t)idx, &addr) < 0) {
		char buf[SR6_ADDRSTRLEN];
		return sr6_reply_error(r, -ENOENT, "no neighbor %s on %s",
				       sr6_ip6_format(&addr, buf), dev);
	}
	return 0;
}

unsigned sr6_ctl_neigh_learn(struct sr6_ctl *ctl)
{
	unsigned changed = 0;
	struct sr6_neigh_learn l;
	for (unsigned w = 0; w < ctl->n_workers; w++) {
		while (ctl->punts[w] && sr6_punt_pop(ctl->punts[w], &l)) {
			struct sr6_neigh cur;
			if (!ctl->dp->ifaces[l.ifindex])
				continue;
			bool have = sr6_neigh_lookup(ctl->dp->neigh, l.ifindex, &l.addr, &cur);
			if (have && cur.state == SR6_NEIGH_STATIC)
				continue;
			if (have && memcmp(cur.mac, l.mac, 6) == 0 && cur.updated_ns >= l.ts_ns)
				continue;
			if (sr6_neigh_set(ctl->dp->neigh, l.ifindex, &l.addr, l.mac,
					  SR6_NEIGH_REACHABLE, l.ts_ns) == 0)
				changed++;
		}
	}
	return changed;
}

struct age_ctx {
	uint64_t before;
	struct sr6_neigh *old;
	unsigned n, cap;
};

static int collect_old(const struct sr6_neigh *n, void *arg)
{
	struct age_ctx *c = arg;
	if (n->state == SR6_NEIGH_REACHABLE && n->updated_ns < c->before && c->n < c->cap)
		c->old[c->n++] = *n;
	return 0;
}

void sr6_ctl_neigh_age(struct sr6_ctl *ctl, uint64_t now_ns)
{
	struct sr6_neigh old[256];
	struct age_ctx c = {.old = old, .cap = 256};
	if (now_ns < SR6_NEIGH_TTL_NS)
		return;
	c.before = now_ns - SR6_NEIGH_TTL_NS;
	sr6_neigh_walk(ctl->dp->neigh, collect_old, &c);
	for (unsigned i = 0; i < c.n; i++)
		sr6_neigh_del(ctl->dp->neigh, old[i].ifindex, &old[i].addr);
}

struct show_neigh_ctx {
	struct sr6_ctl *ctl;
	struct sr6_reply *r;
	struct sr6_table t;
	bool json, first;
};

static const char *neigh_state_name(uint8_t state)
{
	return state == SR6_NEIGH_STATIC ? "permanent" : "reachable";
}

static int show_neigh(const struct sr6_neigh *n, void *arg)
{
	struct show_neigh_ctx *c = arg;
	char addr[SR6_ADDRSTRLEN], mac[18];
	const struct sr6_iface *ifc = c->ctl->dp->ifaces[n->ifindex];
	const char *dev = ifc ? ifc->name : "?";
	sr6_ip6_format(&n->addr, addr);
	sr6_mac_format(n->mac, mac);
	if (c->json) {
		sr6_reply_printf(c->r, "%s{\"address\":\"%s\",\"lladdr\":\"%s\",\"dev\":",
				 c->first ? "" : ",", addr, mac);
		sr6_reply_json_str(c->r, dev);
		sr6_reply_printf(c->r, ",\"state\":\"%s\"}", neigh_state_name(n->state));
	} else {
		sr6_table_cell(&c->t, "%s", addr);
		sr6_table_cell(&c->t, "%s", mac);
		sr6_table_cell(&c->t, "%s", dev);
		sr6_table_cell(&c->t, "%s", neigh_state_name(n->state));
	}
	c->first = false;
	return 0;
}

int sr6_show_neighbors(struct sr6_ctl *ctl, bool json, struct sr6_reply *r)
{
	struct show_neigh_ctx c = {.ctl = ctl, .r = r, .json = json, .first = true};
	if (json)
		sr6_reply_printf(r, "[");
	else
		sr6_table_init(&c.t, "address lladdr dev state", "llll");
	sr6_neigh_walk(ctl->dp->neigh, show_neigh, &c);
	if (json)
		sr6_reply_printf(r, "]\n");
	else
		sr6_table_print(&c.t, r);
	return 0;
}
