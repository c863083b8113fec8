// SPDX-License-Identifier: MIT
/*
 * trace add|clear, show trace: the operator's side of dp/trace.h.
 *
 *   trace add N [interface NAME]   record the next N packets received (on NAME)
 *   trace clear                    stop and forget every record
 *   show trace [--json]
 *
 * A record holds raw header bytes, next-hop ids and enum values; this file
 * turns them into words when they are shown, so the workers never format
 * anything. Names (interfaces, SIDs, policies) are looked up at show time:
 * an object deleted since the packet passed shows by its id only.
 *
 *   Packet 1  worker 0  rx wan  t 1700000000.000120
 *     in   104 B  IPv6 2001:db8:1::2 > fc00:1::1 hlim 64 plen 64 | SRH sl 1 le 1
 *                 [fc00:2::1,fc00:1::1] | UDP 1000 > 2000
 *     lookup fc00:1::1 (pass 0) -> sid fc00:1::/48 End (nh 7)
 *     sid End -> lookup6
 *     lookup fc00:2::1 (pass 1) -> forward via 2001:db8:2::2 dev lan (nh 3)
 *     out  lan 118 B  eth 02:00:.. > 02:00:.. | IPv6 ...
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../core/bytes.h"
#include "../core/drop.h"
#include "../core/ip6.h"
#include "../dp/trace.h"
#include "../sr/policy.h"
#include "../sr/sid.h"
#include "cmd.h"

int sr6_cmd_trace_add(struct sr6_ctl *ctl, struct sr6_args *a, struct sr6_reply *r)
{
	const char *ifname = sr6_args_kw(a, "interface");
	uint32_t n;
	int rc = sr6_parse_u32(sr6_args_next(a), 1, SR6_TRACE_RECS, "trace add", &n, r);
	if (rc < 0 || (rc = sr6_args_done(a, r)) < 0)
		return rc;
	int idx = SR6_TRACE_ANY_IF;
	if (ifname && (idx = sr6_ctl_iface_find(ctl, ifname, r)) < 0)
		return -ENOENT;
	rc = sr6_trace_arm(ctl->dp, ctl->n_workers, n, (uint16_t)idx);
	return rc < 0 ? sr6_reply_error(r, rc, "trace add: out of memory") : 0;
}

int sr6_cmd_trace_clear(struct sr6_ctl *ctl, struct sr6_args *a, struct sr6_reply *r)
{
	int rc = sr6_args_done(a, r);
	if (rc < 0)
		return rc;
	sr6_trace_stop(ctl->dp);
	sr6_ctl_sync(ctl); /* no worker is still writing a record */
	sr6_trace_reset(ctl->dp);
	return 0;
}

/* Header summary of a snapshot: "eth ... | IPv6 a > b hlim 64 | SRH ... | UDP 1 > 2". */

struct cursor {
	const uint8_t *b;
	uint32_t n, off;
	struct sr6_reply *r;
};

static bool have(const struct cursor *c, uint32_t len)
{
	return c->off + len <= c->n;
}

static void fmt_l4(struct cursor *c, uint8_t proto, bool v6)
{
	const uint8_t *h = c->b + c->off;
	switch (proto) {
	case SR6_IPPROTO_UDP:
	case SR6_IPPROTO_TCP:
		if (!have(c, 4))
			break;
		sr6_reply_printf(c->r, " | %s %u > %u", proto == SR6_IPPROTO_UDP ? "UDP" : "TCP",
				 sr6_get_be16(h), sr6_get_be16(h + 2));
		return;
	case SR6_IPPROTO_ICMPV6:
	case SR6_IPPROTO_ICMP:
		if (!have(c, 2))
			break;
		sr6_reply_printf(c->r, " | %s type %u code %u", v6 ? "ICMPv6" : "ICMP", h[0], h[1]);
		return;
	case SR6_IPPROTO_NONE:
		sr6_reply_printf(c->r, " | no next header");
		return;
	default:
		sr6_reply_printf(c->r, " | proto %u", proto);
		return;
	}
	sr6_reply_printf(c->r, " | ...");
}

