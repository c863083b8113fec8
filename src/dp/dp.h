/* SPDX-License-Identifier: MIT */
/*
 * The dataplane: the state workers read and the pipeline that runs on it.
 *
 *   struct sr6_dp      everything a worker reads: interfaces, FIB, neighbors,
 *                      headend settings. Written only by the control thread,
 *                      each part published with release stores (RCU), so
 *                      workers never lock.
 *   struct sr6_worker  one per thread: its counters, its ICMP token bucket,
 *                      the current batch time.
 *
 * Pipeline (DESIGN.md §1), in stages over the whole batch:
 *
 *   classify (L2 strip, sanity) ─► FIB lookup ─► nh kind ─► rewrite (L2 add)
 *        every packet              all at once      │        every packet
 *                                    ▲              │
 *                                    └─ re-lookup ──┘ (End: new DA; ICMP
 *                                       replies: route back to the source)
 */
#ifndef SR6_DP_DP_H
#define SR6_DP_DP_H

#include <stdbool.h>
#include <stdint.h>

#include "../core/counters.h"
#include "../core/pkt.h"
#include "../core/ratelimit.h"
#include "../core/reclaim.h"
#include "../fib/fib.h"

struct sr6_io;
struct sr6_neigh_table;
struct sr6_neigh_cache;
struct sr6_punt_ring;
struct sr6_hmac_keys;
struct sr6_locators;
struct sr6_ratemap;

#define SR6_IFNAMSIZ 32

/* SRH HMAC policy of an interface (dp/edge.c), as Linux seg6_require_hmac. */
enum sr6_hmac_mode {
	SR6_HMAC_MODE_OFF,     /* -1: HMAC TLVs ignored */
	SR6_HMAC_MODE_CHECK,   /*  0: verified when present */
	SR6_HMAC_MODE_REQUIRE, /*  1: an SRH must carry a valid one */
};

/* Source address validation of an interface (RFC 3704). */
enum sr6_urpf_mode {
	SR6_URPF_OFF,
	SR6_URPF_LOOSE,  /* some route back to the source */
	SR6_URPF_STRICT, /* the route back leaves through the receiving interface */
};

/* A router interface as the pipeline sees it. Immutable once published. */
struct sr6_iface {
	uint16_t index;
	char name[SR6_IFNAMSIZ];
	uint8_t mac[6];
	bool promisc;   /* accept frames to any unicast MAC (pcap with no `mac`) */
	bool l2;        /* Ethernet framing on the wire */
	bool untrusted; /* SR domain edge: RFC 8754 §5.1 filtering (dp/edge.c) */
	uint8_t hmac;   /* enum sr6_hmac_mode */
	uint8_t urpf;   /* enum sr6_urpf_mode */
	bool hmac_set;  /* config: hmac given, else it follows untrusted */
	uint32_t mtu;   /* IP MTU: largest L3 packet sent out of here */
	struct sr6_ip6 addr6; /* first IPv6 address: source of our ICMPv6 errors */
	uint32_t addr4;       /* first IPv4 address (be), 0 = none */
	uint32_t l2_steer_nh; /* H.Encaps.L2: every frame received here goes into this
				 ENCAP next hop's policy (0 = none) */
	struct sr6_io *io;    /* backend, NULL when not opened (--check) */
};

struct sr6_trace;
struct sr6_trace_rec;

struct sr6_dp {
	struct sr6_iface *ifaces[SR6_IF_MAX]; /* by index; NULL = free */
	struct sr6_fib *fib;
	struct sr6_neigh_table *neigh;
	struct sr6_trace *trace; /* packet trace (trace.h), NULL until `trace add` */
	struct sr6_ip6 encap_src; /* outer source for H.Encaps */
	struct sr6_ip6 any_addr6; /* a router address for ICMPv6 when the
				     input interface has none */
	uint32_t any_addr4;
	uint64_t icmp_rate; /* ICMP errors per second per worker (0 = unlimited) */
	uint64_t icmp_burst;
	uint64_t icmp_peer_rate; /* ... per destination of the error, per worker */
	uint64_t icmp_peer_burst;
	uint32_t icmp_gen; /* bumped after the four above change: workers re-arm */
	const struct sr6_hmac_keys *hmac_keys;  /* RCU; NULL = none (sr/hmac.h) */
	const struct sr6_locators *locators;    /* RCU; NULL = 5f00::/16 (dp/edge.h) */
	struct sr6_reclaim reclaim;
};

