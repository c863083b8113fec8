/* SPDX-License-Identifier: MIT */
/*
 * Worker threads: N pollers, each on its own thread, each polling the
 * interfaces with index % N == its id, all reading the tables lock-free
 * and announcing quiescent points between polls (qsbr.h) so the control
 * thread can free what it replaced.
 *
 * An idle worker goes offline and sleeps briefly (SR6_IDLE_SLEEP_NS), so an
 * idle router does not burn a core; under load it never sleeps.
 */
#ifndef SR6_DP_WORKERS_H
#define SR6_DP_WORKERS_H

#include <pthread.h>
#include <stdbool.h>

#include "qsbr.h"
#include "worker.h"

#define SR6_IDLE_SLEEP_NS 50000

struct sr6_workers {
	unsigned n;
	struct sr6_poller *pl[SR6_WORKERS_MAX];
	pthread_t thread[SR6_WORKERS_MAX];
	bool started;
	volatile int stop;
	struct sr6_qsbr qsbr;
};

/* Make n pollers (not running yet). 0, -EINVAL (n out of range) or -ENOMEM. */
int sr6_workers_create(struct sr6_workers *ws, const struct sr6_dp *dp, unsigned n,
		       uint32_t pool_size);
/* Start the threads. 0 or -errno. */
int sr6_workers_start(struct sr6_workers *ws);
/* Stop and join the threads, flush their queues. */
void sr6_workers_stop(struct sr6_workers *ws);
void sr6_workers_destroy(struct sr6_workers *ws);

/*
 * Replay finite inputs (pcap) on the calling thread, in receive-time order
 * across all interfaces, so a capture of a conversation plays back as it
 * happened. between(arg) runs after every burst (the control plane applies
 * what the workers learned). Packets still held at the end are dropped.
 */
void sr6_workers_replay(struct sr6_workers *ws, void (*between)(void *arg), void *arg,
			volatile int *stop);

/* Wait until no worker can hold a pointer unpublished before this call. */
void sr6_workers_synchronize(struct sr6_workers *ws);

#endif
