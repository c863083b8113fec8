/* SPDX-License-Identifier: MIT */
/*
 * Longest-prefix match for IPv6 and IPv4: the one lookup that decides what
 * happens to every packet (DESIGN.md §1).
 *
 * Values are next-hop ids, 1..SR6_LPM_VALUE_MAX (the top bit is the IPv6
 * trie's own, lpm6.c); SR6_LPM_MISS (0) is returned when no prefix
 * matches (next-hop id 0 is "unreachable").
 *
 * Concurrency: one writer (the control thread) and any number of lock-free
 * readers (workers). A lookup that runs during an add/del returns either
 * the value before or the value after the change, never garbage. Memory a
 * reader might still hold is handed to the sr6_reclaim list given at
 * creation instead of being freed; the owner runs it after a grace period.
 */
#ifndef SR6_FIB_LPM_H
#define SR6_FIB_LPM_H

#include <stddef.h>
#include <stdint.h>

#include "../core/reclaim.h"

#define SR6_LPM_MISS 0u
#define SR6_LPM_VALUE_MAX 0x7fffffffu

struct sr6_lpm6;
struct sr6_lpm4;

struct sr6_lpm6 *sr6_lpm6_create(struct sr6_reclaim *reclaim);
void sr6_lpm6_destroy(struct sr6_lpm6 *lpm);

/*
 * Add prefix/len -> value (1..SR6_LPM_VALUE_MAX), replacing an existing
 * value for exactly that prefix. Bits of prefix past len are ignored.
 * 0, -EINVAL (len > 128 or value out of range) or -ENOMEM (nothing changed).
 */
int sr6_lpm6_add(struct sr6_lpm6 *lpm, const uint8_t prefix[16], unsigned len, uint32_t value);

/* Delete exactly prefix/len. 0 or -ENOENT. */
int sr6_lpm6_del(struct sr6_lpm6 *lpm, const uint8_t prefix[16], unsigned len);

/* Exact-match read of prefix/len (control plane). 0 or -ENOENT. */
int sr6_lpm6_get(const struct sr6_lpm6 *lpm, const uint8_t prefix[16], unsigned len,
		 uint32_t *value);

/* Longest-prefix match of one address (16 bytes, network order). */
uint32_t sr6_lpm6_lookup(const struct sr6_lpm6 *lpm, const uint8_t addr[16]);

/* n lookups at once (interleaved to hide memory latency). */
void sr6_lpm6_lookup_bulk(const struct sr6_lpm6 *lpm, const uint8_t *const addrs[],
			  uint32_t *values, unsigned n);

/* Visit every prefix in address order; stop early when cb returns non-zero. */
typedef int (*sr6_lpm6_walk_fn)(const uint8_t prefix[16], unsigned len, uint32_t value,
				void *arg);
int sr6_lpm6_walk(const struct sr6_lpm6 *lpm, sr6_lpm6_walk_fn cb, void *arg);

size_t sr6_lpm6_count(const struct sr6_lpm6 *lpm);
size_t sr6_lpm6_memory(const struct sr6_lpm6 *lpm); /* bytes, both structures */

/* IPv4: the same contract with be32-in-memory addresses (4 bytes, network order). */
struct sr6_lpm4 *sr6_lpm4_create(struct sr6_reclaim *reclaim);
void sr6_lpm4_destroy(struct sr6_lpm4 *lpm);
int sr6_lpm4_add(struct sr6_lpm4 *lpm, const uint8_t prefix[4], unsigned len, uint32_t value);
int sr6_lpm4_del(struct sr6_lpm4 *lpm, const uint8_t prefix[4], unsigned len);
int sr6_lpm4_get(const struct sr6_lpm4 *lpm, const uint8_t prefix[4], unsigned len,
		 uint32_t *value);
uint32_t sr6_lpm4_lookup(const struct sr6_lpm4 *lpm, const uint8_t addr[4]);
void sr6_lpm4_lookup_bulk(const struct sr6_lpm4 *lpm, const uint8_t *const addrs[],
			  uint32_t *values, unsigned n);
typedef int (*sr6_lpm4_walk_fn)(const uint8_t prefix[4], unsigned len, uint32_t value, void *arg);
int sr6_lpm4_walk(const struct sr6_lpm4 *lpm, sr6_lpm4_walk_fn cb, void *arg);
size_t sr6_lpm4_count(const struct sr6_lpm4 *lpm);
size_t sr6_lpm4_memory(const struct sr6_lpm4 *lpm);

#endif
