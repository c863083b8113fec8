// SPDX-License-Identifier: MIT
/*
 * interface add|del, show interfaces.
 *
 *   interface add NAME driver afpacket|afxdp|tap|pcap|null [dev IFNAME]
 *                 [rx FILE] [tx FILE] [linktype raw|ethernet] [mac MAC]
 *                 [mtu N] [untrusted] [hmac require|check|off]
 *                 [urpf strict|loose|off]          (the last three: cmd_sec.c)
 *
 * The backend is opened before the interface is published, so a device
 * that cannot be opened leaves nothing behind. An interface keeps its
 * index for life; deleting it is refused while routes or SIDs still send
 * out of it or its frames are steered into a policy, and takes its
 * addresses and static neighbors with it (as the kernel does with a link).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../core/ip6.h"
#include "../dp/neigh.h"
#include "cmd.h"
#include "log.h"
#include "cmd_sec.h"
#include "table.h"

#define SR6_MTU_MIN 1280 /* RFC 8200 §5 */
#define SR6_MTU_MAX 9216
#define SR6_MTU_DEFAULT 1500

int sr6_ctl_iface_find(struct sr6_ctl *ctl, const char *name, struct sr6_reply *r)
{
	for (int i = 0; i < SR6_IF_MAX; i++) {
		const struct sr6_iface *ifc = ctl->dp->ifaces[i];
		if (ifc && strcmp(ifc->name, name) == 0)
			return i;
	}
	sr6_reply_error(r, -ENOENT, "no interface '%s'", name ? name : "");
	return -1;
}

int sr6_ctl_iface_update(struct sr6_ctl *ctl, uint16_t idx,
			 void (*fn)(struct sr6_iface *ifc, const void *arg), const void *arg)
{
	struct sr6_iface *old = ctl->dp->ifaces[idx];
	struct sr6_iface *ifc = malloc(sizeof(*ifc));
	if (!ifc)
		return -ENOMEM;
	*ifc = *old;
	fn(ifc, arg);
	sr6_rcu_assign(ctl->dp->ifaces[idx], ifc);
	sr6_reclaim_defer(&ctl->dp->reclaim, old, NULL);
	return 0;
}

/* A locally administered MAC derived from the name: stable across restarts. */
static void mac_from_name(const char *name, uint8_t mac[6])
{
	uint32_t h = 2166136261u;
	for (const char *c = name; *c; c++)
		h = (h ^ (uint8_t)*c) * 16777619u;
	mac[0] = 0x02;
	mac[1] = 0x00;
	memcpy(mac + 2, &h, 4);
}

static void ctl_iface_cfg_free(struct sr6_ctl_iface *c)
{
	free(c->rx_path);
	free(c->tx_path);
	memset(c, 0, sizeof(*c));
}

static int parse_linktype(const char *s, enum sr6_linktype *out, struct sr6_reply *r)
{
	if (!s)
		*out = SR6_LINK_AUTO;
	else if (strcmp(s, "raw") == 0)
		*out = SR6_LINK_RAW;
	else if (strcmp(s, "ethernet") == 0)
		*out = SR6_LINK_ETHERNET;
	else
		return sr6_reply_error(r, -EINVAL, "linktype: '%s' is not raw or ethernet", s);
	return 0;
}

