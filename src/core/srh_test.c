// SPDX-License-Identifier: MIT
/*
 * SRH codec tests: every validation failure with its drop reason and
 * Parameter Problem pointer, good headers with each kind of TLV, every
 * truncation (on exact-size heap copies, so ASan sees over-reads), TLV
 * lookup, and the builder byte for byte and round-tripped through the
 * validator for every list length, reduced or not, with or without HMAC.
 */
#include "core/srh.h"

#include "check.h"
#include "core/bytes.h"

/* 2001:db8::N */
static struct sr6_ip6 sid(uint8_t n)
{
	struct sr6_ip6 a = {{0x20, 0x01, 0x0d, 0xb8}};
	a.b[15] = n;
	return a;
}

/*
 * An SRH of n segments (Segment List[i] = 2001:db8::(0x10 + i)) followed by
 * tlv_len bytes of TLVs; Hdr Ext Len follows the total, which the caller
 * keeps a multiple of 8.
 */
static uint32_t mk_srh(uint8_t *b, uint8_t n, uint8_t sl, const uint8_t *tlv, uint32_t tlv_len)
{
	uint32_t len = 8 + 16u * n + tlv_len;
	memset(b, 0, 8);
	b[0] = SR6_IPPROTO_IPV6;
	b[1] = (uint8_t)(len / 8 - 1);
	b[2] = SR6_SRH_ROUTING_TYPE;
	b[3] = sl;
	b[4] = (uint8_t)(n - 1);
	for (uint8_t i = 0; i < n; i++) {
		struct sr6_ip6 a = sid((uint8_t)(0x10 + i));
		memcpy(b + 8 + 16 * i, a.b, 16);
	}
	if (tlv_len)
		memcpy(b + 8 + 16u * n, tlv, tlv_len);
	return len;
}

/* Validate an exact-size copy of the first avail bytes of b. */
static enum sr6_drop validate(const uint8_t *b, uint32_t avail, uint32_t *err_off)
{
	uint8_t *copy = malloc(avail ? avail : 1);
	memcpy(copy, b, avail);
	enum sr6_drop r = sr6_srh_validate(copy, avail, err_off);
	free(copy);
	return r;
}

/* 40-byte HMAC TLV: type 5, length 38, D/reserved 0, key id 7, 32 bytes. */
static const uint8_t hmac_tlv[40] = {5, 38, 0, 0, 0, 0, 0, 7, 0xaa, 0xaa, 0xaa, 0xaa};

/* | 41 | 6 | 4 | SL 2 | LE 2 | 0 | 0 | seg x3 | */
static void srh_validate_accepts_three_segments(void)
{
	uint8_t b[256];
	uint32_t len = mk_srh(b, 3, 2, NULL, 0);
	uint32_t err = 99;
	CHECK_EQ(len, 56);
	CHECK_EQ(validate(b, len, &err), SR6_DROP_NONE);
	CHECK_EQ(err, 99); /* untouched on success */
	/* bytes after the SRH (the rest of the payload) are fine */
	CHECK_EQ(validate(b, len + 100, NULL), SR6_DROP_NONE);
}

/* SL == LE + 1 is a reduced SRH's first hop; SL == 0 the last. */
static void srh_validate_accepts_sl_from_0_to_last_entry_plus_1(void)
{
	uint8_t b[256];
	for (uint8_t sl = 0; sl <= 3; sl++) {
		uint32_t len = mk_srh(b, 3, sl, NULL, 0);
		CHECK_EQ(validate(b, len, NULL), SR6_DROP_NONE);
	}
}

/* SL 4 with LE 2: RFC 8754 §4.3.1.1, pointer at Segments Left (3). */
static void srh_validate_rejects_sl_above_last_entry_plus_1(void)
{
	uint8_t b[256];
	uint32_t len = mk_srh(b, 3, 4, NULL, 0), err = 0;
	CHECK_EQ(validate(b, len, &err), SR6_DROP_SRH_SEGMENTS_LEFT);
	CHECK_EQ(err, 3);
	b[3] = 255;
	CHECK_EQ(validate(b, len, &err), SR6_DROP_SRH_SEGMENTS_LEFT);
	CHECK_EQ(err, 3);
}

