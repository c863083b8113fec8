/* SPDX-License-Identifier: MIT */
/*
 * What the pipeline's files share and nobody else needs.
 *
 * Every stage returns the packet's next: an output interface index, or
 * SR6_NEXT_DROP with p->drop set (and not yet counted: sr6_pipeline_run
 * counts each drop once, by its reason).
 */
#ifndef SR6_DP_INTERNAL_H
#define SR6_DP_INTERNAL_H

#include "dp.h"

#include <string.h>

#include "../core/csum.h"
#include "../core/drop.h"
#include "../core/exthdr.h"
#include "trace.h"

/*
 * Append a trace step (trace.h) when p is traced: the untraced path pays one
 * predictable test of a flag word already in cache.
 */
#define SR6_TRACE(w, p, what, a, b, c, id)                                                         \
	do {                                                                                       \
		if (__builtin_expect(((p)->flags & SR6_PKT_F_TRACE) != 0, 0))                      \
			sr6_trace_step((w), (what), (uint8_t)(a), (uint16_t)(b), (uint16_t)(c),    \
				       (id));                                                      \
	} while (0)

/* Bound on FIB lookups per packet (End re-lookups, errors routed back). */
#define SR6_PASSES_MAX 8

static inline uint16_t sr6_dp_drop(struct sr6_pkt *p, enum sr6_drop why)
{
	p->drop = (uint16_t)why;
	return SR6_NEXT_DROP;
}

static inline void sr6_dp_event(struct sr6_worker *w, enum sr6_event ev)
{
	w->cnt->event[ev]++;
}

/* Count a drop whose packet lives on as something else (an ICMP error). */
static inline void sr6_dp_count_drop(struct sr6_worker *w, const struct sr6_pkt *p,
				     enum sr6_drop why)
{
	w->cnt->drop[why]++;
	if (p->rx_if < SR6_IF_MAX)
		w->cnt->ifc[p->rx_if].drops++;
}

/* FIB table of the interface the packet came in on. */
const struct sr6_fib_table *sr6_dp_rx_table(const struct sr6_worker *w, const struct sr6_pkt *p);

/*
 * A packet whose destination must be looked up before it can go on: the
 * stage that finds so sets w->lookup and returns SR6_NEXT_LOOKUP, and the
 * pipeline makes the lookups of a whole batch in one bulk call
 * (pipeline.c), then hands each result to sr6_dp_looked_up. Whoever gets
 * SR6_NEXT_LOOKUP back takes w->lookup before another packet runs; with a
 * single packet, sr6_dp_resolve makes its lookups one by one. Never
 * returned by sr6_pipeline_run.
 */
#define SR6_NEXT_LOOKUP 0xfffc

/* Act on the lookup p asked for (lk), whose result is next-hop id. */
uint16_t sr6_dp_looked_up(struct sr6_worker *w, struct sr6_pkt *p, const struct sr6_lookup *lk,
			  uint32_t id);

/* Make p's lookups one at a time until it has a next other than SR6_NEXT_LOOKUP. */
uint16_t sr6_dp_resolve(struct sr6_worker *w, struct sr6_pkt *p, uint16_t next);

/*
 * IPv6 / IPv4 input checks, p->data at the IP header: a drop, or
 * SR6_NEXT_LOOKUP for the destination in the receiving interface's table.
 */
uint16_t sr6_ip6_input(struct sr6_worker *w, struct sr6_pkt *p);
uint16_t sr6_ip4_input(struct sr6_worker *w, struct sr6_pkt *p);

/* The rest of IPv6 input once the destination is looked up: edge filtering, dispatch. */
uint16_t sr6_ip6_input_route(struct sr6_worker *w, struct sr6_pkt *p, const struct sr6_nh *nh);

/*
 * Act on the next hop a lookup of p's destination gave. transit: p was
 * received and is being routed (FORWARD decrements the hop limit/TTL);
 * otherwise p is transmitted as it is (made or rewritten by the router).
 * pushed: headers the router put in front of the packet it received; a
 * Packet Too Big is about the packet behind them.
 */
uint16_t sr6_ip6_dispatch(struct sr6_worker *w, struct sr6_pkt *p, const struct sr6_nh *nh,
			  unsigned pass, bool transit, uint16_t pushed);
uint16_t sr6_ip4_dispatch(struct sr6_worker *w, struct sr6_pkt *p, const struct sr6_nh *nh,
			  unsigned pass, bool transit);

/*
 * Have the packet's destination looked up in t and dispatched without
 * transit semantics (pass + 1): SR6_NEXT_LOOKUP.
 */
uint16_t sr6_ip6_output(struct sr6_worker *w, const struct sr6_fib_table *t, unsigned pass,
			uint16_t pushed);
