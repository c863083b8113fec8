/* SPDX-License-Identifier: MIT */
/*
 * The SR domain edge: what an interface lets in (RFC 8754 §5.1, RFC 9602,
 * RFC 3704), and HMAC verification at the router's own SIDs.
 *
 *   rx on interface I
 *     ├─ uRPF (I.urpf): strict: the route to the source leaves by I;
 *     │                 loose: some route to the source (not local, not a
 *     │                 SID, not a blackhole); link-local sources pass
 *     └─ untrusted I: no SRH and DA outside the SID space ─► on
 *                     DA in the SID space (locators, our SIDs), no SRH ─► drop sr_edge_sid
 *                     SRH, I.hmac off or no HMAC TLV ────────────────────► drop sr_edge_srh
 *                     SRH with an HMAC TLV: verify ─ good ─► on (verified: the first
 *                                                  │         SID does not check again)
 *                                                  └ bad ─► Parameter Problem at the TLV
 *   at a local SID, I.hmac require|check (and not verified at the edge):
 *     SRH malformed ─► Parameter Problem (as the behavior would)
 *     no HMAC TLV ─► require: drop sr_hmac_missing; check: on
 *     HMAC TLV ─► verify (bad: Parameter Problem at the TLV)
 *
 * Only a packet that needs it is walked or hashed: a trusted interface
 * with uRPF off costs one branch, a packet without extension headers never
 * has its chain walked, and an HMAC is computed only for a TLV that must
 * be checked. Boundary drops send no ICMP (nothing to teach an outsider,
 * and no reflection); only HMAC failures do, as RFC 8754 §2.1.2.1 asks.
 */
#ifndef SR6_DP_EDGE_H
#define SR6_DP_EDGE_H

#include <stdbool.h>
#include <stdint.h>

#include "dp.h"

#define SR6_LOCATORS_MAX 64

struct sr6_locator {
	struct sr6_ip6 pfx; /* bits past len are zero */
	uint8_t len;
};

/* The SID space: `locator add` prefixes. Immutable once published. */
struct sr6_locators {
	unsigned n;
	struct sr6_locator e[SR6_LOCATORS_MAX];
};

/* 5f00::/16, the SRv6 SID block of RFC 9602: the SID space until configured. */
extern const struct sr6_locators sr6_locators_default;

/* The SID space in effect. */
static inline const struct sr6_locators *sr6_dp_locators(const struct sr6_dp *dp)
{
	const struct sr6_locators *l = sr6_rcu_deref(dp->locators);
	return l ? l : &sr6_locators_default;
}

bool sr6_locators_match(const struct sr6_locators *l, const struct sr6_ip6 *a);

/* Pipeline side. */
struct sr6_sid;

/*
 * IPv6 received on ifc (which has untrusted or urpf set) whose destination
 * looked up to nh: true when p goes on, else *next holds its fate.
 */
bool sr6_edge_ip6(struct sr6_worker *w, struct sr6_pkt *p, const struct sr6_iface *ifc,
		  const struct sr6_nh *nh, uint16_t *next);
/* IPv4 received on ifc with urpf set: the same. */
bool sr6_edge_ip4(struct sr6_worker *w, struct sr6_pkt *p, const struct sr6_iface *ifc,
		  uint16_t *next);
/* HMAC policy (not off) of p's receiving interface rx at local SID sid: the same. */
bool sr6_edge_sid(struct sr6_worker *w, struct sr6_pkt *p, const struct sr6_iface *rx,
		  const struct sr6_sid *sid, uint16_t *next);

#endif
