// SPDX-License-Identifier: MIT
/*
 * IPv6 extension-header chain walk (RFC 8200 §4).
 *
 * One loop, one header per turn, with `end` = 40 + Payload Length as the only
 * bound: every read is checked against it first, so a length field that
 * points past the packet is IP6_EXTHDR, never a read. The loop is capped at
 * SR6_EXTHDR_MAX headers, so a chain of 8-byte Destination Options headers
 * costs at most that many turns whatever the packet size.
 *
 * Header lengths differ by type:
 *   HBH, DestOpt, Routing ... (Hdr Ext Len + 1) * 8          RFC 8200 §4.3-4.6
 *   Fragment ................ 8                              RFC 8200 §4.5
 *   AH ...................... (Payload Len + 2) * 4          RFC 4302 §2.2
 *   ESP ..................... opaque: the walk stops there   RFC 4303
 */
#include "exthdr.h"

#include "bytes.h"

#define IP6_HDR_LEN	    40
#define IP6_OFF_NEXT_HEADER 6
#define FRAG_OFFSET_MASK    0xfff8 /* offset in 8-octet units, above res and M */

enum sr6_drop sr6_ip6_walk(const uint8_t *pkt, uint32_t len, struct sr6_ip6_info *info)
{
	*info = (struct sr6_ip6_info){.l4_proto = SR6_IPPROTO_NONE};

	if (len < IP6_HDR_LEN)
		return SR6_DROP_IP6_TRUNCATED;
	if ((pkt[0] >> 4) != 6)
		return SR6_DROP_IP6_VERSION;
	uint32_t end = IP6_HDR_LEN + sr6_get_be16(pkt + 4);
	if (end > len)
		return SR6_DROP_IP6_LENGTH;

	uint32_t off = IP6_HDR_LEN, nh_off = IP6_OFF_NEXT_HEADER;
	uint8_t nh = pkt[nh_off];
	/*
	 * The common SRv6 packet: one Routing header right after the IPv6
	 * header, the upper layer right after it. What the loop would find in
	 * two turns, with the same checks.
	 */
	if (nh == SR6_IPPROTO_ROUTING && end - off >= 2) {
		uint32_t hlen = ((uint32_t)pkt[off + 1] + 1) * 8;
		uint8_t next = pkt[off];
		if (hlen <= end - off && !sr6_is_exthdr(next)) {
			info->rh_off = (uint16_t)off;
			info->prev_nh_off = (uint16_t)nh_off;
			if (pkt[off + 2] == SR6_SRH_ROUTING_TYPE)
				info->srh_off = (uint16_t)off;
			info->l4_proto = next;
			info->l4_nh_off = (uint16_t)off;
			info->l4_off = (uint16_t)(off + hlen);
			return SR6_DROP_NONE;
		}
	}
	for (unsigned n = 0;; n++) {
		uint32_t hlen;

		if (!sr6_is_exthdr(nh) || nh == SR6_IPPROTO_ESP) {
			/* upper layer, ESP or No Next Header: the chain ends */
			info->l4_proto = nh;
			info->l4_nh_off = (uint16_t)nh_off;
			info->l4_off = (uint16_t)off;
			return SR6_DROP_NONE;
		}
		if (n == SR6_EXTHDR_MAX)
			return SR6_DROP_IP6_EXTHDR;
		/* RFC 8200 §4.1: Hop-by-Hop only immediately after the IPv6 header */
		if (nh == SR6_IPPROTO_HOPOPTS && off != IP6_HDR_LEN)
			return SR6_DROP_IP6_EXTHDR;
		if (end - off < 2)
			return SR6_DROP_IP6_EXTHDR;

		switch (nh) {
		case SR6_IPPROTO_FRAGMENT:
			hlen = sizeof(struct sr6_frag_hdr);
			break;
		case SR6_IPPROTO_AH:
			hlen = ((uint32_t)pkt[off + 1] + 2) * 4;
			break;
		default:
			hlen = ((uint32_t)pkt[off + 1] + 1) * 8;
			break;
		}
		if (end - off < hlen)
			return SR6_DROP_IP6_EXTHDR;

		if (nh == SR6_IPPROTO_ROUTING) {
			if (!info->rh_off) {
				info->rh_off = (uint16_t)off;
				info->prev_nh_off = (uint16_t)nh_off;
			}
			if (!info->srh_off && pkt[off + 2] == SR6_SRH_ROUTING_TYPE)
				info->srh_off = (uint16_t)off;
		} else if (nh == SR6_IPPROTO_FRAGMENT) {
			if (!info->frag_off)
				info->frag_off = (uint16_t)off;
			if (sr6_get_be16(pkt + off + 2) & FRAG_OFFSET_MASK) {
				/* a later fragment: what follows is the middle of
				 * the upper-layer data, not a header */
				info->is_later_fragment = 1;
				info->l4_proto = pkt[off];
				info->l4_nh_off = (uint16_t)off;
				info->l4_off = (uint16_t)(off + hlen);
				return SR6_DROP_NONE;
			}
		}
		nh_off = off;
		nh = pkt[off];
		off += hlen;
	}
}
