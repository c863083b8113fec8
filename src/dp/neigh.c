// SPDX-License-Identifier: MIT
/*
 * Neighbor table (see neigh.h). The load factor is kept under 1/2 counting
 * tombstones, so probe chains stay short and a lookup always meets a FREE
 * slot.
 */
#include "neigh.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../core/bytes.h"
#include "../core/ip6.h"

#define NEIGH_MIN_CAP 256

static uint32_t neigh_hash(uint16_t ifindex, const struct sr6_ip6 *addr)
{
	uint64_t h = sr6_get_be64(addr->b) * 0x9e3779b97f4a7c15ull;
	h ^= sr6_get_be64(addr->b + 8) + ifindex;
	h *= 0xff51afd7ed558ccdull;
	return (uint32_t)(h >> 32);
}

static struct sr6_neigh_array *array_new(uint32_t cap)
{
	struct sr6_neigh_array *a = calloc(1, sizeof(*a) + cap * sizeof(struct sr6_neigh));
	if (a)
		a->mask = cap - 1;
	return a;
}

struct sr6_neigh_table *sr6_neigh_create(struct sr6_reclaim *reclaim)
{
	struct sr6_neigh_table *nt = calloc(1, sizeof(*nt));
	if (!nt)
		return NULL;
	nt->reclaim = reclaim;
	nt->gen = 1;
	nt->a = array_new(NEIGH_MIN_CAP);
	if (!nt->a) {
		free(nt);
		return NULL;
	}
	return nt;
}

void sr6_neigh_destroy(struct sr6_neigh_table *nt)
{
	if (!nt)
		return;
	free(nt->a);
	free(nt);
}

static bool is_live(const struct sr6_neigh *e)
{
	return e->state >= SR6_NEIGH_STATIC;
}

static struct sr6_neigh *find(struct sr6_neigh_array *a, uint16_t ifindex,
			      const struct sr6_ip6 *addr)
{
	for (uint32_t i = neigh_hash(ifindex, addr);; i++) {
		struct sr6_neigh *e = &a->e[i & a->mask];
		if (e->state == SR6_NEIGH_FREE)
			return NULL;
		if (is_live(e) && e->ifindex == ifindex && sr6_ip6_eq(&e->addr, addr))
			return e;
	}
}

/* After a change workers' caches may hold the old answer to: they drop every entry. */
static void gen_bump(struct sr6_neigh_table *nt)
{
	uint32_t gen = nt->gen + 1;
	__atomic_store_n(&nt->gen, gen ? gen : 1, __ATOMIC_RELEASE);
}

/* Writer side of the sequence count around a change to e. */
static void write_begin(struct sr6_neigh *e)
{
	__atomic_store_n(&e->seq, e->seq + 1, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_RELEASE);
}

static void write_end(struct sr6_neigh *e)
{
	__atomic_store_n(&e->seq, e->seq + 1, __ATOMIC_RELEASE);
}

static void insert(struct sr6_neigh_array *a, const struct sr6_neigh *n)
{
	for (uint32_t i = neigh_hash(n->ifindex, &n->addr);; i++) {
		struct sr6_neigh *e = &a->e[i & a->mask];
		if (is_live(e))
			continue;
		if (e->state == SR6_NEIGH_DELETED)
			a->dead--;
		write_begin(e);
		e->ifindex = n->ifindex;
		e->addr = n->addr;
		memcpy(e->mac, n->mac, 6);
		e->updated_ns = n->updated_ns;
		e->state = n->state;
		write_end(e);
		a->live++;
		return;
	}
}

static int grow_if_needed(struct sr6_neigh_table *nt)
{
	struct sr6_neigh_array *old = nt->a;
	uint32_t cap = old->mask + 1;
	if ((old->live + old->dead + 1) * 2 <= cap)
		return 0;
	if ((old->live + 1) * 4 > cap)
		cap *= 2; /* really fuller; otherwise just sweep tombstones */
	struct sr6_neigh_array *a = array_new(cap);
	if (!a)
		return -ENOMEM;
	for (uint32_t i = 0; i <= old->mask; i++)
		if (is_live(&old->e[i]))
			insert(a, &old->e[i]);
	sr6_rcu_assign(nt->a, a);
	sr6_reclaim_defer(nt->reclaim, old, NULL);
	return 0;
}

