// SPDX-License-Identifier: MIT
/*
 * Extension-header walk tests: each header type, chains, the offsets the
 * walk reports, every malformed chain it must refuse, and every truncation
 * of a long valid chain, run on exact-size heap copies so that AddressSanitizer
 * catches any read past the end.
 */
#include "core/exthdr.h"

#include <stdbool.h>

#include "check.h"
#include "core/bytes.h"

/* A packet under construction: IPv6 header, then headers appended in order. */
struct pb {
	uint8_t b[4096];
	uint32_t len;
	uint32_t nh_off; /* the Next Header byte the next append fills */
};

static void pb_ip6(struct pb *p)
{
	memset(p, 0, sizeof(*p));
	p->b[0] = 0x60;
	p->b[7] = 64;
	p->b[8] = 0x20, p->b[9] = 0x01, p->b[23] = 1;	/* 2001::1 */
	p->b[24] = 0x20, p->b[25] = 0x01, p->b[39] = 2; /* 2001::2 */
	p->len = 40;
	p->nh_off = 6;
}

/* Append a header of type nh and total size bytes; returns its offset. */
static uint32_t pb_ext(struct pb *p, uint8_t nh, uint32_t size)
{
	uint32_t off = p->len;
	p->b[p->nh_off] = nh;
	memset(p->b + off, 0, size);
	if (nh == SR6_IPPROTO_AH)
		p->b[off + 1] = (uint8_t)(size / 4 - 2);
	else if (nh != SR6_IPPROTO_FRAGMENT)
		p->b[off + 1] = (uint8_t)(size / 8 - 1);
	p->nh_off = off;
	p->len += size;
	return off;
}

static uint32_t pb_rh(struct pb *p, uint8_t type, uint32_t size)
{
	uint32_t off = pb_ext(p, SR6_IPPROTO_ROUTING, size);
	p->b[off + 2] = type;
	return off;
}

static uint32_t pb_frag(struct pb *p, uint16_t offset8, bool more)
{
	uint32_t off = pb_ext(p, SR6_IPPROTO_FRAGMENT, 8);
	sr6_put_be16(p->b + off + 2, (uint16_t)(offset8 << 3 | (more ? 1 : 0)));
	sr6_put_be32(p->b + off + 4, 0xabcd);
	return off;
}

/* Name the upper layer, add its bytes and set Payload Length. */
static void pb_end(struct pb *p, uint8_t proto, uint32_t l4_len)
{
	p->b[p->nh_off] = proto;
	memset(p->b + p->len, 0x5a, l4_len);
	p->len += l4_len;
	sr6_put_be16(p->b + 4, (uint16_t)(p->len - 40));
}

/* Walk an exact-size copy, so any over-read trips ASan. */
static enum sr6_drop walk(const uint8_t *pkt, uint32_t len, struct sr6_ip6_info *info)
{
	uint8_t *copy = malloc(len ? len : 1);
	memcpy(copy, pkt, len);
	enum sr6_drop r = sr6_ip6_walk(copy, len, info);
	free(copy);
	return r;
}

/* IPv6 | TCP(20) */
static void walk_plain_tcp_finds_upper_layer_at_40(void)
{
	struct pb p;
	struct sr6_ip6_info in;
	pb_ip6(&p);
	pb_end(&p, SR6_IPPROTO_TCP, 20);
	CHECK_EQ(walk(p.b, p.len, &in), SR6_DROP_NONE);
	CHECK_EQ(in.l4_proto, SR6_IPPROTO_TCP);
	CHECK_EQ(in.l4_off, 40);
	CHECK_EQ(in.l4_nh_off, 6);
	CHECK_EQ(in.srh_off, 0);
	CHECK_EQ(in.rh_off, 0);
	CHECK_EQ(in.frag_off, 0);
	CHECK_EQ(in.is_later_fragment, 0);
}

static void walk_rejects_short_packet_as_truncated(void)
{
	struct pb p;
	struct sr6_ip6_info in;
	pb_ip6(&p);
	CHECK_EQ(walk(p.b, 39, &in), SR6_DROP_IP6_TRUNCATED);
	CHECK_EQ(walk(p.b, 0, &in), SR6_DROP_IP6_TRUNCATED);
}