static void fmt_ip(struct cursor *c, unsigned depth);

static void fmt_eth(struct cursor *c, unsigned depth)
{
	char s[18], d[18];
	if (!have(c, sizeof(struct sr6_eth_hdr))) {
		sr6_reply_printf(c->r, "...");
		return;
	}
	const struct sr6_eth_hdr *eth = (const struct sr6_eth_hdr *)(c->b + c->off);
	uint16_t type = sr6_ntohs(eth->type);
	sr6_reply_printf(c->r, "eth %s > %s", sr6_mac_format(eth->src, s),
			 sr6_mac_format(eth->dst, d));
	c->off += sizeof(*eth);
	if (type == SR6_ETH_P_IPV6 || type == SR6_ETH_P_IPV4) {
		sr6_reply_printf(c->r, " | ");
		fmt_ip(c, depth + 1);
	} else if (type == SR6_ETH_P_ARP) {
		sr6_reply_printf(c->r, " | ARP");
	} else {
		sr6_reply_printf(c->r, " type 0x%04x", type);
	}
}

static void fmt_srh(struct cursor *c)
{
	const uint8_t *h = c->b + c->off;
	char a[SR6_ADDRSTRLEN];
	sr6_reply_printf(c->r, " | SRH sl %u le %u [", h[3], h[4]);
	/* segments in the order they are travelled: Segment List[last] first */
	for (int i = h[4]; i >= 0; i--) {
		uint32_t at = c->off + 8 + 16u * (unsigned)i;
		if (at + 16 > c->n) {
			sr6_reply_printf(c->r, "%s...", i == h[4] ? "" : ",");
			break;
		}
		sr6_reply_printf(c->r, "%s%s", i == h[4] ? "" : ",",
				 sr6_ip6_format((const struct sr6_ip6 *)(c->b + at), a));
	}
	sr6_reply_printf(c->r, "]");
}

static void fmt_ip6(struct cursor *c, unsigned depth)
{
	char s[SR6_ADDRSTRLEN], d[SR6_ADDRSTRLEN];
	const struct sr6_ip6_hdr *ip6 = (const struct sr6_ip6_hdr *)(c->b + c->off);
	sr6_reply_printf(c->r, "IPv6 %s > %s hlim %u plen %u", sr6_ip6_format(&ip6->src, s),
			 sr6_ip6_format(&ip6->dst, d), ip6->hop_limit, sr6_ntohs(ip6->payload_len));
	uint8_t nh = ip6->next_header;
	c->off += sizeof(*ip6);
	for (unsigned ext = 0; ext < 8; ext++) {
		if (nh != SR6_IPPROTO_HOPOPTS && nh != SR6_IPPROTO_ROUTING &&
		    nh != SR6_IPPROTO_DSTOPTS && nh != SR6_IPPROTO_FRAGMENT)
			break;
		if (!have(c, 8)) {
			sr6_reply_printf(c->r, " | ...");
			return;
		}
		const uint8_t *h = c->b + c->off;
		uint32_t len = nh == SR6_IPPROTO_FRAGMENT ? 8 : (h[1] + 1u) * 8;
		if (nh == SR6_IPPROTO_ROUTING && h[2] == SR6_SRH_ROUTING_TYPE)
			fmt_srh(c);
		else if (nh == SR6_IPPROTO_ROUTING)
			sr6_reply_printf(c->r, " | RH type %u sl %u", h[2], h[3]);
		else if (nh == SR6_IPPROTO_FRAGMENT)
			sr6_reply_printf(c->r, " | frag");
		else
			sr6_reply_printf(c->r, " | %s", nh == SR6_IPPROTO_HOPOPTS ? "HBH" : "DST");
		nh = h[0];
		c->off += len;
	}
	if (nh == SR6_IPPROTO_IPV6 || nh == SR6_IPPROTO_IPIP) {
		sr6_reply_printf(c->r, " | ");
		fmt_ip(c, depth + 1);
	} else if (nh == SR6_IPPROTO_ETHERNET) {
		sr6_reply_printf(c->r, " | ");
		fmt_eth(c, depth + 1);
	} else {
		fmt_l4(c, nh, true);
	}
}

