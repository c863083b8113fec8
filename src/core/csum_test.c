// SPDX-License-Identifier: MIT
/*
 * Checksum tests: known vectors (RFC 1071, RFC 1624, a real IPv4 header, a
 * real ICMPv6 echo request checked by tshark), then the 64-bit fast path
 * against a plain word-by-word reference at every alignment and length,
 * and RFC 1624 incremental updates against full recomputes on random data.
 */
#include "core/csum.h"

#include "check.h"
#include "core/bytes.h"

/* Reference RFC 1071 sum: one big-endian word at a time, folded. */
static uint32_t ref_sum(const uint8_t *p, size_t len)
{
	uint32_t s = 0;
	for (size_t i = 0; i + 1 < len; i += 2)
		s += (uint32_t)p[i] << 8 | p[i + 1];
	if (len & 1)
		s += (uint32_t)p[len - 1] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return s;
}

/* Full checksum of buf with its 16-bit checksum field at csum_off zeroed. */
static uint16_t full_csum(uint8_t *buf, size_t len, size_t csum_off)
{
	memset(buf + csum_off, 0, 2);
	return sr6_csum_fold(sr6_csum_partial(buf, len, 0));
}

/* xorshift32: reproducible pseudo-random data */
static uint32_t rng_state = 0x2545f491;
static uint32_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

/* A word value biased towards the one's complement corners 0x0000/0xffff. */
static uint16_t rnd_word(void)
{
	switch (rnd() % 4) {
	case 0:
		return 0x0000;
	case 1:
		return 0xffff;
	default:
		return (uint16_t)rnd();
	}
}

/* RFC 1071 §3: 00 01 f2 03 f4 f5 f6 f7 sums to ddf2, checksum 220d. */
static void csum_rfc1071_example_sums_to_ddf2(void)
{
	static const uint8_t b[] = {0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7};
	CHECK_EQ(sr6_csum_partial(b, sizeof(b), 0), 0xddf2);
	uint16_t c = sr6_csum_fold(sr6_csum_partial(b, sizeof(b), 0));
	static const uint8_t want[] = {0x22, 0x0d};
	CHECK_MEM(&c, want, 2);
}

/* 01 02 03 is the words 0102 + 0300: the odd byte is a high byte. */
static void csum_odd_length_pads_last_byte_with_zero(void)
{
	static const uint8_t b[] = {0x01, 0x02, 0x03};
	CHECK_EQ(sr6_csum_partial(b, 3, 0), 0x0402);
	CHECK_EQ(sr6_csum_partial(b, 1, 0), 0x0100);
	CHECK_EQ(sr6_csum_partial(b, 0, 0x1234), 0x1234);
}

/* Pieces of even length chain: sum(a|b) == sum(b, sum(a)). */
static void csum_partial_sums_chain_over_even_pieces(void)
{
	uint8_t b[64];
	for (size_t i = 0; i < sizeof(b); i++)
		b[i] = (uint8_t)rnd();
	uint32_t whole = sr6_csum_partial(b, sizeof(b), 0);
	for (size_t cut = 0; cut <= sizeof(b); cut += 2)
		CHECK_EQ(sr6_csum_partial(b + cut, sizeof(b) - cut, sr6_csum_partial(b, cut, 0)),
			 whole);
}

/* The 64-bit loop must agree with the word-at-a-time reference whatever
 * the start alignment and length (every tail path: 32/8/4/2/1 bytes). */
static void csum_matches_reference_at_every_alignment_and_length(void)
{
	static uint8_t buf[600];
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)rnd();
	for (size_t align = 0; align < 8; align++)
		for (size_t len = 0; len <= 520; len++)
			CHECK_EQ(sr6_csum_partial(buf + align, len, 0), ref_sum(buf + align, len));
}

/* 9000 bytes of 0xff: every add carries; the folded sum stays 0xffff. */
static void csum_carries_fold_on_jumbo_all_ones(void)
{
	static uint8_t buf[9001];
	memset(buf, 0xff, sizeof(buf));
	CHECK_EQ(sr6_csum_partial(buf, 9000, 0), 0xffff);
	CHECK_EQ(sr6_csum_partial(buf, 9001, 0), ref_sum(buf, 9001));
	CHECK_EQ(sr6_csum_partial(buf, 9000, 0xffffffffu), 0xffff);
}

/*
 * The IPv4 header from Wikipedia's "IPv4 header checksum" example:
 *   4500 0073 0000 4000 4011 [b861] c0a8 0001 c0a8 00c7
 */