static void walk_rejects_version_4(void)
{
	struct pb p;
	struct sr6_ip6_info in;
	pb_ip6(&p);
	pb_end(&p, SR6_IPPROTO_UDP, 8);
	p.b[0] = 0x45;
	CHECK_EQ(walk(p.b, p.len, &in), SR6_DROP_IP6_VERSION);
}

/* Payload Length 9 with 8 bytes present. */
static void walk_rejects_payload_length_past_packet(void)
{
	struct pb p;
	struct sr6_ip6_info in;
	pb_ip6(&p);
	pb_end(&p, SR6_IPPROTO_UDP, 8);
	sr6_put_be16(p.b + 4, 9);
	CHECK_EQ(walk(p.b, p.len, &in), SR6_DROP_IP6_LENGTH);
}

/* IPv6(pl 8) | UDP(8) | 6 bytes of Ethernet padding: fine, l4 at 40. */
static void walk_accepts_link_padding_after_payload(void)
{
	struct pb p;
	struct sr6_ip6_info in;
	pb_ip6(&p);
	pb_end(&p, SR6_IPPROTO_UDP, 8);
	CHECK_EQ(walk(p.b, p.len + 6, &in), SR6_DROP_NONE);
	CHECK_EQ(in.l4_proto, SR6_IPPROTO_UDP);
	CHECK_EQ(in.l4_off, 40);
}

/* IPv6(pl 0, nh DestOpt) | 8 bytes of padding that look like a DestOpt:
 * the header would lie in the padding, so the chain is broken. */
static void walk_does_not_read_headers_from_link_padding(void)
{
	struct pb p;
	struct sr6_ip6_info in;
	pb_ip6(&p);
	pb_end(&p, SR6_IPPROTO_DSTOPTS, 0);
	p.b[40] = SR6_IPPROTO_TCP;
	CHECK_EQ(walk(p.b, 48, &in), SR6_DROP_IP6_EXTHDR);
}

/* IPv6 | HBH(8) | UDP */
static void walk_accepts_hop_by_hop_first(void)
{
	struct pb p;
	struct sr6_ip6_info in;
	pb_ip6(&p);
	pb_ext(&p, SR6_IPPROTO_HOPOPTS, 8);
	pb_end(&p, SR6_IPPROTO_UDP, 8);
	CHECK_EQ(walk(p.b, p.len, &in), SR6_DROP_NONE);
	CHECK_EQ(in.l4_proto, SR6_IPPROTO_UDP);
	CHECK_EQ(in.l4_off, 48);
	CHECK_EQ(in.l4_nh_off, 40);
}

/* IPv6 | DestOpt | HBH | UDP: RFC 8200 §4.1 says HBH only comes first. */
static void walk_rejects_hop_by_hop_not_first(void)
{
	struct pb p;
	struct sr6_ip6_info in;
	pb_ip6(&p);
	pb_ext(&p, SR6_IPPROTO_DSTOPTS, 8);
	pb_ext(&p, SR6_IPPROTO_HOPOPTS, 8);
	pb_end(&p, SR6_IPPROTO_UDP, 8);
	CHECK_EQ(walk(p.b, p.len, &in), SR6_DROP_IP6_EXTHDR);
}

/* IPv6 | HBH | HBH | UDP */
static void walk_rejects_second_hop_by_hop(void)
{
	struct pb p;
	struct sr6_ip6_info in;
	pb_ip6(&p);
	pb_ext(&p, SR6_IPPROTO_HOPOPTS, 8);
	pb_ext(&p, SR6_IPPROTO_HOPOPTS, 8);
	pb_end(&p, SR6_IPPROTO_UDP, 8);
	CHECK_EQ(walk(p.b, p.len, &in), SR6_DROP_IP6_EXTHDR);
}

/* IPv6 | SRH(56 = 3 segments) | ICMPv6: SRH directly after the header. */
static void walk_records_srh_after_ip6_header(void)
{
	struct pb p;
	struct sr6_ip6_info in;
	pb_ip6(&p);
	pb_rh(&p, SR6_SRH_ROUTING_TYPE, 56);
	pb_end(&p, SR6_IPPROTO_ICMPV6, 8);
	CHECK_EQ(walk(p.b, p.len, &in), SR6_DROP_NONE);
	CHECK_EQ(in.srh_off, 40);
	CHECK_EQ(in.rh_off, 40);
	CHECK_EQ(in.prev_nh_off, 6);
	CHECK_EQ(in.l4_proto, SR6_IPPROTO_ICMPV6);
	CHECK_EQ(in.l4_off, 96);
	CHECK_EQ(in.l4_nh_off, 40);
}

