// SPDX-License-Identifier: MIT
/*
 * The pipeline's outer shell: link layer in, dispatch by IP version, the
 * FIB lookups, link layer out, and the one place where drops are counted.
 * A batch goes through it in stages (as VPP's graph nodes), so the FIB
 * lookups of all its packets are made together and their cache misses
 * overlap instead of queueing one behind the other:
 *
 *   1 classify, every packet:
 *       rx frame ─► l2_input ─┬─ IPv6 ─► sr6_ip6_input ─┐ drop, ARP, ND:
 *       (strip Ethernet,      ├─ IPv4 ─► sr6_ip4_input ─┤ done here
 *        check dst MAC)       └─ ARP ──► arp_input      │
 *                                                       ▼ SR6_NEXT_LOOKUP
 *   2 lookup, while packets wait for one: the waiting packets of one
 *     table and family ─► sr6_lpm6/4_lookup_bulk ─► sr6_dp_looked_up
 *     (edge checks, dispatch: forward, SID, headend, local), which may ask
 *     for another lookup (End: the next SID; DT6: the inner DA; errors)
 *   3 output, every packet: l2_output (neighbor MAC) ─► next[i]
 *
 * Raw interfaces (pcap LINKTYPE_RAW, TUN) skip the L2 steps; the IP version
 * nibble decides the dispatch. While `trace add` has packets to record, a
 * batch takes run_traced() instead: one packet at a time through the same
 * stages, with single lookups (trace.h).
 */
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "../core/bytes.h"
#include "../core/ip6.h"
#include "../core/ratemap.h"
#include "../sr/hmac.h"
#include "internal.h"
#include "neigh.h"
#include "punt.h"

const struct sr6_fib_table *sr6_dp_rx_table(const struct sr6_worker *w, const struct sr6_pkt *p)
{
	(void)p; /* every interface is in the main table until interfaces get VRFs */
	return sr6_fib_main(w->dp->fib);
}

static uint16_t l2_input(struct sr6_worker *w, struct sr6_pkt *p, const struct sr6_iface *ifc)
{
	if (p->len < sizeof(struct sr6_eth_hdr))
		return sr6_dp_drop(p, SR6_DROP_L2_RUNT);
	if (ifc->l2_steer_nh)
		return sr6_dp_headend_l2(w, p, sr6_fib_nh(w->dp->fib, ifc->l2_steer_nh));
	const struct sr6_eth_hdr *eth = (const struct sr6_eth_hdr *)p->data;
	if (!(eth->dst[0] & 1) && !ifc->promisc && memcmp(eth->dst, ifc->mac, 6) != 0)
		return sr6_dp_drop(p, SR6_DROP_L2_NOT_FOR_US);
	switch (sr6_ntohs(eth->type)) {
	case SR6_ETH_P_IPV6:
		sr6_pkt_pull(p, sizeof(*eth));
		p->flags = (uint16_t)((p->flags & ~SR6_PKT_F_L2) | SR6_PKT_F_L2_STRIPPED);
		return sr6_ip6_input(w, p);
	case SR6_ETH_P_IPV4:
		sr6_pkt_pull(p, sizeof(*eth));
		p->flags = (uint16_t)((p->flags & ~SR6_PKT_F_L2) | SR6_PKT_F_L2_STRIPPED);
		return sr6_ip4_input(w, p);
	case SR6_ETH_P_ARP:
		return sr6_arp_input(w, p, ifc);
	default:
		return sr6_dp_drop(p, SR6_DROP_L2_ETHERTYPE);
	}
}

/* Put the Ethernet header for ifc (index oif) toward dst_mac in front of the IP packet p. */
static inline uint16_t l2_push(struct sr6_pkt *p, const struct sr6_iface *ifc, uint16_t oif,
			       const uint8_t dst_mac[6])
{
	uint8_t *eth = sr6_pkt_push(p, sizeof(struct sr6_eth_hdr));
	if (!eth)
		return sr6_dp_drop(p, SR6_DROP_NO_HEADROOM);
	memcpy(eth, dst_mac, 6);
	memcpy(eth + 6, ifc->mac, 6);
	sr6_put_be16(eth + 12, (eth[14] >> 4) == 6 ? SR6_ETH_P_IPV6 : SR6_ETH_P_IPV4);
	p->flags |= SR6_PKT_F_L2;
	return oif;
}