static void ip4_checksum_matches_real_header(void)
{
	uint8_t h[20] = {0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11,
			 0x12, 0x34, 0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7};
	struct sr6_ip4_hdr *ip = (struct sr6_ip4_hdr *)h;
	CHECK(!sr6_ip4_checksum_ok(ip, 20));
	sr6_ip4_set_checksum(ip);
	CHECK_EQ(h[10], 0xb8);
	CHECK_EQ(h[11], 0x61);
	CHECK(sr6_ip4_checksum_ok(ip, 20));
	h[8] = 0x3f; /* TTL changed, checksum not */
	CHECK(!sr6_ip4_checksum_ok(ip, 20));
}

/* An IPv4 header with options: the checksum covers IHL * 4 bytes. */
static void ip4_checksum_covers_options(void)
{
	uint8_t h[24] = {0x46, 0, 0, 24, 0,  0, 0, 0, 64,   1,	  0,	0,
			 10,   0, 0, 1,	 10, 0, 0, 2, 0x01, 0x01, 0x01, 0x00};
	struct sr6_ip4_hdr *ip = (struct sr6_ip4_hdr *)h;
	sr6_ip4_set_checksum(ip);
	CHECK_EQ(sr6_csum_partial(h, 24, 0), 0xffff);
	CHECK(sr6_ip4_checksum_ok(ip, 24));
	h[22] = 0x07;
	CHECK(!sr6_ip4_checksum_ok(ip, 24));
}

/*
 * ICMPv6 echo request 2001:db8::1 -> 2001:db8:1::2, id 0x1234 seq 1,
 * data "abcdefgh"; tshark reports its checksum 0x8074 as good.
 */
