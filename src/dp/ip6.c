// SPDX-License-Identifier: MIT
/*
 * IPv6 input, dispatch by next hop, forwarding and local delivery.
 *
 *   sanity (RFC 8200 §3) ─► FIB lookup of DA ─► dispatch by next-hop kind
 *        FORWARD ─────► transit: hop limit − 1, MTU ─► out
 *                       otherwise (router-made/rewritten): MTU ─► out
 *        LOCAL ───────► echo reply / ICMP error
 *        SID ─────────► behavior (dp/sid.c) ─► verdict ─► output lookup ...
 *        ENCAP ───────► headend (dp/headend.c) ─► output lookup of S1 ...
 *        UNREACHABLE ─► Destination Unreachable;  BLACKHOLE ─► drop
 *
 * The lookup is not made here: input (and sr6_ip6_output) ask for it with
 * SR6_NEXT_LOOKUP and the pipeline makes the lookups of a whole batch
 * together (pipeline.c), then hands each result back to
 * sr6_ip6_input_route or sr6_ip6_dispatch.
 *
 * A transit packet is never parsed past its fixed header: an SRH whose DA
 * is not ours is forwarded untouched (RFC 8754 §4.2), and only a cheap
 * look at the first Next Header counts it as SR transit. The chain walk
 * happens only for packets addressed to the router and for errors.
 */
#include "../core/bytes.h"
#include "../core/icmp.h"
#include "../core/ip6.h"
#include "edge.h"
#include "internal.h"

/*
 * Out of the way of sr6_ip6_dispatch's common path (forward, SID,
 * headend): inlined, these made it save and restore every register on
 * every call, 24 instructions a packet in every core_bench case.
 */
#define SR6_COLD __attribute__((cold, noinline))

static bool dst_is_invalid(const struct sr6_ip6 *dst)
{
	static const struct sr6_ip6 loopback = {{[15] = 1}};
	return sr6_ip6_is_multicast(dst) || sr6_ip6_is_zero(dst) || sr6_ip6_eq(dst, &loopback);
}

/*
 * Too big for the egress link, and the router put headers (pushed bytes)
 * in front of an IPv4 datagram without DF: its pieces leave, each with
 * those headers (marked here, cut at transmission: worker.c). True when so,
 * or when the headend marked it already.
 */
static bool may_cut_inner_ip4(struct sr6_pkt *p, uint16_t pushed)
{
	if (p->flags & SR6_PKT_F_FRAGMENT)
		return true;
	if (!pushed || p->len < pushed + sizeof(struct sr6_ip4_hdr) ||
	    (p->data[pushed] >> 4) != 4 ||
	    (sr6_ntohs(((const struct sr6_ip4_hdr *)(p->data + pushed))->frag_off) & SR6_IP4_DF))
		return false;
	p->flags |= SR6_PKT_F_FRAGMENT;
	return true;
}

/*
 * Too big for the egress link. When the router pushed headers in front of
 * the packet it received, the error is about that packet and reports the
 * MTU left for it. (An IPv4 packet without DF is cut instead: see above.)
 */
SR6_COLD static uint16_t too_big(struct sr6_worker *w, struct sr6_pkt *p, uint32_t mtu,
				 uint16_t pushed)
{
	sr6_pkt_pull(p, pushed);
	mtu -= pushed;
	if (p->len && (p->data[0] >> 4) == 4)
		return sr6_icmp4_send_error(w, p, SR6_DROP_IP4_TOO_BIG, SR6_ICMP4_DEST_UNREACH,
					    SR6_ICMP4_UNREACH_NEEDFRAG, mtu & 0xffff);
	return sr6_icmp6_send_error(w, p, SR6_DROP_IP6_TOO_BIG, SR6_ICMP6_PACKET_TOO_BIG, 0, mtu);
}

/* Hand a packet to an adjacency; transit packets lose one hop. */
static uint16_t ip6_forward(struct sr6_worker *w, struct sr6_pkt *p, const struct sr6_nh *nh,
			    bool transit, uint16_t pushed)
{
	struct sr6_ip6_hdr *ip6 = (struct sr6_ip6_hdr *)p->data;
	const struct sr6_iface *oif = sr6_dp_iface(w->dp, nh->oif);
	if (!oif)
		return sr6_dp_drop(p, SR6_DROP_IF_DOWN);
	if (transit && ip6->hop_limit <= 1)
		return sr6_icmp6_send_error(w, p, SR6_DROP_IP6_HOP_LIMIT, SR6_ICMP6_TIME_EXCEEDED,
					    SR6_ICMP6_TIME_EXCEED_HOPLIMIT, 0);
	if (p->len > oif->mtu && !may_cut_inner_ip4(p, pushed))
		return too_big(w, p, oif->mtu, pushed);
	if (transit) {
		ip6->hop_limit--;
		if (ip6->next_header == SR6_IPPROTO_ROUTING)
			sr6_dp_event(w, SR6_EV_SRH_TRANSIT);
		sr6_dp_event(w, SR6_EV_IP6_FORWARDED);
	}
	p->tx_if = nh->oif;
	p->nexthop = sr6_ip6_is_zero(&nh->gw) ? ip6->dst : nh->gw;
	return nh->oif;
}

/*
 * A packet for one of the router's own addresses (not a SID). A Routing
 * header with Segments Left > 0 is one we do not process for a plain
 * address (RFC 8200 §4.4: Parameter Problem at the Routing Type); with
 * Segments Left 0 it is ignored and the upper layer served.
 */