uint16_t sr6_ip4_output(struct sr6_worker *w, const struct sr6_fib_table *t, unsigned pass);

/* TTL - 1 with the header checksum patched (RFC 1624), not recomputed. */
static inline void sr6_ip4_ttl_decrement(struct sr6_ip4_hdr *ip)
{
	uint16_t old_word, new_word; /* TTL shares a 16-bit word with the protocol */
	memcpy(&old_word, &ip->ttl, 2);
	ip->ttl--;
	memcpy(&new_word, &ip->ttl, 2);
	sr6_csum_replace2(&ip->checksum, old_word, new_word);
}

/* Replies the router makes get at most this many more lookups. */
#define SR6_REPLY_PASS (SR6_PASSES_MAX - 2)

/* A local SID: run its behavior and act on the verdict (dp/sid.c). */
uint16_t sr6_dp_sid(struct sr6_worker *w, struct sr6_pkt *p, const struct sr6_nh *nh,
		    unsigned pass);

/* Headend: steer p (IPv6 or IPv4, or an Ethernet frame) into nh's policy. */
uint16_t sr6_dp_headend(struct sr6_worker *w, struct sr6_pkt *p, const struct sr6_nh *nh,
			unsigned pass, bool transit);
uint16_t sr6_dp_headend_l2(struct sr6_worker *w, struct sr6_pkt *p, const struct sr6_nh *nh);

/*
 * Frame p (an IP packet) for Ethernet interface oif toward dst_mac and
 * return oif, or drop. Raw interfaces get p as it is.
 */
uint16_t sr6_dp_l2_send(struct sr6_worker *w, struct sr6_pkt *p, uint16_t oif,
			const uint8_t dst_mac[6]);

/* Frame p for oif with its next hop's MAC, or hold it while that resolves. */
uint16_t sr6_dp_l2_output(struct sr6_worker *w, struct sr6_pkt *p, uint16_t oif);

/* Keep p until its next hop (p->nexthop on oif) resolves: SR6_NEXT_HELD or a drop. */
uint16_t sr6_dp_hold(struct sr6_worker *w, struct sr6_pkt *p, uint16_t oif);

/* Neighbor discovery and ARP (dp/nd.c, dp/arp.c). p->data at IPv6 / Ethernet. */
uint16_t sr6_nd_input(struct sr6_worker *w, struct sr6_pkt *p, const struct sr6_iface *ifc);
uint16_t sr6_arp_input(struct sr6_worker *w, struct sr6_pkt *p, const struct sr6_iface *ifc);
/* A framed solicitation for target out of ifc (from w->pool), or NULL. */
struct sr6_pkt *sr6_nd_solicit(struct sr6_worker *w, const struct sr6_iface *ifc,
			       const struct sr6_ip6 *target);
struct sr6_pkt *sr6_arp_solicit(struct sr6_worker *w, const struct sr6_iface *ifc,
				uint32_t be_target);

/* Count a packet an object (SID, encap route, policy) handled. */
static inline void sr6_dp_obj_ok(struct sr6_worker *w, uint32_t id, uint32_t bytes)
{
	struct sr6_obj_counters *c = sr6_cvec_at(&w->cnt->obj, id);
	c->pkts++;
	c->bytes += bytes;
}

static inline void sr6_dp_obj_drop(struct sr6_worker *w, uint32_t id)
{
	sr6_cvec_at(&w->cnt->obj, id)->drops++;
}

/* Count a packet segment list `list` of policy next hop id took (or dropped). */
static inline void sr6_dp_list_ok(struct sr6_worker *w, uint32_t id, unsigned list,
				  uint32_t bytes)
{
	struct sr6_obj_counters *c = sr6_cvec_at(&w->cnt->list, sr6_cnt_list_id(id, list));
	c->pkts++;
	c->bytes += bytes;
}

static inline void sr6_dp_list_drop(struct sr6_worker *w, uint32_t id, unsigned list)
{
	sr6_cvec_at(&w->cnt->list, sr6_cnt_list_id(id, list))->drops++;
}

/*
 * Answer p with an ICMPv6 error about `why` (RFC 4443): checks §2.4 (e),
 * the rate limit and headroom, builds the error in place and routes it.
 * When no error can be sent the packet is dropped for `why`.
 */
uint16_t sr6_icmp6_send_error(struct sr6_worker *w, struct sr6_pkt *p, enum sr6_drop why,
			      uint8_t type, uint8_t code, uint32_t data);
uint16_t sr6_icmp4_send_error(struct sr6_worker *w, struct sr6_pkt *p, enum sr6_drop why,
			      uint8_t type, uint8_t code, uint32_t data);

#endif