static void fmt_ip4(struct cursor *c, unsigned depth)
{
	const struct sr6_ip4_hdr *ip = (const struct sr6_ip4_hdr *)(c->b + c->off);
	char s[SR6_ADDRSTRLEN], d[SR6_ADDRSTRLEN];
	struct sr6_ip6 src = sr6_ip6_from_v4(ip->src), dst = sr6_ip6_from_v4(ip->dst);
	uint32_t ihl = (ip->ver_ihl & 0xf) * 4u;
	sr6_reply_printf(c->r, "IPv4 %s > %s ttl %u len %u", sr6_ip6_format(&src, s),
			 sr6_ip6_format(&dst, d), ip->ttl, sr6_ntohs(ip->total_len));
	if (ihl < sizeof(*ip))
		return;
	c->off += ihl;
	if (ip->protocol == SR6_IPPROTO_IPV6) {
		sr6_reply_printf(c->r, " | ");
		fmt_ip(c, depth + 1);
		return;
	}
	fmt_l4(c, ip->protocol, false);
}

static void fmt_ip(struct cursor *c, unsigned depth)
{
	if (depth > 4 || !have(c, 1)) {
		sr6_reply_printf(c->r, "...");
		return;
	}
	unsigned v = c->b[c->off] >> 4;
	if (v == 6 && have(c, sizeof(struct sr6_ip6_hdr)))
		fmt_ip6(c, depth);
	else if (v == 4 && have(c, sizeof(struct sr6_ip4_hdr)))
		fmt_ip4(c, depth);
	else if (v != 4 && v != 6)
		sr6_reply_printf(c->r, "not IP (version %u)", v);
	else
		sr6_reply_printf(c->r, "IPv%u ...", v);
}

/* What the headers of a snapshot say, in one line. */
void sr6_ctl_trace_summary(const uint8_t *b, uint32_t n, bool l2, struct sr6_reply *r)
{
	struct cursor c = {.b = b, .n = n, .r = r};
	if (l2)
		fmt_eth(&c, 0);
	else
		fmt_ip(&c, 0);
}

/* Words for the enums in a record. */

static const char *const nh_kinds[] = {"unreachable", "blackhole", "local",
				       "forward",     "sid",	   "encap"};

static const char *nh_kind(uint8_t k)
{
	return k < sizeof(nh_kinds) / sizeof(nh_kinds[0]) ? nh_kinds[k] : "?";
}

static const char *const verdicts[] = {
    [SR6_V_LOOKUP6] = "lookup6", [SR6_V_LOOKUP4] = "lookup4", [SR6_V_ADJ] = "adjacency",
    [SR6_V_L2_OUT] = "l2-out",	 [SR6_V_ECHO] = "echo-reply", [SR6_V_ICMP6] = "icmp6-error",
    [SR6_V_DROP] = "drop",
};

static const char *verdict_name(unsigned v)
{
	return v < sizeof(verdicts) / sizeof(verdicts[0]) && verdicts[v] ? verdicts[v] : "?";
}

static const char *behavior_name(unsigned b)
{
	return b < SR6_BEH__COUNT ? sr6_behavior_descs[b].name : "?";
}

static const char *drop_name(unsigned d)
{
	return d < SR6_DROP__COUNT ? sr6_drop_key[d] : "?";
}

static const char *mode_word(unsigned m)
{
	static const char *const modes[] = {"encap", "encap.red", "insert", "l2encap"};
	return m < 4 ? modes[m] : "?";
}

static const char *if_name(const struct sr6_ctl *ctl, unsigned idx)
{
	const struct sr6_iface *ifc = idx < SR6_IF_MAX ? ctl->dp->ifaces[idx] : NULL;
	return ifc ? ifc->name : "?";
}

/* The named policy whose next hop is id, "" for a route's own encap or a gone one. */
static const char *policy_of(const struct sr6_ctl *ctl, uint32_t id)
{
	for (size_t i = 0; i < ctl->n_policies; i++)
		if (ctl->policies[i].nh == id)
			return ctl->policies[i].name;
	return "";
}

