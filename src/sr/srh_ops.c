// SPDX-License-Identifier: MIT
/*
 * Shared packet surgery of the endpoint behaviors (RFC 8986 §4.1, §4.1.1,
 * §4.16; RFC 8754 §4.3.1).
 *
 *   advance (SL 2 -> 1):
 *     in:  IPv6(DA=S1, hlim h) | SRH(S3,S2,S1; SL=2) | payload
 *     out: IPv6(DA=S2, hlim h-1) | SRH(S3,S2,S1; SL=1) | payload
 *
 *   pop (PSP/USP), headers in front of the SRH slide forward:
 *     in:  | IPv6 | DOH | SRH | UDP |          data
 *     out:       | IPv6 | DOH | UDP |     data += SRH length
 *           (DOH Next Header = SRH's, Payload Length -= SRH length)
 *
 *   decap:
 *     in:  | IPv6 | SRH | inner IPv6 ... |     data
 *     out:              | inner IPv6 ... |   data += upper-layer offset
 *
 * Nothing here reads a byte the walk did not put inside a header: the SRH
 * is read past its fixed part only after sr6_srh_validate() bounded Last
 * Entry and Segments Left by its Hdr Ext Len.
 */
#include "srh_ops.h"

#include <string.h>

#include "../core/csum.h"

#define IP6_HDR_LEN	     40
#define IP6_OFF_PAYLOAD_LEN  4
#define IP6_OFF_NEXT_HEADER  6
#define RH_OFF_ROUTING_TYPE  2
#define RH_OFF_SEGMENTS_LEFT 3
#define ICMP6_ECHO_HDR_LEN   8

bool sr6_rh_check(const struct sr6_pkt *p, const struct sr6_ip6_info *info, struct sr6_verdict *v)
{
	if (!info->rh_off || info->rh_off == info->srh_off ||
	    p->data[info->rh_off + RH_OFF_SEGMENTS_LEFT] == 0)
		return true;
	sr6_verdict_icmp6(v, SR6_DROP_SRH_BAD_TYPE, SR6_ICMP6_PARAM_PROB,
			  SR6_ICMP6_PARAMPROB_HEADER, info->rh_off + RH_OFF_ROUTING_TYPE);
	return false;
}

bool sr6_srh_check(const struct sr6_pkt *p, const struct sr6_ip6_info *info, struct sr6_verdict *v)
{
	uint32_t err_off = 0;
	/* the walk bounded the SRH by the payload: avail is at least its length */
	enum sr6_drop why =
	    sr6_srh_validate(p->data + info->srh_off, p->len - info->srh_off, &err_off);
	if (why == SR6_DROP_NONE)
		return true;
	/*
	 * S10 names the error for Last Entry and Segments Left. RFC 8754 names
	 * none for a malformed TLV; RFC 4443 §3.4 does for "a problem with a
	 * field in the IPv6 header or extension headers such that it cannot
	 * complete processing the packet": Parameter Problem code 0 at it.
	 */
	sr6_verdict_icmp6(v, why, SR6_ICMP6_PARAM_PROB, SR6_ICMP6_PARAMPROB_HEADER,
			  info->srh_off + err_off);
	return false;
}

enum sr6_step sr6_end_advance(struct sr6_pkt *p, const struct sr6_ip6_info *info,
			      struct sr6_verdict *v)
{
	/* S05-S07 */
	if (!sr6_hop_limit_ok(p, v))
		return SR6_STEP_DONE;
	/* S08-S11: max_LE = (Hdr Ext Len / 2) - 1; LE <= max_LE; SL <= LE + 1 */
	if (!sr6_srh_check(p, info, v))
		return SR6_STEP_DONE;
	struct sr6_srh *srh = sr6_pkt_srh(p, info);
	struct sr6_ip6_hdr *ip6 = (struct sr6_ip6_hdr *)p->data;
	/* S12. Decrement IPv6 Hop Limit by 1 */
	sr6_hop_limit_dec(p);
	/* S13. Decrement Segments Left by 1 */
	srh->segments_left--;
	/* S14. Update IPv6 DA with Segment List[Segments Left] */
	memcpy(&ip6->dst, &srh->segments[srh->segments_left], sizeof(ip6->dst));
	return SR6_STEP_NEXT;
}

/*
 * The byte holding the Next Header value that names the header at target,
 * which the walk found on the chain (so every length read here was
 * bounds-checked by it). Only needed when another Routing header precedes
 * the SRH; otherwise the walk recorded it.
 */
static uint32_t naming_byte(const uint8_t *pkt, uint32_t target)
{
	uint32_t off = IP6_HDR_LEN, nh_off = IP6_OFF_NEXT_HEADER;
	uint8_t nh = pkt[nh_off];
	while (off < target) {
		uint32_t hlen;
		if (nh == SR6_IPPROTO_FRAGMENT)
			hlen = sizeof(struct sr6_frag_hdr);
		else if (nh == SR6_IPPROTO_AH)
			hlen = ((uint32_t)pkt[off + 1] + 2) * 4;
		else
			hlen = ((uint32_t)pkt[off + 1] + 1) * 8;
		nh_off = off;
		nh = pkt[off];
		off += hlen;
	}
	return nh_off;
}

