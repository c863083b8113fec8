// SPDX-License-Identifier: MIT
/*
 * Name index (see nameidx.h). FNV-1a over the name; the table is kept at
 * most half full, so a probe run stays short, and the stored hashes make
 * the rehash and most mismatches cheap (a name is compared only when the
 * hashes agree).
 */
#include "nameidx.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static uint32_t name_hash(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static const char *name_at(struct sr6_namelist l, uint32_t pos)
{
	return (const char *)l.base + (size_t)pos * l.stride + l.off;
}

/* Slot of name, or SIZE_MAX. */
static size_t slot_of(const struct sr6_nameidx *ix, struct sr6_namelist l, const char *name,
		      uint32_t h)
{
	if (!ix->slot)
		return SIZE_MAX;
	for (size_t i = h & ix->mask;; i = (i + 1) & ix->mask) {
		const struct sr6_nameidx_slot *s = &ix->slot[i];
		if (!s->pos1)
			return SIZE_MAX;
		if (s->hash == h && strcmp(name_at(l, s->pos1 - 1), name) == 0)
			return i;
	}
}

long sr6_nameidx_find(const struct sr6_nameidx *ix, struct sr6_namelist l, const char *name)
{
	size_t i = slot_of(ix, l, name, name_hash(name));
	return i == SIZE_MAX ? -1 : (long)ix->slot[i].pos1 - 1;
}

static void put(struct sr6_nameidx_slot *slot, size_t mask, struct sr6_nameidx_slot s)
{
	size_t i = s.hash & mask;
	while (slot[i].pos1)
		i = (i + 1) & mask;
	slot[i] = s;
}

int sr6_nameidx_reserve(struct sr6_nameidx *ix, size_t n)
{
	size_t cap = ix->slot ? ix->mask + 1 : 64;
	while (2 * n > cap)
		cap *= 2;
	if (ix->slot && cap == ix->mask + 1)
		return 0;
	struct sr6_nameidx_slot *slot = calloc(cap, sizeof(*slot));
	if (!slot)
		return -ENOMEM;
	for (size_t i = 0; ix->slot && i <= ix->mask; i++)
		if (ix->slot[i].pos1)
			put(slot, cap - 1, ix->slot[i]);
	free(ix->slot);
	ix->slot = slot;
	ix->mask = cap - 1;
	return 0;
}

void sr6_nameidx_add(struct sr6_nameidx *ix, const char *name, uint32_t pos)
{
	put(ix->slot, ix->mask, (struct sr6_nameidx_slot){name_hash(name), pos + 1});
	ix->n++;
}

/*
 * Empty slot i, then move back each following entry of the run that may
 * not stay behind the hole: one whose home slot is not in (i, j] cyclically.
 */
static void remove_slot(struct sr6_nameidx *ix, size_t i)
{
	size_t j = i;
	for (;;) {
		ix->slot[i].pos1 = 0;
		for (;;) {
			j = (j + 1) & ix->mask;
			if (!ix->slot[j].pos1)
				return;
			size_t home = ix->slot[j].hash & ix->mask;
			/* stays when its home lies cyclically in (i, j] */
			if (i <= j ? (i < home && home <= j) : (i < home || home <= j))
				continue;
			break;
		}
		ix->slot[i] = ix->slot[j];
		i = j;
	}
}

void sr6_nameidx_del(struct sr6_nameidx *ix, struct sr6_namelist l, const char *name)
{
	size_t i = slot_of(ix, l, name, name_hash(name));
	if (i == SIZE_MAX)
		return;
	remove_slot(ix, i);
	ix->n--;
}

void sr6_nameidx_move(struct sr6_nameidx *ix, const char *name, uint32_t from, uint32_t to)
{
	if (!ix->slot)
		return;
	for (size_t i = name_hash(name) & ix->mask; ix->slot[i].pos1; i = (i + 1) & ix->mask) {
		if (ix->slot[i].pos1 == from + 1) {
			ix->slot[i].pos1 = to + 1;
			return;
		}
	}
}

void sr6_nameidx_free(struct sr6_nameidx *ix)
{
	free(ix->slot);
	memset(ix, 0, sizeof(*ix));
}