/* LE 3 in a header with room for 3 segments (Hdr Ext Len 6: max LE 2).
 * RFC 8754 §4.3.1.1 points this one at Segments Left too. */
static void srh_validate_rejects_last_entry_beyond_header(void)
{
	uint8_t b[256];
	uint32_t len = mk_srh(b, 3, 1, NULL, 0), err = 0;
	b[4] = 3;
	CHECK_EQ(validate(b, len, &err), SR6_DROP_SRH_LAST_ENTRY);
	CHECK_EQ(err, SR6_SRH_OFF_SEGMENTS_LEFT);
	/* checked before Segments Left: both wrong still says Last Entry */
	b[3] = 200;
	CHECK_EQ(validate(b, len, &err), SR6_DROP_SRH_LAST_ENTRY);
}

/* Hdr Ext Len 0 or 1 has no room for any segment: LE 0 is too large. */
static void srh_validate_rejects_header_without_room_for_a_segment(void)
{
	uint8_t b[16] = {SR6_IPPROTO_IPV6, 0, 4, 0, 0, 0, 0, 0};
	uint32_t err = 0;
	CHECK_EQ(validate(b, 8, &err), SR6_DROP_SRH_LAST_ENTRY);
	CHECK_EQ(err, 3);
	b[1] = 1;
	CHECK_EQ(validate(b, 16, &err), SR6_DROP_SRH_LAST_ENTRY);
}

/* Fewer than 8 bytes: nothing to validate, pointer at Hdr Ext Len. */
static void srh_validate_rejects_fewer_than_8_bytes(void)
{
	uint8_t b[256];
	mk_srh(b, 1, 1, NULL, 0);
	for (uint32_t avail = 0; avail < 8; avail++) {
		uint32_t err = 0;
		CHECK_EQ(validate(b, avail, &err), SR6_DROP_SRH_TRUNCATED);
		CHECK_EQ(err, 1);
	}
}

/* Routing Type 0: RFC 8200 §4.4 pointer at Routing Type (2). */
static void srh_validate_rejects_other_routing_type(void)
{
	uint8_t b[256];
	uint32_t len = mk_srh(b, 2, 1, NULL, 0), err = 0;
	b[2] = 0;
	CHECK_EQ(validate(b, len, &err), SR6_DROP_SRH_BAD_TYPE);
	CHECK_EQ(err, 2);
}

/* Hdr Ext Len 6 (56 bytes) with 55 present: pointer at Hdr Ext Len. */
static void srh_validate_rejects_hdr_ext_len_past_packet(void)
{
	uint8_t b[256];
	uint32_t len = mk_srh(b, 3, 1, NULL, 0), err = 0;
	CHECK_EQ(validate(b, len - 1, &err), SR6_DROP_SRH_TRUNCATED);
	CHECK_EQ(err, 1);
}

/* | seg x1 | Pad1 | Pad1 | PadN len 4 |  and  | seg x1 | PadN len 5 | Pad1 | */
static void srh_validate_accepts_pad1_and_padn(void)
{
	uint8_t b[256];
	static const uint8_t t1[8] = {0, 0, 4, 4, 0, 0, 0, 0};
	static const uint8_t t2[8] = {4, 5, 0, 0, 0, 0, 0, 0};
	static const uint8_t t3[8] = {0, 0, 0, 0, 0, 0, 0, 0}; /* eight Pad1 */
	uint32_t len = mk_srh(b, 1, 1, t1, 8);
	CHECK_EQ(validate(b, len, NULL), SR6_DROP_NONE);
	len = mk_srh(b, 1, 1, t2, 8);
	CHECK_EQ(validate(b, len, NULL), SR6_DROP_NONE);
	len = mk_srh(b, 1, 1, t3, 8);
	CHECK_EQ(validate(b, len, NULL), SR6_DROP_NONE);
}

