// SPDX-License-Identifier: MIT
/*
 * Signed policies (RFC 8754 §2.1.2): the HMAC is part of the prebuilt
 * rewrite of every encap list, byte for byte what an independent
 * computation gives (python3 hmac/hashlib: hmac_test.c's known answer, same
 * source, segments, flags and key); flag 0x08 unless hmac-flag none; D with
 * a reduced list; H.Insert signs each packet over its own source and DA;
 * replacing the key re-signs a copy.
 *
 *   H.Encaps, segs S1,S2,S3, src E, hmac keyid 7:
 *   IPv6(E -> S1) | SRH(LE 2, SL 2, flags 0x08; S3,S2,S1) | HMAC(len 38, key 7, MAC) | inner
 */
#include <errno.h>

#include "core/exthdr.h"
#include "core/srh.h"
#include "sr/hmac.h"
#include "sr/policy.h"
#include "test_pkt.h"

#define E  "2001:db8:1::10"
#define S1 "fc00:1::1"
#define S2 "fc00:2::1"
#define S3 "fc00:3::1"

static const uint8_t kat_sha256[32] = {
    0x7d, 0x9e, 0x69, 0x8b, 0xfb, 0x5f, 0xb3, 0xb5, 0x25, 0x47, 0x26, 0x47, 0xf1, 0x32, 0x99, 0x6f,
    0x8a, 0xae, 0x1f, 0xc2, 0xcf, 0x59, 0x04, 0x29, 0xf1, 0x7c, 0x06, 0x13, 0x45, 0x31, 0x9e, 0x9c};

static struct sr6_hmac_keys *keys(const char *secret)
{
	return sr6_hmac_keys_set(NULL, 7, SR6_HMAC_SHA256, (const uint8_t *)secret, strlen(secret));
}

static struct sr6_policy *signed_policy(uint8_t mode, unsigned n, const struct sr6_hmac_keys *k,
					bool no_flag, char *err)
{
	static const char *const segs[] = {S1, S2, S3};
	struct sr6_policy_spec spec = {.name = "p",
				       .mode = mode,
				       .n_lists = 1,
				       .hmac = true,
				       .hmac_key_id = 7,
				       .hmac_no_flag = no_flag};
	struct sr6_ip6 src = tb_addr(E);
	spec.lists[0].n_segs = (uint8_t)n;
	spec.lists[0].weight = 1;
	for (unsigned i = 0; i < n; i++)
		spec.lists[0].segs[i] = tb_addr(segs[i]);
	return sr6_policy_build_keys(&spec, &src, k, err, 160);
}

/* Push sl on a small inner packet; verify the result with keys k. */
static enum sr6_drop push_and_verify(const struct sr6_policy *pol, const struct sr6_hmac_keys *k,
				     bool insert)
{
	struct tb in;
	tb_ip6(&in, "2001:db8:5::5", "2001:db8:6::6", 64);
	tb_udp(&in);
	struct sr6_pkt *p = tb_pkt(&in);
	enum sr6_drop why = insert ? sr6_insert_push(p, &pol->lists[0])
				   : sr6_encap_push(p, &pol->lists[0], 41, 0, 0);
	if (why == SR6_DROP_NONE) {
		struct sr6_ip6_info info;
		why = sr6_ip6_walk(p->data, p->len, &info);
		if (why == SR6_DROP_NONE)
			why = sr6_hmac_verify(
			    k, p->data, info.srh_off,
			    sr6_srh_find_tlv(p->data + info.srh_off, SR6_SRH_TLV_HMAC), true);
	}
	tb_free(p);
	return why;
}

static void encap_rewrite_carries_the_precomputed_hmac(void)
{
	char err[160];
	struct sr6_hmac_keys *k = keys("secret-key");
	struct sr6_policy *pol = signed_policy(SR6_MODE_ENCAP, 3, k, false, err);
	CHECK(pol);
	const struct sr6_seglist *sl = &pol->lists[0];
	const uint8_t *srh = sl->rw + 40;
	CHECK_EQ(sl->srh_len, 8 + 48 + 40);
	CHECK_EQ(sl->rw_len, 40 + 8 + 48 + 40);
	CHECK(sl->sign_key == NULL); /* nothing to do per packet */
	CHECK_EQ(srh[5], SR6_SRH_FLAG_HMAC_LINUX);
	static const uint8_t tlv[8] = {5, 38, 0, 0, 0, 0, 0, 7};
	CHECK_MEM(srh + 56, tlv, 8); /* the last 40 bytes of the SRH, where Linux looks */
	CHECK_MEM(srh + 64, kat_sha256, 32);
	CHECK_EQ(push_and_verify(pol, k, false), SR6_DROP_NONE);
	free(pol);
	sr6_hmac_keys_free(k);
}

