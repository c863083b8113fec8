// SPDX-License-Identifier: MIT
/*
 * End, End.X, End.T (RFC 8986 §4.1-4.3) with PSP, USP and USD (§4.16), and
 * the SRH processing every End-family behavior shares (B6 too).
 *
 *   in:  IPv6(A -> S1) | SRH(S3,S2,S1; SL=2) | payload
 *        │
 *        ├─ NEXT-CSID and DA.Argument != 0 ──► DA argument shifted in (csid.c)
 *        ├─ no SRH, or SL == 0 ──► [USP: pop SRH] ──► upper layer:
 *        │      USD and inner IPv6/IPv4 ──► decapsulated, handed on as below
 *        │      else §4.1.1: echo answered, anything else Parameter Problem 4
 *        ├─ REPLACE-CSID ──► C-SID of the container written into the DA (csid.c)
 *        └─ S05-S14 ──► IPv6(A -> S2, hlim-1) | SRH(SL=1) [PSP: no SRH at SL 0]
 *
 *   out (S15): End ... LOOKUP6 in main            USD: inner in main
 *              End.X . ADJ via the adjacency       USD: inner via the adjacency
 *              End.T . LOOKUP6 in the SID's table  USD: inner in that table
 *
 * A C-SID flavor on a SID whose C-SID length (nflen) is 0 has nothing to
 * work with: the SID runs as its plain behavior.
 *
 * USD on End.X with an IPv4 inner packet: §4.16.3 takes an IPv6 or an
 * IPv4 upper layer and forwards the exposed packet to the L3 adjacency J
 * in both cases, so the verdict is ADJ for both; the pipeline dispatches
 * on the version nibble, and an IPv4 packet through an IPv6 next hop
 * resolves the neighbor's link address by ND (as RFC 8950 next hops do).
 */
#include "behavior.h"

static void hand_on(struct sr6_verdict *v, uint8_t inner, const struct sr6_fib_table *t)
{
	v->kind = inner == SR6_IPPROTO_IPIP ? SR6_V_LOOKUP4 : SR6_V_LOOKUP6;
	v->table = t;
}

static void adjacency(const struct sr6_sid *sid, struct sr6_verdict *v)
{
	v->kind = SR6_V_ADJ;
	v->nh = sid->adj_nh;
}

/* S15. Submit the packet to the egress IPv6 FIB lookup */
static void end_next(const struct sr6_sid *sid, struct sr6_pkt *p, const struct sr6_sr_env *env,
		     struct sr6_verdict *v)
{
	(void)sid;
	(void)p;
	sr6_verdict_lookup6(v, env->main);
}

/* §4.2 S15. Submit the packet to the IPv6 module for transmission via a member of J */
static void end_x_next(const struct sr6_sid *sid, struct sr6_pkt *p, const struct sr6_sr_env *env,
		       struct sr6_verdict *v)
{
	(void)p;
	(void)env;
	adjacency(sid, v);
}

/* §4.3 S14.1. Set the packet's associated FIB table to T; S15 lookup */
static void end_t_next(const struct sr6_sid *sid, struct sr6_pkt *p, const struct sr6_sr_env *env,
		       struct sr6_verdict *v)
{
	(void)p;
	(void)env;
	sr6_verdict_lookup6(v, sid->table);
}

/* §4.16.3 USD, or §4.1.1 */
static void end_upper(const struct sr6_sid *sid, struct sr6_pkt *p, const struct sr6_sr_env *env,
		      const struct sr6_ip6_info *info, struct sr6_verdict *v)
{
	uint8_t inner = info->l4_proto;
	if (!(sid->flavors & SR6_FLAVOR_USD) ||
	    (inner != SR6_IPPROTO_IPV6 && inner != SR6_IPPROTO_IPIP)) {
		/* S05 (End.T: S06). Process as per Section 4.1.1 */
		sr6_upper_layer(p, info, v);
		return;
	}
	/* S02. Remove the outer IPv6 header with all its extension headers */
	enum sr6_drop why = sr6_decap(p, info);
	if (why != SR6_DROP_NONE) {
		sr6_verdict_drop(v, why);
		return;
	}
	switch (sid->behavior) {
	case SR6_BEH_END_X:
		/* S03. Forward the exposed IP packet to the L3 adjacency J */
		adjacency(sid, v);
		break;
	case SR6_BEH_END_T:
		/* S03. Set the packet's associated FIB table to T; S04. lookup */
		hand_on(v, inner, sid->table);
		break;
	default:
		/* S03. Submit the packet to the egress IP FIB lookup */
		hand_on(v, inner, env->main);
		break;
	}
}

/*
 * The common packet, S05-S14 without the general walk:
 *
 *   IPv6 (hop limit > 1) | SRH (no TLVs, 0 < SL <= LE + 1) | upper layer
 *
 * What sr6_ip6_walk, sr6_rh_check and sr6_end_advance would do for it, in
 * one pass: the SRH is the only extension header, so §4.4 of RFC 8200 has
 * nothing to say; Hdr Ext Len = 2 (LE + 1) makes LE = max_LE and leaves no
 * TLV to check (S08-S11). PSP pops as sr6_srh_pop would; USP, USD, the
 * C-SID flavors and any other packet take the general path. False, with the packet untouched,
 * when the packet is not that one.
 */