/* The SID still installed on next hop id, or NULL. */
static const struct sr6_sid *sid_on(const struct sr6_ctl *ctl, uint32_t id)
{
	for (size_t i = 0; i < ctl->n_sids; i++)
		if (ctl->sids[i].nh == id)
			return sr6_fib_nh(ctl->dp->fib, id)->obj;
	return NULL;
}

/* "via 2001:db8::2 dev lan" / "sid fc00::/48 End" / "policy P": what next hop id is now. */
static void nh_now(const struct sr6_ctl *ctl, uint8_t kind, uint32_t id, struct sr6_reply *r)
{
	char a[80];
	const struct sr6_nh *nh = sr6_fib_nh(ctl->dp->fib, id);
	if (nh->kind != kind || nh->refcnt == 0)
		return; /* changed since the packet passed */
	if (kind == SR6_NH_FORWARD || kind == SR6_NH_LOCAL) {
		if (kind == SR6_NH_FORWARD && !sr6_ip6_is_zero(&nh->gw))
			sr6_reply_printf(r, " via %s", sr6_ip6_format(&nh->gw, a));
		sr6_reply_printf(r, " dev %s", if_name(ctl, nh->oif));
	} else if (kind == SR6_NH_SID) {
		const struct sr6_sid *sid = sid_on(ctl, id);
		if (sid)
			sr6_reply_printf(r, " %s",
					 sr6_prefix_format(&sid->addr, sid->len, a, sizeof(a)));
	} else if (kind == SR6_NH_ENCAP) {
		const char *name = policy_of(ctl, id);
		sr6_reply_printf(r, " %s%s", *name ? "policy " : "route encap", name);
	}
}

struct trace_list {
	const struct sr6_trace_rec **rec;
	size_t n;
};

static int rec_cmp(const void *a, const void *b)
{
	uint32_t x = (*(const struct sr6_trace_rec *const *)a)->seq;
	uint32_t y = (*(const struct sr6_trace_rec *const *)b)->seq;
	return x < y ? -1 : x > y;
}

/* Every committed record of every worker, in capture order. */
static int collect(const struct sr6_ctl *ctl, struct trace_list *l)
{
	const struct sr6_trace *tr = ctl->dp->trace;
	l->rec = NULL;
	l->n = 0;
	if (!tr)
		return 0;
	l->rec = malloc(SR6_WORKERS_MAX * SR6_TRACE_RECS * sizeof(*l->rec));
	if (!l->rec)
		return -ENOMEM;
	for (unsigned w = 0; w < SR6_WORKERS_MAX; w++) {
		const struct sr6_trace_ring *ring = tr->ring[w];
		uint32_t head = ring ? __atomic_load_n(&ring->head, __ATOMIC_ACQUIRE) : 0;
		for (uint32_t i = 0; i < head; i++)
			l->rec[l->n++] = &ring->rec[i];
	}
	qsort(l->rec, l->n, sizeof(*l->rec), rec_cmp);
	return 0;
}

static void step_text(const struct sr6_ctl *ctl, const struct sr6_trace_step *s,
		      struct sr6_reply *r)
{
	char a[SR6_ADDRSTRLEN];
	switch (s->what) {
	case SR6_TR_LOOKUP:
		sr6_reply_printf(r, "lookup %s (pass %u) -> %s", sr6_ip6_format(&s->addr, a), s->b,
				 nh_kind(s->a));
		nh_now(ctl, s->a, s->id, r);
		sr6_reply_printf(r, " (nh %u)", s->id);
		break;
	case SR6_TR_SID:
		sr6_reply_printf(r, "sid %s -> %s", behavior_name(s->a), verdict_name(s->b));
		if (s->b == SR6_V_DROP || s->b == SR6_V_ICMP6)
			sr6_reply_printf(r, " (%s)", drop_name(s->c));
		break;
	case SR6_TR_POLICY: {
		const char *name = policy_of(ctl, s->id);
		sr6_reply_printf(r, "%s%s mode %s: segment list %u of %u",
				 *name ? "policy " : "route encap", name, mode_word(s->b), s->a,
				 s->c);
		break;
	}
	case SR6_TR_ICMP:
		sr6_reply_printf(r, "icmp error type %u code %u sent (%s)", s->a, s->b,
				 drop_name(s->c));
		break;
	default:
		sr6_reply_printf(r, "step %u", s->what);
	}
}

