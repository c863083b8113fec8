// SPDX-License-Identifier: MIT
/*
 * IPv6 longest-prefix match: a poptrie with a 16-bit direct-pointing top
 * level over a path-compressed RIB (poptrie.h, rib.h).
 *
 *   addr: | 16: top[] | 6 | 6 | 6 | 6 | 6 | 6 |...| 4 (+2 zero) |
 *                      16  22  28  34  40  46      124
 *
 * The windows after the 16-bit top start at 16, 22, ..., 58 in the first
 * 64-bit word and at 64, 70, ... in the second, so none straddles the two
 * halves of the key; top[] costs 512 KiB.
 *
 * Sparse chains are path-compressed (poptrie.h, skip nodes): the windows
 * a /48 crosses with nothing else beside it cost one skip node, not a
 * node each. An SR domain's locators and uN blocks are such chains:
 *
 *   fcbb:bbbb:X::/48, X = 1..1024, alone under fcbb::/16:
 *     plain: top ─► @16 ─► @22 ─► @28 ─► @34 ─► @40 ─► @46 ─► leaf
 *     now:   top ─► skip@16 (18 bits) ─► @34 ─► @40 ─► @46 ─► leaf
 *   fc00:0:X::/48 (beside fc00:ffff:: SIDs, so @16 branches):
 *     now:   top ─► @16 ─► skip@22 (12 bits) ─► @34 ─► @40 ─► @46 ─► leaf
 *
 * Why poptrie (numbers from fib_bench, BENCHMARKS.md "FIB lookup"): the
 * table must hold ~1M prefixes, mostly /32-/48, keep lookups fast as it
 * grows and take 100k+ updates/s.
 *   - DIR-24-8 style tables (DPDK rte_lpm6) chain 256-entry groups per
 *     address byte: several KiB per sparse /48, gigabytes at 1M prefixes
 *     (estimate), and delete rebuilds from the rule list.
 *   - A tree bitmap searches a prefix bitmap and a result array per level;
 *     poptrie leaf-pushes, so a level is one vector test and one popcount
 *     and the answer is one leaf read at the end, and leaf compression
 *     keeps the sparse IPv6 leaves to the runs of distinct values.
 * /128s (local SIDs, host routes) stay in the RIB but not in the trie
 * (poptrie hosts mode): a leaf over them carries SR6_POPTRIE_HOST and the
 * lookup finishes in an exact-match map (hostmap.h). A /128 is always the
 * longest match, so LPM(a) = map(a) when a is there, else the trie's
 * answer; a SID lookup costs the few nodes down to the leaf over its
 * locator plus one probe, not 19 nodes down to bit 128.
 *
 * Measured at 1M IPv6 prefixes: 130 B/prefix (74 poptrie + 56 RIB; 180
 * with malloc overhead), 115-147k adds or deletes/s, lookups ~840 cycles
 * single and ~265 in bulk (DRAM-bound: the nodes at bits 34-46 outgrow
 * L3); ~54 cycles while the table is cached (1k prefixes). With /128s in
 * the host map and skip nodes: 111 B/prefix (145 with malloc), 14-17
 * instructions less a lookup on the deep (/56+) mix; BENCHMARKS.md "FIB
 * lookup" has the A/B.
 */
#include "lpm.h"

#include <errno.h>
#include <stdlib.h>

#include "../core/bytes.h"
#include "hostmap.h"
#include "poptrie.h"

#define LPM6_TBITS 16

struct sr6_lpm6 {
	struct sr6_poptrie pt;
	struct sr6_hostmap hosts; /* the /128s, for lookups */
};

static struct sr6_key lpm6_key(const uint8_t a[16])
{
	return (struct sr6_key){sr6_get_be64(a), sr6_get_be64(a + 8)};
}

struct sr6_lpm6 *sr6_lpm6_create(struct sr6_reclaim *reclaim)
{
	struct sr6_lpm6 *lpm = malloc(sizeof(*lpm));

	if (!lpm)
		return NULL;
	sr6_hostmap_init(&lpm->hosts, reclaim);
	if (sr6_poptrie_init(&lpm->pt, 128, LPM6_TBITS, true, true, reclaim)) {
		sr6_poptrie_fini(&lpm->pt);
		free(lpm);
		return NULL;
	}
	return lpm;
}

void sr6_lpm6_destroy(struct sr6_lpm6 *lpm)
{
	if (!lpm)
		return;
	sr6_poptrie_fini(&lpm->pt);
	sr6_hostmap_fini(&lpm->hosts);
	free(lpm);
}

/*
 * A /128 goes into the map first and the trie (its RIB, the host flag)
 * second, and leaves them in the other order; a reader in between sees
 * the old or the new value either way.
 */