/*
 * IPv6 | Routing | X: the walk's shortcut for a Routing header right after
 * the IPv6 header, at the edges of where it hands over to the loop.
 */
static void walk_routing_header_first_reports_like_any_chain(void)
{
	struct pb p;
	struct sr6_ip6_info in;
	/* SRH | ESP: ESP ends the chain */
	pb_ip6(&p);
	pb_rh(&p, SR6_SRH_ROUTING_TYPE, 40);
	pb_end(&p, SR6_IPPROTO_ESP, 16);
	CHECK_EQ(walk(p.b, p.len, &in), SR6_DROP_NONE);
	CHECK_EQ(in.srh_off, 40);
	CHECK_EQ(in.l4_proto, SR6_IPPROTO_ESP);
	CHECK_EQ(in.l4_off, 80);
	CHECK_EQ(in.l4_nh_off, 40);
	/* RH type 0 filling the payload | No Next Header */
	pb_ip6(&p);
	pb_rh(&p, 0, 40);
	pb_end(&p, SR6_IPPROTO_NONE, 0);
	CHECK_EQ(walk(p.b, p.len, &in), SR6_DROP_NONE);
	CHECK_EQ(in.rh_off, 40);
	CHECK_EQ(in.srh_off, 0);
	CHECK_EQ(in.l4_proto, SR6_IPPROTO_NONE);
	CHECK_EQ(in.l4_off, 80);
	/* SRH | DestOpt | UDP: the loop goes on */
	pb_ip6(&p);
	pb_rh(&p, SR6_SRH_ROUTING_TYPE, 24);
	pb_ext(&p, SR6_IPPROTO_DSTOPTS, 8);
	pb_end(&p, SR6_IPPROTO_UDP, 8);
	CHECK_EQ(walk(p.b, p.len, &in), SR6_DROP_NONE);
	CHECK_EQ(in.srh_off, 40);
	CHECK_EQ(in.prev_nh_off, 6);
	CHECK_EQ(in.l4_off, 72);
	CHECK_EQ(in.l4_nh_off, 64);
	/* SRH | HBH: Hop-by-Hop not first */
	pb_ip6(&p);
	pb_rh(&p, SR6_SRH_ROUTING_TYPE, 24);
	pb_ext(&p, SR6_IPPROTO_HOPOPTS, 8);
	pb_end(&p, SR6_IPPROTO_UDP, 8);
	CHECK_EQ(walk(p.b, p.len, &in), SR6_DROP_IP6_EXTHDR);
	/* an SRH whose Hdr Ext Len runs 8 bytes past the payload */
	pb_ip6(&p);
	pb_rh(&p, SR6_SRH_ROUTING_TYPE, 24);
	pb_end(&p, SR6_IPPROTO_UDP, 0);
	p.b[41] = 3;
	CHECK_EQ(walk(p.b, p.len, &in), SR6_DROP_IP6_EXTHDR);
}

/*
 * IPv6 | HBH(8) | DestOpt(16) | SRH(24) | Frag(first) | DestOpt(8) | TCP
 *  0     40       48            64        88            96           104
 */
static void walk_full_chain_reports_every_offset(void)
{
	struct pb p;
	struct sr6_ip6_info in;
	pb_ip6(&p);
	pb_ext(&p, SR6_IPPROTO_HOPOPTS, 8);
	pb_ext(&p, SR6_IPPROTO_DSTOPTS, 16);
	pb_rh(&p, SR6_SRH_ROUTING_TYPE, 24);
	pb_frag(&p, 0, true);
	pb_ext(&p, SR6_IPPROTO_DSTOPTS, 8);
	pb_end(&p, SR6_IPPROTO_TCP, 20);
	CHECK_EQ(walk(p.b, p.len, &in), SR6_DROP_NONE);
	CHECK_EQ(in.rh_off, 64);
	CHECK_EQ(in.srh_off, 64);
	CHECK_EQ(in.prev_nh_off, 48);
	CHECK_EQ(in.frag_off, 88);
	CHECK_EQ(in.is_later_fragment, 0);
	CHECK_EQ(in.l4_proto, SR6_IPPROTO_TCP);
	CHECK_EQ(in.l4_off, 104);
	CHECK_EQ(in.l4_nh_off, 96);
}

