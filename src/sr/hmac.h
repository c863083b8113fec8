/* SPDX-License-Identifier: MIT */
/*
 * SRH HMAC TLV (RFC 8754 §2.1.2): keys, generation and verification.
 *
 * The MAC is HMAC-SHA256 or HMAC-SHA1 (OpenSSL libcrypto) over
 *
 *   IPv6 Source Address (16) | Last Entry (1) | Flags (1) | HMAC Key ID (4, be)
 *   | Segment List[0] .. Segment List[Last Entry] (16 each, as on the wire)
 *
 * and fills a 32-octet HMAC field: SHA-256 exactly, SHA-1's 20 octets
 * followed by 12 zero octets (RFC 8754: "the digest is placed in the
 * lowest-order octets ... subsequent octets MUST be set to zero"; Linux
 * always uses a 32-octet field, so we do too). Verification also accepts
 * the shortest field an algorithm fits in (24 octets for SHA-1), never a
 * truncated digest.
 *
 * Verification (§2.1.2.1) first checks the destination: it passes when the
 * D flag is set and Segments Left > Last Entry (a reduced list, whose first
 * segment is only in the DA), or when Segments Left <= Last Entry and the
 * DA is Segment List[Segments Left]; then the MAC, in constant time.
 *
 * Linux (net/ipv6/seg6_hmac.c) interoperates when: the HMAC TLV is the last
 * 40 octets of the SRH (ours always is), SRH flag 0x08 is set (its
 * verifier ignores the TLV otherwise: SR6_SRH_FLAG_HMAC_LINUX; the MAC
 * covers the flags, so both ends see the same byte), and the key ids and
 * secrets match (`ip sr hmac set KEYID sha256`).
 *
 * Keys live in an immutable table published by RCU: a change builds a new
 * table. No allocation or syscall per packet: each key keeps the SHA state
 * after its inner and outer pads (RFC 2104), so a MAC is two state copies
 * and the hashing of the text and the inner digest. Secrets are wiped when
 * a table is freed and are never returned by any function here.
 */
#ifndef SR6_SR_HMAC_H
#define SR6_SR_HMAC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/drop.h"
#include "../core/wire.h"

#define SR6_HMAC_FIELD_LEN  32 /* HMAC field we write (Linux: SEG6_HMAC_FIELD_LEN) */
#define SR6_HMAC_SECRET_MAX 64 /* bytes (Linux: SEG6_HMAC_SECRET_LEN) */
#define SR6_HMAC_TLV_LEN    (8 + SR6_HMAC_FIELD_LEN)
#define SR6_HMAC_KEYS_MAX   1024

/* Algorithm numbers as iproute2/Linux (SEG6_HMAC_ALGO_*). */
enum sr6_hmac_algo {
	SR6_HMAC_SHA1 = 1,
	SR6_HMAC_SHA256 = 2,
};

struct sr6_hmac_key;
struct sr6_hmac_keys; /* immutable once published */

/* "sha256" / "sha1" <-> enum; 0 / NULL when unknown. */
int sr6_hmac_algo_parse(const char *s);
const char *sr6_hmac_algo_name(int algo);

/*
 * A copy of t (NULL = empty) with key id set to algo/secret (added or
 * replaced). NULL when out of memory or full.
 */
struct sr6_hmac_keys *sr6_hmac_keys_set(const struct sr6_hmac_keys *t, uint32_t id, int algo,
					const uint8_t *secret, size_t secret_len);
/* A copy of t without key id (t must hold it). NULL when out of memory. */
struct sr6_hmac_keys *sr6_hmac_keys_del(const struct sr6_hmac_keys *t, uint32_t id);
/* Wipe the secrets and free. NULL is fine. */
void sr6_hmac_keys_free(struct sr6_hmac_keys *t);

/* Key by id, NULL when absent (t may be NULL). */
const struct sr6_hmac_key *sr6_hmac_key_find(const struct sr6_hmac_keys *t, uint32_t id);
/* For show: number of keys, and key i's id and algorithm (in id order). */
unsigned sr6_hmac_keys_count(const struct sr6_hmac_keys *t);
void sr6_hmac_keys_at(const struct sr6_hmac_keys *t, unsigned i, uint32_t *id, int *algo);
uint32_t sr6_hmac_key_id(const struct sr6_hmac_key *k);
/* True when key id of t has this algorithm and secret (an idempotent re-add). */
bool sr6_hmac_key_same(const struct sr6_hmac_key *k, int algo, const uint8_t *secret,
		       size_t secret_len);

/*
 * The HMAC field for the SRH at srh sent from src with key k, whose Last
 * Entry must lie within the SRH's length (validated, or built by us); the
 * key id in the text is k's.
 */
void sr6_hmac_compute(const struct sr6_hmac_key *k, const struct sr6_ip6 *src, const uint8_t *srh,
		      uint8_t out[SR6_HMAC_FIELD_LEN]);

/*
 * Sign an SRH we built: find its HMAC TLV (which must be there, with a
 * 32-octet field and k's id) and fill the field. srh_len is the SRH's
 * length. 0, or -EINVAL when there is no such TLV.
 */
int sr6_hmac_sign(const struct sr6_hmac_key *k, const struct sr6_ip6 *src, uint8_t *srh,
		  uint32_t srh_len);

/*
 * Verify the HMAC TLV at tlv_off (within the SRH, from sr6_srh_find_tlv)
 * of the validated SRH at srh_off of the IPv6 packet at ip6. check_dst:
 * do the destination check (off only where the DA legitimately differs
 * from the list, at a NEXT-CSID SID). SR6_DROP_NONE, SR6_DROP_SR_HMAC_KEY
 * (unknown key id) or SR6_DROP_SR_HMAC_INVALID.
 */
enum sr6_drop sr6_hmac_verify(const struct sr6_hmac_keys *t, const uint8_t *ip6, uint32_t srh_off,
			      uint32_t tlv_off, bool check_dst);

#endif