/* | seg x2 | PadN len 6 |: RFC 8754 §2.1.1.2 allows 0..5 padding bytes. */
static void srh_validate_rejects_padn_longer_than_5(void)
{
	uint8_t b[256];
	static const uint8_t t[8] = {4, 6, 0, 0, 0, 0, 0, 0};
	uint32_t len = mk_srh(b, 2, 1, t, 8), err = 0;
	CHECK_EQ(validate(b, len, &err), SR6_DROP_SRH_TLV);
	CHECK_EQ(err, 8 + 32);
}

/* | seg x3 | HMAC(type 5, len 38, key 7, 32 bytes) | */
static void srh_validate_accepts_hmac_tlv(void)
{
	uint8_t b[256];
	uint32_t len = mk_srh(b, 3, 2, hmac_tlv, sizeof(hmac_tlv));
	CHECK_EQ(len, 96);
	CHECK_EQ(b[1], 11);
	CHECK_EQ(validate(b, len, NULL), SR6_DROP_NONE);
}

/* HMAC TLV lengths: 6 + 8/16/24/32 are fine, anything else is not. */
static void srh_validate_checks_hmac_tlv_length(void)
{
	uint8_t b[256], t[48];
	for (uint32_t hl = 1; hl <= 40; hl++) {
		/* the TLV plus padding to a multiple of 8: Pad1s */
		uint32_t tlv = 2 + 6 + hl, area = (tlv + 7) / 8 * 8;
		memset(t, 0, sizeof(t));
		t[0] = SR6_SRH_TLV_HMAC;
		t[1] = (uint8_t)(6 + hl);
		uint32_t len = mk_srh(b, 1, 1, t, area), err = 0;
		bool good = hl % 8 == 0 && hl <= 32;
		CHECK_EQ(validate(b, len, &err), good ? SR6_DROP_NONE : SR6_DROP_SRH_TLV);
		if (!good)
			CHECK_EQ(err, 24);
	}
	/* key id and no HMAC at all (length 6): not a keyed HMAC */
	static const uint8_t t6[8] = {5, 6, 0, 0, 0, 0, 0, 1};
	uint32_t len = mk_srh(b, 1, 1, t6, 8);
	CHECK_EQ(validate(b, len, NULL), SR6_DROP_SRH_TLV);
}

/* | seg x1 | type 0x80 len 6 | type 7 len 0 | PadN len 4 |: RFC 8754 §2.1
 * says unknown types are ignored, so they are skipped by their length. */
static void srh_validate_skips_unknown_tlv_types(void)
{
	uint8_t b[256];
	static const uint8_t t[16] = {0x80, 6, 1, 2, 3, 4, 5, 6, 7, 0, 4, 4, 0, 0, 0, 0};
	uint32_t len = mk_srh(b, 1, 0, t, 16);
	CHECK_EQ(validate(b, len, NULL), SR6_DROP_NONE);
}

/* | seg x1 | type 0x80 len 7 |: the TLV runs one byte past the header. */
static void srh_validate_rejects_tlv_past_header_end(void)
{
	uint8_t b[256];
	static const uint8_t t[8] = {0x80, 7};
	uint32_t len = mk_srh(b, 1, 1, t, 8), err = 0;
	CHECK_EQ(validate(b, len + 8, &err), SR6_DROP_SRH_TLV); /* even with bytes after */
	CHECK_EQ(err, 24);
}

/* | seg x1 | PadN len 5 (7 bytes) | 0x04 |: the last byte starts a TLV
 * whose length byte lies outside the header. */
