// SPDX-License-Identifier: MIT
/*
 * ARP for IPv4 next hops (RFC 826): answer requests for our addresses,
 * learn senders that talk to us, and ask for next hops we need.
 *
 *   request for our address ─► reply in place, sender learned
 *   reply addressed to us ───► sender learned (punted to the control thread)
 *   next hop unknown ────────► broadcast request (sr6_arp_solicit)
 */
#include <string.h>

#include "../core/bytes.h"
#include "../core/ip6.h"
#include "internal.h"
#include "punt.h"

static bool is_local4(struct sr6_worker *w, const struct sr6_pkt *p, uint32_t be_addr)
{
	const struct sr6_fib_table *t = sr6_dp_rx_table(w, p);
	const struct sr6_nh *nh = sr6_fib_nh(w->dp->fib, sr6_lpm4_lookup(t->v4, (uint8_t *)&be_addr));
	return nh->kind == SR6_NH_LOCAL;
}

uint16_t sr6_arp_input(struct sr6_worker *w, struct sr6_pkt *p, const struct sr6_iface *ifc)
{
	if (p->len < sizeof(struct sr6_eth_hdr) + sizeof(struct sr6_arp_hdr))
		return sr6_dp_drop(p, SR6_DROP_ARP_INVALID);
	struct sr6_eth_hdr *eth = (struct sr6_eth_hdr *)p->data;
	struct sr6_arp_hdr *arp = (struct sr6_arp_hdr *)(eth + 1);
	uint16_t oper = sr6_ntohs(arp->oper);
	if (sr6_ntohs(arp->htype) != 1 || sr6_ntohs(arp->ptype) != SR6_ETH_P_IPV4 ||
	    arp->hlen != 6 || arp->plen != 4 || (oper != 1 && oper != 2))
		return sr6_dp_drop(p, SR6_DROP_ARP_INVALID);
	if (!is_local4(w, p, arp->tpa))
		return sr6_dp_drop(p, SR6_DROP_ARP_NOT_FOR_US);
	if (arp->spa && !(arp->sha[0] & 1)) {
		struct sr6_neigh_learn l = {.addr = sr6_ip6_from_v4(arp->spa),
					    .ifindex = ifc->index, .ts_ns = w->now_ns};
		memcpy(l.mac, arp->sha, 6);
		if (w->punt && sr6_punt_push(w->punt, &l))
			sr6_dp_event(w, SR6_EV_NEIGH_LEARNED);
	}
	if (oper == 2)
		return SR6_NEXT_CONSUMED;
	uint32_t asked = arp->tpa;
	arp->oper = sr6_htons(2);
	memcpy(arp->tha, arp->sha, 6);
	arp->tpa = arp->spa;
	memcpy(arp->sha, ifc->mac, 6);
	arp->spa = asked;
	memcpy(eth->dst, arp->tha, 6);
	memcpy(eth->src, ifc->mac, 6);
	sr6_pkt_trim(p, sizeof(*eth) + sizeof(*arp));
	p->tx_if = p->rx_if;
	sr6_dp_event(w, SR6_EV_ARP_ANSWERED);
	return p->rx_if;
}

struct sr6_pkt *sr6_arp_solicit(struct sr6_worker *w, const struct sr6_iface *ifc,
				uint32_t be_target)
{
	uint32_t src = ifc->addr4 ? ifc->addr4 : w->dp->any_addr4;
	if (!src)
		return NULL;
	struct sr6_pkt *p = sr6_pkt_alloc(w->pool);
	if (!p)
		return NULL;
	uint8_t *b = sr6_pkt_put(p, sizeof(struct sr6_eth_hdr) + sizeof(struct sr6_arp_hdr));
	if (!b) {
		sr6_pkt_free(p);
		return NULL;
	}
	struct sr6_eth_hdr *eth = (struct sr6_eth_hdr *)b;
	struct sr6_arp_hdr *arp = (struct sr6_arp_hdr *)(eth + 1);
	memset(eth->dst, 0xff, 6);
	memcpy(eth->src, ifc->mac, 6);
	sr6_put_be16(&eth->type, SR6_ETH_P_ARP);
	sr6_put_be16(&arp->htype, 1);
	sr6_put_be16(&arp->ptype, SR6_ETH_P_IPV4);
	arp->hlen = 6;
	arp->plen = 4;
	sr6_put_be16(&arp->oper, 1);
	memcpy(arp->sha, ifc->mac, 6);
	arp->spa = src;
	memset(arp->tha, 0, 6);
	arp->tpa = be_target;
	p->flags |= SR6_PKT_F_L2;
	p->tx_if = ifc->index;
	sr6_dp_event(w, SR6_EV_ARP_SENT);
	return p;
}
