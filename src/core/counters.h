/* SPDX-License-Identifier: MIT */
/*
 * Per-worker counters, summed on read.
 *
 * Each worker owns one struct sr6_counters and is its only writer, so the
 * fast path increments plain uint64_t fields: no atomics, no shared cache
 * lines. Readers (show counters, metrics) add up all workers; a read may be
 * a few packets behind but never torn on 64-bit targets.
 *
 * Object counters (per SID, per route with encap, per policy, per policy
 * segment list) are indexed by the object's id in a paged vector: the
 * control thread makes sure a page exists for every worker before it
 * publishes an object that uses the id, so workers never allocate.
 */
#ifndef SR6_CORE_COUNTERS_H
#define SR6_CORE_COUNTERS_H

#include <stdint.h>

#include "drop.h"

#define SR6_IF_MAX 256

/* Things that happen to packets that are not drops. X(ENUM, "key", "description") */
#define SR6_EVENTS(X)                                                                              \
	X(IP6_FORWARDED, "ip6_forwarded", "IPv6 packets forwarded")                                \
	X(IP4_FORWARDED, "ip4_forwarded", "IPv4 packets forwarded")                                \
	X(IP4_FRAGMENTED, "ip4_fragmented", "IPv4 datagrams cut into fragments for the egress MTU")\
	X(SRH_TRANSIT, "srh_transit", "packets with an SRH forwarded as plain IPv6 (RFC 8754 §4.2)") \
	X(ECHO6_REPLIED, "icmp6_echo_replied", "ICMPv6 echo requests to the router answered")       \
	X(ECHO4_REPLIED, "icmp4_echo_replied", "ICMP echo requests to the router answered")         \
	X(ND_NS_ANSWERED, "nd_ns_answered", "neighbor solicitations for our addresses answered")   \
	X(ND_NS_SENT, "nd_ns_sent", "neighbor solicitations sent to resolve a next hop")           \
	X(ARP_ANSWERED, "arp_answered", "ARP requests for our addresses answered")                 \
	X(ARP_SENT, "arp_sent", "ARP requests sent to resolve a next hop")                         \
	X(NEIGH_LEARNED, "neigh_learned", "link-layer addresses learned from ND/ARP")              \
	X(NEIGH_HELD, "neigh_held", "packets held while their next hop resolved")                  \
	X(ICMP6_ERR_SENT, "icmp6_error_sent", "ICMPv6 errors generated")                           \
	X(ICMP4_ERR_SENT, "icmp4_error_sent", "ICMP errors generated")                             \
	X(ICMP_ERR_RATE_LIMITED, "icmp_error_rate_limited", "ICMP errors not sent: rate limit")    \
	X(ICMP_ERR_NOT_ALLOWED, "icmp_error_not_allowed",                                           \
	  "ICMP errors not sent: the packet must not get one (RFC 4443 §2.4e, RFC 1812 §4.3.2.7)") \
	X(ICMP_ERR_NO_SOURCE, "icmp_error_no_source",                                               \
	  "ICMP errors not sent: the router has no address to send them from")                   \
	X(ICMP_ERR_RATE_LIMITED_PEER, "icmp_error_rate_limited_peer",                              \
	  "ICMP errors not sent: per-destination rate limit")                                     \
	X(SR_HMAC_VERIFIED, "sr_hmac_verified", "SRH HMAC TLVs verified good (RFC 8754 §2.1.2)")

enum sr6_event {
#define SR6_EVENT_ENUM(name, key, descr) SR6_EV_##name,
	SR6_EVENTS(SR6_EVENT_ENUM)
#undef SR6_EVENT_ENUM
		SR6_EV__COUNT
};

extern const char *const sr6_event_key[SR6_EV__COUNT];
extern const char *const sr6_event_descr[SR6_EV__COUNT];

struct sr6_if_counters {
	uint64_t rx_pkts, rx_bytes;
	uint64_t tx_pkts, tx_bytes;
	uint64_t drops; /* packets received here and dropped, any reason */
};

/* Per object (SID, encap route, policy segment list). */
struct sr6_obj_counters {
	uint64_t pkts, bytes; /* processed and sent on */
	uint64_t drops;       /* matched the object but were dropped */
};

#define SR6_CVEC_PAGE_BITS 10
#define SR6_CVEC_PAGE_SIZE (1u << SR6_CVEC_PAGE_BITS)
#define SR6_CVEC_PAGES 16384 /* 16M ids: 1M next hops x 16 segment lists */

struct sr6_cvec {
	struct sr6_obj_counters *page[SR6_CVEC_PAGES];
};

/*
 * A policy's segment lists are counted under ids derived from the policy's
 * next-hop id, so they need no allocator of their own and live exactly as
 * long as the policy: list k of next hop id is sr6_cnt_list_id(id, k).
 */
#define SR6_CNT_LIST_BITS 4 /* room for SR6_POLICY_LISTS_MAX lists */
#define SR6_CNT_LISTS (1u << SR6_CNT_LIST_BITS)

static inline uint32_t sr6_cnt_list_id(uint32_t nh_id, unsigned list)
{
	return nh_id << SR6_CNT_LIST_BITS | list;
}

struct sr6_counters {
	uint64_t drop[SR6_DROP__COUNT];
	uint64_t event[SR6_EV__COUNT];
	struct sr6_if_counters ifc[SR6_IF_MAX];
	struct sr6_cvec obj;  /* by next-hop id: SIDs, encap routes, policies */
	struct sr6_cvec list; /* by sr6_cnt_list_id(): policy segment lists */
};

static inline struct sr6_obj_counters *sr6_cvec_at(struct sr6_cvec *v, uint32_t id)
{
	return &v->page[id >> SR6_CVEC_PAGE_BITS][id & (SR6_CVEC_PAGE_SIZE - 1)];
}

/* Control thread: make sure id has a page. 0 or -ENOMEM. */
int sr6_cvec_reserve(struct sr6_cvec *v, uint32_t id);
void sr6_cvec_free(struct sr6_cvec *v);

#endif
