/* SPDX-License-Identifier: MIT */
/*
 * Packet trace, as VPP's `trace add`: the next N packets received record
 * their path through the pipeline, for `show trace`.
 *
 *   control thread                       worker (per batch)
 *   trace add N ──► budget += N ───────► budget > 0? (else the plain loop:
 *                                          one predictable branch per batch)
 *                                        per packet: claim a record (CAS on
 *                                          the budget), flag it SR6_PKT_F_TRACE,
 *                                          snapshot its headers
 *                                        stages append steps while flagged:
 *                                          lookup (DA, next-hop kind and id),
 *                                          SID (behavior, verdict), policy
 *                                          (segment list), ICMP error sent
 *                                        end: result (out/drop/held), output
 *                                          headers, then head++ (release)
 *   show trace ◄── records [0, head) of each worker, ordered by seq
 *   trace clear ─► budget = 0, grace period, heads = 0
 *
 * Records are fixed-size and written only by the worker that claimed them;
 * once committed (head moved past them) they never change until `trace
 * clear`, which resets heads only after a grace period, so the control
 * thread reads them without locks. Nothing is allocated or logged per
 * packet: the rings are allocated by the first `trace add`.
 */
#ifndef SR6_DP_TRACE_H
#define SR6_DP_TRACE_H

#include <stdint.h>

#include "../core/wire.h"
#include "qsbr.h"

#define SR6_TRACE_RECS	 512 /* records per worker; the largest `trace add N` */
#define SR6_TRACE_SNAP	 160 /* header bytes kept at input and at output */
#define SR6_TRACE_STEPS	 12  /* pipeline steps kept per packet */
#define SR6_TRACE_ANY_IF 0xffff

enum sr6_trace_what {
	SR6_TR_LOOKUP, /* addr looked up; a = next-hop kind, b = pass, id = next hop */
	SR6_TR_SID,    /* a = behavior, b = verdict kind, c = drop reason, id = SID's next hop */
	SR6_TR_POLICY, /* a = segment list, b = mode, c = lists, id = policy's next hop */
	SR6_TR_ICMP,   /* error sent: a = type, b = code, c = drop reason it reports */
};

struct sr6_trace_step {
	uint8_t what; /* enum sr6_trace_what */
	uint8_t a;
	uint16_t b, c;
	uint32_t id;
	struct sr6_ip6 addr; /* LOOKUP: the destination looked up (v4-mapped for IPv4) */
};

enum sr6_trace_rec_flags {
	SR6_TRF_IN_L2 = 1 << 0,	     /* in[] starts at an Ethernet header */
	SR6_TRF_OUT_L2 = 1 << 1,     /* out[] starts at an Ethernet header */
	SR6_TRF_STEPS_LOST = 1 << 2, /* more than SR6_TRACE_STEPS steps */
};

struct sr6_trace_rec {
	uint64_t ts_ns;
	uint32_t seq; /* order of capture across workers */
	uint16_t worker, rx_if;
	uint16_t next; /* output interface or SR6_NEXT_* */
	uint16_t drop; /* enum sr6_drop when next is SR6_NEXT_DROP */
	uint8_t flags; /* enum sr6_trace_rec_flags */
	uint8_t n_steps;
	uint16_t in_snap, out_snap; /* bytes kept in in[] / out[] */
	uint32_t in_len, out_len;   /* whole packet lengths */
	struct sr6_trace_step step[SR6_TRACE_STEPS];
	uint8_t in[SR6_TRACE_SNAP], out[SR6_TRACE_SNAP];
};

struct sr6_trace_ring {
	uint32_t head; /* committed records; written by the worker (release) */
	struct sr6_trace_rec rec[SR6_TRACE_RECS];
};

struct sr6_trace {
	int32_t budget;	  /* packets still to trace, all workers together */
	uint16_t ifindex; /* only packets received here, or SR6_TRACE_ANY_IF */
	uint32_t seq;
	struct sr6_trace_ring *ring[SR6_WORKERS_MAX];
};

struct sr6_dp;
struct sr6_worker;
struct sr6_pkt;

/*
 * Control thread. arm: add n to the budget, tracing only packets received
 * on ifindex (or SR6_TRACE_ANY_IF); allocates the rings of the first
 * n_workers workers on first use. 0 or -ENOMEM.
 */
int sr6_trace_arm(struct sr6_dp *dp, unsigned n_workers, uint32_t n, uint16_t ifindex);
/* Stop claiming new records (the budget drops to 0). */
void sr6_trace_stop(struct sr6_dp *dp);
/* Forget every record. Only after sr6_trace_stop and a grace period. */
void sr6_trace_reset(struct sr6_dp *dp);
void sr6_trace_free(struct sr6_dp *dp);

/* Worker: claim a record for p (NULL when none is due), set p's trace flag. */
struct sr6_trace_rec *sr6_trace_begin(struct sr6_worker *w, struct sr6_trace *tr,
				      struct sr6_pkt *p);
/* Worker: append a step to the packet being traced. */
void sr6_trace_step(struct sr6_worker *w, uint8_t what, uint8_t a, uint16_t b, uint16_t c,
		    uint32_t id);
void sr6_trace_lookup(struct sr6_worker *w, const struct sr6_pkt *p, uint8_t kind, unsigned pass,
		      uint32_t id);
/* Worker: record where p went and publish the record. */
void sr6_trace_end(struct sr6_worker *w, struct sr6_trace *tr, struct sr6_pkt *p, uint16_t next);

#endif
