/* SPDX-License-Identifier: MIT */
/*
 * Packet buffer and batch.
 *
 *   head                data                 data+len           end
 *    |<-- headroom -->|<------ packet ------>|<-- tailroom -->|
 *
 * Every buffer is allocated with SR6_PKT_HEADROOM bytes in front of the
 * received frame, so the headend can prepend an outer IPv6 header, an SRH of
 * up to 16 segments and an Ethernet header without moving the payload. The
 * buffer may live in a pool of ours (pcap, afpacket, tap) or in a backend's
 * own memory (AF_XDP UMEM); the pipeline only ever sees head/data/len/end.
 *
 * Metadata the pipeline carries between stages lives in the descriptor, not
 * in the packet bytes. Pools are per worker: alloc and free are a stack
 * push/pop with no lock and no malloc.
 */
#ifndef SR6_CORE_PKT_H
#define SR6_CORE_PKT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wire.h"

#define SR6_PKT_HEADROOM 384 /* IPv6 40 + SRH 8 + 16 x 16 + HMAC TLV 40 + Ethernet 14 */
#define SR6_PKT_DATA_ROOM 9728 /* 9216-byte jumbo frames plus L2 */
#define SR6_BATCH_MAX 64

/*
 * Where a packet goes when the pipeline is done with it: an output
 * interface index, or one of these.
 */
#define SR6_NEXT_DROP 0xffff     /* dropped: free it, p->drop says why (counted) */
#define SR6_NEXT_HELD 0xfffe     /* kept by the pipeline (waiting for a neighbor) */
#define SR6_NEXT_CONSUMED 0xfffd /* used up by the router (learned from): free it */

enum sr6_pkt_flags {
	SR6_PKT_F_L2 = 1 << 0,      /* data points at an Ethernet header */
	SR6_PKT_F_TRACE = 1 << 1,   /* record this packet's path */
	SR6_PKT_F_ICMP_ERR = 1 << 2, /* packet is an ICMP error we generated */
	SR6_PKT_F_L2_STRIPPED = 1 << 3, /* the Ethernet header is still in the 14
					   bytes before data (ND replies read it) */
	SR6_PKT_F_HMAC_OK = 1 << 4, /* its SRH's HMAC was verified on input (dp/edge.c) */
	SR6_PKT_F_FRAGMENT = 1 << 5, /* IPv4 without DF, larger than its egress MTU:
					cut into fragments on its way out (dp/worker.c) */
};

struct sr6_pkt {
	uint8_t *data; /* first byte of the outermost header */
	uint32_t len;  /* bytes from data to the end of the packet */
	uint16_t rx_if; /* interface the packet arrived on */
	uint16_t tx_if; /* interface chosen for output */
	uint16_t flags; /* enum sr6_pkt_flags */
	uint16_t drop;  /* enum sr6_drop when the packet is dropped */
	uint32_t flow_hash; /* of the innermost flow, 0 = not computed */
	uint64_t ts_ns; /* receive time (pcap: the record's timestamp) */
	struct sr6_ip6 nexthop; /* L3 next hop to resolve (v4: v4-mapped) */
	uint8_t *head; /* first byte of the buffer */
	uint8_t *end;  /* one past the last byte of the buffer */
	struct sr6_pkt_pool *pool; /* owner, NULL for external buffers */
	void *io_priv; /* backend's handle for an external buffer */
};

static inline size_t sr6_pkt_headroom(const struct sr6_pkt *p)
{
	return (size_t)(p->data - p->head);
}

static inline size_t sr6_pkt_tailroom(const struct sr6_pkt *p)
{
	return (size_t)(p->end - (p->data + p->len));
}

/* Grow the packet at the front by n bytes; NULL when headroom is short. */
static inline uint8_t *sr6_pkt_push(struct sr6_pkt *p, size_t n)
{
	if (sr6_pkt_headroom(p) < n)
		return NULL;
	p->data -= n;
	p->len += (uint32_t)n;
	return p->data;
}

/* Drop n bytes from the front; NULL when the packet is shorter. */
static inline uint8_t *sr6_pkt_pull(struct sr6_pkt *p, size_t n)
{
	if (p->len < n)
		return NULL;
	p->data += n;
	p->len -= (uint32_t)n;
	return p->data;
}

/* Cut the packet to len bytes (no-op when already shorter). */
static inline void sr6_pkt_trim(struct sr6_pkt *p, uint32_t len)
{
	if (p->len > len)
		p->len = len;
}

/* Grow at the tail by n bytes; NULL when tailroom is short. */
static inline uint8_t *sr6_pkt_put(struct sr6_pkt *p, size_t n)
{
	if (sr6_pkt_tailroom(p) < n)
		return NULL;
	uint8_t *tail = p->data + p->len;
	p->len += (uint32_t)n;
	return tail;
}

/* Reset an empty buffer: data at head + headroom, no length, no metadata. */
void sr6_pkt_reset(struct sr6_pkt *p);

/*
 * A fixed pool of packets with their buffers inline, used as a LIFO free
 * stack (the most recently freed buffer is still warm in cache).
 */
struct sr6_pkt_pool {
	struct sr6_pkt **free;
	uint32_t n_free;
	uint32_t size;
	void *mem;
};

struct sr6_pkt_pool *sr6_pkt_pool_create(uint32_t n_pkts);
void sr6_pkt_pool_destroy(struct sr6_pkt_pool *pool);

static inline struct sr6_pkt *sr6_pkt_alloc(struct sr6_pkt_pool *pool)
{
	if (pool->n_free == 0)
		return NULL;
	struct sr6_pkt *p = pool->free[--pool->n_free];
	sr6_pkt_reset(p);
	return p;
}

static inline void sr6_pkt_free(struct sr6_pkt *p)
{
	struct sr6_pkt_pool *pool = p->pool;
	pool->free[pool->n_free++] = p;
}

#endif