uint16_t sr6_dp_l2_send(struct sr6_worker *w, struct sr6_pkt *p, uint16_t oif,
			const uint8_t dst_mac[6])
{
	const struct sr6_iface *ifc = sr6_dp_iface(w->dp, oif);
	if (!ifc)
		return sr6_dp_drop(p, SR6_DROP_IF_DOWN);
	p->tx_if = oif;
	if (!ifc->l2 || (p->flags & SR6_PKT_F_L2))
		return oif;
	return l2_push(p, ifc, oif, dst_mac);
}

/* Frame an IP packet for an Ethernet interface with the neighbor's MAC. */
uint16_t sr6_dp_l2_output(struct sr6_worker *w, struct sr6_pkt *p, uint16_t oif)
{
	const struct sr6_iface *ifc = sr6_dp_iface(w->dp, oif);
	if (!ifc)
		return sr6_dp_drop(p, SR6_DROP_IF_DOWN);
	if (!ifc->l2 || (p->flags & SR6_PKT_F_L2))
		return oif;
	const uint8_t *mac = sr6_neigh_resolve(w->dp->neigh, w->neigh_cache, oif, &p->nexthop);
	if (!mac)
		return sr6_dp_hold(w, p, oif);
	p->tx_if = oif;
	return l2_push(p, ifc, oif, mac);
}

uint16_t sr6_dp_looked_up(struct sr6_worker *w, struct sr6_pkt *p, const struct sr6_lookup *lk,
			  uint32_t id)
{
	const struct sr6_nh *nh = sr6_fib_nh(w->dp->fib, id);
	switch (lk->kind) {
	case SR6_LOOKUP_INPUT6:
		return sr6_ip6_input_route(w, p, nh);
	case SR6_LOOKUP_OUTPUT6:
		return sr6_ip6_dispatch(w, p, nh, lk->pass + 1u, false, lk->pushed);
	case SR6_LOOKUP_INPUT4:
		return sr6_ip4_dispatch(w, p, nh, 0, true);
	default:
		return sr6_ip4_dispatch(w, p, nh, lk->pass + 1u, false);
	}
}

static bool lookup_is_v4(const struct sr6_lookup *lk)
{
	return lk->kind == SR6_LOOKUP_INPUT4 || lk->kind == SR6_LOOKUP_OUTPUT4;
}

/* The destination address of the IP packet at p->data. */
static const uint8_t *lookup_key(const struct sr6_pkt *p, bool v4)
{
	return v4 ? p->data + offsetof(struct sr6_ip4_hdr, dst)
		  : p->data + offsetof(struct sr6_ip6_hdr, dst);
}

uint16_t sr6_dp_resolve(struct sr6_worker *w, struct sr6_pkt *p, uint16_t next)
{
	while (next == SR6_NEXT_LOOKUP) {
		struct sr6_lookup lk = w->lookup;
		uint32_t id = lookup_is_v4(&lk) ? sr6_lpm4_lookup(lk.t->v4, lookup_key(p, true))
						: sr6_lpm6_lookup(lk.t->v6, lookup_key(p, false));
		next = sr6_dp_looked_up(w, p, &lk, id);
	}
	return next;
}

/* Stage 1: everything before the first FIB lookup. */
static uint16_t classify(struct sr6_worker *w, struct sr6_pkt *p)
{
	const struct sr6_iface *ifc = sr6_dp_iface(w->dp, p->rx_if);
	if (!ifc)
		return sr6_dp_drop(p, SR6_DROP_IF_DOWN);
	if (p->flags & SR6_PKT_F_L2)
		return l2_input(w, p, ifc);
	if (p->len && (p->data[0] >> 4) == 4)
		return sr6_ip4_input(w, p);
	return sr6_ip6_input(w, p);
}

/* Stage 3: link layer out; drops counted. */
static uint16_t finish(struct sr6_worker *w, struct sr6_pkt *p, uint16_t next)
{
	if (next < SR6_NEXT_LOOKUP)
		next = sr6_dp_l2_output(w, p, next);
	if (next == SR6_NEXT_DROP)
		sr6_dp_count_drop(w, p, (enum sr6_drop)p->drop);
	return next;
}

static inline uint16_t run_one(struct sr6_worker *w, struct sr6_pkt *p)
{
	return finish(w, p, sr6_dp_resolve(w, p, classify(w, p)));
}