/* A packet waiting for its next hop's link-layer address. */
struct sr6_held {
	struct sr6_pkt *p;
	uint16_t oif;
	uint8_t tries;        /* solicitations sent for it */
	uint64_t next_try_ns; /* when to solicit again (or give up) */
};

/* A FIB lookup a packet waits for (dp/internal.h, SR6_NEXT_LOOKUP). */
enum sr6_lookup_kind {
	SR6_LOOKUP_INPUT6,  /* received IPv6: edge checks, then dispatch as transit */
	SR6_LOOKUP_OUTPUT6, /* made or rewritten by the router: dispatch at pass + 1 */
	SR6_LOOKUP_INPUT4,
	SR6_LOOKUP_OUTPUT4,
};

struct sr6_lookup {
	const struct sr6_fib_table *t;
	uint8_t kind;	 /* enum sr6_lookup_kind */
	uint8_t pass;	 /* OUTPUT: pass of the stage that asked (dispatch at pass + 1) */
	uint16_t pushed; /* OUTPUT6: see sr6_ip6_dispatch */
};

/*
 * Cycles per lookup (x16, moving average) of a worker's bulk lookups made
 * one after the other [0] and walked in lockstep [1], for one kind of
 * round (pipeline.c, lookup_round).
 */
struct sr6_lookup_cost {
	uint32_t cost[2];
	uint32_t rounds;
};

#define SR6_HELD_MAX 64
#define SR6_SOLICIT_TRIES 3                  /* as the kernel's mcast_solicit */
#define SR6_SOLICIT_INTERVAL_NS 1000000000ull /* RFC 4861 RETRANS_TIMER */

struct sr6_worker {
	const struct sr6_dp *dp;
	struct sr6_counters *cnt;
	struct sr6_trace_rec *trace_rec; /* the packet being traced, if any */
	struct sr6_pkt_pool *pool; /* for packets the router makes (NS, ARP) */
	struct sr6_neigh_cache *neigh_cache; /* this worker's (neigh.h) */
	struct sr6_punt_ring *punt;
	struct sr6_tbucket icmp_tb;
	struct sr6_ratemap *icmp_peers; /* per-destination buckets */
	uint32_t icmp_gen;              /* dp->icmp_gen the buckets were armed for */
	uint64_t now_ns; /* receive time of the batch being processed */
	struct sr6_lookup lookup; /* asked for by the packet that returned SR6_NEXT_LOOKUP */
	struct sr6_lookup_cost lookup_cost[2]; /* a batch's first lookups, the later ones */
	uint16_t id;
	uint16_t n_held;
	struct sr6_held held[SR6_HELD_MAX];
};

/*
 * ICMP errors to one destination: 10 per second after a burst of 20, per
 * worker (Linux allows 1 per second after 6; a router answering PMTU
 * discovery for the hosts behind a NAT needs a little more).
 */
#define SR6_ICMP_PEER_RATE 10
#define SR6_ICMP_PEER_BURST 20
#define SR6_ICMP_PEERS 1024 /* destinations tracked per worker */

struct sr6_dp *sr6_dp_create(void);
void sr6_dp_destroy(struct sr6_dp *dp);

/* Interface by index, NULL when absent. */
static inline const struct sr6_iface *sr6_dp_iface(const struct sr6_dp *dp, uint16_t index)
{
	return index < SR6_IF_MAX ? sr6_rcu_deref(dp->ifaces[index]) : NULL;
}

int sr6_worker_init(struct sr6_worker *w, const struct sr6_dp *dp, uint16_t id,
		    struct sr6_pkt_pool *pool);
void sr6_worker_fini(struct sr6_worker *w);

/*
 * Run n (<= SR6_BATCH_MAX) received packets (pkts[i]->rx_if set) through
 * the pipeline. On
 * return next[i] is the output interface index, SR6_NEXT_DROP with
 * pkts[i]->drop set and counted, SR6_NEXT_CONSUMED (free it, nothing to
 * count) or SR6_NEXT_HELD (the worker keeps it in w->held until its next
 * hop resolves; do not touch it).
 */
void sr6_pipeline_run(struct sr6_worker *w, struct sr6_pkt **pkts, uint16_t n, uint16_t *next);

/*
 * Held packets: send those whose neighbor is now known (emit(p, oif, arg)),
 * solicit again or give up (drop, counted) on the others. Solicitations go
 * out through emit too. At end (final) every packet still held is dropped.
 */
void sr6_held_run(struct sr6_worker *w, bool final,
		  void (*emit)(struct sr6_pkt *p, uint16_t oif, void *arg), void *arg);

#endif
