/* SPDX-License-Identifier: MIT */
/*
 * Packet surgery the endpoint behaviors share (internal to src/sr).
 *
 * Every behavior starts from one sr6_ip6_walk() of the packet (bounded by
 * 40 + Payload Length, which the pipeline trimmed the packet to), then uses
 * these steps, each of which reads only inside headers the walk found:
 *
 *   IPv6 | HBH? DOH? | SRH | ... | upper layer
 *     sr6_rh_check ....... RFC 8200 §4.4 for a Routing header we do not process
 *     sr6_end_advance .... RFC 8986 §4.1 S05-S14: checks, then SL--, DA = next
 *     sr6_srh_pop ........ PSP/USP (§4.16.1, §4.16.2): the SRH leaves the chain
 *     sr6_upper_layer .... §4.1.1: echo request answered, else Parameter Problem 4
 *     sr6_decap .......... "remove the outer IPv6 header with all its extension
 *                          headers": data moves to the inner packet, checked
 *
 * A step that ends the packet's processing fills the verdict; one that lets
 * it go on says so with enum sr6_step.
 */
#ifndef SR6_SR_SRH_OPS_H
#define SR6_SR_SRH_OPS_H

#include <stdbool.h>
#include <stdint.h>

#include "../core/bytes.h"
#include "../core/exthdr.h"
#include "../core/srh.h"
#include "sid.h"

#define SR6_IP6_OFF_HOP_LIMIT 7

enum sr6_step {
	SR6_STEP_UPPER, /* the SRH says: process the next header (SL == 0, or no SRH) */
	SR6_STEP_NEXT,	/* the DA now names the next segment: hand the packet on */
	SR6_STEP_DONE,	/* the verdict is set (ICMP error or drop) */
};

static inline struct sr6_srh *sr6_pkt_srh(const struct sr6_pkt *p, const struct sr6_ip6_info *info)
{
	return (struct sr6_srh *)(p->data + info->srh_off);
}

/* Walk the packet's chain into info; false (verdict: drop) when malformed. */
static inline bool sr6_walk(const struct sr6_pkt *p, struct sr6_ip6_info *info,
			    struct sr6_verdict *v)
{
	enum sr6_drop why = sr6_ip6_walk(p->data, p->len, info);
	if (why != SR6_DROP_NONE) {
		sr6_verdict_drop(v, why);
		return false;
	}
	return true;
}

/*
 * RFC 8200 §4.4: the first Routing header is of a type other than 4 and
 * has Segments Left > 0: Parameter Problem code 0 at its Routing Type.
 * With Segments Left 0 it is ignored. False when the verdict is set.
 */
bool sr6_rh_check(const struct sr6_pkt *p, const struct sr6_ip6_info *info, struct sr6_verdict *v);

/*
 * RFC 8986 §4.1 S05-S06: Time Exceeded when the hop limit would expire.
 * False when the verdict is set.
 */
static inline bool sr6_hop_limit_ok(const struct sr6_pkt *p, struct sr6_verdict *v)
{
	if (p->data[SR6_IP6_OFF_HOP_LIMIT] <= 1) {
		sr6_verdict_icmp6(v, SR6_DROP_IP6_HOP_LIMIT, SR6_ICMP6_TIME_EXCEEDED,
				  SR6_ICMP6_TIME_EXCEED_HOPLIMIT, 0);
		return false;
	}
	return true;
}

static inline void sr6_hop_limit_dec(struct sr6_pkt *p)
{
	p->data[SR6_IP6_OFF_HOP_LIMIT]--;
}

/*
 * RFC 8986 §4.1 S08-S11 (and RFC 8754 §2.1 for the TLVs): validate the SRH
 * at info->srh_off. A failure is a Parameter Problem code 0 pointing at the
 * field sr6_srh_validate() names (Segments Left for a bad Last Entry or
 * Segments Left, the TLV for a malformed one). False when the verdict is set.
 */
bool sr6_srh_check(const struct sr6_pkt *p, const struct sr6_ip6_info *info, struct sr6_verdict *v);

/*
 * RFC 8986 §4.1 S05-S14 for an SRH with Segments Left > 0: hop limit and
 * SRH checks, then hop limit - 1, Segments Left - 1, DA = Segment
 * List[Segments Left]. SR6_STEP_NEXT, or SR6_STEP_DONE with the verdict set.
 */
enum sr6_step sr6_end_advance(struct sr6_pkt *p, const struct sr6_ip6_info *info,
			      struct sr6_verdict *v);

/*
 * Remove the SRH at info->srh_off (RFC 8986 §4.16.1 S14.2-S14.4): the
 * previous Next Header takes the SRH's, Payload Length shrinks, and the
 * headers in front of the SRH move forward over it. info is updated (no
 * SRH, the upper layer and a Fragment header behind it move up).
 */
void sr6_srh_pop(struct sr6_pkt *p, struct sr6_ip6_info *info);

/*
 * RFC 8986 §4.1.1: an ICMPv6 Echo Request is answered (ECHO verdict at its
 * offset); any other upper layer gets a Parameter Problem code 4 pointing
 * at it. A fragment is dropped: the upper layer is not there without
 * reassembly, which a router does not do.
 */
void sr6_upper_layer(const struct sr6_pkt *p, const struct sr6_ip6_info *info,
		     struct sr6_verdict *v);

/*
 * "Remove the outer IPv6 header with all its extension headers": data
 * moves to info->l4_off, and the exposed packet must be whole: IPv6 (41)
 * or IPv4 (4) with a sane header and length (trimmed to it; IPv4 header
 * checksum checked as RFC 1812 §5.2.2 asks of a forwarder), or an
 * Ethernet frame (143) of at least a header. SR6_DROP_NONE or the reason
 * (a fragment is SR_FRAGMENT and leaves the packet as it was).
 */
enum sr6_drop sr6_decap(struct sr6_pkt *p, const struct sr6_ip6_info *info);

#endif