#if defined(__x86_64__) || defined(__i386__)
#include <x86intrin.h>
#define LOOKUP_MEASURED 1
static inline uint64_t cycles_now(void)
{
	return __rdtsc();
}
#else
#define LOOKUP_MEASURED 0
static inline uint64_t cycles_now(void)
{
	return 0;
}
#endif

/* One round in this many tries the way that is not the cheaper one. */
#define LOOKUP_EXPLORE 64

/*
 * The m lookups of one round, made the way that has been cheaper for this
 * kind of round (c). Walking them in lockstep (sr6_lpm6/4_lookup_bulk)
 * overlaps their cache misses: 4x faster over 1M random destinations at
 * 1M prefixes. But it costs ~15 instructions a lookup level more than
 * lookups one after the other, which win while the nodes stay in cache
 * (1024 hot locators, the SID table: 20% faster End, 2 lookups of uN 47
 * cycles less at 1M prefixes). What the traffic hits is not known in
 * advance, so the worker measures each way (TSC cycles per lookup, a
 * moving average of 1/8; a sample is capped at 4x the average so a
 * preemption does not swing it) and tries the other way one round in
 * LOOKUP_EXPLORE. Without a TSC, always lockstep.
 */
static void lookup_round(struct sr6_lookup_cost *c, const struct sr6_fib_table *t, bool v4,
			 const uint8_t *const *keys, uint32_t *ids, uint16_t m)
{
	bool lockstep = !LOOKUP_MEASURED || c->cost[1] <= c->cost[0];
	if (LOOKUP_MEASURED && ++c->rounds % LOOKUP_EXPLORE == 0)
		lockstep = !lockstep;
	uint64_t t0 = cycles_now();
	if (lockstep && v4)
		sr6_lpm4_lookup_bulk(t->v4, keys, ids, m);
	else if (lockstep)
		sr6_lpm6_lookup_bulk(t->v6, keys, ids, m);
	else
		for (uint16_t k = 0; k < m; k++)
			ids[k] =
			    v4 ? sr6_lpm4_lookup(t->v4, keys[k]) : sr6_lpm6_lookup(t->v6, keys[k]);
	uint32_t *avg = &c->cost[lockstep];
	uint64_t sample = (cycles_now() - t0) * 16 / m;
	if (*avg && sample > 4ull * *avg)
		sample = 4ull * *avg;
	*avg = *avg ? *avg - *avg / 8 + (uint32_t)(sample / 8) : (uint32_t)sample;
}

/*
 * Stage 2: rounds of bulk lookups until no packet waits for one. A round
 * takes the waiting packets whose lookup is in the same table and family
 * as the first one's (nearly always all of them).
 */
static void lookup_stage(struct sr6_worker *w, struct sr6_pkt **pkts, uint16_t n, uint16_t *next,
			 struct sr6_lookup *lk)
{
	const uint8_t *keys[SR6_BATCH_MAX];
	uint32_t ids[SR6_BATCH_MAX];
	uint16_t idx[SR6_BATCH_MAX];
	uint16_t first = 0;
	for (;;) {
		while (first < n && next[first] != SR6_NEXT_LOOKUP)
			first++;
		if (first == n)
			return;
		const struct sr6_fib_table *t = lk[first].t;
		bool v4 = lookup_is_v4(&lk[first]);
		uint16_t m = 0;
		for (uint16_t i = first; i < n; i++) {
			if (next[i] != SR6_NEXT_LOOKUP || lk[i].t != t ||
			    lookup_is_v4(&lk[i]) != v4)
				continue;
			idx[m] = i;
			keys[m++] = lookup_key(pkts[i], v4);
		}
		bool later =
		    lk[first].kind == SR6_LOOKUP_OUTPUT6 || lk[first].kind == SR6_LOOKUP_OUTPUT4;
		lookup_round(&w->lookup_cost[later], t, v4, keys, ids, m);
		for (uint16_t k = 0; k < m; k++) {
			uint16_t i = idx[k];
			next[i] = sr6_dp_looked_up(w, pkts[i], &lk[i], ids[k]);
			if (next[i] == SR6_NEXT_LOOKUP)
				lk[i] = w->lookup;
		}
	}
}

/* A batch while `trace add` has packets left to record (trace.h). */
static void run_traced(struct sr6_worker *w, struct sr6_trace *tr, struct sr6_pkt **pkts,
		       uint16_t n, uint16_t *next)
{
	for (uint16_t i = 0; i < n; i++) {
		struct sr6_pkt *p = pkts[i];
		bool traced = sr6_trace_begin(w, tr, p) != NULL;
		next[i] = run_one(w, p);
		if (traced)
			sr6_trace_end(w, tr, p, next[i]);
	}
}

