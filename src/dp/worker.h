/* SPDX-License-Identifier: MIT */
/*
 * A worker's poll loop body: for each interface it serves, receive a burst,
 * run it through the pipeline, and hand each packet to its output queue or
 * back to the pool. Output queues are flushed once per poll, so packets
 * from several inputs to one output leave in one tx burst. A flush visits
 * only the queues that got packets since the last one (`dirty`, in the
 * order they got their first), not all SR6_IF_MAX of them.
 */
#ifndef SR6_DP_WORKER_H
#define SR6_DP_WORKER_H

#include "dp.h"

struct sr6_txq {
	struct sr6_pkt *pkts[SR6_BATCH_MAX];
	uint16_t n;
};

struct sr6_poller {
	struct sr6_worker w;
	struct sr6_pkt_pool *pool;
	uint16_t n_workers; /* this poller reads interfaces whose index % n_workers == w.id */
	uint16_t n_dirty;
	uint16_t dirty[SR6_IF_MAX]; /* output queues holding packets */
	struct sr6_txq txq[SR6_IF_MAX];
};

int sr6_poller_init(struct sr6_poller *pl, const struct sr6_dp *dp, uint16_t id,
		    uint16_t n_workers, uint32_t pool_size);
void sr6_poller_fini(struct sr6_poller *pl);

/*
 * Poll every interface once. Returns the number of packets received.
 * now_ns is the wall/monotonic time for live inputs; packets that carry a
 * receive time (pcap) use their own.
 */
unsigned sr6_poller_poll(struct sr6_poller *pl, uint64_t now_ns);

/* Receive and process one burst from interface i (no flush, no held run). */
unsigned sr6_poller_poll_one(struct sr6_poller *pl, uint16_t i, uint64_t now_ns);

/* Run a batch the caller made (benchmarks, tests), then send it on. */
void sr6_poller_process(struct sr6_poller *pl, struct sr6_pkt **pkts, uint16_t n);

/*
 * Send held packets whose next hop resolved, solicit or give up on the
 * others; final: drop everything still held (end of a pcap run).
 */
void sr6_poller_held(struct sr6_poller *pl, bool final);

/* Send out everything queued. */
void sr6_poller_flush(struct sr6_poller *pl);

/* True when every interface with a finite input (pcap) has been read out. */
bool sr6_poller_inputs_done(const struct sr6_poller *pl);

#endif
