// SPDX-License-Identifier: MIT
/*
 * Exact-match map of 128-bit keys (see hostmap.h for the reader contract).
 *
 * The writer never writes a key into a slot a reader may be probing with
 * another key in mind: new keys go only into never-used slots, and a
 * deleted key keeps its slot (value 0) until the array is rebuilt.
 */
#include "hostmap.h"

#include <errno.h>
#include <stdlib.h>

#define HOSTMAP_MIN_CAP 64

static struct sr6_hostmap_array *array_new(uint32_t cap)
{
	struct sr6_hostmap_array *a =
	    calloc(1, sizeof(*a) + (size_t)cap * sizeof(struct sr6_hostmap_slot));

	if (a)
		a->mask = cap - 1;
	return a;
}

void sr6_hostmap_init(struct sr6_hostmap *hm, struct sr6_reclaim *reclaim)
{
	*hm = (struct sr6_hostmap){.reclaim = reclaim};
}

void sr6_hostmap_fini(struct sr6_hostmap *hm)
{
	free(hm->a);
	hm->a = NULL;
}

static struct sr6_hostmap_slot *find(struct sr6_hostmap_array *a, uint64_t hi, uint64_t lo)
{
	if (!a)
		return NULL;
	for (uint32_t i = sr6_hostmap_hash(hi, lo);; i++) {
		struct sr6_hostmap_slot *s = &a->s[i & a->mask];

		if (!s->used)
			return NULL;
		if (s->hi == hi && s->lo == lo)
			return s;
	}
}

/* Into a slot no reader has seen used: key first, then the release store of used. */
static void insert(struct sr6_hostmap_array *a, uint64_t hi, uint64_t lo, uint32_t value)
{
	for (uint32_t i = sr6_hostmap_hash(hi, lo);; i++) {
		struct sr6_hostmap_slot *s = &a->s[i & a->mask];

		if (s->used)
			continue;
		s->hi = hi;
		s->lo = lo;
		s->value = value;
		__atomic_store_n(&s->used, 1, __ATOMIC_RELEASE);
		a->live++;
		return;
	}
}

/* Room for one more key in a never-used slot, keeping the load under 1/2. */
static int make_room(struct sr6_hostmap *hm)
{
	struct sr6_hostmap_array *old = hm->a, *a;
	uint32_t cap = old ? old->mask + 1 : HOSTMAP_MIN_CAP;

	if (old && (old->live + old->dead + 1) * 2 <= cap)
		return 0;
	if (old && (old->live + 1) * 4 > cap)
		cap *= 2; /* really fuller; otherwise just sweep the tombstones */
	a = array_new(cap);
	if (!a)
		return -ENOMEM;
	for (uint32_t i = 0; old && i <= old->mask; i++)
		if (old->s[i].used && old->s[i].value)
			insert(a, old->s[i].hi, old->s[i].lo, old->s[i].value);
	sr6_rcu_assign(hm->a, a);
	if (old)
		sr6_reclaim_defer(hm->reclaim, old, NULL);
	return 0;
}

int sr6_hostmap_set(struct sr6_hostmap *hm, uint64_t hi, uint64_t lo, uint32_t value, uint32_t *old)
{
	struct sr6_hostmap_slot *s = find(hm->a, hi, lo);
	int rc;

	if (s) {
		*old = s->value;
		if (!s->value) {
			hm->a->dead--;
			hm->a->live++;
		}
		__atomic_store_n(&s->value, value, __ATOMIC_RELEASE);
		return 0;
	}
	rc = make_room(hm);
	if (rc)
		return rc;
	*old = 0;
	insert(hm->a, hi, lo, value);
	return 0;
}

uint32_t sr6_hostmap_del(struct sr6_hostmap *hm, uint64_t hi, uint64_t lo)
{
	struct sr6_hostmap_slot *s = find(hm->a, hi, lo);
	uint32_t v;

	if (!s || !s->value)
		return 0;
	v = s->value;
	__atomic_store_n(&s->value, 0, __ATOMIC_RELEASE);
	hm->a->live--;
	hm->a->dead++;
	return v;
}

size_t sr6_hostmap_memory(const struct sr6_hostmap *hm)
{
	return hm->a ? sizeof(*hm->a) + (hm->a->mask + 1u) * sizeof(struct sr6_hostmap_slot) : 0;
}
