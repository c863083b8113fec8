/* SPDX-License-Identifier: MIT */
/*
 * Neighbor table: (interface, IP address) -> MAC, for IPv6 (ND) and IPv4
 * (ARP, keyed v4-mapped).
 *
 * Open addressing with linear probing in one flat array. The control thread
 * is the only writer; workers read lock-free. Each entry carries a sequence
 * count (odd while being written) so a reader that races a change retries
 * instead of using half an entry. Growing builds a new array and publishes
 * it; the old one goes to the reclaim list.
 *
 * Workers resolve through a cache of their own (struct sr6_neigh_cache):
 * a few direct-mapped (interface, address) -> MAC entries, each tagged
 * with the table's generation when it was filled. The control thread
 * bumps the generation after every change that could alter an answer, so
 * a tag that matches proves the entry as good as a table lookup made
 * before that change; anything else takes the hash + sequence count path
 * and refills the entry.
 *
 *   worker: gen = table.gen ─► cache[h(if, addr)] tagged gen, same key? ─► MAC
 *                                              └── no ─► sr6_neigh_lookup ─► refill
 */
#ifndef SR6_DP_NEIGH_H
#define SR6_DP_NEIGH_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "../core/reclaim.h"
#include "../core/wire.h"

enum sr6_neigh_state {
	SR6_NEIGH_FREE = 0,
	SR6_NEIGH_DELETED, /* tombstone: keeps probe chains intact */
	SR6_NEIGH_STATIC,  /* from config, never ages */
	SR6_NEIGH_REACHABLE,
};

struct sr6_neigh {
	uint32_t seq;
	uint16_t ifindex;
	uint8_t state;
	uint8_t mac[6];
	struct sr6_ip6 addr;
	uint64_t updated_ns;
};

struct sr6_neigh_array {
	uint32_t mask; /* capacity - 1, capacity a power of two */
	uint32_t live, dead;
	struct sr6_neigh e[];
};

struct sr6_neigh_table {
	struct sr6_neigh_array *a;
	struct sr6_reclaim *reclaim;
	uint32_t gen; /* bumped after each change of a MAC, a state or the entry set; never 0 */
};

#define SR6_NEIGH_CACHE 64 /* entries of a worker's cache, a power of two */

struct sr6_neigh_cache_entry {
	struct sr6_ip6 addr;
	uint32_t gen; /* table generation it was filled at; 0 = empty */
	uint16_t ifindex;
	uint8_t mac[6];
};

struct sr6_neigh_cache {
	struct sr6_neigh_cache_entry e[SR6_NEIGH_CACHE];
};

struct sr6_neigh_table *sr6_neigh_create(struct sr6_reclaim *reclaim);
void sr6_neigh_destroy(struct sr6_neigh_table *nt);

/* Control thread: add or update. 0 or -ENOMEM. */
int sr6_neigh_set(struct sr6_neigh_table *nt, uint16_t ifindex, const struct sr6_ip6 *addr,
		  const uint8_t mac[6], enum sr6_neigh_state state, uint64_t now_ns);
/* Control thread: 0 or -ENOENT. */
int sr6_neigh_del(struct sr6_neigh_table *nt, uint16_t ifindex, const struct sr6_ip6 *addr);

/* Control thread: delete every entry on ifindex. */
void sr6_neigh_flush_if(struct sr6_neigh_table *nt, uint16_t ifindex);

/* Any thread: copy out the entry; false when there is none. */
bool sr6_neigh_lookup(const struct sr6_neigh_table *nt, uint16_t ifindex,
		      const struct sr6_ip6 *addr, struct sr6_neigh *out);

/* The cache's miss path: look up, refill e (tagged gen); its MAC or NULL. */
const uint8_t *sr6_neigh_refill(const struct sr6_neigh_table *nt, struct sr6_neigh_cache_entry *e,
				uint32_t gen, uint16_t ifindex, const struct sr6_ip6 *addr);

/* A worker: the MAC of (ifindex, addr) through its own cache c, or NULL when unknown. */
static inline const uint8_t *sr6_neigh_resolve(const struct sr6_neigh_table *nt,
					       struct sr6_neigh_cache *c, uint16_t ifindex,
					       const struct sr6_ip6 *addr)
{
	uint32_t gen = __atomic_load_n(&nt->gen, __ATOMIC_ACQUIRE);
	uint64_t lo;
	memcpy(&lo, addr->b + 8, 8);
	struct sr6_neigh_cache_entry *e =
	    &c->e[((lo + ifindex) * 0x9e3779b97f4a7c15ull) >> 58 & (SR6_NEIGH_CACHE - 1)];
	if (e->gen == gen && e->ifindex == ifindex && memcmp(&e->addr, addr, 16) == 0)
		return e->mac;
	return sr6_neigh_refill(nt, e, gen, ifindex, addr);
}

typedef int (*sr6_neigh_walk_fn)(const struct sr6_neigh *n, void *arg);
int sr6_neigh_walk(const struct sr6_neigh_table *nt, sr6_neigh_walk_fn cb, void *arg);

#endif
