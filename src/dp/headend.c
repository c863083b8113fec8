// SPDX-License-Identifier: MIT
/*
 * Headend: a packet whose destination is steered into a policy (a route
 * with `encap seg6`, or `steer add PREFIX policy P`) leaves inside a new
 * outer IPv6 header (+ SRH), or with an SRH inserted.
 *
 *   routed packet: hop limit/TTL check and −1 (it crossed this router)
 *   ─► flow hash ─► segment list (policy buckets) ─► lookup of S1
 *   ─► MTU check against S1's egress (error about the inner packet)
 *   ─► push the prebuilt rewrite ─► transmit
 *
 * No per-flow state: the same 5-tuple always hashes to the same list and
 * the same outer flow label (RFC 6437). The policy and the list it picked
 * are both counted (ids from the policy's next hop: counters.h).
 */
#include "../core/bytes.h"
#include "../core/flowhash.h"
#include "../core/icmp.h"
#include "../sr/policy.h"
#include "internal.h"

_Static_assert(SR6_POLICY_LISTS_MAX <= SR6_CNT_LISTS, "every list needs a counter id");

/*
 * The router-crossing part of forwarding, done before the packet is
 * wrapped. False when the packet ends here (*next says where its error went).
 */
static bool inner_hop(struct sr6_worker *w, struct sr6_pkt *p, bool v4, uint16_t *next)
{
	if (v4) {
		struct sr6_ip4_hdr *ip = (struct sr6_ip4_hdr *)p->data;
		if (ip->ttl <= 1) {
			*next = sr6_icmp4_send_error(w, p, SR6_DROP_IP4_TTL,
						     SR6_ICMP4_TIME_EXCEEDED, 0, 0);
			return false;
		}
		sr6_ip4_ttl_decrement(ip);
		return true;
	}
	struct sr6_ip6_hdr *ip6 = (struct sr6_ip6_hdr *)p->data;
	if (ip6->hop_limit <= 1) {
		*next = sr6_icmp6_send_error(w, p, SR6_DROP_IP6_HOP_LIMIT, SR6_ICMP6_TIME_EXCEEDED,
					     SR6_ICMP6_TIME_EXCEED_HOPLIMIT, 0);
		return false;
	}
	ip6->hop_limit--;
	return true;
}

/*
 * Will p, with `overhead` more bytes, fit the link toward the outer DA?
 * False when not (*next: its error, about the inner packet).
 */
static bool fits_mtu(struct sr6_worker *w, struct sr6_pkt *p, const struct sr6_nh *onh,
		     uint32_t overhead, bool v4, uint16_t *next)
{
	const struct sr6_iface *oif =
		onh->kind == SR6_NH_FORWARD ? sr6_dp_iface(w->dp, onh->oif) : NULL;
	if (!oif || p->len + overhead <= oif->mtu)
		return true;
	uint32_t room = oif->mtu > overhead ? oif->mtu - overhead : 0;
	if (!v4) {
		/* RFC 8200 §5: never advertise less than the IPv6 minimum */
		*next = sr6_icmp6_send_error(w, p, SR6_DROP_IP6_TOO_BIG, SR6_ICMP6_PACKET_TOO_BIG,
					     0, room < 1280 ? 1280 : room);
	} else if (sr6_ntohs(((const struct sr6_ip4_hdr *)p->data)->frag_off) & SR6_IP4_DF) {
		*next = sr6_icmp4_send_error(w, p, SR6_DROP_IP4_TOO_BIG, SR6_ICMP4_DEST_UNREACH,
					     SR6_ICMP4_UNREACH_NEEDFRAG, room & 0xffff);
	} else {
		/* RFC 4213 §3.2: the inner datagram is cut, each piece encapsulated
		 * (at transmission: worker.c) */
		p->flags |= SR6_PKT_F_FRAGMENT;
		return true;
	}
	return false;
}

static uint8_t inner_tc(const struct sr6_pkt *p, bool v4)
{
	if (v4)
		return ((const struct sr6_ip4_hdr *)p->data)->tos;
	return (uint8_t)(sr6_get_be32(p->data) >> 20);
}

