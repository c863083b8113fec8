// SPDX-License-Identifier: MIT
/*
 * ICMPv6 and ICMP errors and echo replies, built in place.
 *
 * An error is the offending packet with a new IP + ICMP header pushed in
 * front of it (48 bytes for IPv6, 28 for IPv4) and its tail cut so the
 * whole error fits the minimum MTU (RFC 4443 §2.4 (c), RFC 1812 §4.3.2.3):
 *
 *   before:                 data -> | orig IP | ... orig payload ... |
 *   after:  | new IP | ICMP | orig IP | ... quote ... |  (<= 1280 / 576)
 *
 * Headroom is checked before anything is written, so -ENOSPC leaves the
 * packet as it was. Echo replies reuse the request the same way: addresses
 * swapped, type flipped, checksum recomputed; extension headers (IPv6) or
 * options (IPv4) in front of the ICMP header are cut out by sliding the IP
 * header forward over them, so the reply's path is plain IP.
 *
 * Every function here trusts only what it checks: lengths come from the
 * packet and are compared to pkt->len before use.
 */
#include "icmp.h"

#include <errno.h>
#include <string.h>

#include "bytes.h"
#include "csum.h"
#include "ip6.h"

#define IP6_HDR_LEN		      ((uint32_t)sizeof(struct sr6_ip6_hdr))
#define IP4_HDR_LEN		      ((uint32_t)sizeof(struct sr6_ip4_hdr))
#define ICMP_HDR_LEN		      ((uint32_t)sizeof(struct sr6_icmp_hdr))
#define ICMP6_REDIRECT		      137
#define ICMP4_SOURCE_QUENCH	      4
#define ICMP4_REDIRECT		      5
#define ICMP4_TYPE_MAX		      18   /* highest type RFC 792/950 define */
#define IP4_PREC_INTERNETWORK_CONTROL 0xc0 /* RFC 1812 §4.3.2.5 */

uint16_t sr6_icmp6_checksum(const struct sr6_ip6_hdr *ip6, const uint8_t *icmp, uint32_t len)
{
	uint32_t sum = sr6_csum_pseudo6(&ip6->src, &ip6->dst, len, SR6_IPPROTO_ICMPV6);
	return sr6_csum_fold(sr6_csum_partial(icmp, len, sum));
}

/* ICMP (v4) checksum: the message alone, no pseudo-header (RFC 792). */
static uint16_t icmp4_checksum(const uint8_t *icmp, uint32_t len)
{
	return sr6_csum_fold(sr6_csum_partial(icmp, len, 0));
}

static bool icmp6_is_error_or_redirect(uint8_t type)
{
	return type < SR6_ICMP6_ECHO_REQUEST || type == ICMP6_REDIRECT;
}

bool sr6_icmp6_error_allowed(const struct sr6_pkt *pkt, uint8_t l4_proto, uint32_t l4_off,
			     uint8_t type, uint8_t code)
{
	if (pkt->len < IP6_HDR_LEN)
		return false;
	const struct sr6_ip6_hdr *ip6 = (const struct sr6_ip6_hdr *)pkt->data;

	/* (e.1), (e.2): never about an ICMPv6 error or a redirect; the type
	 * byte must be inside the IPv6 payload, not in link padding */
	uint32_t end = IP6_HDR_LEN + sr6_ntohs(ip6->payload_len);
	if (l4_proto == SR6_IPPROTO_ICMPV6 && l4_off < pkt->len && l4_off < end &&
	    icmp6_is_error_or_redirect(pkt->data[l4_off]))
		return false;
	/* (e.6): the source must name one node */
	if (sr6_ip6_is_zero(&ip6->src) || sr6_ip6_is_multicast(&ip6->src))
		return false;
	/* (e.3): multicast destinations only for PMTUD and unknown options
	 * the sender was told to hear about */
	if (sr6_ip6_is_multicast(&ip6->dst))
		return type == SR6_ICMP6_PACKET_TOO_BIG ||
		       (type == SR6_ICMP6_PARAM_PROB && code == SR6_ICMP6_PARAMPROB_OPTION);
	return true;
}

int sr6_icmp6_error(struct sr6_pkt *pkt, const struct sr6_ip6 *src, uint8_t type, uint8_t code,
		    uint32_t data)
{
	const uint32_t push = IP6_HDR_LEN + ICMP_HDR_LEN;

	if (pkt->len < IP6_HDR_LEN)
		return -EINVAL;
	if (sr6_pkt_headroom(pkt) < push)
		return -ENOSPC;

	/* copies first: src may point into the packet we are about to wrap */
	struct sr6_ip6 new_src = *src;
	struct sr6_ip6 new_dst = ((const struct sr6_ip6_hdr *)pkt->data)->src;

	/* quote the IPv6 packet, not the link padding after it */
	uint32_t ip_len = IP6_HDR_LEN + sr6_get_be16(pkt->data + 4);
	sr6_pkt_trim(pkt, ip_len);

	sr6_pkt_push(pkt, push);
	sr6_pkt_trim(pkt, SR6_ICMP6_ERR_MAX);

	struct sr6_ip6_hdr *ip6 = (struct sr6_ip6_hdr *)pkt->data;
	uint8_t *icmp = pkt->data + IP6_HDR_LEN;
	uint32_t icmp_len = pkt->len - IP6_HDR_LEN;

	sr6_put_be32(&ip6->ver_tc_flow, 6u << 28);
	sr6_put_be16(&ip6->payload_len, (uint16_t)icmp_len);
	ip6->next_header = SR6_IPPROTO_ICMPV6;
	ip6->hop_limit = SR6_ICMP_HOP_LIMIT;
	ip6->src = new_src;
	ip6->dst = new_dst;

	icmp[0] = type;
	icmp[1] = code;
	memset(icmp + 2, 0, 2);
	sr6_put_be32(icmp + 4, data);
	uint16_t c = sr6_icmp6_checksum(ip6, icmp, icmp_len);
	memcpy(icmp + 2, &c, 2);

	pkt->flags |= SR6_PKT_F_ICMP_ERR;
	pkt->flow_hash = 0;
	return 0;
}