static void hmac_flag_none_leaves_flags_clear_and_still_verifies(void)
{
	char err[160];
	struct sr6_hmac_keys *k = keys("secret-key");
	struct sr6_policy *pol = signed_policy(SR6_MODE_ENCAP, 2, k, true, err);
	CHECK(pol);
	CHECK_EQ(pol->lists[0].rw[40 + 5], 0);
	CHECK_EQ(push_and_verify(pol, k, false), SR6_DROP_NONE);
	free(pol);
	sr6_hmac_keys_free(k);
}

/* Reduced: S1 only in the DA, SL = LE + 1: the D flag lets it verify. */
static void encap_red_sets_d_and_verifies_with_sl_past_last_entry(void)
{
	char err[160];
	struct sr6_hmac_keys *k = keys("secret-key");
	struct sr6_policy *pol = signed_policy(SR6_MODE_ENCAP_RED, 3, k, false, err);
	CHECK(pol);
	const uint8_t *srh = pol->lists[0].rw + 40;
	CHECK_EQ(srh[3], 2);
	CHECK_EQ(srh[4], 1);
	CHECK_EQ(srh[8 + 32 + 2], 0x80);
	CHECK_EQ(push_and_verify(pol, k, false), SR6_DROP_NONE);
	free(pol);
	CHECK(!signed_policy(SR6_MODE_ENCAP_RED, 1, k, false, err));
	CHECK(strstr(err, "one segment has no SRH"));
	sr6_hmac_keys_free(k);
}

/* H.Insert: the packet's source and original DA are covered: signed per packet. */
static void insert_signs_each_packet(void)
{
	char err[160];
	struct sr6_hmac_keys *k = keys("secret-key");
	struct sr6_policy *pol = signed_policy(SR6_MODE_INSERT, 2, k, false, err);
	CHECK(pol);
	CHECK(pol->lists[0].sign_key != NULL);
	CHECK_EQ(pol->lists[0].hmac_off, 8 + 48);
	CHECK_EQ(push_and_verify(pol, k, true), SR6_DROP_NONE);
	free(pol);
	sr6_hmac_keys_free(k);
}

static void missing_key_is_an_error_and_resign_follows_a_new_secret(void)
{
	char err[160];
	struct sr6_hmac_keys *k = keys("secret-key"), *k2 = keys("rotated");
	CHECK(!signed_policy(SR6_MODE_ENCAP, 3, NULL, false, err));
	CHECK(strcmp(err, "hmac keyid 7: no such key (hmac add keyid 7 ... first)") == 0);
	struct sr6_policy *pol = signed_policy(SR6_MODE_ENCAP, 3, k, false, err);
	struct sr6_policy *ins = signed_policy(SR6_MODE_INSERT, 3, k, false, err);
	CHECK(pol && ins);
	struct sr6_policy *re = sr6_policy_resign(pol, k2), *re_ins = sr6_policy_resign(ins, k2);
	CHECK(re && re_ins);
	CHECK(memcmp(re->lists[0].rw + 40 + 64, kat_sha256, 32) != 0);
	CHECK_EQ(push_and_verify(re, k2, false), SR6_DROP_NONE);
	CHECK_EQ(push_and_verify(re, k, false), SR6_DROP_SR_HMAC_INVALID);
	CHECK_EQ(push_and_verify(re_ins, k2, true), SR6_DROP_NONE);
	CHECK(!sr6_policy_resign(pol, NULL));
	free(pol);
	free(ins);
	free(re);
	free(re_ins);
	sr6_hmac_keys_free(k);
	sr6_hmac_keys_free(k2);
}

SR6_TESTS(T(encap_rewrite_carries_the_precomputed_hmac),
	  T(hmac_flag_none_leaves_flags_clear_and_still_verifies),
	  T(encap_red_sets_d_and_verifies_with_sl_past_last_entry), T(insert_signs_each_packet),
	  T(missing_key_is_an_error_and_resign_follows_a_new_secret))