/* IPv6 | RH type 3 (RPL) | SRH | UDP: rh_off is the first, srh_off the SRH,
 * prev_nh_off names the first routing header. */
static void walk_distinguishes_first_routing_header_from_srh(void)
{
	struct pb p;
	struct sr6_ip6_info in;
	pb_ip6(&p);
	pb_rh(&p, 3, 8);
	pb_rh(&p, SR6_SRH_ROUTING_TYPE, 40);
	pb_end(&p, SR6_IPPROTO_UDP, 8);
	CHECK_EQ(walk(p.b, p.len, &in), SR6_DROP_NONE);
	CHECK_EQ(in.rh_off, 40);
	CHECK_EQ(in.prev_nh_off, 6);
	CHECK_EQ(in.srh_off, 48);
	CHECK_EQ(in.l4_off, 88);
}

/* IPv6 | RH type 0 | UDP: a routing header but no SRH. */
static void walk_routing_header_of_other_type_is_not_srh(void)
{
	struct pb p;
	struct sr6_ip6_info in;
	pb_ip6(&p);
	pb_ext(&p, SR6_IPPROTO_HOPOPTS, 8);
	pb_rh(&p, 0, 24);
	pb_end(&p, SR6_IPPROTO_UDP, 8);
	CHECK_EQ(walk(p.b, p.len, &in), SR6_DROP_NONE);
	CHECK_EQ(in.rh_off, 48);
	CHECK_EQ(in.prev_nh_off, 40);
	CHECK_EQ(in.srh_off, 0);
}

/* IPv6 | AH (Payload Len 4 -> (4 + 2) * 4 = 24 bytes) | TCP */
static void walk_ah_length_is_payload_len_plus_2_words(void)
{
	struct pb p;
	struct sr6_ip6_info in;
	pb_ip6(&p);
	uint32_t ah = pb_ext(&p, SR6_IPPROTO_AH, 24);
	pb_end(&p, SR6_IPPROTO_TCP, 20);
	CHECK_EQ(p.b[ah + 1], 4);
	CHECK_EQ(walk(p.b, p.len, &in), SR6_DROP_NONE);
	CHECK_EQ(in.l4_proto, SR6_IPPROTO_TCP);
	CHECK_EQ(in.l4_off, 64);
	CHECK_EQ(in.l4_nh_off, 40);
}

/* IPv6 | Frag(offset 0, M) | UDP: the first fragment holds the header. */
static void walk_first_fragment_continues_to_upper_layer(void)
{
	struct pb p;
	struct sr6_ip6_info in;
	pb_ip6(&p);
	pb_frag(&p, 0, true);
	pb_end(&p, SR6_IPPROTO_UDP, 16);
	CHECK_EQ(walk(p.b, p.len, &in), SR6_DROP_NONE);
	CHECK_EQ(in.frag_off, 40);
	CHECK_EQ(in.is_later_fragment, 0);
	CHECK_EQ(in.l4_proto, SR6_IPPROTO_UDP);
	CHECK_EQ(in.l4_off, 48);
}

/* IPv6 | DestOpt | Frag(offset 185) | 16 bytes of the middle of a UDP
 * datagram: the walk stops at the fragment header. */
static void walk_later_fragment_stops_after_fragment_header(void)
{
	struct pb p;
	struct sr6_ip6_info in;
	pb_ip6(&p);
	pb_ext(&p, SR6_IPPROTO_DSTOPTS, 8);
	pb_frag(&p, 185, false);
	pb_end(&p, SR6_IPPROTO_UDP, 16);
	p.b[56] = SR6_IPPROTO_ROUTING; /* data that looks like a header */
	CHECK_EQ(walk(p.b, p.len, &in), SR6_DROP_NONE);
	CHECK_EQ(in.frag_off, 48);
	CHECK_EQ(in.is_later_fragment, 1);
	CHECK_EQ(in.l4_proto, SR6_IPPROTO_UDP);
	CHECK_EQ(in.l4_off, 56);
	CHECK_EQ(in.l4_nh_off, 48);
}

