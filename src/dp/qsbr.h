/* SPDX-License-Identifier: MIT */
/*
 * Quiescent-state-based reclamation: how the control thread knows no worker
 * still holds a pointer it unpublished.
 *
 *   control:  publish new ──► sr6_qsbr_synchronize() ──► free the old
 *                                 │ gp++ and wait until every online
 *                                 │ worker has announced a quiescent
 *                                 ▼ point after the increment
 *   worker:   poll batch ... batch done ──► sr6_qsbr_quiescent()  (one store)
 *             idle ──► sr6_qsbr_offline() ── sleep ── sr6_qsbr_quiescent()
 *
 * A worker holds table pointers only inside a poll, so "between polls" is a
 * quiescent state. An offline (sleeping) worker holds none and is not
 * waited for. The fast path pays one release store per poll; no locks.
 */
#ifndef SR6_DP_QSBR_H
#define SR6_DP_QSBR_H

#include <stdint.h>

#define SR6_WORKERS_MAX 16

struct sr6_qsbr_reader {
	_Alignas(64) uint64_t seen; /* grace period last seen; 0 = offline */
};

struct sr6_qsbr {
	_Alignas(64) uint64_t gp;
	struct sr6_qsbr_reader reader[SR6_WORKERS_MAX];
	unsigned n_readers;
};

void sr6_qsbr_init(struct sr6_qsbr *q, unsigned n_readers);

static inline void sr6_qsbr_quiescent(struct sr6_qsbr *q, unsigned id)
{
	uint64_t gp = __atomic_load_n(&q->gp, __ATOMIC_ACQUIRE);
	__atomic_store_n(&q->reader[id].seen, gp, __ATOMIC_RELEASE);
	/* later table reads must not move above the announcement */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

static inline void sr6_qsbr_offline(struct sr6_qsbr *q, unsigned id)
{
	__atomic_store_n(&q->reader[id].seen, 0, __ATOMIC_RELEASE);
}

/* Control thread: return once every online reader passed a quiescent point. */
void sr6_qsbr_synchronize(struct sr6_qsbr *q);

#endif