static bool end_fast(const struct sr6_sid *sid, struct sr6_pkt *p)
{
	struct sr6_ip6_hdr *ip6 = (struct sr6_ip6_hdr *)p->data;
	if ((sid->flavors & ~SR6_FLAVOR_PSP) || p->len < sizeof(*ip6) + sizeof(struct sr6_srh) ||
	    ip6->next_header != SR6_IPPROTO_ROUTING || ip6->hop_limit <= 1)
		return false;
	struct sr6_srh *srh = (struct sr6_srh *)(ip6 + 1);
	uint32_t payload = sr6_ntohs(ip6->payload_len);
	uint32_t srh_len = ((uint32_t)srh->hdr_ext_len + 1) * 8;
	unsigned sl = srh->segments_left;
	if (sizeof(*ip6) + payload > p->len || srh_len > payload ||
	    srh->routing_type != SR6_SRH_ROUTING_TYPE || sr6_is_exthdr(srh->next_header) ||
	    srh->hdr_ext_len != 2 * ((unsigned)srh->last_entry + 1) || sl == 0 ||
	    sl > (unsigned)srh->last_entry + 1)
		return false;
	/* S12-S14 */
	ip6->hop_limit--;
	srh->segments_left = (uint8_t)--sl;
	memcpy(&ip6->dst, &srh->segments[sl], sizeof(ip6->dst));
	/* §4.16.1.2 S14.1-S14.4: PSP, the SRH leaves with the last segment */
	if (sl == 0 && (sid->flavors & SR6_FLAVOR_PSP)) {
		ip6->next_header = srh->next_header;
		ip6->payload_len = sr6_htons((uint16_t)(payload - srh_len));
		memmove(p->data + srh_len, p->data, sizeof(*ip6));
		sr6_pkt_pull(p, srh_len);
	}
	return true;
}

void sr6_end_core(const struct sr6_sid *sid, struct sr6_pkt *p, const struct sr6_sr_env *env,
		  struct sr6_verdict *v, const struct sr6_end_ops *ops)
{
	struct sr6_ip6_info info;
	enum sr6_step step;

	if (end_fast(sid, p)) {
		ops->next(sid, p, env, v);
		return;
	}
	if (!sr6_walk(p, &info, v))
		return;
	/*
	 * RFC 9800 §4.1.1: NEXT-CSID runs between S01 and S02 of the SRH
	 * processing and again before S01 of the upper-layer processing, i.e.
	 * before any header past Hop-by-Hop and Destination Options: first,
	 * and for packets with no SRH at all (pure C-SID containers) too.
	 */
	if (sid->flavors & SR6_FLAVOR_NEXT_CSID) {
		step = sr6_csid_next(sid, p, v);
		if (step == SR6_STEP_NEXT)
			ops->next(sid, p, env, v);
		if (step != SR6_STEP_UPPER)
			return;
	}
	if (!sr6_rh_check(p, &info, v))
		return;

	if (!info.srh_off) {
		step = SR6_STEP_UPPER; /* no SRH: only the upper layer is left */
	} else if ((sid->flavors & SR6_FLAVOR_REPLACE_CSID) && sid->nflen) {
		step = sr6_csid_replace(sid, p, &info, v);
	} else if (sr6_pkt_srh(p, &info)->segments_left == 0) {
		/* S02-S03. Stop processing the SRH, proceed to the next header */
		step = SR6_STEP_UPPER;
	} else {
		step = sr6_end_advance(p, &info, v);
		/* §4.16.1.2 S14.1. If (updated SL == 0) { S14.2-S14.4: pop } */
		if (step == SR6_STEP_NEXT && (sid->flavors & SR6_FLAVOR_PSP) &&
		    sr6_pkt_srh(p, &info)->segments_left == 0)
			sr6_srh_pop(p, &info);
	}

	switch (step) {
	case SR6_STEP_UPPER:
		/* §4.16.2 USP: S03.1-S03.3 remove the SRH, S03.4 go on to the next header */
		if (info.srh_off && (sid->flavors & SR6_FLAVOR_USP))
			sr6_srh_pop(p, &info);
		ops->upper(sid, p, env, &info, v);
		break;
	case SR6_STEP_NEXT:
		ops->next(sid, p, env, v);
		break;
	case SR6_STEP_DONE:
		break;
	}
}

static const struct sr6_end_ops end_ops = {.next = end_next, .upper = end_upper};
static const struct sr6_end_ops end_x_ops = {.next = end_x_next, .upper = end_upper};
static const struct sr6_end_ops end_t_ops = {.next = end_t_next, .upper = end_upper};

void sr6_end_input(const struct sr6_sid *sid, struct sr6_pkt *p, const struct sr6_sr_env *env,
		   struct sr6_verdict *v)
{
	const struct sr6_end_ops *ops = &end_ops;
	if (sid->behavior == SR6_BEH_END_X)
		ops = &end_x_ops;
	else if (sid->behavior == SR6_BEH_END_T)
		ops = &end_t_ops;
	sr6_end_core(sid, p, env, v, ops);
}