static void off_after_pop(uint16_t *off, uint32_t srh_off, uint32_t len)
{
	if (*off > srh_off)
		*off = (uint16_t)(*off - len);
}

void sr6_srh_pop(struct sr6_pkt *p, struct sr6_ip6_info *info)
{
	uint32_t off = info->srh_off;
	const struct sr6_srh *srh = sr6_pkt_srh(p, info);
	uint32_t len = sr6_srh_len(srh);
	uint32_t nh_off = info->rh_off == off ? info->prev_nh_off : naming_byte(p->data, off);

	/* S14.2. Update the Next Header field in the preceding header */
	p->data[nh_off] = srh->next_header;
	/* S14.3. Decrease the IPv6 header Payload Length by 8*(Hdr Ext Len+1) */
	sr6_put_be16(p->data + IP6_OFF_PAYLOAD_LEN,
		     (uint16_t)(sr6_get_be16(p->data + IP6_OFF_PAYLOAD_LEN) - len));
	/* S14.4. Remove the SRH from the IPv6 extension header chain */
	memmove(p->data + len, p->data, off);
	sr6_pkt_pull(p, len);

	if (info->l4_nh_off == off)
		info->l4_nh_off = (uint16_t)nh_off;
	else
		off_after_pop(&info->l4_nh_off, off, len);
	off_after_pop(&info->l4_off, off, len);
	off_after_pop(&info->frag_off, off, len);
	if (info->rh_off == off)
		info->rh_off = 0;
	info->srh_off = 0;
}

void sr6_upper_layer(const struct sr6_pkt *p, const struct sr6_ip6_info *info,
		     struct sr6_verdict *v)
{
	uint32_t l4 = info->l4_off;
	if (info->frag_off) {
		sr6_verdict_drop(v, SR6_DROP_SR_FRAGMENT);
		return;
	}
	/* S01-S02: the only upper layer a SID serves is ICMPv6 echo (RFC 9259 ping) */
	if (info->l4_proto == SR6_IPPROTO_ICMPV6 && l4 + ICMP6_ECHO_HDR_LEN <= p->len &&
	    p->data[l4] == SR6_ICMP6_ECHO_REQUEST) {
		v->kind = SR6_V_ECHO;
		v->data = l4;
		return;
	}
	/* S04. Parameter Problem, Code 4, Pointer = offset of the upper-layer header */
	sr6_verdict_icmp6(v, SR6_DROP_SR_UPPER_LAYER, SR6_ICMP6_PARAM_PROB,
			  SR6_ICMP6_PARAMPROB_SEGMENT, l4);
}

static enum sr6_drop inner_ip6_check(struct sr6_pkt *p)
{
	if (p->len < IP6_HDR_LEN)
		return SR6_DROP_IP6_TRUNCATED;
	if ((p->data[0] >> 4) != 6)
		return SR6_DROP_IP6_VERSION;
	uint32_t total = IP6_HDR_LEN + sr6_get_be16(p->data + IP6_OFF_PAYLOAD_LEN);
	if (total > p->len)
		return SR6_DROP_IP6_LENGTH;
	sr6_pkt_trim(p, total);
	return SR6_DROP_NONE;
}

static enum sr6_drop inner_ip4_check(struct sr6_pkt *p)
{
	const struct sr6_ip4_hdr *ip = (const struct sr6_ip4_hdr *)p->data;
	if (p->len < sizeof(*ip))
		return SR6_DROP_IP4_TRUNCATED;
	uint32_t ihl = (ip->ver_ihl & 0xfu) * 4u;
	if ((ip->ver_ihl >> 4) != 4 || ihl < sizeof(*ip) || ihl > p->len)
		return SR6_DROP_IP4_HEADER;
	if (!sr6_ip4_checksum_ok(ip, ihl))
		return SR6_DROP_IP4_CHECKSUM;
	uint32_t total = sr6_ntohs(ip->total_len);
	if (total < ihl || total > p->len)
		return SR6_DROP_IP4_LENGTH;
	sr6_pkt_trim(p, total);
	return SR6_DROP_NONE;
}

enum sr6_drop sr6_decap(struct sr6_pkt *p, const struct sr6_ip6_info *info)
{
	if (info->frag_off)
		return SR6_DROP_SR_FRAGMENT;
	sr6_pkt_pull(p, info->l4_off);
	switch (info->l4_proto) {
	case SR6_IPPROTO_IPV6:
		return inner_ip6_check(p);
	case SR6_IPPROTO_IPIP:
		return inner_ip4_check(p);
	default: /* SR6_IPPROTO_ETHERNET: the only other type a behavior decapsulates */
		return p->len < sizeof(struct sr6_eth_hdr) ? SR6_DROP_L2_RUNT : SR6_DROP_NONE;
	}
}
