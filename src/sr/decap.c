// SPDX-License-Identifier: MIT
/*
 * Decapsulating behaviors (RFC 8986 §4.4-4.9): End.DX6, End.DX4, End.DX2,
 * End.DT6, End.DT4, End.DT46. Such a SID is always the last segment.
 *
 *   in:  IPv6(A -> SID) | [SRH(...; SL=0)] | [other ext hdrs] | inner
 *        │
 *        ├─ SRH with SL != 0 ──► Parameter Problem 0 at Segments Left (S02-S04)
 *        ├─ inner type the SID takes ──► data = inner (outer IPv6 + every
 *        │                               extension header removed)
 *        │     End.DX6 (41) / End.DX4 (4) ... ADJ via the SID's next hop
 *        │     End.DX2 (143) ................ L2_OUT: the frame as is, out oif
 *        │     End.DT6 (41) / End.DT4 (4) ... LOOKUP6/LOOKUP4 in the SID's table
 *        │     End.DT46 (41 or 4) ........... either
 *        └─ anything else ──► §4.1.1: echo request answered, else Parameter
 *                             Problem 4 at the upper-layer header
 *
 * The SRH is optional (reduced encapsulation of one segment, plain
 * IPv6-in-IPv6 from a non-SR headend); with SL 0 it is not validated
 * (S05: "proceed to process the next header"). The exposed packet keeps
 * its hop limit/TTL: the behavior forwards "the exposed packet" and the
 * outer header already paid the hop.
 */
#include "behavior.h"

/* The upper-layer protocol each behavior decapsulates (DT46: IPv6 here, IPv4 below). */
static uint8_t inner_proto(enum sr6_behavior b)
{
	switch (b) {
	case SR6_BEH_END_DX2:
		return SR6_IPPROTO_ETHERNET;
	case SR6_BEH_END_DX4:
	case SR6_BEH_END_DT4:
		return SR6_IPPROTO_IPIP;
	default:
		return SR6_IPPROTO_IPV6;
	}
}

static bool takes(enum sr6_behavior b, uint8_t proto)
{
	return proto == inner_proto(b) || (b == SR6_BEH_END_DT46 && proto == SR6_IPPROTO_IPIP);
}

void sr6_decap_input(const struct sr6_sid *sid, struct sr6_pkt *p, const struct sr6_sr_env *env,
		     struct sr6_verdict *v)
{
	enum sr6_behavior b = (enum sr6_behavior)sid->behavior;
	struct sr6_ip6_info info;

	(void)env;
	if (!sr6_walk(p, &info, v) || !sr6_rh_check(p, &info, v))
		return;
	/* S02-S04. If (Segments Left != 0): Parameter Problem at Segments Left */
	if (info.srh_off && sr6_pkt_srh(p, &info)->segments_left != 0) {
		sr6_verdict_icmp6(v, SR6_DROP_SR_NOT_LAST_SID, SR6_ICMP6_PARAM_PROB,
				  SR6_ICMP6_PARAMPROB_HEADER,
				  info.srh_off + SR6_SRH_OFF_SEGMENTS_LEFT);
		return;
	}
	/* upper-layer processing S01: If (Upper-Layer header type == ...) */
	if (!takes(b, info.l4_proto)) {
		/* Else: Process as per Section 4.1.1 */
		sr6_upper_layer(p, &info, v);
		return;
	}
	/* S02. Remove the outer IPv6 header with all its extension headers */
	enum sr6_drop why = sr6_decap(p, &info);
	if (why != SR6_DROP_NONE) {
		sr6_verdict_drop(v, why);
		return;
	}
	switch (b) {
	case SR6_BEH_END_DX2:
		/* S03. Forward the Ethernet frame to the OIF I */
		v->kind = SR6_V_L2_OUT;
		v->oif = sid->oif;
		break;
	case SR6_BEH_END_DX4:
	case SR6_BEH_END_DX6:
		/* S03. Forward the exposed IP packet to the L3 adjacency J */
		v->kind = SR6_V_ADJ;
		v->nh = sid->adj_nh;
		break;
	default:
		/* S03. Set the packet's associated FIB table to T; S04. IP FIB lookup */
		v->kind = info.l4_proto == SR6_IPPROTO_IPIP ? SR6_V_LOOKUP4 : SR6_V_LOOKUP6;
		v->table = sid->table;
		break;
	}
}