static const char *result_name(uint16_t next)
{
	switch (next) {
	case SR6_NEXT_DROP:
		return "drop";
	case SR6_NEXT_HELD:
		return "held";
	case SR6_NEXT_CONSUMED:
		return "consumed";
	default:
		return "tx";
	}
}

static void show_rec_text(const struct sr6_ctl *ctl, size_t n, const struct sr6_trace_rec *rec,
			  struct sr6_reply *r)
{
	sr6_reply_printf(r, "Packet %zu  worker %u  rx %s  t %llu.%06llu\n", n, rec->worker,
			 if_name(ctl, rec->rx_if), (unsigned long long)(rec->ts_ns / 1000000000ull),
			 (unsigned long long)(rec->ts_ns % 1000000000ull / 1000));
	sr6_reply_printf(r, "  in   %u B  ", rec->in_len);
	sr6_ctl_trace_summary(rec->in, rec->in_snap, rec->flags & SR6_TRF_IN_L2, r);
	sr6_reply_printf(r, "\n");
	for (unsigned i = 0; i < rec->n_steps; i++) {
		sr6_reply_printf(r, "  ");
		step_text(ctl, &rec->step[i], r);
		sr6_reply_printf(r, "\n");
	}
	if (rec->flags & SR6_TRF_STEPS_LOST)
		sr6_reply_printf(r, "  (more steps than a record holds)\n");
	switch (rec->next) {
	case SR6_NEXT_DROP:
		sr6_reply_printf(r, "  drop %s: %s\n", drop_name(rec->drop),
				 rec->drop < SR6_DROP__COUNT ? sr6_drop_descr[rec->drop] : "");
		break;
	case SR6_NEXT_HELD:
		sr6_reply_printf(r, "  held: waiting for the next hop's link-layer address\n");
		break;
	case SR6_NEXT_CONSUMED:
		sr6_reply_printf(r, "  consumed by the router (neighbor discovery / ARP)\n");
		break;
	default:
		sr6_reply_printf(r, "  out  %s %u B  ", if_name(ctl, rec->next), rec->out_len);
		sr6_ctl_trace_summary(rec->out, rec->out_snap, rec->flags & SR6_TRF_OUT_L2, r);
		sr6_reply_printf(r, "\n");
	}
}

static void json_hdrs(const char *key, const uint8_t *b, uint32_t snap, uint32_t len, bool l2,
		      struct sr6_reply *r)
{
	struct sr6_reply sum = {0};
	sr6_ctl_trace_summary(b, snap, l2, &sum);
	sr6_reply_printf(r, ",\"%s\":{\"length\":%u,\"l2\":%s,\"summary\":", key, len,
			 l2 ? "true" : "false");
	sr6_reply_json_str(r, sum.buf ? sum.buf : "");
	sr6_reply_printf(r, ",\"hex\":\"");
	for (uint32_t i = 0; i < snap; i++)
		sr6_reply_printf(r, "%02x", b[i]);
	sr6_reply_printf(r, "\"}");
	sr6_reply_free(&sum);
}

