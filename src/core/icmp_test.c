// SPDX-License-Identifier: MIT
/*
 * ICMP tests. Expected packets are whole byte arrays, generated once by an
 * independent Python model and checked by tshark (every IP, ICMP, ICMPv6
 * and quoted UDP checksum "Good"). Packets live in exact-size heap buffers
 * (headroom + packet, nothing after) so ASan catches any over-read.
 *
 * Addresses: S 2001:db8::1 (sender), D 2001:db8:1::2 (its destination),
 * R 2001:db8::ff (the router); IPv4 S4 198.51.100.7, D4 203.0.113.9,
 * R4 192.0.2.1.
 */
#include "core/icmp.h"

#include <errno.h>

#include "check.h"
#include "core/bytes.h"
#include "core/csum.h"

/* IPv6(S -> D, UDP) | UDP 1234 -> 5678 "ping" */
static const uint8_t orig6[52] = {
    0x60, 0x00, 0x00, 0x00, 0x00, 0x0c, 0x11, 0x40, 0x20, 0x01, 0x0d, 0xb8, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x20, 0x01,
    0x0d, 0xb8, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x02, 0x04, 0xd2, 0x16, 0x2e, 0x00, 0x0c, 0xaa, 0x8f, 0x70, 0x69, 0x6e, 0x67,
};

/* The 48 bytes an ICMPv6 error from R to S puts in front of orig6, for
 * each type: only the ICMPv6 word 0 and 1 differ. */
static const uint8_t err6_ip[40] = {
    0x60, 0x00, 0x00, 0x00, 0x00, 0x3c, 0x3a, 0x40, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0x20, 0x01, 0x0d, 0xb8,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
};

/* IPv4(S4 -> D4, UDP, id 0x1c46, DF) | UDP 1234 -> 5678 "ping" */
static const uint8_t orig4[32] = {
    0x45, 0x00, 0x00, 0x20, 0x1c, 0x46, 0x40, 0x00, 0x40, 0x11, 0xb8, 0x42, 0xc6, 0x33, 0x64, 0x07,
    0xcb, 0x00, 0x71, 0x09, 0x04, 0xd2, 0x16, 0x2e, 0x00, 0x0c, 0x9f, 0xc0, 0x70, 0x69, 0x6e, 0x67,
};

/* IPv4(R4 -> S4, tos 0xc0, id 0, DF, ttl 64, ICMP), without the ICMP. */
static const uint8_t err4_ip[20] = {
    0x45, 0xc0, 0x00, 0x3c, 0x00, 0x00, 0x40, 0x00, 0x40, 0x01,
    0x4d, 0xc5, 0xc0, 0x00, 0x02, 0x01, 0xc6, 0x33, 0x64, 0x07,
};

/* ICMPv6 echo request S -> D, flow label 0x12345, id 0x1234 seq 1 "abcdefgh" */
static const uint8_t echo6_req[56] = {
    0x60, 0x01, 0x23, 0x45, 0x00, 0x10, 0x3a, 0x40, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x20, 0x01, 0x0d, 0xb8,
    0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x80, 0x00,
    0x80, 0x74, 0x12, 0x34, 0x00, 0x01, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68,
};

/* Its reply D -> S: flow label 0, hop limit 64, type 129, checksum 0x7f74 */
static const uint8_t echo6_rep[56] = {
    0x60, 0x00, 0x00, 0x00, 0x00, 0x10, 0x3a, 0x40, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x20, 0x01, 0x0d, 0xb8,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x81, 0x00,
    0x7f, 0x74, 0x12, 0x34, 0x00, 0x01, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68,
};

/* ICMP echo request S4 -> D4, ttl 57, id 0x1c46, DF, "abcdefgh" */
static const uint8_t echo4_req[36] = {
    0x45, 0x00, 0x00, 0x24, 0x1c, 0x46, 0x40, 0x00, 0x39, 0x01, 0xbf, 0x4e,
    0xc6, 0x33, 0x64, 0x07, 0xcb, 0x00, 0x71, 0x09, 0x08, 0x00, 0x54, 0x35,
    0x12, 0x34, 0x00, 0x01, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68,
};