void sr6_pipeline_run(struct sr6_worker *w, struct sr6_pkt **pkts, uint16_t n, uint16_t *next)
{
	struct sr6_lookup lk[SR6_BATCH_MAX];
	struct sr6_trace *tr = sr6_rcu_deref(w->dp->trace);
	if (__builtin_expect(tr != NULL, 0) && __atomic_load_n(&tr->budget, __ATOMIC_RELAXED) > 0) {
		run_traced(w, tr, pkts, n, next);
		return;
	}
	for (uint16_t i = 0; i < n; i++) {
		next[i] = classify(w, pkts[i]);
		if (next[i] == SR6_NEXT_LOOKUP)
			lk[i] = w->lookup;
	}
	lookup_stage(w, pkts, n, next, lk);
	for (uint16_t i = 0; i < n; i++)
		next[i] = finish(w, pkts[i], next[i]);
}

struct sr6_dp *sr6_dp_create(void)
{
	struct sr6_dp *dp = calloc(1, sizeof(*dp));
	if (!dp)
		return NULL;
	dp->fib = sr6_fib_create(&dp->reclaim);
	dp->neigh = sr6_neigh_create(&dp->reclaim);
	if (!dp->fib || !dp->neigh) {
		sr6_dp_destroy(dp);
		return NULL;
	}
	dp->icmp_rate = 1000; /* like Linux net.ipv6.icmp.ratelimit / icmp_msgs_per_sec */
	dp->icmp_burst = 100;
	dp->icmp_peer_rate = SR6_ICMP_PEER_RATE;
	dp->icmp_peer_burst = SR6_ICMP_PEER_BURST;
	return dp;
}

void sr6_dp_destroy(struct sr6_dp *dp)
{
	if (!dp)
		return;
	for (unsigned i = 0; i < SR6_IF_MAX; i++)
		free(dp->ifaces[i]);
	sr6_fib_destroy(dp->fib);
	sr6_neigh_destroy(dp->neigh);
	sr6_hmac_keys_free((struct sr6_hmac_keys *)dp->hmac_keys);
	free((void *)dp->locators);
	sr6_trace_free(dp);
	sr6_reclaim_fini(&dp->reclaim);
	free(dp);
}

int sr6_worker_init(struct sr6_worker *w, const struct sr6_dp *dp, uint16_t id,
		    struct sr6_pkt_pool *pool)
{
	memset(w, 0, sizeof(*w));
	w->dp = dp;
	w->id = id;
	w->pool = pool;
	w->cnt = calloc(1, sizeof(*w->cnt));
	w->punt = calloc(1, sizeof(*w->punt));
	w->neigh_cache = calloc(1, sizeof(*w->neigh_cache));
	if (!w->cnt || !w->punt || !w->neigh_cache) {
		sr6_worker_fini(w);
		return -1;
	}
	w->punt->wake_fd = -1;
	sr6_tbucket_init(&w->icmp_tb, dp->icmp_rate, dp->icmp_burst);
	/* keyed at random so no sender can aim at one set of buckets */
	uint64_t seed = (uint64_t)(uintptr_t)w ^ id;
	(void)!getrandom(&seed, sizeof(seed), GRND_NONBLOCK);
	w->icmp_peers = sr6_ratemap_create(SR6_ICMP_PEERS, dp->icmp_peer_rate,
					   dp->icmp_peer_burst, seed);
	if (!w->icmp_peers) {
		sr6_worker_fini(w);
		return -1;
	}
	w->icmp_gen = dp->icmp_gen;
	return 0;
}

void sr6_worker_fini(struct sr6_worker *w)
{
	for (uint16_t i = 0; i < w->n_held; i++)
		sr6_pkt_free(w->held[i].p);
	w->n_held = 0;
	free(w->punt);
	w->punt = NULL;
	free(w->neigh_cache);
	w->neigh_cache = NULL;
	sr6_ratemap_destroy(w->icmp_peers);
	w->icmp_peers = NULL;
	if (w->cnt) {
		sr6_cvec_free(&w->cnt->obj);
		sr6_cvec_free(&w->cnt->list);
		free(w->cnt);
	}
	w->cnt = NULL;
}
