// SPDX-License-Identifier: MIT
/*
 * HMAC TLV tests: the precomputed-pad HMAC equals OpenSSL's HMAC() for both
 * algorithms and every key length; known answers computed independently
 * (python3 hmac/hashlib over the RFC 8754 §2.1.2.1 text); verification
 * accepts exactly the right MAC, key id, destination and field layout;
 * the key table keeps ids sorted through adds, replaces and deletes.
 *
 * The packet every test signs (H.Encaps of A's packet to S1, S2, S3):
 *
 *   IPv6(2001:db8:1::10 -> fc00:1::1)
 *   | SRH(NH 41, LE 2, SL 2, flags 0x08; fc00:3::1, fc00:2::1, fc00:1::1)
 *   | HMAC TLV(type 5, len 38, D 0, key id 7, 32-octet HMAC)
 */
#include "sr/hmac.h"

#include <errno.h>
#include <openssl/hmac.h>

#include "check.h"
#include "core/bytes.h"
#include "core/ip6.h"
#include "core/srh.h"

static const uint8_t secret[] = "secret-key"; /* 10 bytes, no NUL */
#define SECRET_LEN 10

/* python3: hmac.new(b"secret-key", text, hashlib.sha256 / sha1) */
static const uint8_t kat_sha256[32] = {
    0x7d, 0x9e, 0x69, 0x8b, 0xfb, 0x5f, 0xb3, 0xb5, 0x25, 0x47, 0x26, 0x47, 0xf1, 0x32, 0x99, 0x6f,
    0x8a, 0xae, 0x1f, 0xc2, 0xcf, 0x59, 0x04, 0x29, 0xf1, 0x7c, 0x06, 0x13, 0x45, 0x31, 0x9e, 0x9c};
static const uint8_t kat_sha1[20] = {0x5e, 0xf5, 0x6b, 0x5b, 0x65, 0x14, 0x4a, 0x3e, 0x5f, 0x35,
				     0x22, 0x92, 0xdc, 0xb7, 0xb3, 0x6d, 0x6b, 0x93, 0xbc, 0x9f};

struct packet {
	uint8_t b[40 + 8 + 48 + 8 + 32];
	uint32_t len, tlv_off; /* tlv_off within the SRH */
};

static struct sr6_ip6 ip(const char *s)
{
	struct sr6_ip6 a;
	sr6_ip6_parse(s, &a, false);
	return a;
}

/* The packet above; field bytes of HMAC field, key id `id`, D flag d. */
static void build(struct packet *p, uint32_t id, uint8_t field, bool d)
{
	struct sr6_ip6 segs[3] = {ip("fc00:1::1"), ip("fc00:2::1"), ip("fc00:3::1")};
	struct sr6_srh_spec spec = {.segs = segs,
				    .n_segs = 3,
				    .flags = SR6_SRH_FLAG_HMAC_LINUX,
				    .hmac_key_id = id,
				    .hmac_len = field};
	struct sr6_ip6_hdr *h = (struct sr6_ip6_hdr *)p->b;
	memset(p, 0, sizeof(*p));
	uint32_t n = sr6_srh_build(p->b + 40, sizeof(p->b) - 40, 41, &spec);
	sr6_put_be32(&h->ver_tc_flow, 6u << 28);
	sr6_put_be16(&h->payload_len, (uint16_t)n);
	h->next_header = SR6_IPPROTO_ROUTING;
	h->hop_limit = 64;
	h->src = ip("2001:db8:1::10");
	h->dst = segs[0];
	p->len = 40 + n;
	p->tlv_off = sr6_srh_find_tlv(p->b + 40, SR6_SRH_TLV_HMAC);
	if (d)
		p->b[40 + p->tlv_off + 2] |= 0x80;
}

static void hmac_matches_openssl_for_every_key_length(void)
{
	struct packet p;
	build(&p, 7, 32, false);
	uint8_t text[22 + 48], key[64], ref[32];
	memcpy(text, p.b + 8, 16);
	text[16] = 2;
	text[17] = SR6_SRH_FLAG_HMAC_LINUX;
	sr6_put_be32(text + 18, 7);
	memcpy(text + 22, p.b + 48, 48);
	for (unsigned len = 1; len <= 64; len++) {
		for (unsigned i = 0; i < len; i++)
			key[i] = (uint8_t)(i * 37 + len);
		for (int algo = SR6_HMAC_SHA1; algo <= SR6_HMAC_SHA256; algo++) {
			struct sr6_hmac_keys *t = sr6_hmac_keys_set(NULL, 7, algo, key, len);
			uint8_t mac[32];
			unsigned rlen = 0;
			CHECK(t);
			sr6_hmac_compute(sr6_hmac_key_find(t, 7), &((struct sr6_ip6_hdr *)p.b)->src,
					 p.b + 40, mac);
			CHECK(HMAC(algo == SR6_HMAC_SHA256 ? EVP_sha256() : EVP_sha1(), key,
				   (int)len, text, sizeof(text), ref, &rlen));
			CHECK_MEM(mac, ref, rlen);
			for (unsigned i = rlen; i < 32; i++)
				CHECK_EQ(mac[i], 0);
			sr6_hmac_keys_free(t);
		}
	}
}