/* Its reply D4 -> S4, ttl 64, type 0 */
static const uint8_t echo4_rep[36] = {
    0x45, 0x00, 0x00, 0x24, 0x1c, 0x46, 0x40, 0x00, 0x40, 0x01, 0xb8, 0x4e,
    0xcb, 0x00, 0x71, 0x09, 0xc6, 0x33, 0x64, 0x07, 0x00, 0x00, 0x5c, 0x35,
    0x12, 0x34, 0x00, 0x01, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68,
};

static const struct sr6_ip6 router6 = {
    {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff}};
#define ROUTER4_BE sr6_htonl(0xc0000201) /* 192.0.2.1 */

/* A packet of len bytes behind headroom bytes, in a buffer of exactly that. */
static struct sr6_pkt *mkpkt(size_t headroom, const uint8_t *bytes, uint32_t len)
{
	struct sr6_pkt *p = calloc(1, sizeof(*p));
	p->head = malloc(headroom + len);
	p->end = p->head + headroom + len;
	p->data = p->head + headroom;
	p->len = len;
	memcpy(p->data, bytes, len);
	return p;
}

static void freepkt(struct sr6_pkt *p)
{
	free(p->head);
	free(p);
}

/* The ICMPv6 checksum of the message in p verifies. */
static bool icmp6_sum_ok(const struct sr6_pkt *p, uint32_t l4_off)
{
	const struct sr6_ip6_hdr *ip6 = (const struct sr6_ip6_hdr *)p->data;
	uint32_t n = p->len - l4_off;
	uint32_t s = sr6_csum_pseudo6(&ip6->src, &ip6->dst, n, SR6_IPPROTO_ICMPV6);
	return sr6_csum_partial(p->data + l4_off, n, s) == 0xffff;
}

/*
 * in:  IPv6(S -> D) | UDP "ping"                                 (52)
 * out: IPv6(R -> S, hlim 64) | ICMPv6 type/code/csum/data | in   (100)
 */
static void check_icmp6_error(uint8_t type, uint8_t code, uint32_t data, const uint8_t want_icmp[8])
{
	struct sr6_pkt *p = mkpkt(SR6_PKT_HEADROOM, orig6, sizeof(orig6));
	CHECK_EQ(sr6_icmp6_error(p, &router6, type, code, data), 0);
	CHECK_EQ(p->len, 100);
	CHECK_EQ(sr6_pkt_headroom(p), SR6_PKT_HEADROOM - 48);
	CHECK_MEM(p->data, err6_ip, 40);
	CHECK_MEM(p->data + 40, want_icmp, 8);
	CHECK_MEM(p->data + 48, orig6, sizeof(orig6));
	CHECK(icmp6_sum_ok(p, 40));
	CHECK(p->flags & SR6_PKT_F_ICMP_ERR);
	freepkt(p);
}

static void icmp6_time_exceeded_bytes(void)
{
	static const uint8_t icmp[8] = {0x03, 0x00, 0x2e, 0xe8, 0, 0, 0, 0};
	check_icmp6_error(SR6_ICMP6_TIME_EXCEEDED, SR6_ICMP6_TIME_EXCEED_HOPLIMIT, 0, icmp);
}

/* Pointer 43: e.g. Segments Left of an SRH right after the IPv6 header. */
static void icmp6_param_problem_carries_pointer_43(void)
{
	static const uint8_t icmp[8] = {0x04, 0x00, 0x2d, 0xbd, 0, 0, 0, 43};
	check_icmp6_error(SR6_ICMP6_PARAM_PROB, SR6_ICMP6_PARAMPROB_HEADER, 43, icmp);
}

static void icmp6_packet_too_big_carries_mtu(void)
{
	static const uint8_t icmp[8] = {0x02, 0x00, 0x2a, 0xe8, 0x00, 0x00, 0x05, 0x00};
	check_icmp6_error(SR6_ICMP6_PACKET_TOO_BIG, 0, 1280, icmp);
}

static void icmp6_dest_unreachable_address_bytes(void)
{
	static const uint8_t icmp[8] = {0x01, 0x03, 0x30, 0xe5, 0, 0, 0, 0};
	check_icmp6_error(SR6_ICMP6_DEST_UNREACH, SR6_ICMP6_UNREACH_ADDR, 0, icmp);
}

/* in: a 1500-byte IPv6/UDP packet. out: 1280 bytes = 48 + the first 1232
 * bytes of in; Payload Length 1240. */
