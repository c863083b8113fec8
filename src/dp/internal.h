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

#include "../core/drop.h"
#include "../core/exthdr.h"

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

/* IPv6 / IPv4 input: p->data at the IP header. `pass` counts lookups so far. */
uint16_t sr6_ip6_input(struct sr6_worker *w, struct sr6_pkt *p, unsigned pass);
uint16_t sr6_ip4_input(struct sr6_worker *w, struct sr6_pkt *p, unsigned pass);

/*
 * Send a packet the router itself made (ICMP reply or error) towards its
 * destination: one lookup in table t, no hop-limit decrement.
 */
uint16_t sr6_ip6_output_local(struct sr6_worker *w, struct sr6_pkt *p,
			      const struct sr6_fib_table *t);
uint16_t sr6_ip4_output_local(struct sr6_worker *w, struct sr6_pkt *p,
			      const struct sr6_fib_table *t);

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
