// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for the poptrie (src/fib/poptrie.h) against a
 * brute-force reference. The input is a program of 4-byte operations on
 * one table (byte 0 of the input: bit 0 set = IPv4 keys, 32 bits under an
 * 18-bit top, else IPv6, 128 under 16):
 *
 *   op:   | kind | trunk/len | bit | value |
 *          kind % 4: 0, 1 add; 2 delete; 3 look up
 *          the key: one of 4 fixed "trunks" (kind / 4 % 4) with bit
 *          `bit % keylen` flipped when kind / 16 is odd; len = byte 1 %
 *          (keylen + 1)
 *
 * Trunks sharing long prefixes make long sparse chains: skip nodes made,
 * cut by adds anywhere along them, made whole again by deletes. After
 * each add or delete, and for each look-up, the key and the keys leaving
 * its path at every bit are looked up single and in groups
 * (sr6_poptrie_lookup_group, with and without the low word for IPv4)
 * and must match the reference.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fib/poptrie.h"

#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_ENTRIES 64 /* keeps the brute force cheap: more inputs a second */

struct ref_entry {
	struct sr6_key key;
	unsigned len;
	uint32_t value;
};

static struct ref_entry ref[MAX_ENTRIES];
static size_t nref;

static uint32_t ref_lookup(struct sr6_key k)
{
	uint32_t v = 0;
	int best = -1;

	for (size_t i = 0; i < nref; i++) {
		struct sr6_key m = sr6_key_mask(k, ref[i].len);

		if ((int)ref[i].len > best && m.hi == ref[i].key.hi && m.lo == ref[i].key.lo) {
			best = (int)ref[i].len;
			v = ref[i].value;
		}
	}
	return v;
}

static long ref_find(struct sr6_key k, unsigned len)
{
	for (size_t i = 0; i < nref; i++)
		if (ref[i].len == len && ref[i].key.hi == k.hi && ref[i].key.lo == k.lo)
			return (long)i;
	return -1;
}

static struct sr6_key flip(struct sr6_key k, unsigned b)
{
	if (b < 64)
		k.hi ^= 1ULL << (63 - b);
	else
		k.lo ^= 1ULL << (127 - b);
	return k;
}

/* The key and every key leaving its path at one bit: single and grouped lookups. */
static void check_around(const struct sr6_poptrie *pt, struct sr6_key k)
{
	uint64_t hi[SR6_POPTRIE_BULK], lo[SR6_POPTRIE_BULK];
	uint32_t want[SR6_POPTRIE_BULK], got[SR6_POPTRIE_BULK];
	unsigned g = 0;

	for (unsigned b = 0; b <= pt->keylen; b++) {
		struct sr6_key p = b < pt->keylen ? flip(k, b) : k;

		hi[g] = p.hi;
		lo[g] = p.lo;
		want[g] = ref_lookup(p);
		FUZZ_CHECK(sr6_poptrie_lookup(pt, p.hi, p.lo, pt->tbits, true) == want[g]);
		if (++g == SR6_POPTRIE_BULK || b == pt->keylen) {
			sr6_poptrie_lookup_group(pt, hi, pt->keylen == 32 ? NULL : lo, got, g,
						 pt->tbits, true);
			for (unsigned i = 0; i < g; i++)
				FUZZ_CHECK(got[i] == want[i]);
			g = 0;
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct sr6_key trunk6[4] = {
	    {0xfc00000000010000ULL, 0},
	    {0xfc00000000018000ULL, 0x8000000000000001ULL},
	    {0x20010db8000a0000ULL, 0x1234000000000000ULL},
	    {0x20010db8800a0000ULL, 0},
	};
	static const struct sr6_key trunk4[4] = {
	    {0xc0a80a0000000000ULL, 0},
	    {0xc0a80a8000000000ULL, 0},
	    {0x0a00000100000000ULL, 0},
	    {0x0a01000000000000ULL, 0},
	};
	struct sr6_reclaim rc = {0};
	struct sr6_poptrie pt;
	const struct sr6_key *trunk;
	unsigned keylen;

	if (size < 1)
		return 0;
	keylen = data[0] & 1 ? 32 : 128;
	trunk = keylen == 32 ? trunk4 : trunk6;
	if (sr6_poptrie_init(&pt, keylen, keylen == 32 ? 18 : 16, false, true, &rc))
		return 0;
	nref = 0;
	for (size_t o = 1; o + 4 <= size; o += 4) {
		const uint8_t *op = data + o;
		struct sr6_key k = trunk[op[0] / 4 % 4];
		unsigned len = op[1] % (keylen + 1);
		uint32_t value = 1 + op[3] % 4;
		long i;

		if (op[0] / 16 % 2)
			k = flip(k, op[2] % keylen);
		i = ref_find(sr6_key_mask(k, len), len);
		switch (op[0] % 4) {
		case 0:
		case 1:
			if (i < 0 && nref == MAX_ENTRIES)
				continue;
			FUZZ_CHECK(sr6_poptrie_add(&pt, k, len, value) == 0);
			if (i < 0)
				i = (long)nref++;
			ref[i] = (struct ref_entry){sr6_key_mask(k, len), len, value};
			break;
		case 2:
			FUZZ_CHECK(sr6_poptrie_del(&pt, k, len) == (i < 0 ? -ENOENT : 0));
			if (i >= 0)
				ref[i] = ref[--nref];
			break;
		default:
			break;
		}
		check_around(&pt, k);
		if (o % 64 == 1)
			sr6_reclaim_run(&rc);
	}
	/* emptying the table leaves every top entry a leaf of 0 */
	while (nref) {
		nref--;
		FUZZ_CHECK(sr6_poptrie_del(&pt, ref[nref].key, ref[nref].len) == 0);
	}
	for (size_t t = 0; t < (size_t)1 << pt.tbits; t++)
		FUZZ_CHECK(pt.top[t] == SR6_POPTRIE_LEAF(0));
	sr6_poptrie_fini(&pt);
	sr6_reclaim_fini(&rc);
	return 0;
}