static void icmp6_error_quote_trimmed_to_1280(void)
{
	uint8_t big[1500];
	memcpy(big, orig6, 48);
	for (int i = 48; i < 1500; i++)
		big[i] = (uint8_t)i;
	sr6_put_be16(big + 4, 1460);
	struct sr6_pkt *p = mkpkt(SR6_PKT_HEADROOM, big, sizeof(big));
	CHECK_EQ(sr6_icmp6_error(p, &router6, SR6_ICMP6_PACKET_TOO_BIG, 0, 1400), 0);
	CHECK_EQ(p->len, SR6_ICMP6_ERR_MAX);
	CHECK_EQ(sr6_get_be16(p->data + 4), 1240);
	CHECK_MEM(p->data + 48, big, 1232);
	CHECK_EQ(sr6_get_be32(p->data + 44), 1400);
	CHECK(icmp6_sum_ok(p, 40));
	freepkt(p);
}

/* in: orig6 + 6 bytes of Ethernet padding. out: as without the padding. */
static void icmp6_error_does_not_quote_link_padding(void)
{
	uint8_t padded[58] = {0};
	memcpy(padded, orig6, sizeof(orig6));
	struct sr6_pkt *p = mkpkt(SR6_PKT_HEADROOM, padded, sizeof(padded));
	CHECK_EQ(sr6_icmp6_error(p, &router6, SR6_ICMP6_TIME_EXCEEDED, 0, 0), 0);
	CHECK_EQ(p->len, 100);
	CHECK_MEM(p->data, err6_ip, 40);
	CHECK(icmp6_sum_ok(p, 40));
	freepkt(p);
}

/* 47 bytes of headroom: -ENOSPC, nothing touched; 48 is enough. */
static void icmp6_error_without_headroom_is_enospc(void)
{
	struct sr6_pkt *p = mkpkt(47, orig6, sizeof(orig6));
	uint8_t *data = p->data;
	CHECK_EQ(sr6_icmp6_error(p, &router6, SR6_ICMP6_TIME_EXCEEDED, 0, 0), -ENOSPC);
	CHECK(p->data == data);
	CHECK_EQ(p->len, sizeof(orig6));
	CHECK_MEM(p->data, orig6, sizeof(orig6));
	CHECK_EQ(p->flags, 0);
	freepkt(p);
	p = mkpkt(48, orig6, sizeof(orig6));
	CHECK_EQ(sr6_icmp6_error(p, &router6, SR6_ICMP6_TIME_EXCEEDED, 0, 0), 0);
	CHECK(p->data == p->head);
	freepkt(p);
}

/* The source may be the packet's own destination address (an error from
 * the address the packet was sent to): read before it is overwritten. */
static void icmp6_error_source_may_point_into_packet(void)
{
	struct sr6_pkt *p = mkpkt(SR6_PKT_HEADROOM, orig6, sizeof(orig6));
	const struct sr6_ip6_hdr *ip6 = (const struct sr6_ip6_hdr *)p->data;
	CHECK_EQ(sr6_icmp6_error(p, &ip6->dst, SR6_ICMP6_DEST_UNREACH, 4, 0), 0);
	CHECK_MEM(p->data + 8, orig6 + 24, 16); /* src = original dst */
	CHECK_MEM(p->data + 24, orig6 + 8, 16); /* dst = original src */
	CHECK(icmp6_sum_ok(p, 40));
	freepkt(p);
}

static void icmp6_error_rejects_packet_shorter_than_ip6_header(void)
{
	struct sr6_pkt *p = mkpkt(SR6_PKT_HEADROOM, orig6, 39);
	CHECK_EQ(sr6_icmp6_error(p, &router6, SR6_ICMP6_TIME_EXCEEDED, 0, 0), -EINVAL);
	freepkt(p);
}

/* An IPv6 packet S -> D carrying ICMPv6 of the given type at offset 40. */
static struct sr6_pkt *icmp6_pkt(uint8_t icmp_type)
{
	struct sr6_pkt *p = mkpkt(SR6_PKT_HEADROOM, echo6_req, sizeof(echo6_req));
	p->data[40] = icmp_type;
	return p;
}