static void srh_validate_rejects_tlv_header_cut_by_header_end(void)
{
	uint8_t b[256];
	static const uint8_t t[8] = {4, 5, 0, 0, 0, 0, 0, 4};
	uint32_t len = mk_srh(b, 1, 1, t, 8), err = 0;
	CHECK_EQ(validate(b, len, &err), SR6_DROP_SRH_TLV);
	CHECK_EQ(err, 24 + 7);
}

/* | seg x1 | PadN len 4 | PadN len 6 | Pad1 x2 |: pointer at the second TLV. */
static void srh_validate_points_at_the_bad_tlv(void)
{
	uint8_t b[256];
	static const uint8_t t[16] = {4, 4, 0, 0, 0, 0, 4, 6, 0, 0, 0, 0, 0, 0, 0, 0};
	uint32_t len = mk_srh(b, 1, 1, t, 16), err = 0;
	CHECK_EQ(validate(b, len, &err), SR6_DROP_SRH_TLV);
	CHECK_EQ(err, 24 + 6);
}

/* Every prefix of a 96-byte SRH with an HMAC TLV is truncated. */
static void srh_validate_truncated_at_every_length(void)
{
	uint8_t b[256];
	uint32_t len = mk_srh(b, 3, 2, hmac_tlv, sizeof(hmac_tlv));
	for (uint32_t avail = 0; avail < len; avail++) {
		uint32_t err = 0;
		CHECK_EQ(validate(b, avail, &err), SR6_DROP_SRH_TRUNCATED);
		CHECK_EQ(err, 1);
	}
	CHECK_EQ(validate(b, len, NULL), SR6_DROP_NONE);
}

/* Random headers: validation never reads outside, and what it accepts has
 * TLVs that end exactly at the header's length. */
static void srh_validate_random_headers_hold_invariants(void)
{
	uint32_t x = 777;
	uint8_t b[128];
	int accepted = 0;
	for (int trial = 0; trial < 50000; trial++) {
		for (size_t i = 0; i < sizeof(b); i++) {
			x ^= x << 13, x ^= x >> 17, x ^= x << 5;
			b[i] = (uint8_t)x;
		}
		b[1] &= 15;
		b[2] = SR6_SRH_ROUTING_TYPE;
		b[3] &= 3;
		b[4] &= 3;
		for (size_t i = 8; i < sizeof(b); i++)
			if (b[i] < 0x40) /* small lengths and known types */
				b[i] &= 7;
		uint32_t avail = x % sizeof(b);
		if (validate(b, avail, NULL) != SR6_DROP_NONE)
			continue;
		accepted++;
		const struct sr6_srh *h = (const struct sr6_srh *)b;
		CHECK(sr6_srh_len(h) <= avail);
		CHECK(h->last_entry <= sr6_srh_max_last_entry(h));
		/* re-walk the TLVs the simple way: they must end at the length */
		uint32_t off = sr6_srh_tlv_off(h);
		while (off < sr6_srh_len(h))
			off += b[off] == SR6_SRH_TLV_PAD1 ? 1 : 2u + b[off + 1];
		CHECK_EQ(off, sr6_srh_len(h));
		uint32_t t = sr6_srh_find_tlv(b, SR6_SRH_TLV_HMAC);
		CHECK(t == 0 || (t >= sr6_srh_tlv_off(h) && t + 16 <= sr6_srh_len(h)));
	}
	CHECK(accepted > 500);
}

/* | seg x2 | Pad1 | PadN len 1 | 0x80 len 4 | HMAC(40) |  -> HMAC at 56 */
static void srh_find_tlv_finds_hmac_behind_padding_and_unknown(void)
{
	uint8_t b[256], t[56] = {0, 4, 1, 0, 0x80, 4, 1, 2, 3, 4};
	memcpy(t + 10, hmac_tlv, sizeof(hmac_tlv));
	memset(t + 50, 0, 6); /* six Pad1 */
	uint32_t len = mk_srh(b, 2, 1, t, sizeof(t));
	CHECK_EQ(validate(b, len, NULL), SR6_DROP_NONE);
	CHECK_EQ(sr6_srh_find_tlv(b, SR6_SRH_TLV_HMAC), 40 + 10);
	CHECK_EQ(sr6_srh_find_tlv(b, 0x80), 40 + 4);
	CHECK_EQ(sr6_srh_find_tlv(b, SR6_SRH_TLV_PADN), 40 + 1);
	CHECK_EQ(sr6_srh_find_tlv(b, SR6_SRH_TLV_PAD1), 40);
}

