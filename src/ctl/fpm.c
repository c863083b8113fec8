// SPDX-License-Identifier: MIT
/*
 * FPM server (see fpm.h for what zebra sends and what srv6d makes of it).
 *
 *   socket ─► reassembly (frames split or joined anywhere by TCP)
 *          ─► frame: version 1, type 1, netlink messages
 *          ─► rtnl.c: one struct per route message
 *          ─► words of a config line ─► sr6_ctl_exec ─► ownership table
 *
 * Everything runs on the control thread, in the control socket's poll
 * (server.h's sr6_poll_ext), so an FRR change and an srv6ctl line are
 * serialized like two srv6ctl lines. At most SR6_FPM_READ_MAX bytes are
 * taken per poll round: a full table arriving does not starve srv6ctl.
 *
 * A DELROUTE followed in the same frame by a NEWROUTE of the same prefix
 * (zebra's way of saying "update") is one replace: the delete is skipped
 * and the route never leaves the table. An unchanged resend (zebra resends
 * everything on reconnection) is recognised by the hash of its config
 * words and costs nothing.
 */
#include "fpm.h"

#include <errno.h>
#include <net/if.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <time.h>
#include <unistd.h>
#include <linux/lwtunnel.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/seg6_iptunnel.h>
#include <linux/seg6_local.h>

#include "../core/ip6.h"
#include "cmd.h"
#include "listen.h"
#include "log.h"
#include "rtnl.h"

enum { ENT_FREE, ENT_USED, ENT_DEAD };

static const char *const refusal_key[] = {
#define SR6_FPM_REFUSAL_KEY(name, key, text) key,
    SR6_FPM_REFUSALS(SR6_FPM_REFUSAL_KEY)
#undef SR6_FPM_REFUSAL_KEY
};

static const char *const refusal_text[] = {
#define SR6_FPM_REFUSAL_TEXT(name, key, text) text,
    SR6_FPM_REFUSALS(SR6_FPM_REFUSAL_TEXT)
#undef SR6_FPM_REFUSAL_TEXT
};

static uint64_t monotonic_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static const char *kernel_ifname(unsigned ifindex, char *buf)
{
	return if_indextoname(ifindex, buf);
}

/* Kernel table id to srv6d's: main (254) is table 0. */
static uint32_t table_of(uint32_t kernel_table)
{
	return kernel_table == RT_TABLE_MAIN ? 0 : kernel_table;
}

/* Ownership table. */

static uint64_t fnv1a(uint64_t h, const void *p, size_t n)
{
	const uint8_t *b = p;
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 0x100000001b3ull;
	return h;
}

static size_t own_slot(const struct sr6_fpm *f, uint32_t table, const struct sr6_ip6 *dst,
		       uint8_t len)
{
	uint64_t h = fnv1a(0xcbf29ce484222325ull, dst->b, sizeof(dst->b));
	h = fnv1a(h, &table, sizeof(table));
	h = fnv1a(h, &len, sizeof(len));
	return (size_t)(h & (f->own_cap - 1));
}

static struct sr6_fpm_entry *own_find(const struct sr6_fpm *f, uint32_t table,
				      const struct sr6_ip6 *dst, uint8_t len)
{
	if (!f->own_cap)
		return NULL;
	for (size_t i = own_slot(f, table, dst, len);; i = (i + 1) & (f->own_cap - 1)) {
		struct sr6_fpm_entry *e = &f->own[i];
		if (e->state == ENT_FREE)
			return NULL;
		if (e->state == ENT_USED && e->table == table && e->len == len &&
		    sr6_ip6_eq(&e->dst, dst))
			return e;
	}
}

bool sr6_fpm_owns(const struct sr6_ctl *ctl, uint32_t table, const struct sr6_ip6 *dst,
		  unsigned len)
{
	return ctl->fpm && own_find(ctl->fpm, table, dst, (uint8_t)len);
}

/* Room for one more: grow (and drop tombstones) past 3/4 full. 0 or -ENOMEM. */
static int own_reserve(struct sr6_fpm *f)
{
	if ((f->own_used + 1) * 4 <= f->own_cap * 3)
		return 0;
	size_t live = f->own_routes + f->own_sids;
	size_t cap = f->own_cap ? f->own_cap : 1024;
	while ((live + 1) * 2 > cap)
		cap *= 2;
	struct sr6_fpm_entry *old = f->own, *v = calloc(cap, sizeof(*v));
	if (!v)
		return -ENOMEM;
	size_t old_cap = f->own_cap;
	f->own = v;
	f->own_cap = cap;
	f->own_used = live;
	for (size_t i = 0; i < old_cap; i++) {
		if (old[i].state != ENT_USED)
			continue;
		size_t j = own_slot(f, old[i].table, &old[i].dst, old[i].len);
		while (v[j].state != ENT_FREE)
			j = (j + 1) & (cap - 1);
		v[j] = old[i];
	}
	free(old);
	return 0;
}

static int own_insert(struct sr6_fpm *f, uint32_t table, const struct sr6_ip6 *dst, uint8_t len,
		      bool is_sid, uint64_t hash)
{
	if (own_reserve(f) < 0)
		return -ENOMEM;
	size_t i = own_slot(f, table, dst, len);
	while (f->own[i].state == ENT_USED)
		i = (i + 1) & (f->own_cap - 1);
	if (f->own[i].state == ENT_FREE)
		f->own_used++;
	f->own[i] = (struct sr6_fpm_entry){.dst = *dst,
					   .table = table,
					   .len = len,
					   .state = ENT_USED,
					   .is_sid = is_sid,
					   .gen = f->gen,
					   .hash = hash};
	if (is_sid)
		f->own_sids++;
	else
		f->own_routes++;
	return 0;
}

static void own_remove(struct sr6_fpm *f, struct sr6_fpm_entry *e)
{
	if (e->is_sid)
		f->own_sids--;
	else
		f->own_routes--;
	e->state = ENT_DEAD;
}