static void icmp6_error_allowed_for_plain_udp(void)
{
	struct sr6_pkt *p = mkpkt(SR6_PKT_HEADROOM, orig6, sizeof(orig6));
	CHECK(sr6_icmp6_error_allowed(p, SR6_IPPROTO_UDP, 40, SR6_ICMP6_TIME_EXCEEDED, 0));
	CHECK(sr6_icmp6_error_allowed(p, SR6_IPPROTO_UDP, 40, SR6_ICMP6_PARAM_PROB, 0));
	freepkt(p);
}

/* RFC 4443 §2.4 (e.1): types 0..127 are errors; none gets an error. */
static void icmp6_no_error_about_an_icmpv6_error(void)
{
	for (unsigned t = 0; t < 128; t++) {
		struct sr6_pkt *p = icmp6_pkt((uint8_t)t);
		CHECK(!sr6_icmp6_error_allowed(p, SR6_IPPROTO_ICMPV6, 40, SR6_ICMP6_TIME_EXCEEDED,
					       0));
		freepkt(p);
	}
}

/* (e.2): no error about a Redirect (137). */
static void icmp6_no_error_about_a_redirect(void)
{
	struct sr6_pkt *p = icmp6_pkt(137);
	CHECK(!sr6_icmp6_error_allowed(p, SR6_IPPROTO_ICMPV6, 40, SR6_ICMP6_DEST_UNREACH, 0));
	freepkt(p);
}

/* Informational messages other than Redirect may get errors. */
static void icmp6_error_allowed_about_informational_messages(void)
{
	static const uint8_t types[] = {128, 129, 133, 135, 136, 200, 255};
	for (size_t i = 0; i < sizeof(types); i++) {
		struct sr6_pkt *p = icmp6_pkt(types[i]);
		CHECK(
		    sr6_icmp6_error_allowed(p, SR6_IPPROTO_ICMPV6, 40, SR6_ICMP6_TIME_EXCEEDED, 0));
		freepkt(p);
	}
}

/* A truncated ICMPv6 header (l4_off at the end) or a later fragment
 * (caller passes NONE) is treated as not an error message. */
static void icmp6_error_allowed_when_icmpv6_type_unreachable(void)
{
	struct sr6_pkt *p = icmp6_pkt(1);
	p->len = 40;
	CHECK(sr6_icmp6_error_allowed(p, SR6_IPPROTO_ICMPV6, 40, SR6_ICMP6_TIME_EXCEEDED, 0));
	p->len = sizeof(echo6_req);
	CHECK(sr6_icmp6_error_allowed(p, SR6_IPPROTO_NONE, p->len, SR6_ICMP6_TIME_EXCEEDED, 0));
	freepkt(p);
}

/* IPv6(pl 0, nh ICMPv6) | link padding whose first byte is 1: the padding
 * is no ICMPv6 message, so it is not an error message either. */
static void icmp6_link_padding_is_not_an_icmpv6_type(void)
{
	struct sr6_pkt *p = icmp6_pkt(1);
	sr6_put_be16(p->data + 4, 0);
	CHECK(sr6_icmp6_error_allowed(p, SR6_IPPROTO_ICMPV6, 40, SR6_ICMP6_TIME_EXCEEDED, 0));
	freepkt(p);
}

/* (e.6): the unspecified address and multicast never name one node. */
static void icmp6_no_error_to_unspecified_or_multicast_source(void)
{
	struct sr6_pkt *p = mkpkt(SR6_PKT_HEADROOM, orig6, sizeof(orig6));
	memset(p->data + 8, 0, 16);
	CHECK(!sr6_icmp6_error_allowed(p, SR6_IPPROTO_UDP, 40, SR6_ICMP6_PACKET_TOO_BIG, 0));
	p->data[8] = 0xff;
	p->data[9] = 0x02;
	p->data[23] = 1;
	CHECK(!sr6_icmp6_error_allowed(p, SR6_IPPROTO_UDP, 40, SR6_ICMP6_PACKET_TOO_BIG, 0));
	freepkt(p);
}

/* (e.3): to a multicast destination only Packet Too Big and Parameter
 * Problem code 2 (unrecognized option). */
