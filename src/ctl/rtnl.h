/* SPDX-License-Identifier: MIT */
/*
 * rtnetlink route messages (RTM_NEWROUTE / RTM_DELROUTE), as FRR's zebra
 * sends them over FPM, read into one plain struct: no socket, no state.
 *
 *   nlmsghdr | rtmsg | rtattr...
 *                      RTA_DST, RTA_TABLE, RTA_GATEWAY, RTA_OIF, RTA_VIA,
 *                      RTA_NH_ID, RTA_MULTIPATH { rtnexthop | rtattr... }...,
 *                      RTA_ENCAP_TYPE + RTA_ENCAP:
 *                        LWTUNNEL_ENCAP_SEG6       { SEG6_IPTUNNEL_SRH: mode + SRH }
 *                        LWTUNNEL_ENCAP_SEG6_LOCAL { SEG6_LOCAL_ACTION, _TABLE,
 *                          _VRFTABLE, _NH4, _NH6, _IIF, _OIF, _SRH, _FLAVORS... }
 *
 * The reader only says what the message says; what srv6d makes of it is
 * fpm.c's business. A message whose lengths do not add up (a header or an
 * attribute running past its container, an address of the wrong size) is
 * -EBADMSG: the stream it came in cannot be trusted any more. Attributes
 * the reader does not know are skipped at the route level (metrics,
 * preferences: nothing that changes where a packet goes) and recorded at
 * the seg6local level, where every attribute changes the behavior.
 *
 * Layouts: <linux/rtnetlink.h>, <linux/lwtunnel.h>, <linux/seg6.h>,
 * <linux/seg6_iptunnel.h>, <linux/seg6_local.h>; attribute values are in
 * host byte order, addresses in network byte order.
 */
#ifndef SR6_CTL_RTNL_H
#define SR6_CTL_RTNL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/srh.h"
#include "../core/wire.h"

#define SR6_RTNL_NH_MAX 16 /* next hops of a multipath route read; more are counted */

struct sr6_rtnl_seg6 {
	uint32_t mode; /* SEG6_IPTUN_MODE_* */
	uint8_t n_segs;
	bool too_many;			       /* more than SR6_SRH_MAX_SEGS segments */
	bool has_tlv;			       /* TLVs after the segment list (HMAC, padding) */
	struct sr6_ip6 segs[SR6_SRH_MAX_SEGS]; /* travel order: first segment first */
};

struct sr6_rtnl_seg6local {
	uint32_t action;      /* SEG6_LOCAL_ACTION_* */
	uint32_t have;	      /* 1 << SEG6_LOCAL_* for each attribute present */
	uint32_t table;	      /* SEG6_LOCAL_TABLE */
	uint32_t vrftable;    /* SEG6_LOCAL_VRFTABLE */
	uint32_t oif, iif;    /* kernel ifindexes */
	struct sr6_ip6 nh6;   /* SEG6_LOCAL_NH6 */
	struct sr6_ip6 nh4;   /* SEG6_LOCAL_NH4, v4-mapped */
	uint32_t flv_ops;     /* SEG6_LOCAL_FLV_OPERATION: 1 << SEG6_LOCAL_FLV_OP_* */
	uint8_t lblen, nflen; /* SEG6_LOCAL_FLV_LCBLOCK_BITS / _LCNODE_FN_BITS, 0 = absent */
	uint16_t unknown;     /* first attribute type the reader does not know, 0 = none */
};

struct sr6_rtnl_nh {
	struct sr6_ip6 gw;     /* RTA_GATEWAY (v4-mapped for IPv4); zero = on-link */
	uint32_t oif;	       /* kernel ifindex, 0 = none */
	uint8_t weight;	       /* rtnh_hops + 1 (1 for a single next hop) */
	bool via_other_family; /* RTA_VIA: a gateway of the other family (RFC 5549) */
	uint16_t encap_type;   /* LWTUNNEL_ENCAP_*; NONE when absent */
	struct sr6_rtnl_seg6 seg6;
	struct sr6_rtnl_seg6local local;
};

/* Identity of a route: what a delete names and a replace replaces. */
struct sr6_rtnl_key {
	uint8_t family; /* AF_INET6 or AF_INET */
	uint8_t len;	/* as srv6d keys it: IPv4 is v4-mapped, 96 + length */
	uint32_t table; /* kernel table id (RT_TABLE_MAIN = 254) */
	struct sr6_ip6 dst;
};

struct sr6_rtnl_route {
	uint16_t msg_type; /* RTM_NEWROUTE or RTM_DELROUTE */
	struct sr6_rtnl_key key;
	uint8_t src_len, type, protocol; /* rtmsg fields */
	uint32_t rtm_flags;
	uint32_t nh_id; /* RTA_NH_ID: a next-hop object, 0 = none */
	unsigned n_nh;	/* next hops in the message (nh[] holds the first SR6_RTNL_NH_MAX) */
	struct sr6_rtnl_nh nh[SR6_RTNL_NH_MAX];
};

/*
 * Read the route message at msg (len bytes: one whole nlmsghdr). 0,
 * -EAFNOSUPPORT for a family other than IPv4/IPv6 (not an error: MPLS,
 * bridge), or -EBADMSG with the reason in err.
 */
int sr6_rtnl_route_parse(const void *msg, size_t len, struct sr6_rtnl_route *rt, char *err,
			 size_t err_size);

/* Only the key (cheap: no next hops). Same returns as sr6_rtnl_route_parse. */
int sr6_rtnl_route_key(const void *msg, size_t len, struct sr6_rtnl_key *key);

#endif