static bool ip4_addr_is_multicast_or_class_e(uint32_t host)
{
	return (host >> 28) >= 0xe; /* 224/4 and 240/4, which holds 255.255.255.255 */
}

/* Is an ICMP message of this type an error, for §4.3.2.7? */
static bool icmp4_type_is_error(uint8_t type)
{
	switch (type) {
	case SR6_ICMP4_DEST_UNREACH:
	case ICMP4_SOURCE_QUENCH:
	case ICMP4_REDIRECT:
	case SR6_ICMP4_TIME_EXCEEDED:
	case SR6_ICMP4_PARAM_PROB:
		return true;
	default:
		/* an unknown type may be an error we do not know of: keep
		 * quiet rather than risk an error storm (as Linux does) */
		return type > ICMP4_TYPE_MAX;
	}
}

bool sr6_icmp4_error_allowed(const struct sr6_pkt *pkt)
{
	if (pkt->len < IP4_HDR_LEN)
		return false;
	const struct sr6_ip4_hdr *ip = (const struct sr6_ip4_hdr *)pkt->data;
	uint32_t hlen = (ip->ver_ihl & 0x0f) * 4u;
	if ((ip->ver_ihl >> 4) != 4 || hlen < IP4_HDR_LEN || hlen > pkt->len)
		return false;

	uint32_t src = sr6_ntohl(ip->src), dst = sr6_ntohl(ip->dst);
	uint8_t src_net = (uint8_t)(src >> 24);
	if (src_net == 0 || src_net == 127 || ip4_addr_is_multicast_or_class_e(src))
		return false;
	if (ip4_addr_is_multicast_or_class_e(dst))
		return false;
	/* only the first fragment: later ones would multiply the errors */
	if (sr6_ntohs(ip->frag_off) & SR6_IP4_OFFSET_MASK)
		return false;
	uint32_t tot = sr6_ntohs(ip->total_len);
	uint32_t end = tot < pkt->len ? tot : pkt->len;
	if (ip->protocol == SR6_IPPROTO_ICMP && end > hlen && icmp4_type_is_error(pkt->data[hlen]))
		return false;
	return true;
}

int sr6_icmp4_error(struct sr6_pkt *pkt, uint32_t src_be, uint8_t type, uint8_t code, uint32_t data)
{
	const uint32_t push = IP4_HDR_LEN + ICMP_HDR_LEN;

	if (pkt->len < IP4_HDR_LEN)
		return -EINVAL;
	if (sr6_pkt_headroom(pkt) < push)
		return -ENOSPC;

	const struct sr6_ip4_hdr *orig = (const struct sr6_ip4_hdr *)pkt->data;
	uint32_t new_dst = orig->src;
	uint32_t tot = sr6_ntohs(orig->total_len);
	if (tot >= IP4_HDR_LEN)
		sr6_pkt_trim(pkt, tot); /* quote the datagram, not link padding */

	sr6_pkt_push(pkt, push);
	sr6_pkt_trim(pkt, SR6_ICMP4_ERR_MAX);

	struct sr6_ip4_hdr *ip = (struct sr6_ip4_hdr *)pkt->data;
	uint8_t *icmp = pkt->data + IP4_HDR_LEN;
	uint32_t icmp_len = pkt->len - IP4_HDR_LEN;

	ip->ver_ihl = 0x45;
	ip->tos = IP4_PREC_INTERNETWORK_CONTROL;
	ip->total_len = sr6_htons((uint16_t)pkt->len);
	ip->id = 0;
	ip->frag_off = sr6_htons(SR6_IP4_DF);
	ip->ttl = SR6_ICMP_HOP_LIMIT;
	ip->protocol = SR6_IPPROTO_ICMP;
	ip->src = src_be;
	ip->dst = new_dst;
	sr6_ip4_set_checksum(ip);

	/* RFC 792: the Parameter Problem pointer is the first byte of the
	 * word; RFC 1191: the next-hop MTU is its low 16 bits */
	if (type == SR6_ICMP4_PARAM_PROB)
		data <<= 24;
	icmp[0] = type;
	icmp[1] = code;
	memset(icmp + 2, 0, 2);
	sr6_put_be32(icmp + 4, data);
	uint16_t c = icmp4_checksum(icmp, icmp_len);
	memcpy(icmp + 2, &c, 2);

	pkt->flags |= SR6_PKT_F_ICMP_ERR;
	pkt->flow_hash = 0;
	return 0;
}