static void hmac_sign_fills_the_tlv_with_known_answers(void)
{
	struct packet p;
	struct sr6_hmac_keys *t = sr6_hmac_keys_set(NULL, 7, SR6_HMAC_SHA256, secret, SECRET_LEN);
	struct sr6_hmac_keys *t1 = sr6_hmac_keys_set(NULL, 7, SR6_HMAC_SHA1, secret, SECRET_LEN);
	const struct sr6_ip6 *src = &((struct sr6_ip6_hdr *)p.b)->src;
	uint8_t sha1_field[32] = {0};
	memcpy(sha1_field, kat_sha1, 20);
	CHECK(t && t1);
	build(&p, 7, 32, false);
	CHECK_EQ(sr6_hmac_sign(sr6_hmac_key_find(t, 7), src, p.b + 40, p.len - 40), 0);
	CHECK_MEM(p.b + 40 + p.tlv_off + 8, kat_sha256, 32);
	CHECK_EQ(sr6_hmac_sign(sr6_hmac_key_find(t1, 7), src, p.b + 40, p.len - 40), 0);
	CHECK_MEM(p.b + 40 + p.tlv_off + 8, sha1_field, 32);
	/* no TLV for this key id, or a short field: refused */
	build(&p, 8, 32, false);
	CHECK_EQ(sr6_hmac_sign(sr6_hmac_key_find(t, 7), src, p.b + 40, p.len - 40), -EINVAL);
	build(&p, 7, 24, false);
	CHECK_EQ(sr6_hmac_sign(sr6_hmac_key_find(t, 7), src, p.b + 40, p.len - 40), -EINVAL);
	sr6_hmac_keys_free(t);
	sr6_hmac_keys_free(t1);
}

static enum sr6_drop verify(const struct sr6_hmac_keys *t, const struct packet *p, bool dst)
{
	return sr6_hmac_verify(t, p->b, 40, p->tlv_off, dst);
}

static void hmac_verify_accepts_good_and_rejects_every_change(void)
{
	struct packet p;
	struct sr6_hmac_keys *t = sr6_hmac_keys_set(NULL, 7, SR6_HMAC_SHA256, secret, SECRET_LEN);
	struct sr6_hmac_keys *other =
	    sr6_hmac_keys_set(NULL, 7, SR6_HMAC_SHA256, (const uint8_t *)"other-key", 9);
	CHECK(t && other);
	build(&p, 7, 32, false);
	sr6_hmac_sign(sr6_hmac_key_find(t, 7), &((struct sr6_ip6_hdr *)p.b)->src, p.b + 40,
		      p.len - 40);
	CHECK_EQ(verify(t, &p, true), SR6_DROP_NONE);
	CHECK_EQ(verify(other, &p, true), SR6_DROP_SR_HMAC_INVALID);
	CHECK_EQ(verify(NULL, &p, true), SR6_DROP_SR_HMAC_KEY);
	/* every covered byte matters: source, Last Entry's segments, flags, key id */
	static const uint32_t covered[] = {8, 23, 40 + 5, 48, 95};
	for (size_t i = 0; i < sizeof(covered) / sizeof(covered[0]); i++) {
		struct packet q = p;
		q.b[covered[i]] ^= 1;
		CHECK_EQ(verify(t, &q, false), SR6_DROP_SR_HMAC_INVALID);
	}
	struct packet q = p;
	q.b[40 + p.tlv_off + 7] ^= 1; /* key id 7 -> 6: unknown */
	CHECK_EQ(verify(t, &q, true), SR6_DROP_SR_HMAC_KEY);
	q = p;
	q.b[40 + p.tlv_off + 8 + 31] ^= 0x80; /* last bit of the MAC */
	CHECK_EQ(verify(t, &q, true), SR6_DROP_SR_HMAC_INVALID);
	/* the hop limit is not covered */
	q = p;
	q.b[7] = 1;
	CHECK_EQ(verify(t, &q, true), SR6_DROP_NONE);
	sr6_hmac_keys_free(t);
	sr6_hmac_keys_free(other);
}

/* §2.1.2.1: DA == Segment List[SL], or D set with SL > Last Entry. */
static void hmac_verify_checks_the_destination(void)
{
	struct packet p;
	struct sr6_hmac_keys *t = sr6_hmac_keys_set(NULL, 7, SR6_HMAC_SHA256, secret, SECRET_LEN);
	struct sr6_ip6_hdr *h = (struct sr6_ip6_hdr *)p.b;
	CHECK(t);
	build(&p, 7, 32, false);
	sr6_hmac_sign(sr6_hmac_key_find(t, 7), &h->src, p.b + 40, p.len - 40);
	h->dst = ip("fc00:2::1"); /* SL 2 names fc00:1::1 */
	CHECK_EQ(verify(t, &p, true), SR6_DROP_SR_HMAC_INVALID);
	CHECK_EQ(verify(t, &p, false), SR6_DROP_NONE);
	p.b[40 + 3] = 1; /* SL 1: fc00:2::1 */
	CHECK_EQ(verify(t, &p, true), SR6_DROP_NONE);
	p.b[40 + 3] = 3; /* SL > LE: only with D */
	CHECK_EQ(verify(t, &p, true), SR6_DROP_SR_HMAC_INVALID);
	build(&p, 7, 32, true);
	sr6_hmac_sign(sr6_hmac_key_find(t, 7), &h->src, p.b + 40, p.len - 40);
	p.b[40 + 3] = 3;
	h->dst = ip("fc00:9::9");
	CHECK_EQ(verify(t, &p, true), SR6_DROP_NONE);
	sr6_hmac_keys_free(t);
}

