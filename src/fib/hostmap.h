/* SPDX-License-Identifier: MIT */
/*
 * Exact-match map of 128-bit keys (IPv6 /128 routes: local SIDs, host
 * routes) to LPM values, consulted by lpm6.c instead of walking the
 * poptrie to bit 128 (19 nodes, one cache miss each when cold).
 *
 * Open addressing with linear probing in one flat array, load kept under
 * 1/2 counting tombstones. One writer (the control thread), lock-free
 * readers:
 *   - a slot's key is written once, before the release store that marks
 *     the slot used, and never changes while the array is published;
 *   - its value is a single 32-bit atomic store (0 = deleted: a tombstone
 *     that keeps probe chains intact and takes the key back on re-add);
 *   - growing (or sweeping tombstones) builds a new array, publishes it,
 *     and hands the old one to sr6_reclaim_defer().
 */
#ifndef SR6_FIB_HOSTMAP_H
#define SR6_FIB_HOSTMAP_H

#include <stddef.h>
#include <stdint.h>

#include "../core/reclaim.h"

struct sr6_hostmap_slot {
	uint64_t hi, lo; /* the key, as two host-order halves */
	uint32_t value;	 /* 0: deleted */
	uint32_t used;	 /* set once the key is written */
};

struct sr6_hostmap_array {
	uint32_t mask; /* capacity - 1, a power of two */
	uint32_t live, dead;
	struct sr6_hostmap_slot s[];
};

struct sr6_hostmap {
	struct sr6_hostmap_array *a; /* NULL until the first key */
	struct sr6_reclaim *reclaim;
};

void sr6_hostmap_init(struct sr6_hostmap *hm, struct sr6_reclaim *reclaim);
/* Frees everything at once: no reader may be running. */
void sr6_hostmap_fini(struct sr6_hostmap *hm);

/* Writer: set key -> value (!= 0). *old gets the previous value (0: none). 0 or -ENOMEM. */
int sr6_hostmap_set(struct sr6_hostmap *hm, uint64_t hi, uint64_t lo, uint32_t value,
		    uint32_t *old);
/* Writer: remove key. Returns its value, 0 when absent. */
uint32_t sr6_hostmap_del(struct sr6_hostmap *hm, uint64_t hi, uint64_t lo);

size_t sr6_hostmap_memory(const struct sr6_hostmap *hm);

static inline uint32_t sr6_hostmap_hash(uint64_t hi, uint64_t lo)
{
	uint64_t h = (hi ^ (lo * 0x9e3779b97f4a7c15ull)) * 0xff51afd7ed558ccdull;
	return (uint32_t)(h >> 32) ^ (uint32_t)h;
}

/* Any thread: the value of key, 0 when absent. */
static inline uint32_t sr6_hostmap_find(const struct sr6_hostmap *hm, uint64_t hi, uint64_t lo)
{
	const struct sr6_hostmap_array *a = sr6_rcu_deref(hm->a);

	if (!a)
		return 0;
	for (uint32_t i = sr6_hostmap_hash(hi, lo);; i++) {
		const struct sr6_hostmap_slot *s = &a->s[i & a->mask];

		if (!__atomic_load_n(&s->used, __ATOMIC_ACQUIRE))
			return 0;
		if (s->hi == hi && s->lo == lo)
			return __atomic_load_n(&s->value, __ATOMIC_RELAXED);
	}
}

/* The slot where a lookup of key starts (to prefetch). */
static inline const void *sr6_hostmap_slot_of(const struct sr6_hostmap *hm, uint64_t hi,
					      uint64_t lo)
{
	const struct sr6_hostmap_array *a = sr6_rcu_deref(hm->a);

	return a ? &a->s[sr6_hostmap_hash(hi, lo) & a->mask] : NULL;
}

#endif