static void icmp6_multicast_destination_gets_only_ptb_and_option_problem(void)
{
	struct sr6_pkt *p = mkpkt(SR6_PKT_HEADROOM, orig6, sizeof(orig6));
	p->data[24] = 0xff;
	p->data[25] = 0x0e;
	CHECK(sr6_icmp6_error_allowed(p, SR6_IPPROTO_UDP, 40, SR6_ICMP6_PACKET_TOO_BIG, 0));
	CHECK(sr6_icmp6_error_allowed(p, SR6_IPPROTO_UDP, 40, SR6_ICMP6_PARAM_PROB,
				      SR6_ICMP6_PARAMPROB_OPTION));
	CHECK(!sr6_icmp6_error_allowed(p, SR6_IPPROTO_UDP, 40, SR6_ICMP6_PARAM_PROB,
				       SR6_ICMP6_PARAMPROB_HEADER));
	CHECK(!sr6_icmp6_error_allowed(p, SR6_IPPROTO_UDP, 40, SR6_ICMP6_TIME_EXCEEDED, 0));
	CHECK(!sr6_icmp6_error_allowed(p, SR6_IPPROTO_UDP, 40, SR6_ICMP6_DEST_UNREACH, 0));
	freepkt(p);
}

/*
 * in:  IPv4(S4 -> D4) | UDP "ping"                             (32)
 * out: IPv4(R4 -> S4, tos 0xc0, DF, ttl 64) | ICMP | in        (60)
 */
static void check_icmp4_error(uint8_t type, uint8_t code, uint32_t data, const uint8_t want_icmp[8])
{
	struct sr6_pkt *p = mkpkt(SR6_PKT_HEADROOM, orig4, sizeof(orig4));
	CHECK_EQ(sr6_icmp4_error(p, ROUTER4_BE, type, code, data), 0);
	CHECK_EQ(p->len, 60);
	CHECK_MEM(p->data, err4_ip, 20);
	CHECK_MEM(p->data + 20, want_icmp, 8);
	CHECK_MEM(p->data + 28, orig4, sizeof(orig4));
	CHECK(sr6_ip4_checksum_ok((const struct sr6_ip4_hdr *)p->data, 20));
	CHECK_EQ(sr6_csum_partial(p->data + 20, 40, 0), 0xffff);
	CHECK(p->flags & SR6_PKT_F_ICMP_ERR);
	freepkt(p);
}

static void icmp4_time_exceeded_bytes(void)
{
	static const uint8_t icmp[8] = {0x0b, 0x00, 0x5b, 0x62, 0, 0, 0, 0};
	check_icmp4_error(SR6_ICMP4_TIME_EXCEEDED, 0, 0, icmp);
}

/* RFC 792: the pointer (20: the UDP header) is the first data byte. */
static void icmp4_param_problem_pointer_in_first_byte(void)
{
	static const uint8_t icmp[8] = {0x0c, 0x00, 0x46, 0x62, 0x14, 0, 0, 0};
	check_icmp4_error(SR6_ICMP4_PARAM_PROB, 0, 20, icmp);
}

/* RFC 1191: next-hop MTU 1400 in the low 16 bits. */
static void icmp4_frag_needed_carries_mtu(void)
{
	static const uint8_t icmp[8] = {0x03, 0x04, 0x5d, 0xe6, 0x00, 0x00, 0x05, 0x78};
	check_icmp4_error(SR6_ICMP4_DEST_UNREACH, SR6_ICMP4_UNREACH_NEEDFRAG, 1400, icmp);
}

/* in: 1500-byte IPv4/UDP. out: 576 bytes, quote = first 548 bytes of in. */
static void icmp4_error_quote_trimmed_to_576(void)
{
	uint8_t big[1500];
	memcpy(big, orig4, 28);
	for (int i = 28; i < 1500; i++)
		big[i] = (uint8_t)i;
	sr6_put_be16(big + 2, 1500);
	struct sr6_pkt *p = mkpkt(SR6_PKT_HEADROOM, big, sizeof(big));
	CHECK_EQ(sr6_icmp4_error(p, ROUTER4_BE, SR6_ICMP4_DEST_UNREACH, 1, 0), 0);
	CHECK_EQ(p->len, SR6_ICMP4_ERR_MAX);
	CHECK_EQ(sr6_get_be16(p->data + 2), 576);
	CHECK_MEM(p->data + 28, big, 548);
	CHECK(sr6_ip4_checksum_ok((const struct sr6_ip4_hdr *)p->data, 20));
	CHECK_EQ(sr6_csum_partial(p->data + 20, 556, 0), 0xffff);
	freepkt(p);
}