static void srh_find_tlv_returns_0_when_absent(void)
{
	uint8_t b[256];
	static const uint8_t t[8] = {4, 4, 0, 0, 0, 0, 0, 0}; /* PadN, 2 x Pad1 */
	uint32_t len = mk_srh(b, 2, 1, t, 8);
	CHECK_EQ(validate(b, len, NULL), SR6_DROP_NONE);
	CHECK_EQ(sr6_srh_find_tlv(b, SR6_SRH_TLV_HMAC), 0);
	len = mk_srh(b, 2, 1, NULL, 0);
	CHECK_EQ(sr6_srh_find_tlv(b, SR6_SRH_TLV_PADN), 0);
}

/*
 * Travel order A (2001:db8::a), B, C; next header IPv6, flags 0x80, tag
 * 0x0102:
 *   29 06 04 02 | 02 80 01 02 | C | B | A
 */
static void srh_build_three_segments_byte_exact(void)
{
	const struct sr6_ip6 segs[3] = {sid(0xa), sid(0xb), sid(0xc)};
	const struct sr6_srh_spec spec = {.segs = segs, .n_segs = 3, .flags = 0x80, .tag = 0x0102};
	static const uint8_t want[56] = {
	    0x29, 0x06, 0x04, 0x02, 0x02, 0x80, 0x01, 0x02, 0x20, 0x01, 0x0d, 0xb8, 0,	  0,
	    0,	  0,	0,    0,    0,	  0,	0,    0,    0,	  0x0c, 0x20, 0x01, 0x0d, 0xb8,
	    0,	  0,	0,    0,    0,	  0,	0,    0,    0,	  0,	0,    0x0b, 0x20, 0x01,
	    0x0d, 0xb8, 0,    0,    0,	  0,	0,    0,    0,	  0,	0,    0,    0,	  0x0a,
	};
	uint8_t out[64];
	memset(out, 0xee, sizeof(out));
	CHECK_EQ(sr6_srh_size(&spec), 56);
	CHECK_EQ(sr6_srh_build(out, sizeof(out), SR6_IPPROTO_IPV6, &spec), 56);
	CHECK_MEM(out, want, 56);
	CHECK_EQ(out[56], 0xee); /* nothing written past the size */
	CHECK_EQ(validate(out, 56, NULL), SR6_DROP_NONE);
}

/*
 * Reduced (RFC 8986 §5.2): A is the DA, the list holds C, B:
 *   04 04 04 02 | 01 00 00 00 | C | B       (LE 1, SL 2 = LE + 1)
 */
static void srh_build_reduced_omits_first_segment(void)
{
	const struct sr6_ip6 segs[3] = {sid(0xa), sid(0xb), sid(0xc)};
	const struct sr6_srh_spec spec = {.segs = segs, .n_segs = 3, .reduced = true};
	static const uint8_t want[40] = {
	    0x04, 0x04, 0x04, 0x02, 0x01, 0x00, 0x00, 0x00, 0x20, 0x01, 0x0d, 0xb8, 0,	  0,
	    0,	  0,	0,    0,    0,	  0,	0,    0,    0,	  0x0c, 0x20, 0x01, 0x0d, 0xb8,
	    0,	  0,	0,    0,    0,	  0,	0,    0,    0,	  0,	0,    0x0b,
	};
	uint8_t out[64];
	CHECK_EQ(sr6_srh_build(out, sizeof(out), SR6_IPPROTO_IPIP, &spec), 40);
	CHECK_MEM(out, want, 40);
	CHECK_EQ(validate(out, 40, NULL), SR6_DROP_NONE);
}