/* Logging: refusals at most SR6_FPM_WARN_PER_SEC a second, then a count. */

static void warn(struct sr6_fpm *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void warn(struct sr6_fpm *f, const char *fmt, ...)
{
	uint64_t now = monotonic_ns();
	if (!sr6_tbucket_take(&f->warn_tb, now)) {
		f->warn_dropped++;
		return;
	}
	if (f->warn_dropped) {
		sr6_log(SR6_LOG_WARN, "fpm: %llu more message(s) not logged",
			(unsigned long long)f->warn_dropped);
		f->warn_dropped = 0;
	}
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	sr6_log(SR6_LOG_WARN, "fpm: %s", msg);
}

/* Count a refusal; the reason is in f->msg. Returns the refusal for `return`. */
static int refuse(struct sr6_fpm *f, enum sr6_fpm_refusal why)
{
	f->st.refused[why]++;
	warn(f, "refused (%s): %s", refusal_key[why], f->msg.buf ? f->msg.buf : "");
	return (int)why;
}

static int refusef(struct sr6_fpm *f, enum sr6_fpm_refusal why, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int refusef(struct sr6_fpm *f, enum sr6_fpm_refusal why, const char *fmt, ...)
{
	va_list ap;
	sr6_reply_clear(&f->msg);
	va_start(ap, fmt);
	sr6_reply_vprintf(&f->msg, fmt, ap);
	va_end(ap);
	return refuse(f, why);
}

/* From a route message to the words of a config line. */

/* What build() made of a route (its words are in f->line). */
struct built {
	bool is_sid;
	bool onlink; /* a plain route with an interface and no gateway */
};

#define BUILT_OK (-1)

/* The srv6d interface of a kernel ifindex: its name, or NULL (the kernel name in kname). */
static const char *iface_of(struct sr6_fpm *f, unsigned ifindex, char kname[IF_NAMESIZE])
{
	strcpy(kname, "no such device");
	if (!f->ifname || !f->ifname(ifindex, kname))
		return NULL;
	for (int i = 0; i < SR6_IF_MAX; i++) {
		const struct sr6_iface *ifc = f->ctl->dp->ifaces[i];
		if (ifc && f->ctl->ifcfg[i].used && strcmp(f->ctl->ifcfg[i].dev, kname) == 0)
			return ifc->name;
	}
	return NULL;
}

static int unmapped(struct sr6_fpm *f, const char *pfx, unsigned ifindex, const char *kname)
{
	return refusef(f, SR6_FPM_REFUSED_UNMAPPED_IFINDEX,
		       "%s: next hop ifindex %u (%s) is no srv6d interface (none has that dev)",
		       pfx, ifindex, kname);
}

static void addr_words(struct sr6_reply *l, const char *kw, const struct sr6_ip6 *a)
{
	char buf[SR6_ADDRSTRLEN];
	sr6_reply_printf(l, " %s %s", kw, sr6_ip6_format(a, buf));
}

static int build_plain(struct sr6_fpm *f, const struct sr6_rtnl_route *rt, const char *pfx,
		       struct built *b)
{
	const struct sr6_rtnl_nh *nh = &rt->nh[0];
	char kname[IF_NAMESIZE];
	const char *dev = NULL;
	if (nh->via_other_family)
		return refusef(f, SR6_FPM_REFUSED_UNSUPPORTED,
			       "%s: next hop of the other address family (RTA_VIA, RFC 5549)", pfx);
	if (nh->oif && !(dev = iface_of(f, nh->oif, kname)))
		return unmapped(f, pfx, nh->oif, kname);
	if (!dev && sr6_ip6_is_zero(&nh->gw))
		return refusef(f, SR6_FPM_REFUSED_UNSUPPORTED, "%s: no gateway and no interface",
			       pfx);
	if (rt->n_nh > 1) {
		f->st.ecmp_first++;
		sr6_log(SR6_LOG_DEBUG, "fpm: %s: %u next hops; srv6d takes the first", pfx,
			rt->n_nh);
	}
	sr6_reply_printf(&f->line, " %s", pfx);
	bool gw = !sr6_ip6_is_zero(&nh->gw) &&
		  !(sr6_ip6_is_v4mapped(&nh->gw) && sr6_ip6_to_v4(&nh->gw) == 0);
	if (gw)
		addr_words(&f->line, "via", &nh->gw);
	if (dev)
		sr6_reply_printf(&f->line, " dev %s", dev);
	b->onlink = !gw;
	return BUILT_OK;
}

static int build_encap(struct sr6_fpm *f, const struct sr6_rtnl_route *rt, const char *pfx)
{
	static const char *const modes[] = {
	    [SEG6_IPTUN_MODE_INLINE] = "inline",
	    [SEG6_IPTUN_MODE_ENCAP] = "encap",
	    [SEG6_IPTUN_MODE_ENCAP_RED] = "encap.red",
	};
	uint32_t mode = rt->nh[0].seg6.mode;
	if (mode >= sizeof(modes) / sizeof(modes[0]) || !modes[mode])
		return refusef(f, SR6_FPM_REFUSED_UNSUPPORTED,
			       "%s: seg6 mode %u (srv6d routes take inline, encap, encap.red; "
			       "l2encap is `steer add dev`)",
			       pfx, mode);
	sr6_reply_printf(&f->line, " %s encap seg6 mode %s", pfx, modes[mode]);
	unsigned n = rt->n_nh < SR6_RTNL_NH_MAX ? rt->n_nh : SR6_RTNL_NH_MAX;
	for (unsigned i = 0; i < n; i++) {
		const struct sr6_rtnl_seg6 *s = &rt->nh[i].seg6;
		if (rt->nh[i].encap_type != LWTUNNEL_ENCAP_SEG6 || s->mode != mode)
			return refusef(f, SR6_FPM_REFUSED_UNSUPPORTED,
				       "%s: next hops with different encaps (srv6d: one seg6 "
				       "mode per route)",
				       pfx);
		if (s->too_many)
			return refusef(f, SR6_FPM_REFUSED_UNSUPPORTED, "%s: more than %d segments",
				       pfx, SR6_SRH_MAX_SEGS);
		if (s->has_tlv)
			return refusef(f, SR6_FPM_REFUSED_UNSUPPORTED,
				       "%s: SRH with TLVs (HMAC: use a policy with hmac keyid)",
				       pfx);
		if (!s->n_segs)
			return refusef(f, SR6_FPM_REFUSED_UNSUPPORTED,
				       "%s: seg6 encap without segments", pfx);
		char buf[SR6_ADDRSTRLEN];
		sr6_reply_printf(&f->line, " segs ");
		for (unsigned k = 0; k < s->n_segs; k++)
			sr6_reply_printf(&f->line, "%s%s", k ? "," : "",
					 sr6_ip6_format(&s->segs[k], buf));
	}
	if (rt->n_nh > SR6_RTNL_NH_MAX)
		f->st.ecmp_first++;
	return BUILT_OK;
}

/* What a seg6local action takes into its `sid add` line. */
#define P_NH6	1u
#define P_NH4	2u
#define P_OIF	4u /* End.DX2's interface */
#define P_TABLE 8u
#define P_ADJ	16u /* an optional interface for the adjacency */
#define P_NONE	~0u /* not a behavior srv6d takes from FRR */

static const struct {
	const char *name;
	unsigned params;
} actions[SEG6_LOCAL_ACTION_MAX + 1] = {
    [SEG6_LOCAL_ACTION_END] = {"End", 0},
    [SEG6_LOCAL_ACTION_END_X] = {"End.X", P_NH6 | P_ADJ},
    [SEG6_LOCAL_ACTION_END_T] = {"End.T", P_TABLE},
    [SEG6_LOCAL_ACTION_END_DX2] = {"End.DX2", P_OIF},
    [SEG6_LOCAL_ACTION_END_DX6] = {"End.DX6", P_NH6 | P_ADJ},
    [SEG6_LOCAL_ACTION_END_DX4] = {"End.DX4", P_NH4 | P_ADJ},
    [SEG6_LOCAL_ACTION_END_DT6] = {"End.DT6", P_TABLE},
    [SEG6_LOCAL_ACTION_END_DT4] = {"End.DT4", P_TABLE},
    [SEG6_LOCAL_ACTION_END_DT46] = {"End.DT46", P_TABLE},
    [SEG6_LOCAL_ACTION_END_B6] = {"End.B6", P_NONE},
    [SEG6_LOCAL_ACTION_END_B6_ENCAP] = {"End.B6.Encaps", P_NONE},
    [SEG6_LOCAL_ACTION_END_BM] = {"End.BM", P_NONE},
    [SEG6_LOCAL_ACTION_END_S] = {"End.S", P_NONE},
    [SEG6_LOCAL_ACTION_END_AS] = {"End.AS", P_NONE},
    [SEG6_LOCAL_ACTION_END_AM] = {"End.AM", P_NONE},
    [SEG6_LOCAL_ACTION_END_BPF] = {"End.BPF", P_NONE},
};

static int sid_flavors(struct sr6_fpm *f, const struct sr6_rtnl_seg6local *l, const char *pfx)
{
	static const struct {
		unsigned op;
		const char *name;
	} ops[] = {
	    {SEG6_LOCAL_FLV_OP_PSP, "psp"},
	    {SEG6_LOCAL_FLV_OP_USP, "usp"},
	    {SEG6_LOCAL_FLV_OP_USD, "usd"},
	    {SEG6_LOCAL_FLV_OP_NEXT_CSID, "next-csid"},
	};
	uint32_t known = 0;
	const char *sep = " flavors ";
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		known |= 1u << ops[i].op;
	if (l->flv_ops & ~known)
		return refusef(f, SR6_FPM_REFUSED_UNSUPPORTED, "%s: seg6local flavors 0x%x", pfx,
			       l->flv_ops & ~known);
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		if (l->flv_ops & (1u << ops[i].op)) {
			sr6_reply_printf(&f->line, "%s%s", sep, ops[i].name);
			sep = ",";
		}
	}
	/* the kernel's defaults when FRR leaves the lengths out */
	if (l->flv_ops & (1u << SEG6_LOCAL_FLV_OP_NEXT_CSID))
		sr6_reply_printf(&f->line, " lblen %u nflen %u", l->lblen ? l->lblen : 32,
				 l->nflen ? l->nflen : 16);
	return BUILT_OK;
}

static int build_sid(struct sr6_fpm *f, const struct sr6_rtnl_route *rt, uint32_t table,
		     const char *pfx)
{
	const struct sr6_rtnl_seg6local *l = &rt->nh[0].local;
	const unsigned unsupported =
	    (1u << SEG6_LOCAL_SRH) | (1u << SEG6_LOCAL_BPF) | (1u << SEG6_LOCAL_IIF);
	char kname[IF_NAMESIZE];
	if (table != 0)
		return refusef(f, SR6_FPM_REFUSED_UNSUPPORTED,
			       "%s: SID in table %u (srv6d's SIDs are in the main table)", pfx,
			       rt->key.table);
	if (!(l->have & (1u << SEG6_LOCAL_ACTION)) || l->action > SEG6_LOCAL_ACTION_MAX ||
	    !actions[l->action].name)
		return refusef(f, SR6_FPM_REFUSED_UNSUPPORTED, "%s: seg6local action %u", pfx,
			       l->action);
	unsigned params = actions[l->action].params;
	const char *name = actions[l->action].name;
	if (params == P_NONE)
		return refusef(f, SR6_FPM_REFUSED_UNSUPPORTED,
			       "%s: %s is not a behavior srv6d "
			       "takes from FRR",
			       pfx, name);
	if (l->unknown)
		return refusef(f, SR6_FPM_REFUSED_UNSUPPORTED, "%s: %s with seg6local attribute %u",
			       pfx, name, l->unknown);
	if (l->have & unsupported)
		return refusef(f, SR6_FPM_REFUSED_UNSUPPORTED, "%s: %s with an SRH, BPF or iif",
			       pfx, name);
	sr6_reply_printf(&f->line, " %s action %s", pfx, name);
	if (params & P_NH6) {
		if (!(l->have & (1u << SEG6_LOCAL_NH6)))
			return refusef(f, SR6_FPM_REFUSED_UNSUPPORTED, "%s: %s without nh6", pfx,
				       name);
		addr_words(&f->line, "nh6", &l->nh6);
	}
	if (params & P_NH4) {
		if (!(l->have & (1u << SEG6_LOCAL_NH4)))
			return refusef(f, SR6_FPM_REFUSED_UNSUPPORTED, "%s: %s without nh4", pfx,
				       name);
		addr_words(&f->line, "nh4", &l->nh4);
	}
	if (params & (P_OIF | P_ADJ)) {
		/* the SID's own oif; for an adjacency also the route's dev, if it is ours */
		unsigned oif = l->oif;
		const char *dev = oif ? iface_of(f, oif, kname) : NULL;
		if (oif && !dev)
			return unmapped(f, pfx, oif, kname);
		if (!oif && (params & P_ADJ) && rt->nh[0].oif)
			dev = iface_of(f, rt->nh[0].oif, kname);
		if (!dev && (params & P_OIF))
			return refusef(f, SR6_FPM_REFUSED_UNSUPPORTED, "%s: %s without oif", pfx,
				       name);
		if (dev)
			sr6_reply_printf(&f->line, " oif %s", dev);
	}
	if (params & P_TABLE) {
		bool vrf = l->have & (1u << SEG6_LOCAL_VRFTABLE);
		if (!vrf && !(l->have & (1u << SEG6_LOCAL_TABLE)))
			return refusef(f, SR6_FPM_REFUSED_UNSUPPORTED, "%s: %s without a table",
				       pfx, name);
		sr6_reply_printf(&f->line, " table %u", table_of(vrf ? l->vrftable : l->table));
	}
	return l->flv_ops ? sid_flavors(f, l, pfx) : BUILT_OK;
}

/* A link-local or multicast destination: the kernel's business, never forwarded. */
static bool not_forwarded(const struct sr6_rtnl_key *k)
{
	if (k->family == AF_INET)
		return (k->dst.b[12] & 0xf0) == 0xe0 && k->len >= 96 + 4;
	return (k->dst.b[0] == 0xff && k->len >= 8) ||
	       (k->dst.b[0] == 0xfe && (k->dst.b[1] & 0xc0) == 0x80 && k->len >= 10);
}

/* The words after the verb into f->line; BUILT_OK, or the refusal (counted). */
static int build(struct sr6_fpm *f, const struct sr6_rtnl_route *rt, const char *pfx,
		 struct built *b)
{
	uint32_t table = table_of(rt->key.table);
	const struct sr6_rtnl_nh *nh = &rt->nh[0];
	if (rt->src_len)
		return refusef(f, SR6_FPM_REFUSED_UNSUPPORTED, "%s: route from a source prefix",
			       pfx);
	if (rt->nh_id)
		return refusef(f, SR6_FPM_REFUSED_NEXTHOP_GROUP, "%s: next-hop group %u", pfx,
			       rt->nh_id);
	if (rt->type != RTN_UNICAST && rt->type != RTN_BLACKHOLE && rt->type != RTN_UNREACHABLE &&
	    rt->type != RTN_PROHIBIT)
		return refusef(f, SR6_FPM_REFUSED_UNSUPPORTED, "%s: route type %u", pfx, rt->type);
	if (rt->type == RTN_UNICAST && !rt->n_nh)
		return refusef(f, SR6_FPM_REFUSED_UNSUPPORTED, "%s: no next hop", pfx);
	if (rt->type == RTN_UNICAST && nh->encap_type == LWTUNNEL_ENCAP_SEG6_LOCAL) {
		b->is_sid = true;
		return build_sid(f, rt, table, pfx);
	}
	if (table)
		sr6_reply_printf(&f->line, " table %u", table);
	if (rt->type != RTN_UNICAST) {
		sr6_reply_printf(&f->line, " %s %s",
				 rt->type == RTN_BLACKHOLE ? "blackhole" : "unreachable", pfx);
		return BUILT_OK;
	}
	switch (nh->encap_type) {
	case LWTUNNEL_ENCAP_NONE:
		return build_plain(f, rt, pfx, b);
	case LWTUNNEL_ENCAP_SEG6:
		return build_encap(f, rt, pfx);
	default:
		return refusef(f, SR6_FPM_REFUSED_UNSUPPORTED, "%s: encap type %u", pfx,
			       nh->encap_type);
	}
}

/* Applying. */

/* Run "verb" + f->line's words; 0, or the refusal logged and counted. */
static int exec_words(struct sr6_fpm *f, const char *verb, const char *words)
{
	char *line = malloc(strlen(verb) + strlen(words) + 1);
	if (!line)
		return refusef(f, SR6_FPM_REFUSED_REJECTED, "out of memory");
	strcpy(line, verb);
	strcat(line, words);
	int rc = sr6_ctl_exec(f->ctl, line, &f->msg);
	if (rc < 0) {
		char esc[4 * SR6_LOG_LINE_MAX + 8];
		f->st.refused[SR6_FPM_REFUSED_REJECTED]++;
		warn(f, "refused (rejected): '%s': %s", sr6_log_escape(line, esc, sizeof(esc)),
		     f->msg.buf ? f->msg.buf : "");
	} else {
		sr6_log(SR6_LOG_DEBUG, "fpm: %s", line);
	}
	free(line);
	return rc;
}

/* Remove an entry's route or SID from the tables, and the entry. */
static int unapply(struct sr6_fpm *f, struct sr6_fpm_entry *e)
{
	char pfx[80], words[120];
	sr6_prefix_format(&e->dst, e->len, pfx, sizeof(pfx));
	if (e->is_sid)
		snprintf(words, sizeof(words), " %s", pfx);
	else if (e->table)
		snprintf(words, sizeof(words), " table %u %s", e->table, pfx);
	else
		snprintf(words, sizeof(words), " %s", pfx);
	int rc = exec_words(f, e->is_sid ? "sid del" : "route del", words);
	own_remove(f, e);
	return rc;
}

static void route_new(struct sr6_fpm *f, const struct sr6_rtnl_route *rt)
{
	char pfx[80];
	struct built b = {0};
	const struct sr6_rtnl_key *k = &rt->key;
	uint32_t table = table_of(k->table);
	sr6_prefix_format(&k->dst, k->len, pfx, sizeof(pfx));
	if (k->table == RT_TABLE_LOCAL || rt->type == RTN_LOCAL || rt->type == RTN_BROADCAST ||
	    rt->type == RTN_ANYCAST || rt->type == RTN_MULTICAST || not_forwarded(k)) {
		f->st.ignored++;
		sr6_log(SR6_LOG_DEBUG, "fpm: ignored %s (table %u type %u): not forwarded", pfx,
			k->table, rt->type);
		return;
	}
	sr6_reply_clear(&f->line);
	if (build(f, rt, pfx, &b) != BUILT_OK)
		return;
	const char *words = f->line.buf ? f->line.buf : "";
	uint64_t hash = fnv1a(b.is_sid ? 1 : 2, words, strlen(words));
	struct sr6_fib_table *t = sr6_fib_table(f->ctl->dp->fib, table, false);
	uint32_t id = t ? sr6_fib_route_get(t, &k->dst, k->len) : 0;
	struct sr6_fpm_entry *e = own_find(f, table, &k->dst, k->len);
	if (e && !id) { /* the operator deleted it: FRR's again from now on */
		own_remove(f, e);
		e = NULL;
	}
	if (id && !e) {
		const struct sr6_nh *nh = sr6_fib_nh(f->ctl->dp->fib, id);
		bool own_subnet = nh->kind == SR6_NH_LOCAL || (nh->flags & SR6_NH_F_CONNECTED);
		if (own_subnet && b.onlink && !b.is_sid) { /* the kernel's view of our address */
			f->st.ignored++;
			return;
		}
		refusef(f, SR6_FPM_REFUSED_CONFLICT, "%s in table %u: srv6d's own %s holds it", pfx,
			table,
			nh->kind == SR6_NH_SID ? "SID"
			: own_subnet	       ? "address"
					       : "route");
		return;
	}
	if (e && e->hash == hash) {
		e->gen = f->gen;
		f->st.unchanged++;
		return;
	}
	bool replace = e && !e->is_sid && !b.is_sid;
	if (e && !replace) /* a SID changes (or a route becomes one): out, then in */
		unapply(f, e);
	if (exec_words(f, b.is_sid ? "sid add" : "route replace", words) < 0)
		return;
	if (e)
		f->st.replaced++;
	else
		f->st.added++;
	if (replace)
		own_remove(f, e);
	if (own_insert(f, table, &k->dst, k->len, b.is_sid, hash) < 0)
		warn(f, "%s: out of memory; srv6d will not sweep it", pfx);
}

static void route_del(struct sr6_fpm *f, const struct sr6_rtnl_key *k)
{
	uint32_t table = table_of(k->table);
	struct sr6_fpm_entry *e = own_find(f, table, &k->dst, k->len);
	if (!e) { /* one srv6d refused or ignored */
		f->st.ignored++;
		return;
	}
	unapply(f, e);
	f->st.deleted++;
}

/* Frames. */

static int broken(struct sr6_fpm *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int broken(struct sr6_fpm *f, const char *fmt, ...)
{
	char msg[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	f->st.malformed++;
	f->len = 0;
	sr6_log(SR6_LOG_WARN,
		"fpm: malformed frame from zebra: %s; closing the connection (zebra "
		"connects again and resends its table)",
		msg);
	return -EBADMSG;
}

/* Does a NEWROUTE of the same key follow in [p, end)? (then a DELROUTE is an update) */
static bool replaced_later(const uint8_t *p, const uint8_t *end, const struct sr6_rtnl_key *k)
{
	while ((size_t)(end - p) >= NLMSG_HDRLEN) {
		struct nlmsghdr h;
		memcpy(&h, p, sizeof(h));
		if (h.nlmsg_len < NLMSG_HDRLEN || h.nlmsg_len > (size_t)(end - p))
			return false;
		struct sr6_rtnl_key nk;
		if (h.nlmsg_type == RTM_NEWROUTE && sr6_rtnl_route_key(p, h.nlmsg_len, &nk) == 0 &&
		    nk.family == k->family && nk.len == k->len &&
		    table_of(nk.table) == table_of(k->table) && sr6_ip6_eq(&nk.dst, &k->dst))
			return true;
		size_t step = NLMSG_ALIGN(h.nlmsg_len);
		p += step < (size_t)(end - p) ? step : (size_t)(end - p);
	}
	return false;
}

static int message(struct sr6_fpm *f, const uint8_t *p, size_t len, const uint8_t *end)
{
	struct nlmsghdr h;
	memcpy(&h, p, sizeof(h));
	f->st.messages++;
	switch (h.nlmsg_type) {
	case RTM_NEWROUTE:
	case RTM_DELROUTE:
		break;
	case RTM_NEWNEXTHOP:
	case RTM_DELNEXTHOP:
		f->st.nexthop_msgs++;
		if (!f->nhg_warned)
			sr6_log(SR6_LOG_WARN,
				"fpm: zebra sends next-hop groups, which srv6d does "
				"not take: configure `no fpm use-next-hop-groups` in zebra (routes "
				"using them are refused)");
		f->nhg_warned = true;
		return 0;
	case NLMSG_NOOP:
	case NLMSG_DONE:
		return 0;
	default:
		f->st.other_msgs++;
		return 0;
	}
	char err[160];
	struct sr6_rtnl_route *rt = f->rt;
	int rc = sr6_rtnl_route_parse(p, len, rt, err, sizeof(err));
	if (rc == -EAFNOSUPPORT) {
		f->st.ignored++;
		rc = 0;
	} else if (rc < 0) {
		rc = broken(f, "%s", err);
	} else if (h.nlmsg_type == RTM_NEWROUTE) {
		route_new(f, rt);
	} else if (!replaced_later(p + NLMSG_ALIGN(len) < end ? p + NLMSG_ALIGN(len) : end, end,
				   &rt->key)) {
		route_del(f, &rt->key);
	}
	return rc;
}

/* One frame's payload: netlink messages, each 4-byte aligned. */
static int frame(struct sr6_fpm *f, const uint8_t *p, size_t n)
{
	const uint8_t *end = p + n;
	while (p < end) {
		size_t left = (size_t)(end - p);
		struct nlmsghdr h;
		if (left < NLMSG_HDRLEN)
			return broken(f, "%zu bytes after the last netlink message", left);
		memcpy(&h, p, sizeof(h));
		if (h.nlmsg_len < NLMSG_HDRLEN || h.nlmsg_len > left)
			return broken(f, "netlink message of %u bytes in %zu", h.nlmsg_len, left);
		int rc = message(f, p, h.nlmsg_len, end);
		if (rc < 0)
			return rc;
		size_t step = NLMSG_ALIGN(h.nlmsg_len);
		p += step < left ? step : left;
	}
	return 0;
}

/* Complete frames at the start of f->buf; the rest waits for more bytes. */
static int frames(struct sr6_fpm *f)
{
	size_t off = 0;
	while (f->len - off >= 4) {
		const uint8_t *h = f->buf + off;
		unsigned flen = (unsigned)h[2] << 8 | h[3];
		if (h[0] != 1)
			return broken(f, "FPM version %u (srv6d speaks 1)", h[0]);
		if (h[1] != 1)
			return broken(f,
				      "FPM message type %u (srv6d takes 1, netlink; not "
				      "protobuf)",
				      h[1]);
		if (flen < 4)
			return broken(f, "FPM frame length %u", flen);
		if (f->len - off < flen)
			break;
		f->st.frames++;
		int rc = frame(f, h + 4, flen - 4);
		if (rc < 0)
			return rc;
		off += flen;
	}
	memmove(f->buf, f->buf + off, f->len - off);
	f->len -= off;
	return 0;
}

int sr6_fpm_input(struct sr6_fpm *f, const void *data, size_t n, uint64_t now_ns)
{
	const uint8_t *p = data;
	f->last_rx_ns = now_ns;
	f->st.bytes += n;
	while (n) {
		size_t take = SR6_FPM_BUF - f->len < n ? SR6_FPM_BUF - f->len : n;
		memcpy(f->buf + f->len, p, take);
		f->len += take;
		p += take;
		n -= take;
		int rc = frames(f);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* Connection lifecycle. */

void sr6_fpm_connected(struct sr6_fpm *f, uint64_t now_ns)
{
	f->gen++;
	f->up = true;
	f->st.connections++;
	f->nhg_warned = false;
	f->connected_ns = f->last_rx_ns = now_ns;
	f->sweep_pending = f->own_routes + f->own_sids > 0;
	f->len = 0;
}

void sr6_fpm_disconnected(struct sr6_fpm *f, uint64_t now_ns)
{
	f->up = false;
	f->len = 0;
	f->disconnected_ns = now_ns;
	sr6_log(SR6_LOG_INFO,
		"fpm: zebra disconnected; the %zu route(s) and %zu SID(s) it "
		"installed stay until it connects again and resends its table",
		f->own_routes, f->own_sids);
}

static void sweep(struct sr6_fpm *f)
{
	uint64_t n = 0;
	for (size_t i = 0; i < f->own_cap; i++) {
		struct sr6_fpm_entry *e = &f->own[i];
		if (e->state == ENT_USED && e->gen != f->gen) {
			unapply(f, e);
			n++;
		}
	}
	f->st.swept += n;
	f->sweep_pending = false;
	if (n)
		sr6_log(SR6_LOG_INFO,
			"fpm: swept %llu route(s)/SID(s) zebra did not resend after "
			"reconnecting",
			(unsigned long long)n);
}

void sr6_fpm_tick(struct sr6_fpm *f, uint64_t now_ns)
{
	if (f->up && f->sweep_pending &&
	    now_ns - f->connected_ns >= (uint64_t)f->stale_sec * 1000000000ull &&
	    now_ns - f->last_rx_ns >= (uint64_t)SR6_FPM_QUIET_MS * 1000000ull)
		sweep(f);
}

/* Sockets. */

int sr6_fpm_init(struct sr6_fpm *f, struct sr6_ctl *ctl)
{
	memset(f, 0, sizeof(*f));
	f->ctl = ctl;
	f->listen_fd = f->conn_fd = -1;
	f->stale_sec = SR6_FPM_STALE_SEC_DEFAULT;
	f->ifname = kernel_ifname;
	sr6_tbucket_init(&f->warn_tb, SR6_FPM_WARN_PER_SEC, SR6_FPM_WARN_PER_SEC);
	f->buf = malloc(SR6_FPM_BUF);
	f->rt = malloc(sizeof(*f->rt));
	if (!f->buf || !f->rt) {
		free(f->buf);
		free(f->rt);
		return -ENOMEM;
	}
	ctl->fpm = f;
	return 0;
}

int sr6_fpm_open(struct sr6_fpm *f, const char *where, struct sr6_ctl *ctl, char *err)
{
	int rc = sr6_fpm_init(f, ctl);
	if (rc < 0) {
		snprintf(err, 256, "--fpm: out of memory");
		return rc;
	}
	snprintf(f->where, sizeof(f->where), "%s", where);
	f->listen_fd = sr6_listen_tcp(where, "--fpm", 4, err);
	if (f->listen_fd < 0) {
		rc = f->listen_fd;
		sr6_fpm_close(f);
		return rc;
	}
	return 0;
}

static void conn_drop(struct sr6_fpm *f, uint64_t now)
{
	close(f->conn_fd);
	f->conn_fd = -1;
	sr6_fpm_disconnected(f, now);
}

static void conn_read(struct sr6_fpm *f, uint64_t now)
{
	uint8_t tmp[16384];
	for (size_t total = 0; total < SR6_FPM_READ_MAX;) {
		ssize_t n = read(f->conn_fd, tmp, sizeof(tmp));
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return;
		if (n <= 0) {
			if (n < 0)
				sr6_log(SR6_LOG_WARN, "fpm: zebra's connection: %s",
					strerror(errno));
			conn_drop(f, now);
			return;
		}
		total += (size_t)n;
		if (sr6_fpm_input(f, tmp, (size_t)n, now) < 0) {
			conn_drop(f, now);
			return;
		}
	}
}

static void peer_format(const struct sockaddr_storage *ss, char *buf, size_t size)
{
	char a[INET6_ADDRSTRLEN] = "?";
	unsigned port = 0;
	if (ss->ss_family == AF_INET) {
		const struct sockaddr_in *v4 = (const struct sockaddr_in *)ss;
		inet_ntop(AF_INET, &v4->sin_addr, a, sizeof(a));
		port = ntohs(v4->sin_port);
		snprintf(buf, size, "%s:%u", a, port);
	} else {
		const struct sockaddr_in6 *v6 = (const struct sockaddr_in6 *)ss;
		inet_ntop(AF_INET6, &v6->sin6_addr, a, sizeof(a));
		port = ntohs(v6->sin6_port);
		snprintf(buf, size, "[%s]:%u", a, port);
	}
}

static void conn_accept(struct sr6_fpm *f, uint64_t now)
{
	for (;;) {
		struct sockaddr_storage ss;
		socklen_t sl = sizeof(ss);
		int fd = accept4(f->listen_fd, (struct sockaddr *)&ss, &sl,
				 SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0)
			return;
		char peer[sizeof(f->peer)];
		peer_format(&ss, peer, sizeof(peer));
		if (f->conn_fd >= 0) { /* zebra restarted before its old connection timed out */
			sr6_log(SR6_LOG_INFO, "fpm: a connection from %s replaces the one from %s",
				peer, f->peer);
			conn_drop(f, now);
		}
		f->conn_fd = fd;
		snprintf(f->peer, sizeof(f->peer), "%s", peer);
		sr6_fpm_connected(f, now);
		sr6_log(SR6_LOG_INFO, "fpm: zebra connected from %s", peer);
	}
}

static unsigned fill(void *arg, struct pollfd *pfd, unsigned max)
{
	struct sr6_fpm *f = arg;
	unsigned n = 0;
	if (f->listen_fd < 0 || max < 2)
		return 0;
	pfd[n++] = (struct pollfd){.fd = f->listen_fd, .events = POLLIN};
	pfd[n++] = (struct pollfd){.fd = f->conn_fd, .events = POLLIN}; /* -1: ignored */
	return n;
}

static void handle(void *arg, const struct pollfd *pfd, unsigned n)
{
	struct sr6_fpm *f = arg;
	uint64_t now = monotonic_ns();
	if (n >= 2 && f->conn_fd >= 0 && (pfd[1].revents & (POLLIN | POLLHUP | POLLERR)))
		conn_read(f, now);
	if (pfd[0].revents & POLLIN)
		conn_accept(f, now);
	sr6_fpm_tick(f, now);
}

int sr6_fpm_attach(struct sr6_fpm *f, struct sr6_server *s)
{
	return sr6_server_add_ext(s,
				  &(struct sr6_poll_ext){.fill = fill, .handle = handle, .arg = f});
}

void sr6_fpm_close(struct sr6_fpm *f)
{
	if (f->conn_fd >= 0)
		close(f->conn_fd);
	if (f->listen_fd >= 0)
		close(f->listen_fd);
	f->conn_fd = f->listen_fd = -1;
	if (f->ctl && f->ctl->fpm == f)
		f->ctl->fpm = NULL;
	free(f->buf);
	free(f->rt);
	free(f->own);
	sr6_reply_free(&f->line);
	sr6_reply_free(&f->msg);
	f->buf = NULL;
	f->rt = NULL;
	f->own = NULL;
	f->own_cap = 0;
}

/* show fpm, metrics. */

static const struct {
	const char *key;
	size_t off;
} stat_fields[] = {
    {"connections", offsetof(struct sr6_fpm_stats, connections)},
    {"frames", offsetof(struct sr6_fpm_stats, frames)},
    {"bytes", offsetof(struct sr6_fpm_stats, bytes)},
    {"messages", offsetof(struct sr6_fpm_stats, messages)},
    {"added", offsetof(struct sr6_fpm_stats, added)},
    {"replaced", offsetof(struct sr6_fpm_stats, replaced)},
    {"unchanged", offsetof(struct sr6_fpm_stats, unchanged)},
    {"deleted", offsetof(struct sr6_fpm_stats, deleted)},
    {"swept", offsetof(struct sr6_fpm_stats, swept)},
    {"ignored", offsetof(struct sr6_fpm_stats, ignored)},
    {"ecmp_first", offsetof(struct sr6_fpm_stats, ecmp_first)},
    {"nexthop_msgs", offsetof(struct sr6_fpm_stats, nexthop_msgs)},
    {"other_msgs", offsetof(struct sr6_fpm_stats, other_msgs)},
    {"malformed", offsetof(struct sr6_fpm_stats, malformed)},
};

static uint64_t stat_at(const struct sr6_fpm_stats *st, size_t off)
{
	uint64_t v;
	memcpy(&v, (const char *)st + off, sizeof(v));
	return v;
}

static uint64_t refused_total(const struct sr6_fpm_stats *st)
{
	uint64_t n = 0;
	for (int i = 0; i < SR6_FPM_REFUSED__COUNT; i++)
		n += st->refused[i];
	return n;
}

int sr6_show_fpm(struct sr6_ctl *ctl, bool json, struct sr6_reply *r)
{
	const struct sr6_fpm *f = ctl->fpm;
	if (!f)
		return sr6_reply_error(r, -ENOENT, "fpm is off (srv6d --fpm [ADDR:]PORT)");
	uint64_t now = monotonic_ns();
	uint64_t since = (now - (f->up ? f->connected_ns : f->disconnected_ns)) / 1000000000ull;
	bool ever = f->st.connections > 0;
	if (json) {
		sr6_reply_printf(r, "{\"listen\":");
		sr6_reply_json_str(r, f->where);
		sr6_reply_printf(r, ",\"connected\":%s,\"peer\":", f->up ? "true" : "false");
		sr6_reply_json_str(r, f->up ? f->peer : "");
		sr6_reply_printf(r,
				 ",\"seconds\":%llu,\"routes\":%zu,\"sids\":%zu,"
				 "\"sweep_pending\":%s",
				 ever ? (unsigned long long)since : 0ull, f->own_routes,
				 f->own_sids, f->sweep_pending ? "true" : "false");
		for (size_t i = 0; i < sizeof(stat_fields) / sizeof(stat_fields[0]); i++)
			sr6_reply_printf(r, ",\"%s\":%llu", stat_fields[i].key,
					 (unsigned long long)stat_at(&f->st, stat_fields[i].off));
		sr6_reply_printf(r, ",\"refused\":%llu,\"refused_by\":{",
				 (unsigned long long)refused_total(&f->st));
		for (int i = 0; i < SR6_FPM_REFUSED__COUNT; i++)
			sr6_reply_printf(r, "%s\"%s\":%llu", i ? "," : "", refusal_key[i],
					 (unsigned long long)f->st.refused[i]);
		sr6_reply_printf(r, "}}\n");
		return 0;
	}
	sr6_reply_printf(r, "listening  %s\n", f->where[0] ? f->where : "-");
	if (f->up)
		sr6_reply_printf(r, "zebra      connected from %s for %llu s\n", f->peer,
				 (unsigned long long)since);
	else if (ever)
		sr6_reply_printf(r, "zebra      disconnected for %llu s (its routes stay)\n",
				 (unsigned long long)since);
	else
		sr6_reply_printf(r, "zebra      never connected\n");
	sr6_reply_printf(r, "installed  %zu route(s), %zu SID(s)%s\n", f->own_routes, f->own_sids,
			 f->sweep_pending ? "; those zebra does not resend will be swept" : "");
	for (size_t i = 0; i < sizeof(stat_fields) / sizeof(stat_fields[0]); i++)
		sr6_reply_printf(r, "%-12s %llu\n", stat_fields[i].key,
				 (unsigned long long)stat_at(&f->st, stat_fields[i].off));
	sr6_reply_printf(r, "%-12s %llu\n", "refused", (unsigned long long)refused_total(&f->st));
	for (int i = 0; i < SR6_FPM_REFUSED__COUNT; i++)
		if (f->st.refused[i])
			sr6_reply_printf(r, "  %-18s %llu  %s\n", refusal_key[i],
					 (unsigned long long)f->st.refused[i], refusal_text[i]);
	return 0;
}

void sr6_fpm_metrics(const struct sr6_ctl *ctl, struct sr6_reply *r)
{
	const struct sr6_fpm *f = ctl->fpm;
	if (!f)
		return;
	sr6_reply_printf(r,
			 "# HELP srv6d_fpm_connected 1 while zebra is connected.\n"
			 "# TYPE srv6d_fpm_connected gauge\nsrv6d_fpm_connected %d\n",
			 f->up ? 1 : 0);
	sr6_reply_printf(r,
			 "# HELP srv6d_fpm_installed Routes and SIDs FRR installed.\n"
			 "# TYPE srv6d_fpm_installed gauge\n"
			 "srv6d_fpm_installed{kind=\"route\"} %zu\n"
			 "srv6d_fpm_installed{kind=\"sid\"} %zu\n",
			 f->own_routes, f->own_sids);
	for (size_t i = 0; i < sizeof(stat_fields) / sizeof(stat_fields[0]); i++)
		sr6_reply_printf(r,
				 "# HELP srv6d_fpm_%s_total FPM: %s.\n"
				 "# TYPE srv6d_fpm_%s_total counter\nsrv6d_fpm_%s_total %llu\n",
				 stat_fields[i].key, stat_fields[i].key, stat_fields[i].key,
				 stat_fields[i].key,
				 (unsigned long long)stat_at(&f->st, stat_fields[i].off));
	sr6_reply_printf(r, "# HELP srv6d_fpm_refused_total Routes from FRR srv6d refused.\n"
			    "# TYPE srv6d_fpm_refused_total counter\n");
	for (int i = 0; i < SR6_FPM_REFUSED__COUNT; i++)
		sr6_reply_printf(r, "srv6d_fpm_refused_total{reason=\"%s\"} %llu\n", refusal_key[i],
				 (unsigned long long)f->st.refused[i]);
}
