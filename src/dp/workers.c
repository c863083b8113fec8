// SPDX-License-Identifier: MIT
/* Worker threads (see workers.h). */
#include "workers.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../io/io.h"

static uint64_t monotonic_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

struct worker_arg {
	struct sr6_workers *ws;
	unsigned id;
};

static void *worker_main(void *arg)
{
	struct sr6_workers *ws = ((struct worker_arg *)arg)->ws;
	unsigned id = ((struct worker_arg *)arg)->id;
	struct sr6_poller *pl = ws->pl[id];
	free(arg);
	sr6_qsbr_quiescent(&ws->qsbr, id);
	while (!__atomic_load_n(&ws->stop, __ATOMIC_RELAXED)) {
		unsigned n = sr6_poller_poll(pl, monotonic_ns());
		sr6_qsbr_quiescent(&ws->qsbr, id);
		if (n)
			continue;
		sr6_qsbr_offline(&ws->qsbr, id);
		nanosleep(&(struct timespec){0, SR6_IDLE_SLEEP_NS}, NULL);
		sr6_qsbr_quiescent(&ws->qsbr, id);
	}
	sr6_poller_flush(pl);
	sr6_qsbr_offline(&ws->qsbr, id);
	return NULL;
}

int sr6_workers_create(struct sr6_workers *ws, const struct sr6_dp *dp, unsigned n,
		       uint32_t pool_size)
{
	memset(ws, 0, sizeof(*ws));
	if (n == 0 || n > SR6_WORKERS_MAX)
		return -EINVAL;
	sr6_qsbr_init(&ws->qsbr, n);
	for (unsigned i = 0; i < n; i++) {
		ws->pl[i] = calloc(1, sizeof(*ws->pl[i]));
		if (!ws->pl[i] || sr6_poller_init(ws->pl[i], dp, (uint16_t)i, (uint16_t)n,
						  pool_size) < 0) {
			free(ws->pl[i]);
			ws->pl[i] = NULL;
			sr6_workers_destroy(ws);
			return -ENOMEM;
		}
		ws->n = i + 1;
	}
	return 0;
}

int sr6_workers_start(struct sr6_workers *ws)
{
	for (unsigned i = 0; i < ws->n; i++) {
		struct worker_arg *arg = malloc(sizeof(*arg));
		if (!arg)
			return -ENOMEM;
		*arg = (struct worker_arg){ws, i};
		int rc = pthread_create(&ws->thread[i], NULL, worker_main, arg);
		if (rc) {
			free(arg);
			ws->stop = 1;
			for (unsigned k = 0; k < i; k++)
				pthread_join(ws->thread[k], NULL);
			return -rc;
		}
		char name[16];
		snprintf(name, sizeof(name), "srv6d-w%u", i & 0xffu);
		pthread_setname_np(ws->thread[i], name);
	}
	ws->started = true;
	return 0;
}

void sr6_workers_stop(struct sr6_workers *ws)
{
	if (!ws->started)
		return;
	__atomic_store_n(&ws->stop, 1, __ATOMIC_RELAXED);
	for (unsigned i = 0; i < ws->n; i++)
		pthread_join(ws->thread[i], NULL);
	ws->started = false;
}

void sr6_workers_destroy(struct sr6_workers *ws)
{
	sr6_workers_stop(ws);
	for (unsigned i = 0; i < ws->n; i++) {
		sr6_poller_fini(ws->pl[i]);
		free(ws->pl[i]);
		ws->pl[i] = NULL;
	}
	ws->n = 0;
}

/* The replayable input with the earliest next packet, and the next-earliest time. */
static bool earliest_input(struct sr6_workers *ws, unsigned *wi, uint16_t *ii, uint64_t *second)
{
	uint64_t best = UINT64_MAX;
	*second = UINT64_MAX;
	for (unsigned w = 0; w < ws->n; w++) {
		const struct sr6_dp *dp = ws->pl[w]->w.dp;
		for (uint16_t i = (uint16_t)w; i < SR6_IF_MAX; i += (uint16_t)ws->n) {
			const struct sr6_iface *ifc = sr6_dp_iface(dp, i);
			if (!ifc || !ifc->io || ifc->io->rx_done || !ifc->io->ops->peek_ts)
				continue;
			uint64_t ts = ifc->io->ops->peek_ts(ifc->io);
			if (ts < best) {
				*second = best;
				best = ts;
				*wi = w;
				*ii = i;
			} else if (ts < *second) {
				*second = ts;
			}
		}
	}
	return best != UINT64_MAX;
}

void sr6_workers_replay(struct sr6_workers *ws, void (*between)(void *arg), void *arg,
			volatile int *stop)
{
	unsigned w;
	uint16_t i;
	uint64_t second;
	while (!*stop && earliest_input(ws, &w, &i, &second)) {
		struct sr6_poller *pl = ws->pl[w];
		struct sr6_io *io = sr6_dp_iface(pl->w.dp, i)->io;
		io->rx_until_ns = second == UINT64_MAX ? 0 : second;
		sr6_poller_poll_one(pl, i, 0);
		io->rx_until_ns = 0;
		sr6_poller_flush(pl);
		between(arg);
		for (unsigned k = 0; k < ws->n; k++) {
			sr6_poller_held(ws->pl[k], false);
			sr6_poller_flush(ws->pl[k]);
		}
	}
	between(arg);
	for (unsigned k = 0; k < ws->n; k++) {
		sr6_poller_held(ws->pl[k], true);
		sr6_poller_flush(ws->pl[k]);
	}
}

void sr6_workers_synchronize(struct sr6_workers *ws)
{
	if (ws->started)
		sr6_qsbr_synchronize(&ws->qsbr);
}
