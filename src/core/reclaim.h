/* SPDX-License-Identifier: MIT */
/*
 * Deferred reclamation for read-copy-update tables.
 *
 * Writers (the control thread) never free memory that a worker might still
 * be reading: they publish the new version with a release store and hand the
 * old block to sr6_reclaim_defer(). Whoever owns the threads calls
 * sr6_reclaim_run() once every worker has passed a quiescent state (after
 * urcu's synchronize_rcu(), or at once when there are no other threads).
 */
#ifndef SR6_CORE_RECLAIM_H
#define SR6_CORE_RECLAIM_H

#include <stddef.h>

struct sr6_reclaim_item {
	void *ptr;
	void (*fn)(void *ptr);
};

struct sr6_reclaim {
	struct sr6_reclaim_item *items;
	size_t n, cap;
};

/* Queue fn(ptr) for after the next grace period. fn NULL means free(). */
void sr6_reclaim_defer(struct sr6_reclaim *r, void *ptr, void (*fn)(void *ptr));

/* Run every queued item. Call only when no reader can hold the pointers. */
void sr6_reclaim_run(struct sr6_reclaim *r);

/* Items waiting. */
static inline size_t sr6_reclaim_pending(const struct sr6_reclaim *r)
{
	return r->n;
}

void sr6_reclaim_fini(struct sr6_reclaim *r);

/* Publish a pointer for readers (release) and read it (consume/acquire). */
#define sr6_rcu_assign(p, v) __atomic_store_n(&(p), (v), __ATOMIC_RELEASE)
#define sr6_rcu_deref(p) __atomic_load_n(&(p), __ATOMIC_ACQUIRE)

#endif