int sr6_icmp6_echo_reply(struct sr6_pkt *pkt, uint32_t l4_off)
{
	if (pkt->len < IP6_HDR_LEN || l4_off < IP6_HDR_LEN)
		return -EINVAL;
	uint32_t ip_len = IP6_HDR_LEN + sr6_get_be16(pkt->data + 4);
	if (ip_len > pkt->len || l4_off > ip_len || ip_len - l4_off < ICMP_HDR_LEN)
		return -EINVAL;
	sr6_pkt_trim(pkt, ip_len);

	struct sr6_ip6_hdr *ip6 = (struct sr6_ip6_hdr *)pkt->data;
	uint8_t *icmp = pkt->data + l4_off;
	uint32_t icmp_len = ip_len - l4_off;
	if (icmp[0] != SR6_ICMP6_ECHO_REQUEST)
		return -EINVAL;
	/* with the original header: the pseudo-header DA of a packet that
	 * carried an SRH is its final destination, which is ours (SL = 0) */
	if (sr6_csum_fold(sr6_csum_partial(
		icmp, icmp_len,
		sr6_csum_pseudo6(&ip6->src, &ip6->dst, icmp_len, SR6_IPPROTO_ICMPV6))) != 0)
		return -EBADMSG;

	if (l4_off > IP6_HDR_LEN) {
		uint32_t cut = l4_off - IP6_HDR_LEN;
		memmove(pkt->data + cut, pkt->data, IP6_HDR_LEN);
		sr6_pkt_pull(pkt, cut);
		ip6 = (struct sr6_ip6_hdr *)pkt->data;
	}
	struct sr6_ip6 a = ip6->src;
	ip6->src = ip6->dst;
	ip6->dst = a;
	/* keep the traffic class, drop the requester's flow label */
	sr6_put_be32(&ip6->ver_tc_flow, sr6_get_be32(&ip6->ver_tc_flow) & 0xfff00000u);
	sr6_put_be16(&ip6->payload_len, (uint16_t)icmp_len);
	ip6->next_header = SR6_IPPROTO_ICMPV6;
	ip6->hop_limit = SR6_ICMP_HOP_LIMIT;

	icmp[0] = SR6_ICMP6_ECHO_REPLY;
	icmp[1] = 0;
	memset(icmp + 2, 0, 2);
	uint16_t c = sr6_icmp6_checksum(ip6, icmp, icmp_len);
	memcpy(icmp + 2, &c, 2);
	pkt->flow_hash = 0;
	return 0;
}

int sr6_icmp4_echo_reply(struct sr6_pkt *pkt)
{
	if (pkt->len < IP4_HDR_LEN)
		return -EINVAL;
	struct sr6_ip4_hdr *ip = (struct sr6_ip4_hdr *)pkt->data;
	uint32_t hlen = (ip->ver_ihl & 0x0f) * 4u;
	uint32_t tot = sr6_ntohs(ip->total_len);
	if ((ip->ver_ihl >> 4) != 4 || hlen < IP4_HDR_LEN || tot > pkt->len ||
	    tot < hlen + ICMP_HDR_LEN || ip->protocol != SR6_IPPROTO_ICMP)
		return -EINVAL;
	/* a fragment of a request cannot be answered from this piece alone */
	if (sr6_ntohs(ip->frag_off) & (SR6_IP4_MF | SR6_IP4_OFFSET_MASK))
		return -EINVAL;
	sr6_pkt_trim(pkt, tot);

	uint8_t *icmp = pkt->data + hlen;
	uint32_t icmp_len = tot - hlen;
	if (icmp[0] != SR6_ICMP4_ECHO_REQUEST)
		return -EINVAL;
	if (icmp4_checksum(icmp, icmp_len) != 0)
		return -EBADMSG;

	if (hlen > IP4_HDR_LEN) {
		/* RFC 1812 §4.3.3.6 would have Record Route and Timestamp
		 * updated into the reply; srv6d answers without options */
		uint32_t cut = hlen - IP4_HDR_LEN;
		memmove(pkt->data + cut, pkt->data, IP4_HDR_LEN);
		sr6_pkt_pull(pkt, cut);
		ip = (struct sr6_ip4_hdr *)pkt->data;
		ip->ver_ihl = 0x45;
	}
	uint32_t a = ip->src;
	ip->src = ip->dst;
	ip->dst = a;
	ip->total_len = sr6_htons((uint16_t)pkt->len);
	ip->ttl = SR6_ICMP_HOP_LIMIT;
	sr6_ip4_set_checksum(ip);

	icmp[0] = SR6_ICMP4_ECHO_REPLY;
	icmp[1] = 0;
	memset(icmp + 2, 0, 2);
	uint16_t c = icmp4_checksum(icmp, icmp_len);
	memcpy(icmp + 2, &c, 2);
	pkt->flow_hash = 0;
	return 0;
}