int sr6_cmd_interface_add(struct sr6_ctl *ctl, struct sr6_args *a, struct sr6_reply *r)
{
	struct sr6_iface tmpl = {0};
	struct sr6_ctl_iface cfg = {0};
	const char *driver = sr6_args_kw(a, "driver");
	const char *dev = sr6_args_kw(a, "dev");
	const char *rx = sr6_args_kw(a, "rx");
	const char *tx = sr6_args_kw(a, "tx");
	const char *linktype = sr6_args_kw(a, "linktype");
	const char *mac = sr6_args_kw(a, "mac");
	const char *mtu = sr6_args_kw(a, "mtu");
	tmpl.untrusted = sr6_args_flag(a, "untrusted");
	int rc = sr6_parse_name(sr6_args_next(a), "interface", tmpl.name, sizeof(tmpl.name), r);
	if (rc < 0 || (rc = sr6_ctl_iface_sec_args(a, &tmpl, r)) < 0 ||
	    (rc = sr6_args_done(a, r)) < 0)
		return rc;
	if (!driver)
		return sr6_reply_error(r, -EINVAL, "interface %s: driver missing "
				       "(afpacket|afxdp|tap|pcap|null)", tmpl.name);
	if (!sr6_io_find(driver))
		return sr6_reply_error(r, -EINVAL, "interface %s: unknown driver '%s' "
				       "(afpacket|afxdp|tap|pcap|null)", tmpl.name, driver);
	bool is_pcap = strcmp(driver, "pcap") == 0;
	bool needs_dev = strcmp(driver, "afpacket") == 0 || strcmp(driver, "afxdp") == 0 ||
			 strcmp(driver, "tap") == 0;
	if (needs_dev && !dev)
		return sr6_reply_error(r, -EINVAL, "interface %s: driver %s needs dev IFNAME",
				       tmpl.name, driver);
	if (!is_pcap && (rx || tx))
		return sr6_reply_error(r, -EINVAL, "interface %s: rx/tx files are for driver pcap",
				       tmpl.name);
	if (dev && (rc = sr6_parse_name(dev, "dev", cfg.dev, sizeof(cfg.dev), r)) < 0)
		return rc;
	if ((rc = parse_linktype(linktype, &cfg.linktype, r)) < 0)
		return rc;
	if (mac && (rc = sr6_parse_mac(mac, tmpl.mac, r)) < 0)
		return rc;
	uint32_t mtu_v = 0;
	if (mtu && (rc = sr6_parse_u32(mtu, SR6_MTU_MIN, SR6_MTU_MAX, "mtu", &mtu_v, r)) < 0)
		return rc;
	if (sr6_ctl_iface_find(ctl, tmpl.name, r) >= 0)
		return sr6_reply_error(r, -EEXIST, "interface %s exists", tmpl.name);
	sr6_reply_clear(r);
	int idx = -1;
	for (int i = 0; i < SR6_IF_MAX && idx < 0; i++)
		if (!ctl->dp->ifaces[i] && !ctl->ifcfg[i].used)
			idx = i;
	if (idx < 0)
		return sr6_reply_error(r, -ENOSPC, "interface %s: all %d interfaces in use",
				       tmpl.name, SR6_IF_MAX);
	if (is_pcap && ctl->check_only && rx && access(rx, R_OK) < 0)
		return sr6_reply_error(r, -errno, "interface %s: pcap rx file %s: %s", tmpl.name,
				       rx, strerror(errno));

	snprintf(cfg.driver, sizeof(cfg.driver), "%s", driver);
	cfg.rx_path = rx ? strdup(rx) : NULL;
	cfg.tx_path = tx ? strdup(tx) : NULL;
	cfg.mac_set = mac != NULL;
	cfg.mtu_set = mtu != NULL;
	cfg.used = true;
	if ((rx && !cfg.rx_path) || (tx && !cfg.tx_path)) {
		ctl_iface_cfg_free(&cfg);
		return sr6_reply_error(r, -ENOMEM, "out of memory");
	}

	struct sr6_iface *ifc = malloc(sizeof(*ifc));
	if (!ifc) {
		ctl_iface_cfg_free(&cfg);
		return sr6_reply_error(r, -ENOMEM, "out of memory");
	}
	if (!ctl->n_workers && (rc = sr6_ctl_workers_default(ctl, r)) < 0) {
		free(ifc);
		ctl_iface_cfg_free(&cfg);
		return rc;
	}
	*ifc = tmpl;
	ifc->index = (uint16_t)idx;
	ifc->l2 = cfg.linktype != SR6_LINK_RAW;
	if (!ctl->check_only) {
		char err[SR6_IO_ERRLEN];
		struct sr6_io_config ioc = {
			.name = tmpl.name, .driver = driver, .dev = dev, .rx_path = rx,
			.tx_path = tx, .linktype = cfg.linktype,
			.pool = ctl->pools[idx % ctl->n_workers],
		};
		ifc->io = sr6_io_open(&ioc, err);
		if (!ifc->io) {
			free(ifc);
			ctl_iface_cfg_free(&cfg);
			return sr6_reply_error(r, -EIO, "%s", err);
		}
		ifc->l2 = ifc->io->linktype == SR6_LINK_ETHERNET;
		if (!mac && memcmp(ifc->io->mac, (uint8_t[6]){0}, 6) != 0)
			memcpy(ifc->mac, ifc->io->mac, 6);
		if (!mtu && ifc->io->mtu)
			mtu_v = ifc->io->mtu;
	}
	if (!mac && memcmp(ifc->mac, (uint8_t[6]){0}, 6) == 0) {
		mac_from_name(tmpl.name, ifc->mac);
		ifc->promisc = is_pcap;
	}
	ifc->mtu = mtu_v ? mtu_v : SR6_MTU_DEFAULT;
	ctl->ifcfg[idx] = cfg;
	sr6_ctl_counters_reset_if(ctl, (uint16_t)idx);
	sr6_rcu_assign(ctl->dp->ifaces[idx], ifc);
	return 0;
}