static void pseudo6_checksum_matches_real_icmpv6_echo(void)
{
	static const uint8_t src[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
	static const uint8_t dst[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2};
	uint8_t icmp[16] = {0x80, 0x00, 0x80, 0x74, 0x12, 0x34, 0x00, 0x01,
			    'a',  'b',	'c',  'd',  'e',  'f',	'g',  'h'};
	struct sr6_ip6 s, d;
	memcpy(s.b, src, 16);
	memcpy(d.b, dst, 16);
	uint32_t ph = sr6_csum_pseudo6(&s, &d, sizeof(icmp), SR6_IPPROTO_ICMPV6);
	CHECK_EQ(sr6_csum_fold(sr6_csum_partial(icmp, sizeof(icmp), ph)), 0);
	CHECK_EQ(sr6_get_be16(icmp + 2), 0x8074);
	memset(icmp + 2, 0, 2);
	CHECK_EQ(sr6_ntohs(sr6_csum_fold(sr6_csum_partial(icmp, sizeof(icmp), ph))), 0x8074);
}

/*
 * UDP 198.51.100.7:1234 -> 203.0.113.9:5678 "ping": checksum 0x9fc0
 * (tshark: good).
 */
static void pseudo4_checksum_matches_real_udp(void)
{
	uint8_t udp[12] = {0x04, 0xd2, 0x16, 0x2e, 0x00, 0x0c, 0x00, 0x00, 'p', 'i', 'n', 'g'};
	static const uint8_t s[4] = {198, 51, 100, 7}, d[4] = {203, 0, 113, 9};
	uint32_t src, dst;
	memcpy(&src, s, 4);
	memcpy(&dst, d, 4);
	uint32_t ph = sr6_csum_pseudo4(src, dst, sizeof(udp), SR6_IPPROTO_UDP);
	CHECK_EQ(sr6_ntohs(sr6_csum_fold(sr6_csum_partial(udp, sizeof(udp), ph))), 0x9fc0);
}

/* RFC 1624's worked example: HC 0xdd2f, m 0x5555 -> m' 0x3285 gives 0x0000
 * (eqn. 2 of RFC 1141 would give the wrong 0xffff). */
static void replace2_rfc1624_example_gives_0000_not_ffff(void)
{
	uint8_t c[2] = {0xdd, 0x2f};
	sr6_csum_replace2(c, sr6_htons(0x5555), sr6_htons(0x3285));
	CHECK_EQ(c[0], 0x00);
	CHECK_EQ(c[1], 0x00);
}

/*
 * Change one word of random data; the incremental checksum must equal a
 * full recompute, bit for bit, including around 0x0000 and 0xffff. The last
 * word stays 0x003a, like the Next Header of an ICMPv6 pseudo-header: eqn. 3
 * and a recompute differ only when every covered word is zero (recompute
 * 0xffff, eqn. 3 0x0000), which no IPv4 header or transport sum can be.
 */
static void replace2_equals_full_recompute_on_random_data(void)
{
	uint8_t buf[256];
	for (int trial = 0; trial < 20000; trial++) {
		size_t len = 6 + 2 * (rnd() % 120);
		for (size_t i = 0; i < len - 2; i += 2)
			sr6_put_be16(buf + i, rnd_word());
		sr6_put_be16(buf + len - 2, SR6_IPPROTO_ICMPV6);
		uint16_t c = full_csum(buf, len, 0);
		memcpy(buf, &c, 2);

		size_t at = 2 + 2 * (rnd() % ((len - 4) / 2));
		uint16_t old_be, new_be = sr6_htons(rnd_word());
		memcpy(&old_be, buf + at, 2);
		memcpy(buf + at, &new_be, 2);
		sr6_csum_replace2(buf, old_be, new_be);

		uint8_t copy[256];
		memcpy(copy, buf, len);
		uint16_t want = full_csum(copy, len, 0);
		if (memcmp(buf, &want, 2) != 0) {
			fprintf(stderr, "trial %d len %zu at %zu\n", trial, len, at);
			CHECK_MEM(buf, &want, 2);
		}
	}
}

/* Data whose stored checksum is 0x0000 (its sum is 0xffff): the corner
 * RFC 1624 is about. Every update from there must match a recompute. */
static void replace2_from_zero_checksum_matches_recompute(void)
{
	uint8_t buf[8];
	for (int trial = 0; trial < 5000; trial++) {
		uint16_t a = (uint16_t)rnd();
		sr6_put_be16(buf + 2, a);
		sr6_put_be16(buf + 4, (uint16_t)(0xffff - a)); /* a + ~a = 0xffff */
		sr6_put_be16(buf + 6, 0);
		CHECK_EQ(full_csum(buf, 8, 0), 0);

		uint16_t old_be, new_be = sr6_htons(rnd_word());
		size_t at = 2 + 2 * (rnd() % 3);
		memcpy(&old_be, buf + at, 2);
		memcpy(buf + at, &new_be, 2);
		sr6_csum_replace2(buf, old_be, new_be);
		uint8_t copy[8];
		memcpy(copy, buf, 8);
		uint16_t want = full_csum(copy, 8, 0);
		CHECK_MEM(buf, &want, 2);
	}
}

/* A 16-byte address rewritten inside checksummed data (what End does to a
 * transport checksum's pseudo-header): sr6_csum_replace == recompute. */
static void replace_16_bytes_equals_full_recompute(void)
{
	uint8_t buf[128];
	for (int trial = 0; trial < 20000; trial++) {
		for (size_t i = 0; i < sizeof(buf) - 2; i += 2)
			sr6_put_be16(buf + i, rnd_word());
		sr6_put_be16(buf + sizeof(buf) - 2, SR6_IPPROTO_ICMPV6);
		uint16_t c = full_csum(buf, sizeof(buf), 0);
		memcpy(buf, &c, 2);

		size_t at = 2 + 2 * (rnd() % 50);
		uint8_t old[16], neu[16];
		memcpy(old, buf + at, 16);
		for (size_t i = 0; i < 16; i += 2)
			sr6_put_be16(neu + i, rnd_word());
		memcpy(buf + at, neu, 16);
		sr6_csum_replace(buf, old, neu, 16);

		uint8_t copy[128];
		memcpy(copy, buf, sizeof(buf));
		uint16_t want = full_csum(copy, sizeof(buf), 0);
		if (memcmp(buf, &want, 2) != 0) {
			fprintf(stderr, "trial %d at %zu\n", trial, at);
			CHECK_MEM(buf, &want, 2);
		}
	}
}

/* The checksum field may sit at an odd address in the buffer. */
static void replace2_works_on_unaligned_field(void)
{
	uint8_t b[3] = {0xaa, 0xdd, 0x2f};
	sr6_csum_replace2(b + 1, sr6_htons(0x5555), sr6_htons(0x3285));
	CHECK_EQ(b[0], 0xaa);
	CHECK_EQ(b[1], 0x00);
	CHECK_EQ(b[2], 0x00);
}

SR6_TESTS(T(csum_rfc1071_example_sums_to_ddf2), T(csum_odd_length_pads_last_byte_with_zero),
	  T(csum_partial_sums_chain_over_even_pieces),
	  T(csum_matches_reference_at_every_alignment_and_length),
	  T(csum_carries_fold_on_jumbo_all_ones), T(ip4_checksum_matches_real_header),
	  T(ip4_checksum_covers_options), T(pseudo6_checksum_matches_real_icmpv6_echo),
	  T(pseudo4_checksum_matches_real_udp), T(replace2_rfc1624_example_gives_0000_not_ffff),
	  T(replace2_equals_full_recompute_on_random_data),
	  T(replace2_from_zero_checksum_matches_recompute),
	  T(replace_16_bytes_equals_full_recompute), T(replace2_works_on_unaligned_field))
