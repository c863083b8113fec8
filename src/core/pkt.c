// SPDX-License-Identifier: MIT
/* Packet pool: one allocation holds every descriptor and its buffer. */
#include "pkt.h"

#include <stdlib.h>
#include <string.h>

#define SR6_PKT_BUF_SIZE (SR6_PKT_HEADROOM + SR6_PKT_DATA_ROOM)
/* descriptor padded to a cache line so the buffer starts cache-aligned */
#define SR6_PKT_DESC_SIZE ((sizeof(struct sr6_pkt) + 63) & ~(size_t)63)
#define SR6_PKT_STRIDE (SR6_PKT_DESC_SIZE + SR6_PKT_BUF_SIZE)

void sr6_pkt_reset(struct sr6_pkt *p)
{
	uint8_t *head = p->head, *end = p->end;
	struct sr6_pkt_pool *pool = p->pool;
	memset(p, 0, sizeof(*p));
	p->head = head;
	p->end = end;
	p->pool = pool;
	p->data = head + SR6_PKT_HEADROOM;
}

struct sr6_pkt_pool *sr6_pkt_pool_create(uint32_t n_pkts)
{
	struct sr6_pkt_pool *pool = calloc(1, sizeof(*pool));
	if (!pool)
		return NULL;
	pool->free = calloc(n_pkts, sizeof(*pool->free));
	pool->mem = aligned_alloc(64, (size_t)n_pkts * SR6_PKT_STRIDE);
	if (!pool->free || !pool->mem)
		goto fail;
	pool->size = n_pkts;
	for (uint32_t i = 0; i < n_pkts; i++) {
		uint8_t *slot = (uint8_t *)pool->mem + (size_t)i * SR6_PKT_STRIDE;
		struct sr6_pkt *p = (struct sr6_pkt *)slot;
		p->head = slot + SR6_PKT_DESC_SIZE;
		p->end = p->head + SR6_PKT_BUF_SIZE;
		p->pool = pool;
		sr6_pkt_reset(p);
		pool->free[i] = p;
	}
	pool->n_free = n_pkts;
	return pool;
fail:
	sr6_pkt_pool_destroy(pool);
	return NULL;
}

void sr6_pkt_pool_destroy(struct sr6_pkt_pool *pool)
{
	if (!pool)
		return;
	free(pool->mem);
	free(pool->free);
	free(pool);
}
