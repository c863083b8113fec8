// SPDX-License-Identifier: MIT
/*
 * Per-address token buckets (see ratemap.h).
 *
 * The hash mixes the two 64-bit halves of the address with the seed by
 * multiply-xorshift rounds: cheap, and without the seed an outsider cannot
 * tell which addresses share a set. LRU stamps are a counter, not time,
 * because replayed (pcap) time may run backwards.
 */
#include "ratemap.h"

#include <stdlib.h>
#include <string.h>

#include "bytes.h"

static uint64_t mix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ull;
	h ^= h >> 33;
	return h;
}

static uint32_t set_of(const struct sr6_ratemap *m, const struct sr6_ip6 *key)
{
	uint64_t h = mix(sr6_get_be64(key->b) ^ m->seed);
	h = mix(h ^ sr6_get_be64(key->b + 8));
	return (uint32_t)h & m->set_mask;
}

struct sr6_ratemap *sr6_ratemap_create(uint32_t entries, uint64_t rate, uint64_t burst,
				       uint64_t seed)
{
	uint32_t sets = 1;
	while (sets * SR6_RATEMAP_WAYS < entries && sets < (1u << 24))
		sets <<= 1;
	struct sr6_ratemap *m =
	    calloc(1, sizeof(*m) + (size_t)sets * SR6_RATEMAP_WAYS * sizeof(m->e[0]));
	if (!m)
		return NULL;
	m->set_mask = sets - 1;
	m->seed = seed;
	m->rate = rate;
	m->burst = burst;
	return m;
}

void sr6_ratemap_destroy(struct sr6_ratemap *m)
{
	free(m);
}

void sr6_ratemap_reset(struct sr6_ratemap *m, uint64_t rate, uint64_t burst)
{
	memset(m->e, 0, ((size_t)m->set_mask + 1) * SR6_RATEMAP_WAYS * sizeof(m->e[0]));
	m->rate = rate;
	m->burst = burst;
	m->clock = 0;
}

bool sr6_ratemap_take(struct sr6_ratemap *m, const struct sr6_ip6 *key, uint64_t now_ns)
{
	if (m->rate == 0)
		return true;
	struct sr6_ratemap_entry *set = &m->e[(size_t)set_of(m, key) * SR6_RATEMAP_WAYS];
	struct sr6_ratemap_entry *e = NULL, *lru = &set[0];
	for (unsigned i = 0; i < SR6_RATEMAP_WAYS; i++) {
		if (set[i].used && memcmp(&set[i].key, key, sizeof(*key)) == 0) {
			e = &set[i];
			break;
		}
		if (set[i].used < lru->used)
			lru = &set[i];
	}
	if (!e) {
		e = lru;
		e->key = *key;
		sr6_tbucket_init(&e->tb, m->rate, m->burst);
		e->tb.last_ns = now_ns;
	}
	e->used = ++m->clock;
	return sr6_tbucket_take(&e->tb, now_ns);
}
