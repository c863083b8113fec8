// SPDX-License-Identifier: MIT
/*
 * Binding SIDs: End.B6.Encaps and End.B6.Encaps.Red (RFC 8986 §4.13-4.14).
 *
 *   in:  IPv6(A -> BSID, hlim h) | SRH(S3,BSID,S1; SL=1) | payload
 *        │  S01-S14 as End: hop limit and SRH checks, SL - 1, DA = next
 *        ▼
 *   out: IPv6(src -> B1) | SRH(policy B) | IPv6(A -> S3, hlim h-1) | SRH(SL=0) | payload
 *        S15-S18: the outer header and SRH of the policy's segment list
 *        (reduced when the policy is encap.red) pushed in front; traffic
 *        class copied from the packet, flow label from its flow hash
 *        S19: LOOKUP6 in main, `pushed` = bytes added, `list` = which of
 *        the policy's segment lists was taken (dp/sid.c counts it there)
 *
 * SL 0 (or no SRH) means the BSID is the last segment: §4.1.1 applies (echo
 * answered, else Parameter Problem 4). NEXT-CSID and REPLACE-CSID (RFC 9800
 * §4.1, §4.2: "End.B6.Encaps with ...") change only how the next segment
 * is found, so they come with the End core.
 *
 * Which of the two behaviors a SID is only matters to the control plane:
 * it points End.B6.Encaps SIDs at `mode encap` policies and
 * End.B6.Encaps.Red SIDs at `mode encap.red` ones, whose prebuilt rewrite
 * already has the reduced SRH (RFC 8986 §4.14 S15 "Push ... a reduced SRH").
 */
#include "behavior.h"

#include "policy.h"

#define FLOW_LABEL_MASK 0xfffffu

/* S15-S19 */
static void b6_next(const struct sr6_sid *sid, struct sr6_pkt *p, const struct sr6_sr_env *env,
		    struct sr6_verdict *v)
{
	const struct sr6_seglist *sl = sr6_policy_pick(sid->policy, env->flow_hash);
	uint8_t tc = (uint8_t)(sr6_get_be32(p->data) >> 20);
	uint32_t before = p->len;

	v->list = (uint8_t)(sl - sid->policy->lists + 1);
	/* S15-S18: push IPv6 + SRH containing B, SA, DA = first SID of B, fields */
	enum sr6_drop why =
	    sr6_encap_push(p, sl, SR6_IPPROTO_IPV6, tc, env->flow_hash & FLOW_LABEL_MASK);
	if (why != SR6_DROP_NONE) {
		sr6_verdict_drop(v, why);
		return;
	}
	v->pushed = (uint16_t)(p->len - before);
	/* S19. Submit the packet to the egress IPv6 FIB lookup */
	sr6_verdict_lookup6(v, env->main);
}

static void b6_upper(const struct sr6_sid *sid, struct sr6_pkt *p, const struct sr6_sr_env *env,
		     const struct sr6_ip6_info *info, struct sr6_verdict *v)
{
	(void)sid;
	(void)env;
	sr6_upper_layer(p, info, v);
}

static const struct sr6_end_ops b6_ops = {.next = b6_next, .upper = b6_upper};

void sr6_b6_input(const struct sr6_sid *sid, struct sr6_pkt *p, const struct sr6_sr_env *env,
		  struct sr6_verdict *v)
{
	sr6_end_core(sid, p, env, v, &b6_ops);
}