/*
 * What still sends out of interface idx: routes (not made by `address
 * add`), SIDs (End.X/DX4/DX6 adjacencies hold FORWARD next hops on it,
 * End.DX2 names it), and whether frames received on it are steered.
 */
struct iface_users {
	unsigned routes, sids;
	bool l2_steer;
};

static void users_of(const struct sr6_ctl *ctl, uint16_t idx, struct iface_users *u)
{
	const struct sr6_fib *fib = ctl->dp->fib;
	unsigned refs = 0, adj_refs = 0;
	memset(u, 0, sizeof(*u));
	for (uint32_t i = 0; i < fib->n_shared; i++) {
		const struct sr6_nh *nh = sr6_fib_nh(fib, fib->shared[i]);
		if (nh->kind == SR6_NH_FORWARD && nh->oif == idx &&
		    !(nh->flags & SR6_NH_F_CONNECTED))
			refs += nh->refcnt;
	}
	for (size_t i = 0; i < ctl->n_sids; i++) {
		const struct sr6_sid *sid = sr6_fib_nh(fib, ctl->sids[i].nh)->obj;
		const struct sr6_nh *adj = sid->adj_nh ? sr6_fib_nh(fib, sid->adj_nh) : NULL;
		bool on_adj = adj && adj->oif == idx;
		if (on_adj && !(adj->flags & SR6_NH_F_CONNECTED))
			adj_refs++;
		if (on_adj || (sid->behavior == SR6_BEH_END_DX2 && sid->oif == idx))
			u->sids++;
	}
	u->routes = refs > adj_refs ? refs - adj_refs : 0;
	u->l2_steer = ctl->dp->ifaces[idx] && ctl->dp->ifaces[idx]->l2_steer_nh;
}

void sr6_ctl_watch_links(struct sr6_ctl *ctl)
{
	for (int i = 0; i < SR6_IF_MAX; i++) {
		const struct sr6_iface *ifc = ctl->dp->ifaces[i];
		struct sr6_ctl_iface *c = &ctl->ifcfg[i];
		if (!ifc || !ifc->io)
			continue;
		bool down = __atomic_load_n(&ifc->io->link_down, __ATOMIC_RELAXED);
		if (down == c->down_logged)
			continue;
		c->down_logged = down;
		if (down)
			sr6_log(SR6_LOG_WARN, "interface %s: device %s is down or gone; its packets "
			      "are dropped as if_down", ifc->name, sr6_or_dash(c->dev));
		else
			sr6_log(SR6_LOG_INFO, "interface %s: device %s sends again", ifc->name,
				sr6_or_dash(c->dev));
	}
}

int sr6_ctl_workers_default(struct sr6_ctl *ctl, struct sr6_reply *r)
{
	int rc = ctl->set_workers ? ctl->set_workers(ctl, 1) : 0;
	if (rc < 0)
		return sr6_reply_error(r, rc, "cannot start a worker: %s", strerror(-rc));
	ctl->n_workers = 1;
	return 0;
}

int sr6_cmd_workers(struct sr6_ctl *ctl, struct sr6_args *a, struct sr6_reply *r)
{
	uint32_t n;
	int rc = sr6_parse_u32(sr6_args_next(a), 1, SR6_WORKERS_MAX, "workers", &n, r);
	if (rc < 0 || (rc = sr6_args_done(a, r)) < 0)
		return rc;
	if (ctl->n_workers == n)
		return 0;
	if (ctl->n_workers)
		return sr6_reply_error(r, -EBUSY, "workers: set once, before the first interface "
				       "(now %u)", ctl->n_workers);
	rc = ctl->set_workers ? ctl->set_workers(ctl, n) : 0;
	if (rc < 0)
		return sr6_reply_error(r, rc, "workers %u: %s", n, strerror(-rc));
	ctl->n_workers = n;
	return 0;
}