static void icmp4_error_without_headroom_is_enospc(void)
{
	struct sr6_pkt *p = mkpkt(27, orig4, sizeof(orig4));
	CHECK_EQ(sr6_icmp4_error(p, ROUTER4_BE, SR6_ICMP4_TIME_EXCEEDED, 0, 0), -ENOSPC);
	CHECK_EQ(p->len, sizeof(orig4));
	CHECK_MEM(p->data, orig4, sizeof(orig4));
	freepkt(p);
	p = mkpkt(28, orig4, sizeof(orig4));
	CHECK_EQ(sr6_icmp4_error(p, ROUTER4_BE, SR6_ICMP4_TIME_EXCEEDED, 0, 0), 0);
	freepkt(p);
}

/* echo4_req with the byte at off set to val, checked for §4.3.2.7. */
static bool icmp4_allowed_with(uint32_t off, uint8_t val)
{
	struct sr6_pkt *p = mkpkt(SR6_PKT_HEADROOM, echo4_req, sizeof(echo4_req));
	p->data[off] = val;
	bool ok = sr6_icmp4_error_allowed(p);
	freepkt(p);
	return ok;
}

static void icmp4_error_allowed_for_plain_packets_and_queries(void)
{
	struct sr6_pkt *p = mkpkt(SR6_PKT_HEADROOM, orig4, sizeof(orig4));
	CHECK(sr6_icmp4_error_allowed(p));
	freepkt(p);
	CHECK(icmp4_allowed_with(20, SR6_ICMP4_ECHO_REQUEST));
	CHECK(icmp4_allowed_with(20, SR6_ICMP4_ECHO_REPLY));
	CHECK(icmp4_allowed_with(20, 13)); /* timestamp */
}

/* No error about an ICMP error (3, 4, 5, 11, 12) nor an unknown type. */
static void icmp4_no_error_about_an_icmp_error(void)
{
	static const uint8_t errs[] = {3, 4, 5, 11, 12, 19, 42, 255};
	for (size_t i = 0; i < sizeof(errs); i++)
		CHECK(!icmp4_allowed_with(20, errs[i]));
}

/* Only the first fragment: offset != 0 gets nothing, MF alone is fine. */
static void icmp4_no_error_about_later_fragment(void)
{
	CHECK(!icmp4_allowed_with(7, 0x01)); /* offset 1 */
	CHECK(icmp4_allowed_with(6, 0x20));  /* MF, offset 0 */
}

/* Sources that name no one host: 0/8, 127/8, 224/4, 240/4, broadcast. */
static void icmp4_no_error_to_invalid_source(void)
{
	static const uint8_t nets[] = {0, 127, 224, 239, 240, 255};
	for (size_t i = 0; i < sizeof(nets); i++)
		CHECK(!icmp4_allowed_with(12, nets[i]));
	CHECK(icmp4_allowed_with(12, 10));
}

static void icmp4_no_error_for_multicast_or_broadcast_destination(void)
{
	CHECK(!icmp4_allowed_with(16, 224));
	struct sr6_pkt *p = mkpkt(SR6_PKT_HEADROOM, orig4, sizeof(orig4));
	memset(p->data + 16, 0xff, 4);
	CHECK(!sr6_icmp4_error_allowed(p));
	freepkt(p);
}

/* IPv4(total length 20, ICMP) | link padding starting with 3: no ICMP
 * message is there to be an error. */
static void icmp4_link_padding_is_not_an_icmp_type(void)
{
	struct sr6_pkt *p = mkpkt(SR6_PKT_HEADROOM, echo4_req, sizeof(echo4_req));
	sr6_put_be16(p->data + 2, 20);
	p->data[20] = SR6_ICMP4_DEST_UNREACH;
	CHECK(sr6_icmp4_error_allowed(p));
	freepkt(p);
}

static void icmp4_no_error_for_malformed_header(void)
{
	CHECK(!icmp4_allowed_with(0, 0x44)); /* IHL 4 */
	CHECK(!icmp4_allowed_with(0, 0x65)); /* version 6 */
	CHECK(!icmp4_allowed_with(0, 0x4f)); /* IHL 15 = 60 bytes > 36 present */
	struct sr6_pkt *p = mkpkt(SR6_PKT_HEADROOM, orig4, 19);
	CHECK(!sr6_icmp4_error_allowed(p));
	freepkt(p);
}