/* SHA-1 in 24 octets (RFC 8754) or 32 (Linux); padding must be zero;
 * SHA-256 must not be truncated. */
static void hmac_verify_field_lengths(void)
{
	struct packet p;
	struct sr6_hmac_keys *t1 = sr6_hmac_keys_set(NULL, 7, SR6_HMAC_SHA1, secret, SECRET_LEN);
	struct sr6_hmac_keys *t2 = sr6_hmac_keys_set(NULL, 7, SR6_HMAC_SHA256, secret, SECRET_LEN);
	CHECK(t1 && t2);
	build(&p, 7, 24, false);
	memcpy(p.b + 40 + p.tlv_off + 8, kat_sha1, 20);
	CHECK_EQ(verify(t1, &p, true), SR6_DROP_NONE);
	p.b[40 + p.tlv_off + 8 + 23] = 1;
	CHECK_EQ(verify(t1, &p, true), SR6_DROP_SR_HMAC_INVALID);
	build(&p, 7, 32, false);
	memcpy(p.b + 40 + p.tlv_off + 8, kat_sha1, 20);
	CHECK_EQ(verify(t1, &p, true), SR6_DROP_NONE);
	build(&p, 7, 16, false);
	memcpy(p.b + 40 + p.tlv_off + 8, kat_sha1, 16);
	CHECK_EQ(verify(t1, &p, true), SR6_DROP_SR_HMAC_INVALID);
	build(&p, 7, 24, false);
	memcpy(p.b + 40 + p.tlv_off + 8, kat_sha256, 24);
	CHECK_EQ(verify(t2, &p, true), SR6_DROP_SR_HMAC_INVALID);
	sr6_hmac_keys_free(t1);
	sr6_hmac_keys_free(t2);
}

static void hmac_key_table_stays_sorted_through_set_and_del(void)
{
	static const uint32_t ids[] = {50, 3, 4000000000u, 17, 3, 1};
	struct sr6_hmac_keys *t = NULL;
	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		struct sr6_hmac_keys *n =
		    sr6_hmac_keys_set(t, ids[i], SR6_HMAC_SHA256, secret, 1 + i);
		CHECK(n);
		sr6_hmac_keys_free(t);
		t = n;
	}
	CHECK_EQ(sr6_hmac_keys_count(t), 5);
	uint32_t prev = 0, id;
	int algo;
	for (unsigned i = 0; i < 5; i++) {
		sr6_hmac_keys_at(t, i, &id, &algo);
		CHECK(i == 0 || id > prev);
		prev = id;
	}
	/* the replace of key 3 took the later secret */
	CHECK(sr6_hmac_key_same(sr6_hmac_key_find(t, 3), SR6_HMAC_SHA256, secret, 5));
	CHECK(!sr6_hmac_key_same(sr6_hmac_key_find(t, 3), SR6_HMAC_SHA256, secret, 2));
	CHECK(!sr6_hmac_key_same(sr6_hmac_key_find(t, 3), SR6_HMAC_SHA1, secret, 5));
	struct sr6_hmac_keys *n = sr6_hmac_keys_del(t, 17);
	CHECK(n);
	CHECK(!sr6_hmac_key_find(n, 17) && sr6_hmac_key_find(n, 50) && sr6_hmac_key_find(n, 1));
	CHECK(!sr6_hmac_keys_del(n, 17));
	CHECK_EQ(sr6_hmac_key_id(sr6_hmac_key_find(n, 4000000000u)), 4000000000u);
	/* bad arguments build nothing */
	CHECK(!sr6_hmac_keys_set(n, 1, 3, secret, 5));
	CHECK(!sr6_hmac_keys_set(n, 1, SR6_HMAC_SHA1, secret, 0));
	CHECK(!sr6_hmac_keys_set(n, 1, SR6_HMAC_SHA1, secret, SR6_HMAC_SECRET_MAX + 1));
	CHECK_EQ(sr6_hmac_algo_parse("sha256"), SR6_HMAC_SHA256);
	CHECK_EQ(sr6_hmac_algo_parse("md5"), 0);
	sr6_hmac_keys_free(t);
	sr6_hmac_keys_free(n);
}

SR6_TESTS(T(hmac_matches_openssl_for_every_key_length),
	  T(hmac_sign_fills_the_tlv_with_known_answers),
	  T(hmac_verify_accepts_good_and_rejects_every_change),
	  T(hmac_verify_checks_the_destination), T(hmac_verify_field_lengths),
	  T(hmac_key_table_stays_sorted_through_set_and_del))
