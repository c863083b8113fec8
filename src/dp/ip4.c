// SPDX-License-Identifier: MIT
/*
 * IPv4 input, forwarding and local delivery (RFC 1812 §5).
 *
 * Same shape as ip6.c (the lookup, too, is the pipeline's). The header checksum is verified on
 * input (RFC 1812 §5.2.2) and patched incrementally when the TTL drops (RFC 1624), never
 * recomputed. IPv4 FIB entries are the v4 LPM of the interface's table.
 */
#include "../core/bytes.h"
#include "../core/csum.h"
#include "../core/icmp.h"
#include "../core/ip6.h"
#include "edge.h"
#include "internal.h"

static bool src_is_invalid(uint32_t be_src)
{
	uint32_t a = sr6_ntohl(be_src);
	return (a >> 28) == 0xe || a == 0xffffffffu; /* multicast, limited broadcast */
}

static bool dst_is_invalid(uint32_t be_dst)
{
	uint32_t a = sr6_ntohl(be_dst);
	return a == 0 || (a >> 24) == 127 || (a >> 28) == 0xe || a == 0xffffffffu;
}

static uint16_t ip4_forward(struct sr6_worker *w, struct sr6_pkt *p, const struct sr6_nh *nh,
			    bool transit)
{
	struct sr6_ip4_hdr *ip = (struct sr6_ip4_hdr *)p->data;
	const struct sr6_iface *oif = sr6_dp_iface(w->dp, nh->oif);
	if (!oif)
		return sr6_dp_drop(p, SR6_DROP_IF_DOWN);
	if (transit && ip->ttl <= 1)
		return sr6_icmp4_send_error(w, p, SR6_DROP_IP4_TTL, SR6_ICMP4_TIME_EXCEEDED, 0, 0);
	if (p->len > oif->mtu) {
		if (sr6_ntohs(ip->frag_off) & SR6_IP4_DF)
			return sr6_icmp4_send_error(w, p, SR6_DROP_IP4_TOO_BIG,
						    SR6_ICMP4_DEST_UNREACH,
						    SR6_ICMP4_UNREACH_NEEDFRAG, oif->mtu & 0xffff);
		/* RFC 1812 §5.2.6: cut once framed for the link (worker.c, txq_add) */
		p->flags |= SR6_PKT_F_FRAGMENT;
	}
	if (transit) {
		sr6_ip4_ttl_decrement(ip);
		sr6_dp_event(w, SR6_EV_IP4_FORWARDED);
	}
	p->tx_if = nh->oif;
	p->nexthop = sr6_ip6_is_zero(&nh->gw) ? sr6_ip6_from_v4(ip->dst) : nh->gw;
	return nh->oif;
}

static uint16_t ip4_local(struct sr6_worker *w, struct sr6_pkt *p)
{
	const struct sr6_ip4_hdr *ip = (const struct sr6_ip4_hdr *)p->data;
	uint32_t ihl = (ip->ver_ihl & 0xf) * 4u;
	if (sr6_ntohs(ip->frag_off) & (SR6_IP4_MF | SR6_IP4_OFFSET_MASK))
		return sr6_dp_drop(p, SR6_DROP_LOCAL_PROTO); /* no reassembly for the router */
	if (ip->protocol == SR6_IPPROTO_ICMP && ihl + 8 <= p->len &&
	    p->data[ihl] == SR6_ICMP4_ECHO_REQUEST) {
		if (sr6_icmp4_echo_reply(p) < 0)
			return sr6_dp_drop(p, SR6_DROP_LOCAL_PROTO);
		sr6_dp_event(w, SR6_EV_ECHO4_REPLIED);
		return sr6_ip4_output(w, sr6_dp_rx_table(w, p), SR6_REPLY_PASS);
	}
	if (ip->protocol == SR6_IPPROTO_UDP)
		return sr6_icmp4_send_error(w, p, SR6_DROP_LOCAL_PROTO, SR6_ICMP4_DEST_UNREACH,
					    SR6_ICMP4_UNREACH_PORT, 0);
	return sr6_dp_drop(p, SR6_DROP_LOCAL_PROTO);
}

uint16_t sr6_ip4_input(struct sr6_worker *w, struct sr6_pkt *p)
{
	if (p->len < sizeof(struct sr6_ip4_hdr))
		return sr6_dp_drop(p, SR6_DROP_IP4_TRUNCATED);
	struct sr6_ip4_hdr *ip = (struct sr6_ip4_hdr *)p->data;
	uint32_t ihl = (ip->ver_ihl & 0xf) * 4u;
	if ((ip->ver_ihl >> 4) != 4 || ihl < sizeof(*ip) || ihl > p->len)
		return sr6_dp_drop(p, SR6_DROP_IP4_HEADER);
	if (!sr6_ip4_checksum_ok(ip, ihl))
		return sr6_dp_drop(p, SR6_DROP_IP4_CHECKSUM);
	uint32_t total = sr6_ntohs(ip->total_len);
	if (total < ihl || total > p->len)
		return sr6_dp_drop(p, SR6_DROP_IP4_LENGTH);
	sr6_pkt_trim(p, total);
	if (src_is_invalid(ip->src))
		return sr6_dp_drop(p, SR6_DROP_IP4_SRC_INVALID);
	if (dst_is_invalid(ip->dst))
		return sr6_dp_drop(p, SR6_DROP_IP4_DST_INVALID);
	const struct sr6_iface *ifc = sr6_dp_iface(w->dp, p->rx_if);
	uint16_t next;
	if (ifc && ifc->urpf && !sr6_edge_ip4(w, p, ifc, &next))
		return next;
	w->lookup = (struct sr6_lookup){.t = sr6_dp_rx_table(w, p), .kind = SR6_LOOKUP_INPUT4};
	return SR6_NEXT_LOOKUP;
}

uint16_t sr6_ip4_dispatch(struct sr6_worker *w, struct sr6_pkt *p, const struct sr6_nh *nh,
			  unsigned pass, bool transit)
{
	if (pass >= SR6_PASSES_MAX)
		return sr6_dp_drop(p, SR6_DROP_LOOP);
	if (__builtin_expect((p->flags & SR6_PKT_F_TRACE) != 0, 0))
		sr6_trace_lookup(w, p, nh->kind, pass, nh->id);
	switch (nh->kind) {
	case SR6_NH_FORWARD:
		return ip4_forward(w, p, nh, transit);
	case SR6_NH_LOCAL:
		return ip4_local(w, p);
	case SR6_NH_ENCAP:
		return sr6_dp_headend(w, p, nh, pass, transit);
	case SR6_NH_BLACKHOLE:
		return sr6_dp_drop(p, SR6_DROP_ROUTE_BLACKHOLE);
	default:
		return sr6_icmp4_send_error(w, p, SR6_DROP_IP4_NO_ROUTE, SR6_ICMP4_DEST_UNREACH,
					    SR6_ICMP4_UNREACH_NET, 0);
	}
}

uint16_t sr6_ip4_output(struct sr6_worker *w, const struct sr6_fib_table *t, unsigned pass)
{
	w->lookup = (struct sr6_lookup){.t = t, .kind = SR6_LOOKUP_OUTPUT4, .pass = (uint8_t)pass};
	return SR6_NEXT_LOOKUP;
}