/* IPv6 | DestOpt | ESP | (ciphertext that looks like headers) */
static void walk_stops_at_esp(void)
{
	struct pb p;
	struct sr6_ip6_info in;
	pb_ip6(&p);
	pb_ext(&p, SR6_IPPROTO_DSTOPTS, 8);
	pb_end(&p, SR6_IPPROTO_ESP, 32);
	p.b[48] = SR6_IPPROTO_HOPOPTS;
	CHECK_EQ(walk(p.b, p.len, &in), SR6_DROP_NONE);
	CHECK_EQ(in.l4_proto, SR6_IPPROTO_ESP);
	CHECK_EQ(in.l4_off, 48);
	CHECK_EQ(in.l4_nh_off, 40);
}

/* IPv6 | DestOpt(nh 59): nothing follows. */
static void walk_no_next_header_ends_chain(void)
{
	struct pb p;
	struct sr6_ip6_info in;
	pb_ip6(&p);
	pb_ext(&p, SR6_IPPROTO_DSTOPTS, 8);
	pb_end(&p, SR6_IPPROTO_NONE, 0);
	CHECK_EQ(walk(p.b, p.len, &in), SR6_DROP_NONE);
	CHECK_EQ(in.l4_proto, SR6_IPPROTO_NONE);
	CHECK_EQ(in.l4_off, 48);
	CHECK_EQ(in.l4_nh_off, 40);
}

/* IPv6 | DestOpt x16 | UDP passes; x17 is a pathological chain. */
static void walk_allows_16_headers_and_rejects_17(void)
{
	struct pb p;
	struct sr6_ip6_info in;
	pb_ip6(&p);
	for (int i = 0; i < SR6_EXTHDR_MAX; i++)
		pb_ext(&p, SR6_IPPROTO_DSTOPTS, 8);
	pb_end(&p, SR6_IPPROTO_UDP, 8);
	CHECK_EQ(walk(p.b, p.len, &in), SR6_DROP_NONE);
	CHECK_EQ(in.l4_off, 40 + 8 * SR6_EXTHDR_MAX);

	pb_ip6(&p);
	for (int i = 0; i < SR6_EXTHDR_MAX + 1; i++)
		pb_ext(&p, SR6_IPPROTO_DSTOPTS, 8);
	pb_end(&p, SR6_IPPROTO_UDP, 8);
	CHECK_EQ(walk(p.b, p.len, &in), SR6_DROP_IP6_EXTHDR);
}

/* IPv6 | DestOpt whose Hdr Ext Len says 16 bytes, 8 present. */
static void walk_rejects_header_longer_than_payload(void)
{
	struct pb p;
	struct sr6_ip6_info in;
	pb_ip6(&p);
	uint32_t d = pb_ext(&p, SR6_IPPROTO_DSTOPTS, 8);
	pb_end(&p, SR6_IPPROTO_UDP, 0);
	p.b[d + 1] = 1;
	CHECK_EQ(walk(p.b, p.len, &in), SR6_DROP_IP6_EXTHDR);
}

/* IPv6(pl 1) | one byte of a DestOpt header: no room for its length. */
static void walk_rejects_one_byte_extension_header(void)
{
	struct pb p;
	struct sr6_ip6_info in;
	pb_ip6(&p);
	p.b[6] = SR6_IPPROTO_DSTOPTS;
	sr6_put_be16(p.b + 4, 1);
	CHECK_EQ(walk(p.b, 41, &in), SR6_DROP_IP6_EXTHDR);
}

/* IPv6 | 4 bytes of a Fragment header (it is always 8). */
static void walk_rejects_short_fragment_header(void)
{
	struct pb p;
	struct sr6_ip6_info in;
	pb_ip6(&p);
	pb_end(&p, SR6_IPPROTO_FRAGMENT, 4);
	CHECK_EQ(walk(p.b, p.len, &in), SR6_DROP_IP6_EXTHDR);
}

/*
 * IPv6 | HBH | DestOpt | AH | SRH | Frag | DestOpt | TCP, cut at every
 * length (with Payload Length following the cut, and with Payload Length
 * left as it was): an error or a chain that ends exactly at the cut, never
 * a crash or an over-read.
 */