/*
 * With a SHA-256 HMAC placeholder, key id 0x01020304:
 *   29 09 04 01 | 01 00 00 00 | B | A | 05 26 00 00 01 02 03 04 | 32 x 00
 * 8 + 32 + 40 = 80 bytes: a multiple of 8 with no padding.
 */
static void srh_build_hmac_placeholder_byte_exact(void)
{
	const struct sr6_ip6 segs[2] = {sid(0xa), sid(0xb)};
	const struct sr6_srh_spec spec = {
	    .segs = segs, .n_segs = 2, .hmac_key_id = 0x01020304, .hmac_len = 32};
	static const uint8_t head[8] = {0x29, 0x09, 0x04, 0x01, 0x01, 0x00, 0x00, 0x00};
	static const uint8_t tlv[8] = {0x05, 0x26, 0x00, 0x00, 0x01, 0x02, 0x03, 0x04};
	static const uint8_t zero[32];
	uint8_t out[128];
	memset(out, 0xee, sizeof(out));
	CHECK_EQ(sr6_srh_size(&spec), 80);
	CHECK_EQ(sr6_srh_build(out, sizeof(out), SR6_IPPROTO_IPV6, &spec), 80);
	CHECK_MEM(out, head, 8);
	CHECK_EQ(out[8 + 15], 0x0b);
	CHECK_EQ(out[24 + 15], 0x0a);
	CHECK_MEM(out + 40, tlv, 8);
	CHECK_MEM(out + 48, zero, 32);
	CHECK_EQ(validate(out, 80, NULL), SR6_DROP_NONE);
	CHECK_EQ(sr6_srh_find_tlv(out, SR6_SRH_TLV_HMAC), 40);
}

/* Reduced with HMAC: the D flag says the DA is not in the list. */
static void srh_build_reduced_hmac_sets_d_flag(void)
{
	const struct sr6_ip6 segs[2] = {sid(0xa), sid(0xb)};
	const struct sr6_srh_spec spec = {
	    .segs = segs, .n_segs = 2, .reduced = true, .hmac_key_id = 9, .hmac_len = 8};
	uint8_t out[64];
	CHECK_EQ(sr6_srh_build(out, sizeof(out), SR6_IPPROTO_IPV6, &spec), 8 + 16 + 16);
	CHECK_EQ(out[24], SR6_SRH_TLV_HMAC);
	CHECK_EQ(out[25], 14);
	CHECK_EQ(out[26], 0x80);
	CHECK_EQ(out[27], 0x00);
	CHECK_EQ(validate(out, 40, NULL), SR6_DROP_NONE);
}

/* n = 1..16, reduced or not, HMAC 0/8/16/24/32: size is a multiple of 8,
 * the header validates, SL points at the first segment, and reading the
 * list from Segment List[SL - 1 + !reduced] down to [0] gives travel order. */
