// SPDX-License-Identifier: MIT
/*
 * IPv4 longest-prefix match: the IPv6 machinery (poptrie.h over rib.h)
 * with the 32-bit address left-aligned in the 128-bit key and an 18-bit
 * direct-pointing top level (2 MiB), as in the poptrie paper's IPv4 setup:
 *
 *   addr:  | 18 top | 6 | 6 | 2 (+4 zero) |
 *   /24 and shorter prefixes end in the first node after top[], so the
 *   /24-heavy IPv4 table is one top entry + one node + one leaf.
 *
 * No skip nodes (poptrie.h): below an 18-bit top there are three windows,
 * so a chain is at most two links (a lone /25../32 under an empty /18),
 * and testing for skips at the end of every lookup cost 2-4 instructions
 * a lookup (fib_bench --v4: 38.6 -> 40.5 at 1k, 93.8 -> 97.8 bulk deep at
 * 1M) for no measurable gain (71 B/prefix at 1M either way).
 */
#include "lpm.h"

#include <errno.h>
#include <stdlib.h>

#include "../core/bytes.h"
#include "poptrie.h"

#define LPM4_TBITS 18
#define LPM4_SKIPS false /* see above */

struct sr6_lpm4 {
	struct sr6_poptrie pt;
};

static struct sr6_key lpm4_key(const uint8_t a[4])
{
	return (struct sr6_key){(uint64_t)sr6_get_be32(a) << 32, 0};
}

struct sr6_lpm4 *sr6_lpm4_create(struct sr6_reclaim *reclaim)
{
	struct sr6_lpm4 *lpm = malloc(sizeof(*lpm));

	if (!lpm)
		return NULL;
	if (sr6_poptrie_init(&lpm->pt, 32, LPM4_TBITS, false, LPM4_SKIPS, reclaim)) {
		sr6_poptrie_fini(&lpm->pt);
		free(lpm);
		return NULL;
	}
	return lpm;
}

void sr6_lpm4_destroy(struct sr6_lpm4 *lpm)
{
	if (!lpm)
		return;
	sr6_poptrie_fini(&lpm->pt);
	free(lpm);
}

int sr6_lpm4_add(struct sr6_lpm4 *lpm, const uint8_t prefix[4], unsigned len, uint32_t value)
{
	if (value > SR6_LPM_VALUE_MAX)
		return -EINVAL;
	return sr6_poptrie_add(&lpm->pt, lpm4_key(prefix), len, value);
}

int sr6_lpm4_del(struct sr6_lpm4 *lpm, const uint8_t prefix[4], unsigned len)
{
	return sr6_poptrie_del(&lpm->pt, lpm4_key(prefix), len);
}

int sr6_lpm4_get(const struct sr6_lpm4 *lpm, const uint8_t prefix[4], unsigned len, uint32_t *value)
{
	uint32_t v;

	if (len > 32)
		return -EINVAL;
	v = sr6_rib_get(&lpm->pt.rib, lpm4_key(prefix), len);
	if (!v)
		return -ENOENT;
	*value = v;
	return 0;
}

uint32_t sr6_lpm4_lookup(const struct sr6_lpm4 *lpm, const uint8_t addr[4])
{
	return sr6_poptrie_lookup(&lpm->pt, (uint64_t)sr6_get_be32(addr) << 32, 0, LPM4_TBITS,
				  LPM4_SKIPS);
}

void sr6_lpm4_lookup_bulk(const struct sr6_lpm4 *lpm, const uint8_t *const addrs[],
			  uint32_t *values, unsigned n)
{
	uint64_t hi[SR6_POPTRIE_BULK];

	if (!sr6_poptrie_interleave(&lpm->pt)) {
		for (unsigned i = 0; i < n; i++)
			values[i] = sr6_lpm4_lookup(lpm, addrs[i]);
		return;
	}
	while (n) {
		unsigned g = n < SR6_POPTRIE_BULK ? n : SR6_POPTRIE_BULK;

		for (unsigned i = 0; i < g; i++)
			hi[i] = (uint64_t)sr6_get_be32(addrs[i]) << 32;
		sr6_poptrie_lookup_group(&lpm->pt, hi, NULL, values, g, LPM4_TBITS, LPM4_SKIPS);
		addrs += g;
		values += g;
		n -= g;
	}
}

struct lpm4_walk {
	sr6_lpm4_walk_fn cb;
	void *arg;
};

static int lpm4_walk_one(struct sr6_key key, unsigned len, uint32_t value, void *arg)
{
	const struct lpm4_walk *w = arg;
	uint8_t prefix[4];

	sr6_put_be32(prefix, (uint32_t)(key.hi >> 32));
	return w->cb(prefix, len, value, w->arg);
}

int sr6_lpm4_walk(const struct sr6_lpm4 *lpm, sr6_lpm4_walk_fn cb, void *arg)
{
	struct lpm4_walk w = {cb, arg};

	return sr6_rib_walk(&lpm->pt.rib, lpm4_walk_one, &w);
}

size_t sr6_lpm4_count(const struct sr6_lpm4 *lpm)
{
	return lpm->pt.rib.count;
}

size_t sr6_lpm4_memory(const struct sr6_lpm4 *lpm)
{
	return sizeof(*lpm) + sr6_poptrie_memory(&lpm->pt);
}
