// SPDX-License-Identifier: MIT
/*
 * IPv6 neighbor discovery, the router's half (RFC 4861): answer
 * solicitations for our addresses, learn from what neighbors tell us, and
 * solicit next hops we need. Router advertisements, redirects and DAD of our
 * own addresses are not served.
 *
 *   NS for our address ─► NA(R,S,O; TLLA = our MAC) back, SLLA learned
 *   NA ─────────────────► TLLA learned (punted to the control thread)
 *   next hop unknown ───► NS to its solicited-node group (nd_solicit)
 *
 * Replies are framed here (the sender's MAC is in the SLLA option or the
 * frame we received), so answering never waits for the neighbor table.
 */
#include <string.h>

#include "../core/bytes.h"
#include "../core/csum.h"
#include "../core/icmp.h"
#include "../core/ip6.h"
#include "internal.h"
#include "punt.h"

#define ND_HOP_LIMIT 255
#define ND_MSG_LEN 24 /* ICMPv6 header + target */
#define ND_OPT_LLADDR_LEN 8

static void learn(struct sr6_worker *w, uint16_t ifindex, const struct sr6_ip6 *addr,
		  const uint8_t mac[6])
{
	struct sr6_neigh_learn l = {.addr = *addr, .ifindex = ifindex, .ts_ns = w->now_ns};
	memcpy(l.mac, mac, 6);
	if (w->punt && sr6_punt_push(w->punt, &l))
		sr6_dp_event(w, SR6_EV_NEIGH_LEARNED);
}

/*
 * Walk the options (RFC 4861 §4.6): every option has a non-zero length and
 * fits. Returns false on a malformed list; *lladdr points at the MAC of the
 * first option of type `want`, or stays NULL.
 */
static bool nd_options(const uint8_t *opt, uint32_t len, uint8_t want, const uint8_t **lladdr)
{
	*lladdr = NULL;
	while (len) {
		if (len < 2 || opt[1] == 0 || opt[1] * 8u > len)
			return false;
		if (opt[0] == want && opt[1] == 1 && !*lladdr)
			*lladdr = opt + 2;
		len -= opt[1] * 8u;
		opt += opt[1] * 8u;
	}
	return true;
}

/* RFC 4861 §7.1.1/7.1.2 checks shared by NS and NA. */
static bool nd_valid(const struct sr6_pkt *p)
{
	const struct sr6_ip6_hdr *ip6 = (const struct sr6_ip6_hdr *)p->data;
	const struct sr6_nd_msg *nd = (const struct sr6_nd_msg *)(ip6 + 1);
	uint32_t icmp_len = p->len - (uint32_t)sizeof(*ip6);
	return ip6->hop_limit == ND_HOP_LIMIT && icmp_len >= ND_MSG_LEN && nd->icmp.code == 0 &&
	       !sr6_ip6_is_multicast(&nd->target) &&
	       sr6_icmp6_checksum(ip6, (const uint8_t *)nd, icmp_len) == 0;
}

static uint16_t ns_input(struct sr6_worker *w, struct sr6_pkt *p, const struct sr6_iface *ifc)
{
	struct sr6_ip6_hdr *ip6 = (struct sr6_ip6_hdr *)p->data;
	struct sr6_nd_msg *nd = (struct sr6_nd_msg *)(ip6 + 1);
	uint32_t icmp_len = p->len - (uint32_t)sizeof(*ip6);
	const uint8_t *slla;
	bool dad = sr6_ip6_is_zero(&ip6->src);
	if (!nd_options(nd->options, icmp_len - ND_MSG_LEN, SR6_ND_OPT_SRC_LLADDR, &slla) ||
	    (dad && slla))
		return sr6_dp_drop(p, SR6_DROP_ND_INVALID);
	const struct sr6_fib_table *t = sr6_dp_rx_table(w, p);
	const struct sr6_nh *nh = sr6_fib_nh(w->dp->fib, sr6_lpm6_lookup(t->v6, nd->target.b));
	if (nh->kind != SR6_NH_LOCAL || nh->oif != ifc->index)
		return sr6_dp_drop(p, SR6_DROP_ND_NOT_FOR_US);
	/* the asker's MAC: its SLLA option, else the frame's source */
	uint8_t dst_mac[6];
	if (slla)
		memcpy(dst_mac, slla, 6);
	else if (p->flags & SR6_PKT_F_L2_STRIPPED)
		memcpy(dst_mac, p->data - sizeof(struct sr6_eth_hdr) + 6, 6);
	else
		memset(dst_mac, 0, 6);
	if (slla && !dad)
		learn(w, ifc->index, &ip6->src, slla);

	/* NA in place: IPv6 | NA(target) | TLLA option, 72 bytes: longer than
	 * an NS without options (64), which grows into its tailroom */
	uint32_t na_len = sizeof(*ip6) + ND_MSG_LEN + ND_OPT_LLADDR_LEN;
	if (p->len < na_len && !sr6_pkt_put(p, na_len - p->len))
		return sr6_dp_drop(p, SR6_DROP_NO_TAILROOM);
	struct sr6_ip6 target = nd->target;
	if (dad) { /* RFC 4861 §7.2.4: to all-nodes, not solicited */
		static const struct sr6_ip6 all_nodes = {{0xff, 0x02, [15] = 1}};
		ip6->dst = all_nodes;
		static const uint8_t all_nodes_mac[6] = {0x33, 0x33, 0, 0, 0, 1};
		memcpy(dst_mac, all_nodes_mac, 6);
	} else {
		ip6->dst = ip6->src;
	}
	ip6->src = target;
	ip6->hop_limit = ND_HOP_LIMIT;
	sr6_put_be32(&ip6->ver_tc_flow, 6u << 28);
	sr6_put_be16(&ip6->payload_len, ND_MSG_LEN + ND_OPT_LLADDR_LEN);
	nd->icmp.type = SR6_ICMP6_ND_NA;
	nd->icmp.code = 0;
	sr6_put_be32(&nd->icmp.data, SR6_ND_NA_ROUTER | SR6_ND_NA_OVERRIDE |
					     (dad ? 0 : SR6_ND_NA_SOLICITED));
	nd->options[0] = SR6_ND_OPT_TGT_LLADDR;
	nd->options[1] = 1;
	memcpy(nd->options + 2, ifc->mac, 6);
	p->len = na_len;
	nd->icmp.checksum = 0;
	nd->icmp.checksum = sr6_icmp6_checksum(ip6, (const uint8_t *)nd, ND_MSG_LEN + 8);
	sr6_dp_event(w, SR6_EV_ND_NS_ANSWERED);
	return sr6_dp_l2_send(w, p, ifc->index, dst_mac);
}