uint16_t sr6_dp_headend(struct sr6_worker *w, struct sr6_pkt *p, const struct sr6_nh *nh,
			unsigned pass, bool transit)
{
	const struct sr6_policy *pol = sr6_rcu_deref(nh->obj);
	bool v4 = (p->data[0] >> 4) == 4;
	uint32_t bytes = p->len;
	uint16_t next;
	if (v4 && pol->mode == SR6_MODE_INSERT) {
		sr6_dp_obj_drop(w, nh->id);
		return sr6_dp_drop(p, SR6_DROP_SR_INSERT_V4);
	}
	if (transit && !inner_hop(w, p, v4, &next)) {
		sr6_dp_obj_drop(w, nh->id);
		return next;
	}
	uint32_t hash = sr6_flow_hash_ip(p->data, p->len);
	const struct sr6_seglist *sl = sr6_policy_pick(pol, hash);
	unsigned list = (unsigned)(sl - pol->lists);
	SR6_TRACE(w, p, SR6_TR_POLICY, list, pol->mode, pol->n_lists, nh->id);
	const struct sr6_fib_table *t = sr6_fib_main(w->dp->fib);
	const struct sr6_nh *onh = sr6_fib_nh(w->dp->fib, sr6_lpm6_lookup(t->v6, sl->segs[0].b));
	if (!fits_mtu(w, p, onh, sl->rw_len, v4, &next)) {
		sr6_dp_obj_drop(w, nh->id);
		sr6_dp_list_drop(w, nh->id, list);
		return next;
	}
	enum sr6_drop why =
		pol->mode == SR6_MODE_INSERT
			? sr6_insert_push(p, sl)
			: sr6_encap_push(p, sl, v4 ? SR6_IPPROTO_IPIP : SR6_IPPROTO_IPV6,
					 inner_tc(p, v4), hash & 0xfffff);
	if (why != SR6_DROP_NONE) {
		sr6_dp_obj_drop(w, nh->id);
		sr6_dp_list_drop(w, nh->id, list);
		return sr6_dp_drop(p, why);
	}
	sr6_dp_obj_ok(w, nh->id, bytes);
	sr6_dp_list_ok(w, nh->id, list, bytes);
	return sr6_ip6_dispatch(w, p, onh, pass + 1, false, 0);
}

uint16_t sr6_dp_headend_l2(struct sr6_worker *w, struct sr6_pkt *p, const struct sr6_nh *nh)
{
	const struct sr6_policy *pol = sr6_rcu_deref(nh->obj);
	uint32_t bytes = p->len;
	uint32_t hash = sr6_flow_hash_eth(p->data, p->len);
	const struct sr6_seglist *sl = sr6_policy_pick(pol, hash);
	unsigned list = (unsigned)(sl - pol->lists);
	SR6_TRACE(w, p, SR6_TR_POLICY, list, pol->mode, pol->n_lists, nh->id);
	const struct sr6_fib_table *t = sr6_fib_main(w->dp->fib);
	const struct sr6_nh *onh = sr6_fib_nh(w->dp->fib, sr6_lpm6_lookup(t->v6, sl->segs[0].b));
	const struct sr6_iface *oif =
		onh->kind == SR6_NH_FORWARD ? sr6_dp_iface(w->dp, onh->oif) : NULL;
	if (oif && p->len + sl->rw_len > oif->mtu) {
		sr6_dp_obj_drop(w, nh->id);
		sr6_dp_list_drop(w, nh->id, list);
		return sr6_dp_drop(p, SR6_DROP_L2_TOO_BIG); /* a frame has no one to tell */
	}
	enum sr6_drop why = sr6_encap_push(p, sl, SR6_IPPROTO_ETHERNET, 0, hash & 0xfffff);
	if (why != SR6_DROP_NONE) {
		sr6_dp_obj_drop(w, nh->id);
		sr6_dp_list_drop(w, nh->id, list);
		return sr6_dp_drop(p, why);
	}
	p->flags &= ~SR6_PKT_F_L2;
	sr6_dp_obj_ok(w, nh->id, bytes);
	sr6_dp_list_ok(w, nh->id, list, bytes);
	return sr6_ip6_dispatch(w, p, onh, 1, false, 0);
}
