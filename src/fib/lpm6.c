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
 * Measured at 1M IPv6 prefixes: 130 B/prefix (74 poptrie + 56 RIB; 180
 * with malloc overhead), 115-147k adds or deletes/s, lookups ~840 cycles
 * single and ~265 in bulk (DRAM-bound: the nodes at bits 34-46 outgrow
 * L3); ~54 cycles while the table is cached (1k prefixes).
 */
#include "lpm.h"

#include <errno.h>
#include <stdlib.h>

#include "../core/bytes.h"
#include "poptrie.h"

#define LPM6_TBITS 16

struct sr6_lpm6 {
	struct sr6_poptrie pt;
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
	if (sr6_poptrie_init(&lpm->pt, 128, LPM6_TBITS, reclaim)) {
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
	free(lpm);
}

int sr6_lpm6_add(struct sr6_lpm6 *lpm, const uint8_t prefix[16], unsigned len, uint32_t value)
{
	return sr6_poptrie_add(&lpm->pt, lpm6_key(prefix), len, value);
}

int sr6_lpm6_del(struct sr6_lpm6 *lpm, const uint8_t prefix[16], unsigned len)
{
	return sr6_poptrie_del(&lpm->pt, lpm6_key(prefix), len);
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

uint32_t sr6_lpm6_lookup(const struct sr6_lpm6 *lpm, const uint8_t addr[16])
{
	return sr6_poptrie_lookup(&lpm->pt, sr6_get_be64(addr), sr6_get_be64(addr + 8), LPM6_TBITS);
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

		for (unsigned i = 0; i < g; i++) {
			hi[i] = sr6_get_be64(addrs[i]);
			lo[i] = sr6_get_be64(addrs[i] + 8);
		}
		sr6_poptrie_lookup_group(&lpm->pt, hi, lo, values, g, LPM6_TBITS);
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
	return sizeof(*lpm) + sr6_poptrie_memory(&lpm->pt);
}