static void walk_truncated_at_every_length_errs_never_overreads(void)
{
	struct pb p;
	struct sr6_ip6_info in;
	pb_ip6(&p);
	pb_ext(&p, SR6_IPPROTO_HOPOPTS, 16);
	pb_ext(&p, SR6_IPPROTO_DSTOPTS, 8);
	pb_ext(&p, SR6_IPPROTO_AH, 24);
	pb_rh(&p, SR6_SRH_ROUTING_TYPE, 56);
	pb_frag(&p, 0, true);
	pb_ext(&p, SR6_IPPROTO_DSTOPTS, 8);
	pb_end(&p, SR6_IPPROTO_TCP, 20);
	const uint32_t l4 = p.len - 20;

	for (uint32_t cut = 0; cut < p.len; cut++) {
		enum sr6_drop r = walk(p.b, cut, &in);
		CHECK_EQ(r, cut < 40 ? SR6_DROP_IP6_TRUNCATED : SR6_DROP_IP6_LENGTH);

		if (cut < 40)
			continue;
		struct pb q = p;
		sr6_put_be16(q.b + 4, (uint16_t)(cut - 40));
		r = walk(q.b, cut, &in);
		if (cut >= l4) {
			CHECK_EQ(r, SR6_DROP_NONE);
			CHECK_EQ(in.l4_off, l4);
		} else {
			CHECK_EQ(r, SR6_DROP_IP6_EXTHDR);
		}
	}
	CHECK_EQ(walk(p.b, p.len, &in), SR6_DROP_NONE);
	CHECK_EQ(in.srh_off, 40 + 16 + 8 + 24);
}

/* Random chains (every byte value as the first Next Header, then mostly
 * extension headers of random small lengths): whatever the chain, the walk
 * returns and its offsets stay inside the packet. */
static void walk_random_chains_stay_in_bounds(void)
{
	uint32_t x = 12345;
	uint8_t pkt[300];
	int walked = 0;
	for (int trial = 0; trial < 20000; trial++) {
		for (size_t i = 0; i < sizeof(pkt); i++) {
			x ^= x << 13, x ^= x >> 17, x ^= x << 5;
			pkt[i] = (uint8_t)x;
		}
		/* bias towards chains of headers with small lengths */
		static const uint8_t ext[] = {0, 43, 44, 51, 60, 60, 43, 6};
		for (size_t i = 40; i < sizeof(pkt); i += 8) {
			pkt[i] = ext[pkt[i] % 8];
			pkt[i + 1] &= 3;
		}
		pkt[0] = 0x60;
		pkt[6] = trial % 4 ? ext[trial % 8] : (uint8_t)(trial / 4);
		uint32_t len = 40 + x % (sizeof(pkt) - 40);
		sr6_put_be16(pkt + 4, (uint16_t)(len - 40));
		struct sr6_ip6_info in;
		if (walk(pkt, len, &in) != SR6_DROP_NONE)
			continue;
		walked++;
		CHECK(in.l4_off <= len);
		CHECK(in.l4_nh_off < in.l4_off);
		CHECK(in.srh_off == 0 || in.srh_off + 8u <= len);
		CHECK(in.rh_off == 0 || in.prev_nh_off < in.rh_off);
	}
	CHECK(walked > 5000); /* the loop above really exercised the walk */
}

SR6_TESTS(T(walk_plain_tcp_finds_upper_layer_at_40), T(walk_rejects_short_packet_as_truncated),
	  T(walk_rejects_version_4), T(walk_rejects_payload_length_past_packet),
	  T(walk_accepts_link_padding_after_payload),
	  T(walk_does_not_read_headers_from_link_padding), T(walk_accepts_hop_by_hop_first),
	  T(walk_rejects_hop_by_hop_not_first), T(walk_rejects_second_hop_by_hop),
	  T(walk_records_srh_after_ip6_header), T(walk_routing_header_first_reports_like_any_chain),
	  T(walk_full_chain_reports_every_offset),
	  T(walk_distinguishes_first_routing_header_from_srh),
	  T(walk_routing_header_of_other_type_is_not_srh),
	  T(walk_ah_length_is_payload_len_plus_2_words),
	  T(walk_first_fragment_continues_to_upper_layer),
	  T(walk_later_fragment_stops_after_fragment_header), T(walk_stops_at_esp),
	  T(walk_no_next_header_ends_chain), T(walk_allows_16_headers_and_rejects_17),
	  T(walk_rejects_header_longer_than_payload), T(walk_rejects_one_byte_extension_header),
	  T(walk_rejects_short_fragment_header),
	  T(walk_truncated_at_every_length_errs_never_overreads),
	  T(walk_random_chains_stay_in_bounds))