SR6_COLD static uint16_t ip6_local(struct sr6_worker *w, struct sr6_pkt *p)
{
	struct sr6_ip6_info info;
	enum sr6_drop why = sr6_ip6_walk(p->data, p->len, &info);
	if (why != SR6_DROP_NONE)
		return sr6_dp_drop(p, why);
	if (info.rh_off && p->data[info.rh_off + 3] != 0)
		return sr6_icmp6_send_error(w, p, SR6_DROP_SRH_BAD_TYPE, SR6_ICMP6_PARAM_PROB,
					    SR6_ICMP6_PARAMPROB_HEADER, info.rh_off + 2u);
	if (info.is_later_fragment || info.frag_off)
		return sr6_dp_drop(p, SR6_DROP_LOCAL_PROTO); /* no reassembly for the router */
	if (info.l4_proto == SR6_IPPROTO_ICMPV6 && info.l4_off + 8u <= p->len &&
	    p->data[info.l4_off] == SR6_ICMP6_ECHO_REQUEST) {
		if (sr6_icmp6_echo_reply(p, info.l4_off) < 0)
			return sr6_dp_drop(p, SR6_DROP_LOCAL_PROTO);
		sr6_dp_event(w, SR6_EV_ECHO6_REPLIED);
		return sr6_ip6_output(w, sr6_dp_rx_table(w, p), SR6_REPLY_PASS, 0);
	}
	if (info.l4_proto == SR6_IPPROTO_UDP)
		return sr6_icmp6_send_error(w, p, SR6_DROP_LOCAL_PROTO, SR6_ICMP6_DEST_UNREACH,
					    SR6_ICMP6_UNREACH_PORT, 0);
	return sr6_dp_drop(p, SR6_DROP_LOCAL_PROTO);
}

uint16_t sr6_ip6_dispatch(struct sr6_worker *w, struct sr6_pkt *p, const struct sr6_nh *nh,
			  unsigned pass, bool transit, uint16_t pushed)
{
	if (pass >= SR6_PASSES_MAX)
		return sr6_dp_drop(p, SR6_DROP_LOOP);
	if (__builtin_expect((p->flags & SR6_PKT_F_TRACE) != 0, 0))
		sr6_trace_lookup(w, p, nh->kind, pass, nh->id);
	switch (nh->kind) {
	case SR6_NH_FORWARD:
		return ip6_forward(w, p, nh, transit, pushed);
	case SR6_NH_LOCAL:
		return ip6_local(w, p);
	case SR6_NH_SID:
		return sr6_dp_sid(w, p, nh, pass);
	case SR6_NH_ENCAP:
		return sr6_dp_headend(w, p, nh, pass, transit);
	case SR6_NH_BLACKHOLE:
		return sr6_dp_drop(p, SR6_DROP_ROUTE_BLACKHOLE);
	default:
		return sr6_icmp6_send_error(w, p, SR6_DROP_IP6_NO_ROUTE, SR6_ICMP6_DEST_UNREACH,
					    SR6_ICMP6_UNREACH_NOROUTE, 0);
	}
}

uint16_t sr6_ip6_input(struct sr6_worker *w, struct sr6_pkt *p)
{
	if (p->len < sizeof(struct sr6_ip6_hdr))
		return sr6_dp_drop(p, SR6_DROP_IP6_TRUNCATED);
	struct sr6_ip6_hdr *ip6 = (struct sr6_ip6_hdr *)p->data;
	if ((p->data[0] >> 4) != 6)
		return sr6_dp_drop(p, SR6_DROP_IP6_VERSION);
	uint32_t total = sizeof(*ip6) + sr6_ntohs(ip6->payload_len);
	if (total > p->len)
		return sr6_dp_drop(p, SR6_DROP_IP6_LENGTH);
	sr6_pkt_trim(p, total); /* Ethernet padding */
	if (sr6_ip6_is_multicast(&ip6->src))
		return sr6_dp_drop(p, SR6_DROP_IP6_SRC_INVALID);
	if (ip6->next_header == SR6_IPPROTO_ICMPV6 && total >= sizeof(*ip6) + 4) {
		uint8_t type = p->data[sizeof(*ip6)];
		if (type == SR6_ICMP6_ND_NS || type == SR6_ICMP6_ND_NA)
			return sr6_nd_input(w, p, sr6_dp_iface(w->dp, p->rx_if));
		if (type >= SR6_ICMP6_ND_RS && type <= SR6_ICMP6_ND_REDIRECT)
			return sr6_dp_drop(p, SR6_DROP_ND_UNSUPPORTED);
	}
	if (dst_is_invalid(&ip6->dst))
		return sr6_dp_drop(p, SR6_DROP_IP6_DST_INVALID);
	w->lookup = (struct sr6_lookup){.t = sr6_dp_rx_table(w, p), .kind = SR6_LOOKUP_INPUT6};
	return SR6_NEXT_LOOKUP;
}

uint16_t sr6_ip6_input_route(struct sr6_worker *w, struct sr6_pkt *p, const struct sr6_nh *nh)
{
	const struct sr6_iface *ifc = sr6_dp_iface(w->dp, p->rx_if);
	uint16_t next;
	if (ifc && (ifc->untrusted || ifc->urpf) && !sr6_edge_ip6(w, p, ifc, nh, &next))
		return next;
	return sr6_ip6_dispatch(w, p, nh, 0, true, 0);
}

uint16_t sr6_ip6_output(struct sr6_worker *w, const struct sr6_fib_table *t, unsigned pass,
			uint16_t pushed)
{
	w->lookup = (struct sr6_lookup){
	    .t = t, .kind = SR6_LOOKUP_OUTPUT6, .pass = (uint8_t)pass, .pushed = pushed};
	return SR6_NEXT_LOOKUP;
}
