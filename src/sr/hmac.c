// SPDX-License-Identifier: MIT
/*
 * SRH HMAC keys, generation and verification (see hmac.h).
 *
 * Why OpenSSL's low-level SHA API (deprecated in 3.0, still shipped): its
 * contexts are plain structs the caller owns, so a key can keep the state
 * after its inner and outer pads and a per-packet MAC copies two structs
 * on the stack. Every EVP path (EVP_MAC, EVP_MD_CTX_copy, HMAC()) allocates
 * a provider context per call, which the fast path must not. The HMAC
 * construction here (RFC 2104) is checked against OpenSSL's HMAC() in
 * hmac_test.c for both algorithms and every key length.
 *
 *   key K (<= 64 bytes: the block size of SHA-1 and SHA-256)
 *   inner = H(K ^ ipad | text)     state after K ^ ipad kept per key
 *   mac   = H(K ^ opad | inner)    state after K ^ opad kept per key
 */
#define OPENSSL_SUPPRESS_DEPRECATED
#include "hmac.h"

#include <errno.h>
#include <openssl/crypto.h>
#include <openssl/sha.h>
#include <stdlib.h>
#include <string.h>

#include "../core/bytes.h"
#include "../core/srh.h"

#define BLOCK	       64 /* SHA-1 and SHA-256 block size */
#define TLV_OFF_D      2
#define TLV_OFF_KEY_ID 4
#define TLV_OFF_HMAC   8
#define TLV_FIXED      6    /* D/reserved + key id, counted in the TLV length */
#define HMAC_D	       0x80 /* top bit of the D/reserved byte */

struct sr6_hmac_key {
	uint32_t id;
	uint8_t algo;
	uint8_t secret_len;
	uint8_t secret[SR6_HMAC_SECRET_MAX];
	union {
		SHA256_CTX s256;
		SHA_CTX s1;
	} inner, outer;
};

struct sr6_hmac_keys {
	unsigned n;
	struct sr6_hmac_key k[]; /* sorted by id */
};

int sr6_hmac_algo_parse(const char *s)
{
	if (s && strcmp(s, "sha256") == 0)
		return SR6_HMAC_SHA256;
	if (s && strcmp(s, "sha1") == 0)
		return SR6_HMAC_SHA1;
	return 0;
}

const char *sr6_hmac_algo_name(int algo)
{
	return algo == SR6_HMAC_SHA256 ? "sha256" : algo == SR6_HMAC_SHA1 ? "sha1" : NULL;
}

static unsigned digest_len(int algo)
{
	return algo == SR6_HMAC_SHA256 ? SHA256_DIGEST_LENGTH : SHA_DIGEST_LENGTH;
}

/* RFC 2104: the states after the padded key blocks. */
static void key_init(struct sr6_hmac_key *k, uint32_t id, int algo, const uint8_t *secret,
		     size_t len)
{
	uint8_t block[BLOCK] = {0}, pad[BLOCK];
	memset(k, 0, sizeof(*k));
	k->id = id;
	k->algo = (uint8_t)algo;
	k->secret_len = (uint8_t)len;
	memcpy(k->secret, secret, len);
	memcpy(block, secret, len); /* len <= BLOCK: used as it is */
	for (int i = 0; i < BLOCK; i++)
		pad[i] = block[i] ^ 0x36;
	if (algo == SR6_HMAC_SHA256) {
		SHA256_Init(&k->inner.s256);
		SHA256_Update(&k->inner.s256, pad, BLOCK);
	} else {
		SHA1_Init(&k->inner.s1);
		SHA1_Update(&k->inner.s1, pad, BLOCK);
	}
	for (int i = 0; i < BLOCK; i++)
		pad[i] = block[i] ^ 0x5c;
	if (algo == SR6_HMAC_SHA256) {
		SHA256_Init(&k->outer.s256);
		SHA256_Update(&k->outer.s256, pad, BLOCK);
	} else {
		SHA1_Init(&k->outer.s1);
		SHA1_Update(&k->outer.s1, pad, BLOCK);
	}
	OPENSSL_cleanse(block, sizeof(block));
	OPENSSL_cleanse(pad, sizeof(pad));
}