static void srh_build_round_trips_every_shape(void)
{
	struct sr6_ip6 segs[SR6_SRH_MAX_SEGS];
	for (int i = 0; i < SR6_SRH_MAX_SEGS; i++)
		segs[i] = sid((uint8_t)(0x40 + i));
	for (uint8_t n = 1; n <= SR6_SRH_MAX_SEGS; n++)
		for (int red = 0; red < 2; red++)
			for (uint8_t hl = 0; hl <= 32; hl += 8) {
				struct sr6_srh_spec spec = {.segs = segs,
							    .n_segs = n,
							    .reduced = red,
							    .hmac_len = hl,
							    .hmac_key_id = 1};
				uint8_t out[512];
				uint32_t size = sr6_srh_size(&spec);
				if (red && n == 1) {
					CHECK_EQ(size, 0);
					continue;
				}
				CHECK_EQ(size % 8, 0);
				CHECK_EQ(size, 8 + 16u * (n - red) + (hl ? 8u + hl : 0));
				CHECK_EQ(sr6_srh_build(out, size, SR6_IPPROTO_IPV6, &spec), size);
				CHECK_EQ(validate(out, size, NULL), SR6_DROP_NONE);
				const struct sr6_srh *h = (const struct sr6_srh *)out;
				CHECK_EQ(sr6_srh_len(h), size);
				CHECK_EQ(h->last_entry, n - 1 - red);
				CHECK_EQ(h->segments_left, n - 1);
				/* segs[0] is the DA; the list holds segs[red ? 1 : 0 ..] */
				for (uint8_t k = red; k < n; k++)
					CHECK(memcmp(out + 8 + 16 * (n - 1 - k), segs[k].b, 16) ==
					      0);
				CHECK_EQ(sr6_srh_find_tlv(out, SR6_SRH_TLV_HMAC) != 0, hl != 0);
			}
}

static void srh_build_refuses_bad_specs_and_short_room(void)
{
	struct sr6_ip6 segs[SR6_SRH_MAX_SEGS + 1] = {0};
	uint8_t out[1024];
	struct sr6_srh_spec spec = {.segs = segs, .n_segs = 0};
	CHECK_EQ(sr6_srh_size(&spec), 0);
	CHECK_EQ(sr6_srh_build(out, sizeof(out), 41, &spec), 0);
	spec.n_segs = SR6_SRH_MAX_SEGS + 1;
	CHECK_EQ(sr6_srh_build(out, sizeof(out), 41, &spec), 0);
	spec.n_segs = 1;
	spec.reduced = true; /* H.Encaps.Red with one segment has no SRH */
	CHECK_EQ(sr6_srh_build(out, sizeof(out), 41, &spec), 0);
	spec.reduced = false;
	spec.hmac_len = 12;
	CHECK_EQ(sr6_srh_build(out, sizeof(out), 41, &spec), 0);
	spec.hmac_len = 40;
	CHECK_EQ(sr6_srh_build(out, sizeof(out), 41, &spec), 0);
	spec.hmac_len = 0;
	CHECK_EQ(sr6_srh_build(out, 23, 41, &spec), 0);
	CHECK_EQ(sr6_srh_build(out, 24, 41, &spec), 24);
}

SR6_TESTS(T(srh_validate_accepts_three_segments),
	  T(srh_validate_accepts_sl_from_0_to_last_entry_plus_1),
	  T(srh_validate_rejects_sl_above_last_entry_plus_1),
	  T(srh_validate_rejects_last_entry_beyond_header),
	  T(srh_validate_rejects_header_without_room_for_a_segment),
	  T(srh_validate_rejects_fewer_than_8_bytes), T(srh_validate_rejects_other_routing_type),
	  T(srh_validate_rejects_hdr_ext_len_past_packet), T(srh_validate_accepts_pad1_and_padn),
	  T(srh_validate_rejects_padn_longer_than_5), T(srh_validate_accepts_hmac_tlv),
	  T(srh_validate_checks_hmac_tlv_length), T(srh_validate_skips_unknown_tlv_types),
	  T(srh_validate_rejects_tlv_past_header_end),
	  T(srh_validate_rejects_tlv_header_cut_by_header_end),
	  T(srh_validate_points_at_the_bad_tlv), T(srh_validate_truncated_at_every_length),
	  T(srh_validate_random_headers_hold_invariants),
	  T(srh_find_tlv_finds_hmac_behind_padding_and_unknown),
	  T(srh_find_tlv_returns_0_when_absent), T(srh_build_three_segments_byte_exact),
	  T(srh_build_reduced_omits_first_segment), T(srh_build_hmac_placeholder_byte_exact),
	  T(srh_build_reduced_hmac_sets_d_flag), T(srh_build_round_trips_every_shape),
	  T(srh_build_refuses_bad_specs_and_short_room))