int sr6_lpm6_add(struct sr6_lpm6 *lpm, const uint8_t prefix[16], unsigned len, uint32_t value)
{
	struct sr6_key key = lpm6_key(prefix);
	uint32_t old;
	int rc;

	if (value > SR6_LPM_VALUE_MAX)
		return -EINVAL;
	if (len != 128)
		return sr6_poptrie_add(&lpm->pt, key, len, value);
	if (!value)
		return -EINVAL;
	rc = sr6_hostmap_set(&lpm->hosts, key.hi, key.lo, value, &old);
	if (rc)
		return rc;
	rc = sr6_poptrie_add(&lpm->pt, key, len, value);
	if (rc && old)
		sr6_hostmap_set(&lpm->hosts, key.hi, key.lo, old, &old); /* finds the key */
	else if (rc)
		sr6_hostmap_del(&lpm->hosts, key.hi, key.lo);
	return rc;
}

int sr6_lpm6_del(struct sr6_lpm6 *lpm, const uint8_t prefix[16], unsigned len)
{
	struct sr6_key key = lpm6_key(prefix);
	uint32_t old, ignored;
	int rc;

	if (len != 128)
		return sr6_poptrie_del(&lpm->pt, key, len);
	old = sr6_hostmap_del(&lpm->hosts, key.hi, key.lo);
	rc = sr6_poptrie_del(&lpm->pt, key, len);
	if (rc && old)
		sr6_hostmap_set(&lpm->hosts, key.hi, key.lo, old, &ignored); /* finds the key */
	return rc;
}

int sr6_lpm6_get(const struct sr6_lpm6 *lpm, const uint8_t prefix[16], unsigned len,
		 uint32_t *value)
{
	uint32_t v;

	if (len > 128)
		return -EINVAL;
	v = sr6_rib_get(&lpm->pt.rib, lpm6_key(prefix), len);
	if (!v)
		return -ENOENT;
	*value = v;
	return 0;
}

/* The trie answered v for hi:lo: finish a lookup that landed over hosts. */
static inline uint32_t lpm6_host(const struct sr6_lpm6 *lpm, uint32_t v, uint64_t hi, uint64_t lo)
{
	uint32_t h;

	if (__builtin_expect(!(v & SR6_POPTRIE_HOST), 1))
		return v;
	h = sr6_hostmap_find(&lpm->hosts, hi, lo);
	return h ? h : v & ~SR6_POPTRIE_HOST;
}

uint32_t sr6_lpm6_lookup(const struct sr6_lpm6 *lpm, const uint8_t addr[16])
{
	uint64_t hi = sr6_get_be64(addr), lo = sr6_get_be64(addr + 8);

	return lpm6_host(lpm, sr6_poptrie_lookup(&lpm->pt, hi, lo, LPM6_TBITS, true), hi, lo);
}

void sr6_lpm6_lookup_bulk(const struct sr6_lpm6 *lpm, const uint8_t *const addrs[],
			  uint32_t *values, unsigned n)
{
	uint64_t hi[SR6_POPTRIE_BULK], lo[SR6_POPTRIE_BULK];

	if (!sr6_poptrie_interleave(&lpm->pt)) {
		for (unsigned i = 0; i < n; i++)
			values[i] = sr6_lpm6_lookup(lpm, addrs[i]);
		return;
	}
	while (n) {
		unsigned g = n < SR6_POPTRIE_BULK ? n : SR6_POPTRIE_BULK;

		uint64_t khi[SR6_POPTRIE_BULK], klo[SR6_POPTRIE_BULK];

		for (unsigned i = 0; i < g; i++) {
			khi[i] = hi[i] = sr6_get_be64(addrs[i]);
			klo[i] = lo[i] = sr6_get_be64(addrs[i] + 8);
		}
		sr6_poptrie_lookup_group(&lpm->pt, hi, lo, values, g, LPM6_TBITS, true);
		for (unsigned i = 0; i < g; i++)
			if (values[i] & SR6_POPTRIE_HOST)
				__builtin_prefetch(
				    sr6_hostmap_slot_of(&lpm->hosts, khi[i], klo[i]));
		for (unsigned i = 0; i < g; i++)
			values[i] = lpm6_host(lpm, values[i], khi[i], klo[i]);
		addrs += g;
		values += g;
		n -= g;
	}
}

struct lpm6_walk {
	sr6_lpm6_walk_fn cb;
	void *arg;
};

static int lpm6_walk_one(struct sr6_key key, unsigned len, uint32_t value, void *arg)
{
	const struct lpm6_walk *w = arg;
	uint8_t prefix[16];

	sr6_put_be64(prefix, key.hi);
	sr6_put_be64(prefix + 8, key.lo);
	return w->cb(prefix, len, value, w->arg);
}

int sr6_lpm6_walk(const struct sr6_lpm6 *lpm, sr6_lpm6_walk_fn cb, void *arg)
{
	struct lpm6_walk w = {cb, arg};

	return sr6_rib_walk(&lpm->pt.rib, lpm6_walk_one, &w);
}

size_t sr6_lpm6_count(const struct sr6_lpm6 *lpm)
{
	return lpm->pt.rib.count;
}

size_t sr6_lpm6_memory(const struct sr6_lpm6 *lpm)
{
	return sizeof(*lpm) + sr6_poptrie_memory(&lpm->pt) + sr6_hostmap_memory(&lpm->hosts);
}
