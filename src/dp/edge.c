// SPDX-License-Identifier: MIT
/*
 * SR domain edge filtering, uRPF and HMAC verification (see edge.h).
 *
 * RFC 8754 §5.1: "packets from outside the SR domain ... with a destination
 * address of a SID in the domain, or with an SRH, are dropped" - here,
 * unless the SRH carries an HMAC that verifies and the interface's hmac
 * mode is not off (§5.2: the HMAC is how an outsider is let in). The SID
 * space is the configured locators (5f00::/16 until there is one: RFC 9602
 * reserves it for SRv6 SIDs) plus every local SID, whatever its prefix.
 *
 * uRPF (RFC 3704): strict accepts a source whose route leaves by the
 * receiving interface (§2.2); loose one with any usable route (§2.4), where
 * "usable" leaves out a blackhole, an unreachable, one of our own addresses
 * and one of our SIDs (a packet from outside claiming to be us). Link-local
 * IPv6 sources are on-link by definition and are not looked up.
 */
#include "edge.h"

#include "../core/icmp.h"
#include "../core/ip6.h"
#include "../core/srh.h"
#include "../sr/hmac.h"
#include "../sr/sid.h"
#include "internal.h"

const struct sr6_locators sr6_locators_default = {
    .n = 1,
    .e = {{.pfx = {{0x5f, 0x00}}, .len = 16}},
};

bool sr6_locators_match(const struct sr6_locators *l, const struct sr6_ip6 *a)
{
	for (unsigned i = 0; i < l->n; i++)
		if (sr6_ip6_prefix_match(a, &l->e[i].pfx, l->e[i].len))
			return true;
	return false;
}

static enum sr6_drop urpf_verdict(const struct sr6_iface *ifc, const struct sr6_nh *nh)
{
	if (ifc->urpf == SR6_URPF_STRICT)
		return nh->kind == SR6_NH_FORWARD && nh->oif == ifc->index ? SR6_DROP_NONE
									   : SR6_DROP_URPF_STRICT;
	return nh->kind == SR6_NH_FORWARD || nh->kind == SR6_NH_ENCAP ? SR6_DROP_NONE
								      : SR6_DROP_URPF_LOOSE;
}

static enum sr6_drop urpf6(struct sr6_worker *w, const struct sr6_pkt *p,
			   const struct sr6_iface *ifc)
{
	const struct sr6_ip6 *src = &((const struct sr6_ip6_hdr *)p->data)->src;
	if (src->b[0] == 0xfe && (src->b[1] & 0xc0) == 0x80) /* fe80::/10 */
		return SR6_DROP_NONE;
	const struct sr6_fib_table *t = sr6_dp_rx_table(w, p);
	return urpf_verdict(ifc, sr6_fib_nh(w->dp->fib, sr6_lpm6_lookup(t->v6, src->b)));
}

/*
 * Verify the HMAC of the SRH at info->srh_off, which must be valid. No
 * HMAC TLV: dropped for `missing`, or on when that is SR6_DROP_NONE.
 */
static bool hmac_check(struct sr6_worker *w, struct sr6_pkt *p, uint32_t srh_off,
		       enum sr6_drop missing, bool check_dst, uint16_t *next)
{
	uint32_t tlv = sr6_srh_find_tlv(p->data + srh_off, SR6_SRH_TLV_HMAC);
	if (!tlv) {
		if (missing == SR6_DROP_NONE)
			return true;
		*next = sr6_dp_drop(p, missing);
		return false;
	}
	enum sr6_drop why =
	    sr6_hmac_verify(sr6_rcu_deref(w->dp->hmac_keys), p->data, srh_off, tlv, check_dst);
	if (why != SR6_DROP_NONE) {
		/* RFC 8754 §2.1.2.1: Parameter Problem, code 0, pointing to the HMAC TLV */
		*next = sr6_icmp6_send_error(w, p, why, SR6_ICMP6_PARAM_PROB,
					     SR6_ICMP6_PARAMPROB_HEADER, srh_off + tlv);
		return false;
	}
	p->flags |= SR6_PKT_F_HMAC_OK;
	sr6_dp_event(w, SR6_EV_SR_HMAC_VERIFIED);
	return true;
}

