// SPDX-License-Identifier: MIT
/*
 * Packets waiting for a next hop's link-layer address.
 *
 * A packet whose next hop is not in the neighbor table is held (at most
 * SR6_HELD_MAX per worker) instead of dropped, and the next hop is
 * solicited: NS for IPv6, ARP for IPv4, once per SR6_SOLICIT_INTERVAL_NS,
 * SR6_SOLICIT_TRIES times, sharing one solicitation among all packets for
 * the same next hop. When the control thread has installed the answer the
 * packets go out in order; when the tries run out they are dropped as
 * neigh_unresolved.
 */
#include <string.h>

#include "../core/ip6.h"
#include "internal.h"
#include "neigh.h"

uint16_t sr6_dp_hold(struct sr6_worker *w, struct sr6_pkt *p, uint16_t oif)
{
	if (w->n_held == SR6_HELD_MAX)
		return sr6_dp_drop(p, SR6_DROP_NEIGH_QUEUE_FULL);
	w->held[w->n_held++] = (struct sr6_held){.p = p, .oif = oif};
	sr6_dp_event(w, SR6_EV_NEIGH_HELD);
	return SR6_NEXT_HELD;
}

static bool same_target(const struct sr6_held *a, const struct sr6_held *b)
{
	return a->oif == b->oif && sr6_ip6_eq(&a->p->nexthop, &b->p->nexthop);
}

/* Send a solicitation for h's next hop; mark every packet waiting on it. */
static void solicit(struct sr6_worker *w, struct sr6_held *h,
		    void (*emit)(struct sr6_pkt *p, uint16_t oif, void *arg), void *arg)
{
	const struct sr6_iface *ifc = sr6_dp_iface(w->dp, h->oif);
	struct sr6_pkt *s = NULL;
	if (ifc)
		s = sr6_ip6_is_v4mapped(&h->p->nexthop)
			    ? sr6_arp_solicit(w, ifc, sr6_ip6_to_v4(&h->p->nexthop))
			    : sr6_nd_solicit(w, ifc, &h->p->nexthop);
	if (s)
		emit(s, h->oif, arg);
	uint8_t tries = (uint8_t)(h->tries + 1);
	uint64_t next = w->now_ns + SR6_SOLICIT_INTERVAL_NS;
	for (uint16_t i = 0; i < w->n_held; i++) {
		if (same_target(&w->held[i], h)) {
			w->held[i].tries = tries;
			w->held[i].next_try_ns = next;
		}
	}
}

/*
 * RFC 4861 §7.2.2: a packet whose next hop never answered gets Destination
 * Unreachable code 3 (address unreachable); IPv4: Host Unreachable (RFC 1812
 * §4.3.3.1). The error is a packet like any other: it may itself be held.
 */
static void give_up(struct sr6_worker *w, struct sr6_pkt *p,
		    void (*emit)(struct sr6_pkt *p, uint16_t oif, void *arg), void *arg)
{
	uint16_t next;
	if ((p->data[0] >> 4) == 4)
		next = sr6_icmp4_send_error(w, p, SR6_DROP_NEIGH_UNRESOLVED, SR6_ICMP4_DEST_UNREACH,
					    SR6_ICMP4_UNREACH_HOST, 0);
	else
		next = sr6_icmp6_send_error(w, p, SR6_DROP_NEIGH_UNRESOLVED, SR6_ICMP6_DEST_UNREACH,
					    SR6_ICMP6_UNREACH_ADDR, 0);
	next = sr6_dp_resolve(w, p, next);
	if (next < SR6_NEXT_LOOKUP)
		next = sr6_dp_l2_output(w, p, next);
	if (next == SR6_NEXT_HELD)
		return;
	if (next >= SR6_NEXT_CONSUMED) {
		if (next == SR6_NEXT_DROP)
			sr6_dp_count_drop(w, p, (enum sr6_drop)p->drop);
		sr6_pkt_free(p);
		return;
	}
	emit(p, next, arg);
}

void sr6_held_run(struct sr6_worker *w, bool final,
		  void (*emit)(struct sr6_pkt *p, uint16_t oif, void *arg), void *arg)
{
	struct sr6_pkt *expired[SR6_HELD_MAX];
	uint16_t n_expired = 0;
	uint16_t kept = 0;
	for (uint16_t i = 0; i < w->n_held; i++) {
		struct sr6_held h = w->held[i];
		struct sr6_neigh n;
		if (sr6_neigh_lookup(w->dp->neigh, h.oif, &h.p->nexthop, &n)) {
			if (sr6_dp_l2_send(w, h.p, h.oif, n.mac) == SR6_NEXT_DROP) {
				sr6_dp_count_drop(w, h.p, (enum sr6_drop)h.p->drop);
				sr6_pkt_free(h.p);
			} else {
				emit(h.p, h.oif, arg);
			}
			continue;
		}
		bool timed_out = h.tries >= SR6_SOLICIT_TRIES && w->now_ns >= h.next_try_ns;
		if (!sr6_dp_iface(w->dp, h.oif)) {
			sr6_dp_count_drop(w, h.p, SR6_DROP_IF_DOWN);
			sr6_pkt_free(h.p);
			continue;
		}
		if (final || timed_out) {
			expired[n_expired++] = h.p;
			continue;
		}
		w->held[kept++] = h;
	}
	w->n_held = kept;
	for (uint16_t i = 0; i < n_expired; i++) {
		if (final) {
			sr6_dp_count_drop(w, expired[i], SR6_DROP_NEIGH_UNRESOLVED);
			sr6_pkt_free(expired[i]);
		} else {
			give_up(w, expired[i], emit, arg);
		}
	}
	for (uint16_t i = 0; i < w->n_held; i++)
		if (w->held[i].tries < SR6_SOLICIT_TRIES &&
		    (w->held[i].tries == 0 || w->now_ns >= w->held[i].next_try_ns))
			solicit(w, &w->held[i], emit, arg);
}