/*
 * in:  IPv6(S -> D, flow 0x12345) | echo request
 * out: IPv6(D -> S, flow 0, hlim 64) | echo reply
 */
static void icmp6_echo_reply_bytes(void)
{
	struct sr6_pkt *p = mkpkt(0, echo6_req, sizeof(echo6_req));
	CHECK_EQ(sr6_icmp6_echo_reply(p, 40), 0);
	CHECK_EQ(p->len, sizeof(echo6_rep));
	CHECK_MEM(p->data, echo6_rep, sizeof(echo6_rep));
	freepkt(p);
}

/*
 * in:  IPv6(S -> D, nh 43, pl 56) | SRH(nh 58, SL 0, LE 1, [D, 2001:db8::99])
 *      | echo request                   (the request's last segment is us)
 * out: IPv6(D -> S, nh 58, pl 16) | echo reply     (no SRH on the way back)
 */
static void icmp6_echo_reply_strips_srh(void)
{
	uint8_t req[96];
	memcpy(req, echo6_req, 40);
	req[6] = SR6_IPPROTO_ROUTING;
	sr6_put_be16(req + 4, 56);
	static const uint8_t srh[8] = {SR6_IPPROTO_ICMPV6, 4, 4, 0, 1, 0, 0, 0};
	memcpy(req + 40, srh, 8);
	memcpy(req + 48, echo6_req + 24, 16); /* Segment List[0] = D */
	memcpy(req + 64, echo6_req + 24, 16);
	req[64 + 15] = 0x99;
	memcpy(req + 80, echo6_req + 40, 16);

	struct sr6_pkt *p = mkpkt(0, req, sizeof(req));
	CHECK_EQ(sr6_icmp6_echo_reply(p, 80), 0);
	CHECK_EQ(p->len, sizeof(echo6_rep));
	CHECK_MEM(p->data, echo6_rep, sizeof(echo6_rep));
	CHECK(p->data == p->head + 40); /* the 40 SRH bytes became headroom */
	freepkt(p);
}

static void icmp6_echo_reply_trims_link_padding(void)
{
	uint8_t padded[64] = {0};
	memcpy(padded, echo6_req, sizeof(echo6_req));
	struct sr6_pkt *p = mkpkt(0, padded, sizeof(padded));
	CHECK_EQ(sr6_icmp6_echo_reply(p, 40), 0);
	CHECK_EQ(p->len, sizeof(echo6_rep));
	CHECK_MEM(p->data, echo6_rep, sizeof(echo6_rep));
	freepkt(p);
}

static void icmp6_echo_reply_refuses_bad_input(void)
{
	struct sr6_pkt *p = mkpkt(0, echo6_req, sizeof(echo6_req));
	p->data[55] ^= 1; /* payload corrupted: checksum no longer matches */
	CHECK_EQ(sr6_icmp6_echo_reply(p, 40), -EBADMSG);
	p->data[55] ^= 1;
	p->data[40] = SR6_ICMP6_ECHO_REPLY;
	CHECK_EQ(sr6_icmp6_echo_reply(p, 40), -EINVAL);
	p->data[40] = SR6_ICMP6_ECHO_REQUEST;
	CHECK_EQ(sr6_icmp6_echo_reply(p, 50), -EINVAL); /* fewer than 8 bytes at l4 */
	CHECK_EQ(sr6_icmp6_echo_reply(p, 39), -EINVAL);
	p->len = 50; /* Payload Length says 16, 10 present */
	CHECK_EQ(sr6_icmp6_echo_reply(p, 40), -EINVAL);
	p->len = sizeof(echo6_req);
	CHECK_MEM(p->data, echo6_req, sizeof(echo6_req)); /* untouched */
	freepkt(p);
}

/* in: IPv4(S4 -> D4, ttl 57) | echo request. out: IPv4(D4 -> S4, ttl 64) | reply */
static void icmp4_echo_reply_bytes(void)
{
	struct sr6_pkt *p = mkpkt(0, echo4_req, sizeof(echo4_req));
	CHECK_EQ(sr6_icmp4_echo_reply(p), 0);
	CHECK_EQ(p->len, sizeof(echo4_rep));
	CHECK_MEM(p->data, echo4_rep, sizeof(echo4_rep));
	freepkt(p);
}

