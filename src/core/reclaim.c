// SPDX-License-Identifier: MIT
/*
 * Deferred frees. If the list cannot grow, the item is leaked rather than
 * freed early: a leak on an out-of-memory control path is recoverable, a
 * use-after-free in a worker is not.
 */
#include "reclaim.h"

#include <stdlib.h>

void sr6_reclaim_defer(struct sr6_reclaim *r, void *ptr, void (*fn)(void *ptr))
{
	if (!ptr)
		return;
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 64;
		struct sr6_reclaim_item *items = realloc(r->items, cap * sizeof(*items));
		if (!items)
			return;
		r->items = items;
		r->cap = cap;
	}
	r->items[r->n++] = (struct sr6_reclaim_item){ptr, fn ? fn : free};
}

void sr6_reclaim_run(struct sr6_reclaim *r)
{
	for (size_t i = 0; i < r->n; i++)
		r->items[i].fn(r->items[i].ptr);
	r->n = 0;
}

void sr6_reclaim_fini(struct sr6_reclaim *r)
{
	sr6_reclaim_run(r);
	free(r->items);
	r->items = NULL;
	r->cap = 0;
}