static size_t table_size(unsigned n)
{
	return sizeof(struct sr6_hmac_keys) + (size_t)n * sizeof(struct sr6_hmac_key);
}

/* Index of id in t, or of where it would go (with *found false). */
static unsigned find_slot(const struct sr6_hmac_keys *t, uint32_t id, bool *found)
{
	unsigned lo = 0, hi = t ? t->n : 0;
	while (lo < hi) {
		unsigned mid = lo + (hi - lo) / 2;
		if (t->k[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = t && lo < t->n && t->k[lo].id == id;
	return lo;
}

struct sr6_hmac_keys *sr6_hmac_keys_set(const struct sr6_hmac_keys *t, uint32_t id, int algo,
					const uint8_t *secret, size_t secret_len)
{
	if (!sr6_hmac_algo_name(algo) || secret_len == 0 || secret_len > SR6_HMAC_SECRET_MAX)
		return NULL;
	bool found;
	unsigned at = find_slot(t, id, &found), n = t ? t->n : 0;
	unsigned nn = n + (found ? 0 : 1);
	if (nn > SR6_HMAC_KEYS_MAX)
		return NULL;
	struct sr6_hmac_keys *c = malloc(table_size(nn));
	if (!c)
		return NULL;
	c->n = nn;
	if (at)
		memcpy(c->k, t->k, at * sizeof(c->k[0]));
	unsigned rest = n - at - (found ? 1 : 0);
	if (rest)
		memcpy(&c->k[at + 1], &t->k[n - rest], rest * sizeof(c->k[0]));
	key_init(&c->k[at], id, algo, secret, secret_len);
	return c;
}

struct sr6_hmac_keys *sr6_hmac_keys_del(const struct sr6_hmac_keys *t, uint32_t id)
{
	bool found;
	unsigned at = find_slot(t, id, &found);
	if (!found)
		return NULL;
	struct sr6_hmac_keys *c = malloc(table_size(t->n - 1));
	if (!c)
		return NULL;
	c->n = t->n - 1;
	memcpy(c->k, t->k, at * sizeof(c->k[0]));
	memcpy(&c->k[at], &t->k[at + 1], (t->n - at - 1) * sizeof(c->k[0]));
	return c;
}

void sr6_hmac_keys_free(struct sr6_hmac_keys *t)
{
	if (!t)
		return;
	OPENSSL_cleanse(t, table_size(t->n));
	free(t);
}

const struct sr6_hmac_key *sr6_hmac_key_find(const struct sr6_hmac_keys *t, uint32_t id)
{
	bool found;
	unsigned at = find_slot(t, id, &found);
	return found ? &t->k[at] : NULL;
}

unsigned sr6_hmac_keys_count(const struct sr6_hmac_keys *t)
{
	return t ? t->n : 0;
}

void sr6_hmac_keys_at(const struct sr6_hmac_keys *t, unsigned i, uint32_t *id, int *algo)
{
	*id = t->k[i].id;
	*algo = t->k[i].algo;
}

uint32_t sr6_hmac_key_id(const struct sr6_hmac_key *k)
{
	return k->id;
}

bool sr6_hmac_key_same(const struct sr6_hmac_key *k, int algo, const uint8_t *secret,
		       size_t secret_len)
{
	return k->algo == algo && k->secret_len == secret_len &&
	       CRYPTO_memcmp(k->secret, secret, secret_len) == 0;
}

void sr6_hmac_compute(const struct sr6_hmac_key *k, const struct sr6_ip6 *src, const uint8_t *srh,
		      uint8_t out[SR6_HMAC_FIELD_LEN])
{
	const struct sr6_srh *h = (const struct sr6_srh *)srh;
	uint8_t head[16 + 1 + 1 + 4], inner[SHA256_DIGEST_LENGTH];
	size_t segs = 16u * ((size_t)h->last_entry + 1);
	memcpy(head, src->b, 16);
	head[16] = h->last_entry;
	head[17] = h->flags;
	sr6_put_be32(head + 18, k->id);
	memset(out, 0, SR6_HMAC_FIELD_LEN);
	if (k->algo == SR6_HMAC_SHA256) {
		SHA256_CTX c = k->inner.s256;
		SHA256_Update(&c, head, sizeof(head));
		SHA256_Update(&c, srh + sizeof(*h), segs);
		SHA256_Final(inner, &c);
		c = k->outer.s256;
		SHA256_Update(&c, inner, SHA256_DIGEST_LENGTH);
		SHA256_Final(out, &c);
	} else {
		SHA_CTX c = k->inner.s1;
		SHA1_Update(&c, head, sizeof(head));
		SHA1_Update(&c, srh + sizeof(*h), segs);
		SHA1_Final(inner, &c);
		c = k->outer.s1;
		SHA1_Update(&c, inner, SHA_DIGEST_LENGTH);
		SHA1_Final(out, &c);
	}
}

int sr6_hmac_sign(const struct sr6_hmac_key *k, const struct sr6_ip6 *src, uint8_t *srh,
		  uint32_t srh_len)
{
	if (sr6_srh_validate(srh, srh_len, NULL) != SR6_DROP_NONE)
		return -EINVAL;
	uint32_t off = sr6_srh_find_tlv(srh, SR6_SRH_TLV_HMAC);
	if (!off || srh[off + 1] != TLV_FIXED + SR6_HMAC_FIELD_LEN ||
	    sr6_get_be32(srh + off + TLV_OFF_KEY_ID) != k->id)
		return -EINVAL;
	sr6_hmac_compute(k, src, srh, srh + off + TLV_OFF_HMAC);
	return 0;
}

/* RFC 8754 §2.1.2.1: "The HMAC verification begins by checking that the
 * current segment is equal to the destination address of the IPv6 header." */
static bool dst_ok(const uint8_t *ip6, const uint8_t *srh, const uint8_t *tlv)
{
	const struct sr6_srh *h = (const struct sr6_srh *)srh;
	if (h->segments_left > h->last_entry)
		return (tlv[TLV_OFF_D] & HMAC_D) != 0;
	return memcmp(ip6 + offsetof(struct sr6_ip6_hdr, dst), srh + 8 + 16u * h->segments_left,
		      16) == 0;
}

enum sr6_drop sr6_hmac_verify(const struct sr6_hmac_keys *t, const uint8_t *ip6, uint32_t srh_off,
			      uint32_t tlv_off, bool check_dst)
{
	const uint8_t *srh = ip6 + srh_off, *tlv = srh + tlv_off;
	const struct sr6_hmac_key *k = sr6_hmac_key_find(t, sr6_get_be32(tlv + TLV_OFF_KEY_ID));
	if (!k)
		return SR6_DROP_SR_HMAC_KEY;
	/* the smallest multiple of 8 the digest fits in, up to the full field */
	unsigned field = (unsigned)tlv[1] - TLV_FIXED;
	unsigned need = (digest_len(k->algo) + 7) & ~7u;
	if (field < need || field > SR6_HMAC_FIELD_LEN)
		return SR6_DROP_SR_HMAC_INVALID;
	if (check_dst && !dst_ok(ip6, srh, tlv))
		return SR6_DROP_SR_HMAC_INVALID;
	uint8_t mac[SR6_HMAC_FIELD_LEN];
	const struct sr6_ip6_hdr *h = (const struct sr6_ip6_hdr *)ip6;
	sr6_hmac_compute(k, &h->src, srh, mac);
	/* the zeros past the digest are compared too */
	if (CRYPTO_memcmp(mac, tlv + TLV_OFF_HMAC, field) != 0)
		return SR6_DROP_SR_HMAC_INVALID;
	return SR6_DROP_NONE;
}
