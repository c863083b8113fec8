/* SPDX-License-Identifier: MIT */
/*
 * Worker -> control thread messages: "this neighbor is at that MAC".
 *
 * Only the control thread writes the neighbor table (neigh.h), so a worker
 * that learns a link-layer address from an NA, an NS or an ARP packet puts
 * it on its own single-producer/single-consumer ring and, when a wake fd is
 * set, pokes the control thread. The ring is lossy by design: when full, a
 * learn is dropped (the neighbor will be learned from its next packet).
 */
#ifndef SR6_DP_PUNT_H
#define SR6_DP_PUNT_H

#include <stdbool.h>
#include <stdint.h>
#include <unistd.h>

#include "../core/wire.h"

#define SR6_PUNT_RING_SIZE 256 /* power of two */

struct sr6_neigh_learn {
	struct sr6_ip6 addr; /* v4 as v4-mapped */
	uint16_t ifindex;
	uint8_t mac[6];
	uint64_t ts_ns;
};

struct sr6_punt_ring {
	_Alignas(64) uint32_t head; /* written by the worker */
	_Alignas(64) uint32_t tail; /* written by the control thread */
	int wake_fd;                /* eventfd to poke, or -1 */
	struct sr6_neigh_learn e[SR6_PUNT_RING_SIZE];
};

static inline bool sr6_punt_push(struct sr6_punt_ring *r, const struct sr6_neigh_learn *l)
{
	uint32_t h = r->head;
	if (h - __atomic_load_n(&r->tail, __ATOMIC_ACQUIRE) == SR6_PUNT_RING_SIZE)
		return false;
	r->e[h & (SR6_PUNT_RING_SIZE - 1)] = *l;
	__atomic_store_n(&r->head, h + 1, __ATOMIC_RELEASE);
	if (r->wake_fd >= 0) {
		uint64_t one = 1;
		(void)!write(r->wake_fd, &one, sizeof(one)); /* slow path: ND/ARP only */
	}
	return true;
}

static inline bool sr6_punt_pop(struct sr6_punt_ring *r, struct sr6_neigh_learn *out)
{
	uint32_t t = r->tail;
	if (t == __atomic_load_n(&r->head, __ATOMIC_ACQUIRE))
		return false;
	*out = r->e[t & (SR6_PUNT_RING_SIZE - 1)];
	__atomic_store_n(&r->tail, t + 1, __ATOMIC_RELEASE);
	return true;
}

#endif