/* in: IPv4 with 4 option bytes (NOP NOP NOP EOL, IHL 6) | echo request.
 * out: the same reply as without options, IHL 5. */
static void icmp4_echo_reply_drops_ip_options(void)
{
	uint8_t req[40];
	memcpy(req, echo4_req, 20);
	static const uint8_t opts[4] = {1, 1, 1, 0};
	memcpy(req + 20, opts, 4);
	memcpy(req + 24, echo4_req + 20, 16);
	req[0] = 0x46;
	sr6_put_be16(req + 2, 40);
	sr6_ip4_set_checksum((struct sr6_ip4_hdr *)req);

	struct sr6_pkt *p = mkpkt(0, req, sizeof(req));
	CHECK_EQ(sr6_icmp4_echo_reply(p), 0);
	CHECK_EQ(p->len, sizeof(echo4_rep));
	CHECK_MEM(p->data, echo4_rep, sizeof(echo4_rep));
	freepkt(p);
}

static void icmp4_echo_reply_refuses_bad_input(void)
{
	struct sr6_pkt *p = mkpkt(0, echo4_req, sizeof(echo4_req));
	p->data[35] ^= 1;
	CHECK_EQ(sr6_icmp4_echo_reply(p), -EBADMSG);
	p->data[35] ^= 1;
	p->data[6] = 0x20; /* MF: a fragment */
	CHECK_EQ(sr6_icmp4_echo_reply(p), -EINVAL);
	p->data[6] = 0x40;
	p->data[20] = SR6_ICMP4_ECHO_REPLY;
	CHECK_EQ(sr6_icmp4_echo_reply(p), -EINVAL);
	p->data[20] = SR6_ICMP4_ECHO_REQUEST;
	p->data[3] = 37; /* total length past the packet */
	CHECK_EQ(sr6_icmp4_echo_reply(p), -EINVAL);
	p->data[3] = 27; /* no room for the ICMP header */
	CHECK_EQ(sr6_icmp4_echo_reply(p), -EINVAL);
	p->data[3] = 36;
	p->data[9] = SR6_IPPROTO_UDP;
	CHECK_EQ(sr6_icmp4_echo_reply(p), -EINVAL);
	freepkt(p);
}

SR6_TESTS(T(icmp6_time_exceeded_bytes), T(icmp6_param_problem_carries_pointer_43),
	  T(icmp6_packet_too_big_carries_mtu), T(icmp6_dest_unreachable_address_bytes),
	  T(icmp6_error_quote_trimmed_to_1280), T(icmp6_error_does_not_quote_link_padding),
	  T(icmp6_error_without_headroom_is_enospc), T(icmp6_error_source_may_point_into_packet),
	  T(icmp6_error_rejects_packet_shorter_than_ip6_header),
	  T(icmp6_error_allowed_for_plain_udp), T(icmp6_no_error_about_an_icmpv6_error),
	  T(icmp6_no_error_about_a_redirect), T(icmp6_error_allowed_about_informational_messages),
	  T(icmp6_error_allowed_when_icmpv6_type_unreachable),
	  T(icmp6_link_padding_is_not_an_icmpv6_type),
	  T(icmp6_no_error_to_unspecified_or_multicast_source),
	  T(icmp6_multicast_destination_gets_only_ptb_and_option_problem),
	  T(icmp4_time_exceeded_bytes), T(icmp4_param_problem_pointer_in_first_byte),
	  T(icmp4_frag_needed_carries_mtu), T(icmp4_error_quote_trimmed_to_576),
	  T(icmp4_error_without_headroom_is_enospc),
	  T(icmp4_error_allowed_for_plain_packets_and_queries),
	  T(icmp4_no_error_about_an_icmp_error), T(icmp4_no_error_about_later_fragment),
	  T(icmp4_no_error_to_invalid_source),
	  T(icmp4_no_error_for_multicast_or_broadcast_destination),
	  T(icmp4_link_padding_is_not_an_icmp_type), T(icmp4_no_error_for_malformed_header),
	  T(icmp6_echo_reply_bytes), T(icmp6_echo_reply_strips_srh),
	  T(icmp6_echo_reply_trims_link_padding), T(icmp6_echo_reply_refuses_bad_input),
	  T(icmp4_echo_reply_bytes), T(icmp4_echo_reply_drops_ip_options),
	  T(icmp4_echo_reply_refuses_bad_input))