int sr6_cmd_interface_del(struct sr6_ctl *ctl, struct sr6_args *a, struct sr6_reply *r)
{
	const char *name = sr6_args_next(a);
	int rc = sr6_args_done(a, r);
	if (rc < 0)
		return rc;
	int idx = sr6_ctl_iface_find(ctl, name, r);
	if (idx < 0)
		return -ENOENT;
	struct iface_users u;
	users_of(ctl, (uint16_t)idx, &u);
	if (u.routes || u.sids)
		return sr6_reply_error(r, -EBUSY, "interface %s is used by %u route(s) and %u "
				       "SID(s); delete them first", name, u.routes, u.sids);
	if (u.l2_steer)
		return sr6_reply_error(r, -EBUSY, "interface %s is steered into a policy; `steer del "
				       "dev %s` first", name, name);
	/* its addresses (and their connected routes) and neighbors go with it */
	for (size_t i = ctl->n_addrs; i-- > 0;)
		if (ctl->addrs[i].ifindex == idx)
			sr6_ctl_addr_remove(ctl, i);
	sr6_neigh_flush_if(ctl->dp->neigh, (uint16_t)idx);

	struct sr6_iface *ifc = ctl->dp->ifaces[idx];
	sr6_rcu_assign(ctl->dp->ifaces[idx], NULL);
	sr6_ctl_sync(ctl); /* no worker polls or sends on it any more */
	sr6_io_close(ifc->io);
	free(ifc);
	ctl_iface_cfg_free(&ctl->ifcfg[idx]);
	return 0;
}

static const char *linktype_name(enum sr6_linktype t, bool l2)
{
	if (t == SR6_LINK_AUTO)
		return l2 ? "ethernet" : "raw";
	return t == SR6_LINK_RAW ? "raw" : "ethernet";
}

int sr6_show_interfaces(struct sr6_ctl *ctl, bool json, struct sr6_reply *r)
{
	bool first = true;
	struct sr6_table t;
	if (json)
		sr6_reply_printf(r, "[");
	else
		sr6_table_init(&t, "name index driver dev link mac mtu flags", "lrllllrl");
	for (int i = 0; i < SR6_IF_MAX; i++) {
		const struct sr6_iface *ifc = ctl->dp->ifaces[i];
		const struct sr6_ctl_iface *c = &ctl->ifcfg[i];
		if (!ifc)
			continue;
		char mac[18];
		sr6_mac_format(ifc->mac, mac);
		const char *link = linktype_name(c->linktype, ifc->l2);
		if (json) {
			sr6_reply_printf(r, "%s{\"name\":", first ? "" : ",");
			sr6_reply_json_str(r, ifc->name);
			sr6_reply_printf(r, ",\"index\":%d,\"driver\":", i);
			sr6_reply_json_str(r, c->driver);
			sr6_reply_printf(r, ",\"dev\":");
			sr6_reply_json_str(r, c->dev);
			sr6_reply_printf(r,
					 ",\"linktype\":\"%s\",\"mac\":\"%s\",\"mtu\":%u,"
					 "\"untrusted\":%s,\"hmac\":\"%s\",\"urpf\":\"%s\"}",
					 link, mac, ifc->mtu, ifc->untrusted ? "true" : "false",
					 sr6_hmac_mode_name(ifc->hmac),
					 sr6_urpf_mode_name(ifc->urpf));
		} else {
			sr6_table_cell(&t, "%s", ifc->name);
			sr6_table_cell(&t, "%d", i);
			sr6_table_cell(&t, "%s", c->driver);
			sr6_table_cell(&t, "%s", c->dev);
			sr6_table_cell(&t, "%s", link);
			sr6_table_cell(&t, "%s", mac);
			sr6_table_cell(&t, "%u", ifc->mtu);
			char sec[64];
			sr6_table_cell(&t, "%s", sr6_ctl_iface_sec_text(ifc, sec, sizeof(sec)));
		}
		first = false;
	}
	if (json)
		sr6_reply_printf(r, "]\n");
	else
		sr6_table_print(&t, r);
	return 0;
}
