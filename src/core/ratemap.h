/* SPDX-License-Identifier: MIT */
/*
 * Token buckets by address: the per-destination half of ICMP error rate
 * limiting (RFC 4443 §2.4 (f): "limiting the rate of ICMPv6 error messages
 * sent to any particular destination" alongside the router-wide bucket).
 *
 * A fixed table owned by one worker, so no locks and no allocation after
 * creation. It is set-associative: an address hashes (keyed with a seed the
 * caller draws at random, so a sender cannot aim at one set) to a set of
 * SR6_RATEMAP_WAYS entries; a miss takes the set's least recently used
 * entry, which starts as a full bucket.
 *
 *   hash(addr ^ seed) ─► set k: [ e0 | e1 | e2 | e3 ]   hit: take from e's bucket
 *                                                       miss: evict the LRU, refill
 *
 * Eviction hands a fresh burst to an address whose entry was pushed out, so
 * a flood from many sources can buy a victim a few more errors; the
 * router-wide bucket still caps the total.
 */
#ifndef SR6_CORE_RATEMAP_H
#define SR6_CORE_RATEMAP_H

#include <stdbool.h>
#include <stdint.h>

#include "ratelimit.h"
#include "wire.h"

#define SR6_RATEMAP_WAYS 4

struct sr6_ratemap_entry {
	struct sr6_ip6 key;
	uint64_t used; /* LRU stamp; 0 = empty */
	struct sr6_tbucket tb;
};

struct sr6_ratemap {
	uint32_t set_mask; /* sets - 1 (a power of two) */
	uint64_t seed;
	uint64_t rate, burst; /* of every bucket; rate 0 = unlimited */
	uint64_t clock;	      /* LRU stamps */
	struct sr6_ratemap_entry e[];
};

/*
 * A table of at least `entries` buckets (rounded up to a power of two and
 * a multiple of SR6_RATEMAP_WAYS), each `rate` tokens per second with depth
 * `burst`. NULL when out of memory.
 */
struct sr6_ratemap *sr6_ratemap_create(uint32_t entries, uint64_t rate, uint64_t burst,
				       uint64_t seed);
void sr6_ratemap_destroy(struct sr6_ratemap *m);

/* Forget every address and use new bucket parameters. */
void sr6_ratemap_reset(struct sr6_ratemap *m, uint64_t rate, uint64_t burst);

/* Take one token from key's bucket at now_ns (as sr6_tbucket_take). */
bool sr6_ratemap_take(struct sr6_ratemap *m, const struct sr6_ip6 *key, uint64_t now_ns);

#endif
