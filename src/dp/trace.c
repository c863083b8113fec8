// SPDX-License-Identifier: MIT
/*
 * Packet trace records (see trace.h). Everything here runs only for packets
 * that carry SR6_PKT_F_TRACE, or on the control thread; the untraced fast
 * path never calls in.
 */
#include "trace.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../core/ip6.h"
#include "internal.h"

int sr6_trace_arm(struct sr6_dp *dp, unsigned n_workers, uint32_t n, uint16_t ifindex)
{
	struct sr6_trace *tr = dp->trace;
	if (!tr) {
		tr = calloc(1, sizeof(*tr));
		if (!tr)
			return -ENOMEM;
		tr->ifindex = SR6_TRACE_ANY_IF;
		sr6_rcu_assign(dp->trace, tr);
	}
	/* before the first `workers` line: rings for every worker there may be */
	unsigned nw = n_workers ? n_workers : SR6_WORKERS_MAX;
	for (unsigned i = 0; i < nw && i < SR6_WORKERS_MAX; i++) {
		if (tr->ring[i])
			continue;
		struct sr6_trace_ring *ring = calloc(1, sizeof(*ring));
		if (!ring)
			return -ENOMEM;
		sr6_rcu_assign(tr->ring[i], ring);
	}
	__atomic_store_n(&tr->ifindex, ifindex, __ATOMIC_RELAXED);
	int32_t left = __atomic_load_n(&tr->budget, __ATOMIC_RELAXED);
	if (left < 0)
		left = 0;
	uint64_t sum = (uint64_t)left + n;
	__atomic_store_n(&tr->budget, (int32_t)(sum > SR6_TRACE_RECS ? SR6_TRACE_RECS : sum),
			 __ATOMIC_RELEASE);
	return 0;
}

void sr6_trace_stop(struct sr6_dp *dp)
{
	if (dp->trace)
		__atomic_store_n(&dp->trace->budget, 0, __ATOMIC_RELEASE);
}

void sr6_trace_reset(struct sr6_dp *dp)
{
	struct sr6_trace *tr = dp->trace;
	if (!tr)
		return;
	for (unsigned i = 0; i < SR6_WORKERS_MAX; i++)
		if (tr->ring[i])
			__atomic_store_n(&tr->ring[i]->head, 0, __ATOMIC_RELEASE);
	tr->seq = 0;
}

void sr6_trace_free(struct sr6_dp *dp)
{
	if (!dp->trace)
		return;
	for (unsigned i = 0; i < SR6_WORKERS_MAX; i++)
		free(dp->trace->ring[i]);
	free(dp->trace);
	dp->trace = NULL;
}

static uint16_t snap(uint8_t *dst, const struct sr6_pkt *p)
{
	uint32_t n = p->len < SR6_TRACE_SNAP ? p->len : SR6_TRACE_SNAP;
	memcpy(dst, p->data, n);
	return (uint16_t)n;
}

struct sr6_trace_rec *sr6_trace_begin(struct sr6_worker *w, struct sr6_trace *tr, struct sr6_pkt *p)
{
	struct sr6_trace_ring *ring = w->id < SR6_WORKERS_MAX ? tr->ring[w->id] : NULL;
	uint16_t only = __atomic_load_n(&tr->ifindex, __ATOMIC_RELAXED);
	if (!ring || ring->head >= SR6_TRACE_RECS || (only != SR6_TRACE_ANY_IF && only != p->rx_if))
		return NULL;
	int32_t left = __atomic_load_n(&tr->budget, __ATOMIC_RELAXED);
	do {
		if (left <= 0)
			return NULL;
	} while (!__atomic_compare_exchange_n(&tr->budget, &left, left - 1, true, __ATOMIC_ACQ_REL,
					      __ATOMIC_RELAXED));
	struct sr6_trace_rec *rec = &ring->rec[ring->head];
	memset(rec, 0, offsetof(struct sr6_trace_rec, in));
	rec->seq = __atomic_fetch_add(&tr->seq, 1, __ATOMIC_RELAXED);
	rec->ts_ns = p->ts_ns ? p->ts_ns : w->now_ns;
	rec->worker = w->id;
	rec->rx_if = p->rx_if;
	rec->in_len = p->len;
	rec->in_snap = snap(rec->in, p);
	if (p->flags & SR6_PKT_F_L2)
		rec->flags |= SR6_TRF_IN_L2;
	p->flags |= SR6_PKT_F_TRACE;
	w->trace_rec = rec;
	return rec;
}

static struct sr6_trace_step *next_step(struct sr6_worker *w)
{
	struct sr6_trace_rec *rec = w->trace_rec;
	if (!rec)
		return NULL;
	if (rec->n_steps == SR6_TRACE_STEPS) {
		rec->flags |= SR6_TRF_STEPS_LOST;
		return NULL;
	}
	return &rec->step[rec->n_steps++];
}

void sr6_trace_step(struct sr6_worker *w, uint8_t what, uint8_t a, uint16_t b, uint16_t c,
		    uint32_t id)
{
	struct sr6_trace_step *s = next_step(w);
	if (s)
		*s = (struct sr6_trace_step){.what = what, .a = a, .b = b, .c = c, .id = id};
}

void sr6_trace_lookup(struct sr6_worker *w, const struct sr6_pkt *p, uint8_t kind, unsigned pass,
		      uint32_t id)
{
	struct sr6_trace_step *s = next_step(w);
	if (!s)
		return;
	*s = (struct sr6_trace_step){
	    .what = SR6_TR_LOOKUP, .a = kind, .b = (uint16_t)pass, .id = id};
	if (p->len >= sizeof(struct sr6_ip6_hdr) && (p->data[0] >> 4) == 6)
		s->addr = ((const struct sr6_ip6_hdr *)p->data)->dst;
	else if (p->len >= sizeof(struct sr6_ip4_hdr))
		s->addr = sr6_ip6_from_v4(((const struct sr6_ip4_hdr *)p->data)->dst);
}

void sr6_trace_end(struct sr6_worker *w, struct sr6_trace *tr, struct sr6_pkt *p, uint16_t next)
{
	struct sr6_trace_rec *rec = w->trace_rec;
	struct sr6_trace_ring *ring = tr->ring[w->id];
	rec->next = next;
	rec->drop = next == SR6_NEXT_DROP ? p->drop : 0;
	if (next < SR6_NEXT_CONSUMED) {
		rec->out_len = p->len;
		rec->out_snap = snap(rec->out, p);
		if (p->flags & SR6_PKT_F_L2)
			rec->flags |= SR6_TRF_OUT_L2;
	}
	p->flags &= (uint16_t)~SR6_PKT_F_TRACE;
	w->trace_rec = NULL;
	__atomic_store_n(&ring->head, ring->head + 1, __ATOMIC_RELEASE);
}
