/* SPDX-License-Identifier: MIT */
/*
 * Prometheus metrics over HTTP (`srv6d --metrics [ADDR:]PORT`).
 *
 *   GET /metrics  ─►  200, text exposition format 0.0.4: interface
 *                     rx/tx/drops, drops by reason, events, per SID, per
 *                     policy, per policy segment list, per encap route
 *
 * A second tiny server beside the control socket, on the same control
 * thread and the same poll() (server.h's sr6_poll_ext): non-blocking, one
 * request per connection, answered from the counters at that moment and
 * closed. It only reads: nothing on this port can change the router.
 * Counters are the raw sums since start (`clear counters` does not touch
 * them: a Prometheus counter only goes up). At most SR6_METRICS_CLIENTS
 * connections at once; one that sends nothing for SR6_METRICS_IDLE_NS, or
 * a request head over SR6_METRICS_REQ_MAX bytes, is closed.
 */
#ifndef SR6_CTL_METRICS_H
#define SR6_CTL_METRICS_H

#include <stddef.h>
#include <stdint.h>

#include "ctl.h"
#include "server.h"

#define SR6_METRICS_CLIENTS 16
#define SR6_METRICS_REQ_MAX 4096
#define SR6_METRICS_IDLE_NS (10ull * 1000000000ull)

struct sr6_metrics_client {
	int fd;
	char req[SR6_METRICS_REQ_MAX];
	size_t req_len;
	struct sr6_reply out; /* the whole response once the request is in */
	size_t out_off;
	uint64_t since_ns; /* accepted at */
};

struct sr6_metrics {
	int listen_fd;
	struct sr6_ctl *ctl;
	struct sr6_metrics_client client[SR6_METRICS_CLIENTS];
	unsigned n_clients;
};

/*
 * Listen on "PORT" (127.0.0.1), "ADDR:PORT" or "[ADDR6]:PORT". 0 or -errno
 * with a one-line reason in err (256 bytes).
 */
int sr6_metrics_open(struct sr6_metrics *m, const char *where, struct sr6_ctl *ctl, char *err);
/* Serve from s's poll loop. */
void sr6_metrics_attach(struct sr6_metrics *m, struct sr6_server *s);
void sr6_metrics_close(struct sr6_metrics *m);

/* The exposition text of every counter (what GET /metrics returns). */
void sr6_metrics_render(struct sr6_ctl *ctl, struct sr6_reply *r);

#endif