bool sr6_edge_ip6(struct sr6_worker *w, struct sr6_pkt *p, const struct sr6_iface *ifc,
		  const struct sr6_nh *nh, uint16_t *next)
{
	enum sr6_drop why;
	if (ifc->urpf && (why = urpf6(w, p, ifc)) != SR6_DROP_NONE) {
		*next = sr6_dp_drop(p, why);
		return false;
	}
	if (!ifc->untrusted)
		return true;
	const struct sr6_ip6_hdr *ip6 = (const struct sr6_ip6_hdr *)p->data;
	bool sid_space =
	    nh->kind == SR6_NH_SID || sr6_locators_match(sr6_dp_locators(w->dp), &ip6->dst);
	struct sr6_ip6_info info = {0};
	if (sr6_is_exthdr(ip6->next_header)) {
		/* a chain we cannot read may hide an SRH: it does not cross the edge */
		if ((why = sr6_ip6_walk(p->data, p->len, &info)) != SR6_DROP_NONE) {
			*next = sr6_dp_drop(p, why);
			return false;
		}
	}
	if (!info.srh_off) {
		if (!sid_space)
			return true;
		*next = sr6_dp_drop(p, SR6_DROP_SR_EDGE_SID);
		return false;
	}
	if (ifc->hmac == SR6_HMAC_MODE_OFF) {
		*next = sr6_dp_drop(p, SR6_DROP_SR_EDGE_SRH);
		return false;
	}
	why = sr6_srh_validate(p->data + info.srh_off, p->len - info.srh_off, NULL);
	if (why != SR6_DROP_NONE) {
		*next = sr6_dp_drop(p, why);
		return false;
	}
	return hmac_check(w, p, info.srh_off, SR6_DROP_SR_EDGE_SRH, true, next);
}

bool sr6_edge_ip4(struct sr6_worker *w, struct sr6_pkt *p, const struct sr6_iface *ifc,
		  uint16_t *next)
{
	const struct sr6_ip4_hdr *ip = (const struct sr6_ip4_hdr *)p->data;
	const struct sr6_fib_table *t = sr6_dp_rx_table(w, p);
	const struct sr6_nh *nh =
	    sr6_fib_nh(w->dp->fib, sr6_lpm4_lookup(t->v4, (const uint8_t *)&ip->src));
	enum sr6_drop why = urpf_verdict(ifc, nh);
	if (why == SR6_DROP_NONE)
		return true;
	*next = sr6_dp_drop(p, why);
	return false;
}

bool sr6_edge_sid(struct sr6_worker *w, struct sr6_pkt *p, const struct sr6_iface *rx,
		  const struct sr6_sid *sid, uint16_t *next)
{
	if (p->flags & SR6_PKT_F_HMAC_OK)
		return true;
	struct sr6_ip6_info info;
	if (sr6_ip6_walk(p->data, p->len, &info) != SR6_DROP_NONE || !info.srh_off)
		return true; /* the behavior drops a bad chain; no SRH, no HMAC */
	uint32_t err_off = 0;
	enum sr6_drop why =
	    sr6_srh_validate(p->data + info.srh_off, p->len - info.srh_off, &err_off);
	if (why != SR6_DROP_NONE) {
		*next = sr6_icmp6_send_error(w, p, why, SR6_ICMP6_PARAM_PROB,
					     SR6_ICMP6_PARAMPROB_HEADER, info.srh_off + err_off);
		return false;
	}
	/* a NEXT-CSID SID's DA is the container shifted: not the list entry */
	bool check_dst = !(sid->flavors & SR6_FLAVOR_NEXT_CSID);
	return hmac_check(w, p, info.srh_off,
			  rx->hmac == SR6_HMAC_MODE_REQUIRE ? SR6_DROP_SR_HMAC_MISSING
							    : SR6_DROP_NONE,
			  check_dst, next);
}