static void show_rec_json(const struct sr6_ctl *ctl, const struct sr6_trace_rec *rec,
			  struct sr6_reply *r)
{
	char a[SR6_ADDRSTRLEN];
	struct sr6_reply text = {0};
	sr6_reply_printf(r, "{\"seq\":%u,\"worker\":%u,\"time_ns\":%llu,\"rx\":", rec->seq,
			 rec->worker, (unsigned long long)rec->ts_ns);
	sr6_reply_json_str(r, if_name(ctl, rec->rx_if));
	json_hdrs("in", rec->in, rec->in_snap, rec->in_len, rec->flags & SR6_TRF_IN_L2, r);
	sr6_reply_printf(r, ",\"steps\":[");
	for (unsigned i = 0; i < rec->n_steps; i++) {
		const struct sr6_trace_step *s = &rec->step[i];
		sr6_reply_printf(r, "%s{", i ? "," : "");
		switch (s->what) {
		case SR6_TR_LOOKUP:
			sr6_reply_printf(r,
					 "\"step\":\"lookup\",\"addr\":\"%s\",\"pass\":%u,"
					 "\"kind\":\"%s\",\"nh\":%u",
					 sr6_ip6_format(&s->addr, a), s->b, nh_kind(s->a), s->id);
			break;
		case SR6_TR_SID:
			sr6_reply_printf(r,
					 "\"step\":\"sid\",\"behavior\":\"%s\",\"verdict\":\"%s\","
					 "\"nh\":%u",
					 behavior_name(s->a), verdict_name(s->b), s->id);
			if (s->b == SR6_V_DROP || s->b == SR6_V_ICMP6)
				sr6_reply_printf(r, ",\"drop\":\"%s\"", drop_name(s->c));
			break;
		case SR6_TR_POLICY:
			sr6_reply_printf(r, "\"step\":\"policy\",\"policy\":");
			sr6_reply_json_str(r, policy_of(ctl, s->id));
			sr6_reply_printf(r, ",\"mode\":\"%s\",\"list\":%u,\"lists\":%u,\"nh\":%u",
					 mode_word(s->b), s->a, s->c, s->id);
			break;
		case SR6_TR_ICMP:
			sr6_reply_printf(r,
					 "\"step\":\"icmp_error\",\"type\":%u,\"code\":%u,"
					 "\"reason\":\"%s\"",
					 s->a, s->b, drop_name(s->c));
			break;
		default:
			sr6_reply_printf(r, "\"step\":\"unknown\"");
		}
		sr6_reply_clear(&text);
		step_text(ctl, s, &text);
		sr6_reply_printf(r, ",\"text\":");
		sr6_reply_json_str(r, text.buf ? text.buf : "");
		sr6_reply_printf(r, "}");
	}
	sr6_reply_printf(r, "],\"result\":\"%s\"", result_name(rec->next));
	if (rec->next == SR6_NEXT_DROP)
		sr6_reply_printf(r, ",\"drop\":\"%s\"", drop_name(rec->drop));
	if (rec->next < SR6_NEXT_CONSUMED) {
		sr6_reply_printf(r, ",\"tx\":");
		sr6_reply_json_str(r, if_name(ctl, rec->next));
		json_hdrs("out", rec->out, rec->out_snap, rec->out_len, rec->flags & SR6_TRF_OUT_L2,
			  r);
	}
	sr6_reply_printf(r, "}");
	sr6_reply_free(&text);
}

int sr6_show_trace(struct sr6_ctl *ctl, bool json, struct sr6_reply *r)
{
	struct trace_list l;
	if (collect(ctl, &l) < 0)
		return sr6_reply_error(r, -ENOMEM, "show trace: out of memory");
	const struct sr6_trace *tr = ctl->dp->trace;
	int32_t left = tr ? __atomic_load_n(&tr->budget, __ATOMIC_RELAXED) : 0;
	if (json) {
		sr6_reply_printf(r, "{\"pending\":%d,\"packets\":[", left > 0 ? left : 0);
		for (size_t i = 0; i < l.n; i++) {
			sr6_reply_printf(r, "%s", i ? "," : "");
			show_rec_json(ctl, l.rec[i], r);
		}
		sr6_reply_printf(r, "]}\n");
	} else {
		if (!l.n)
			sr6_reply_printf(r, "no packets traced (trace add N [interface NAME])\n");
		for (size_t i = 0; i < l.n; i++) {
			sr6_reply_printf(r, "%s", i ? "\n" : "");
			show_rec_text(ctl, i + 1, l.rec[i], r);
		}
		if (left > 0)
			sr6_reply_printf(r, "\n%d more packet(s) to trace\n", left);
	}
	free(l.rec);
	return 0;
}