int sr6_neigh_set(struct sr6_neigh_table *nt, uint16_t ifindex, const struct sr6_ip6 *addr,
		  const uint8_t mac[6], enum sr6_neigh_state state, uint64_t now_ns)
{
	struct sr6_neigh *e = find(nt->a, ifindex, addr);
	if (e) {
		bool changed = memcmp(e->mac, mac, 6) != 0 || e->state != state;
		write_begin(e);
		memcpy(e->mac, mac, 6);
		e->state = (uint8_t)state;
		e->updated_ns = now_ns;
		write_end(e);
		if (changed)
			gen_bump(nt);
		return 0;
	}
	int rc = grow_if_needed(nt);
	if (rc < 0)
		return rc;
	struct sr6_neigh n = {.ifindex = ifindex, .addr = *addr, .state = (uint8_t)state,
			      .updated_ns = now_ns};
	memcpy(n.mac, mac, 6);
	insert(nt->a, &n);
	gen_bump(nt);
	return 0;
}

int sr6_neigh_del(struct sr6_neigh_table *nt, uint16_t ifindex, const struct sr6_ip6 *addr)
{
	struct sr6_neigh *e = find(nt->a, ifindex, addr);
	if (!e)
		return -ENOENT;
	write_begin(e);
	e->state = SR6_NEIGH_DELETED;
	write_end(e);
	nt->a->live--;
	nt->a->dead++;
	gen_bump(nt);
	return 0;
}

void sr6_neigh_flush_if(struct sr6_neigh_table *nt, uint16_t ifindex)
{
	struct sr6_neigh_array *a = nt->a;
	for (uint32_t i = 0; i <= a->mask; i++) {
		struct sr6_neigh *e = &a->e[i];
		if (!is_live(e) || e->ifindex != ifindex)
			continue;
		write_begin(e);
		e->state = SR6_NEIGH_DELETED;
		write_end(e);
		a->live--;
		a->dead++;
	}
	gen_bump(nt);
}

bool sr6_neigh_lookup(const struct sr6_neigh_table *nt, uint16_t ifindex,
		      const struct sr6_ip6 *addr, struct sr6_neigh *out)
{
	const struct sr6_neigh_array *a = sr6_rcu_deref(nt->a);
	for (uint32_t i = neigh_hash(ifindex, addr);; i++) {
		const struct sr6_neigh *e = &a->e[i & a->mask];
		uint32_t seq;
		do {
			seq = __atomic_load_n(&e->seq, __ATOMIC_ACQUIRE);
			if (seq & 1)
				continue;
			memcpy(out, e, sizeof(*out));
			__atomic_thread_fence(__ATOMIC_ACQUIRE);
		} while ((seq & 1) || __atomic_load_n(&e->seq, __ATOMIC_RELAXED) != seq);
		if (out->state == SR6_NEIGH_FREE)
			return false;
		if (out->state >= SR6_NEIGH_STATIC && out->ifindex == ifindex &&
		    sr6_ip6_eq(&out->addr, addr))
			return true;
	}
}

const uint8_t *sr6_neigh_refill(const struct sr6_neigh_table *nt, struct sr6_neigh_cache_entry *e,
				uint32_t gen, uint16_t ifindex, const struct sr6_ip6 *addr)
{
	struct sr6_neigh n;
	if (!sr6_neigh_lookup(nt, ifindex, addr, &n))
		return NULL;
	e->addr = *addr;
	e->ifindex = ifindex;
	memcpy(e->mac, n.mac, 6);
	e->gen = gen; /* read before the lookup: a change since then bumped it past this */
	return e->mac;
}

int sr6_neigh_walk(const struct sr6_neigh_table *nt, sr6_neigh_walk_fn cb, void *arg)
{
	const struct sr6_neigh_array *a = nt->a;
	for (uint32_t i = 0; i <= a->mask; i++) {
		if (!is_live(&a->e[i]))
			continue;
		int rc = cb(&a->e[i], arg);
		if (rc)
			return rc;
	}
	return 0;
}