static uint16_t na_input(struct sr6_worker *w, struct sr6_pkt *p, const struct sr6_iface *ifc)
{
	const struct sr6_ip6_hdr *ip6 = (const struct sr6_ip6_hdr *)p->data;
	const struct sr6_nd_msg *nd = (const struct sr6_nd_msg *)(ip6 + 1);
	uint32_t icmp_len = p->len - (uint32_t)sizeof(*ip6);
	const uint8_t *tlla;
	bool solicited = sr6_get_be32(&nd->icmp.data) & SR6_ND_NA_SOLICITED;
	if (!nd_options(nd->options, icmp_len - ND_MSG_LEN, SR6_ND_OPT_TGT_LLADDR, &tlla) ||
	    (solicited && sr6_ip6_is_multicast(&ip6->dst)))
		return sr6_dp_drop(p, SR6_DROP_ND_INVALID);
	if (tlla)
		learn(w, ifc->index, &nd->target, tlla);
	return SR6_NEXT_CONSUMED;
}

uint16_t sr6_nd_input(struct sr6_worker *w, struct sr6_pkt *p, const struct sr6_iface *ifc)
{
	if (!nd_valid(p))
		return sr6_dp_drop(p, SR6_DROP_ND_INVALID);
	uint8_t type = p->data[sizeof(struct sr6_ip6_hdr)];
	if (type == SR6_ICMP6_ND_NS)
		return ns_input(w, p, ifc);
	return na_input(w, p, ifc);
}

struct sr6_pkt *sr6_nd_solicit(struct sr6_worker *w, const struct sr6_iface *ifc,
			       const struct sr6_ip6 *target)
{
	const struct sr6_ip6 *src = !sr6_ip6_is_zero(&ifc->addr6) ? &ifc->addr6 : &w->dp->any_addr6;
	if (sr6_ip6_is_zero(src))
		return NULL;
	struct sr6_pkt *p = sr6_pkt_alloc(w->pool);
	if (!p)
		return NULL;
	uint32_t len = sizeof(struct sr6_ip6_hdr) + ND_MSG_LEN + ND_OPT_LLADDR_LEN;
	uint8_t *b = sr6_pkt_put(p, len);
	if (!b) {
		sr6_pkt_free(p);
		return NULL;
	}
	memset(b, 0, len);
	struct sr6_ip6_hdr *ip6 = (struct sr6_ip6_hdr *)b;
	struct sr6_nd_msg *nd = (struct sr6_nd_msg *)(ip6 + 1);
	/* RFC 4291 §2.7.1 solicited-node group: ff02::1:ffXX:XXXX */
	struct sr6_ip6 group = {{0xff, 0x02, [11] = 1, [12] = 0xff}};
	memcpy(group.b + 13, target->b + 13, 3);
	sr6_put_be32(&ip6->ver_tc_flow, 6u << 28);
	sr6_put_be16(&ip6->payload_len, ND_MSG_LEN + ND_OPT_LLADDR_LEN);
	ip6->next_header = SR6_IPPROTO_ICMPV6;
	ip6->hop_limit = ND_HOP_LIMIT;
	ip6->src = *src;
	ip6->dst = group;
	nd->icmp.type = SR6_ICMP6_ND_NS;
	nd->target = *target;
	nd->options[0] = SR6_ND_OPT_SRC_LLADDR;
	nd->options[1] = 1;
	memcpy(nd->options + 2, ifc->mac, 6);
	nd->icmp.checksum = sr6_icmp6_checksum(ip6, (const uint8_t *)nd, ND_MSG_LEN + 8);
	uint8_t mac[6] = {0x33, 0x33, group.b[12], group.b[13], group.b[14], group.b[15]};
	if (sr6_dp_l2_send(w, p, ifc->index, mac) == SR6_NEXT_DROP) {
		sr6_pkt_free(p);
		return NULL;
	}
	sr6_dp_event(w, SR6_EV_ND_NS_SENT);
	return p;
}
