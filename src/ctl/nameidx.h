/* SPDX-License-Identifier: MIT */
/*
 * Name -> position index over one of the control plane's arrays of named
 * entries (ctl->policies), so a line that names a policy finds it in O(1)
 * instead of a scan: 10k `steer add` lines were O(n^2) (issue #6).
 *
 *   ctl->policies:  [0] "P0"  [1] "core"  [2] "P7"  ...   the names live here
 *   index slots:    {hash, pos + 1} ... open addressing, linear probing
 *
 * The index keeps positions, not names: the array may move (realloc) and
 * its entries may move (swap-delete), and each such change is one call
 * here. Lookups compare against the array's own name field, given as the
 * array's base, its stride and the field's offset (struct sr6_namelist).
 * Deletion shifts back the entries that follow (no tombstones), so a long
 * churn of adds and deletes never slows lookups down. Control thread only.
 */
#ifndef SR6_CTL_NAMEIDX_H
#define SR6_CTL_NAMEIDX_H

#include <stddef.h>
#include <stdint.h>

struct sr6_nameidx_slot {
	uint32_t hash;
	uint32_t pos1; /* position + 1; 0 = empty */
};

struct sr6_nameidx {
	struct sr6_nameidx_slot *slot;
	size_t mask; /* slots - 1 (a power of two); 0 with no slots */
	size_t n;
};

/* Where the names are: name of entry i = (char *)base + i * stride + off. */
struct sr6_namelist {
	const void *base;
	size_t stride, off;
};

/* Position of name, or -1. */
long sr6_nameidx_find(const struct sr6_nameidx *ix, struct sr6_namelist l, const char *name);

/*
 * Make room for n entries in all, so that the adds up to n cannot fail: a
 * command reserves before it changes anything. 0 or -ENOMEM.
 */
int sr6_nameidx_reserve(struct sr6_nameidx *ix, size_t n);

/* Index name (not already there) at pos, in room sr6_nameidx_reserve made. */
void sr6_nameidx_add(struct sr6_nameidx *ix, const char *name, uint32_t pos);

/* Forget name (which must be there; its entry still holds the name). */
void sr6_nameidx_del(struct sr6_nameidx *ix, struct sr6_namelist l, const char *name);

/* The entry named name moved from position from to position to. */
void sr6_nameidx_move(struct sr6_nameidx *ix, const char *name, uint32_t from, uint32_t to);

void sr6_nameidx_free(struct sr6_nameidx *ix);

#endif
