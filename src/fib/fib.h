/* SPDX-License-Identifier: MIT */
/*
 * Forwarding tables and next-hop objects.
 *
 * One lookup decides everything (DESIGN.md §1): every FIB entry holds the id
 * of a next-hop object, and the object's kind says what happens next:
 *
 *   prefix ──LPM──► nh id ──► struct sr6_nh
 *                               UNREACHABLE  no route: ICMP unreachable
 *                               BLACKHOLE    drop, counted
 *                               LOCAL        an address of the router
 *                               FORWARD      out `oif` via `gw` (or on-link)
 *                               SID          a local SID: behavior in `obj`
 *                               ENCAP        headend: steer into `obj` (policy)
 *
 * Next hops live in fixed pages that are never moved, so a worker holding an
 * id can always dereference it. Ids are handed out by the control thread,
 * shared (refcounted) between routes with the same FORWARD target, and only
 * reused after a grace period. Id 0 is the permanent UNREACHABLE object,
 * which is what an LPM miss returns.
 *
 * Tables: id 0 is the main table; others (End.T, End.DT*) are created on
 * first use and stay until the FIB is destroyed (their count is small).
 */
#ifndef SR6_FIB_FIB_H
#define SR6_FIB_FIB_H

#include <stdbool.h>
#include <stdint.h>

#include "../core/bytes.h"
#include "../core/reclaim.h"
#include "../core/wire.h"
#include "lpm.h"

enum sr6_nh_kind {
	SR6_NH_UNREACHABLE = 0,
	SR6_NH_BLACKHOLE,
	SR6_NH_LOCAL,
	SR6_NH_FORWARD,
	SR6_NH_SID,
	SR6_NH_ENCAP,
};

enum sr6_nh_flags {
	SR6_NH_F_CONNECTED = 1 << 0, /* made by `address add`, not by `route add` */
};

#define SR6_NH_NONE 0u /* the UNREACHABLE object */

struct sr6_nh {
	uint8_t kind;  /* enum sr6_nh_kind */
	uint8_t flags; /* enum sr6_nh_flags */
	uint16_t oif;  /* FORWARD: output interface index */
	uint32_t id;
	struct sr6_ip6 gw; /* FORWARD: gateway (v4 as v4-mapped); zero = on-link */
	const void *obj;   /* SID or ENCAP: object owned by the sr layer */
	uint32_t refcnt;   /* control plane only */
	uint32_t aux;      /* kind-specific small value (e.g. table id) */
};

#define SR6_NH_PAGE_BITS 10
#define SR6_NH_PAGE_SIZE (1u << SR6_NH_PAGE_BITS)
#define SR6_NH_PAGES 1024 /* up to 1M next hops */
#define SR6_FIB_TABLES_MAX 256

struct sr6_fib_table {
	uint32_t id;
	struct sr6_lpm6 *v6;
	struct sr6_lpm4 *v4;
};

struct sr6_fib {
	struct sr6_nh *nh_page[SR6_NH_PAGES];
	struct sr6_fib_table *tables[SR6_FIB_TABLES_MAX]; /* index != table id */
	uint32_t n_tables;
	/* control plane: next-hop id allocator */
	uint32_t *nh_free; /* stack of free ids */
	uint32_t n_free, free_cap;
	uint32_t nh_next; /* first never-used id */
	uint32_t *shared; /* ids sr6_fib_nh_get may hand out again */
	uint32_t n_shared, shared_cap;
	struct sr6_reclaim *reclaim;
};

struct sr6_fib *sr6_fib_create(struct sr6_reclaim *reclaim);
void sr6_fib_destroy(struct sr6_fib *fib);

/* Table with this id; created when create is true. NULL when absent/no memory. */
struct sr6_fib_table *sr6_fib_table(struct sr6_fib *fib, uint32_t id, bool create);

/* The main table (id 0): made with the FIB, never replaced. */
static inline struct sr6_fib_table *sr6_fib_main(const struct sr6_fib *fib)
{
	return fib->tables[0];
}

static inline struct sr6_nh *sr6_fib_nh(const struct sr6_fib *fib, uint32_t id)
{
	return &fib->nh_page[id >> SR6_NH_PAGE_BITS][id & (SR6_NH_PAGE_SIZE - 1)];
}

/*
 * A next hop equal to tmpl (kind, flags, oif, gw, aux; obj must be NULL):
 * an existing one with its refcount raised, or a new one. Returns the id,
 * or 0 when out of ids/memory.
 */
uint32_t sr6_fib_nh_get(struct sr6_fib *fib, const struct sr6_nh *tmpl);

/*
 * A new, unshared next hop for a SID or ENCAP object (refcount 1). The
 * caller fills obj before publishing a route to it. 0 when out of ids.
 */
uint32_t sr6_fib_nh_new(struct sr6_fib *fib, enum sr6_nh_kind kind);

/* Take a reference on / release id; the last put retires it after a grace period. */
void sr6_fib_nh_hold(struct sr6_fib *fib, uint32_t id);
void sr6_fib_nh_put(struct sr6_fib *fib, uint32_t id);

/*
 * Routes: prefix given as an sr6_ip6; v4 prefixes are v4-mapped with len
 * 96 + v4 length. add holds a reference on nh (and drops the one of a
 * replaced route); del drops it. 0, -ENOENT, -EINVAL, -ENOMEM.
 */
int sr6_fib_route_add(struct sr6_fib *fib, struct sr6_fib_table *t, const struct sr6_ip6 *pfx,
		      unsigned len, uint32_t nh);
int sr6_fib_route_del(struct sr6_fib *fib, struct sr6_fib_table *t, const struct sr6_ip6 *pfx,
		      unsigned len);
/* Exact match: nh id or 0. */
uint32_t sr6_fib_route_get(const struct sr6_fib_table *t, const struct sr6_ip6 *pfx, unsigned len);

static inline bool sr6_fib_is_v4(const struct sr6_ip6 *pfx, unsigned len)
{
	return len >= 96 && sr6_get_be64(pfx->b) == 0 && sr6_get_be32(pfx->b + 8) == 0xffff;
}

/* Visit every route of a table (v6 first, then v4 as v4-mapped). */
typedef int (*sr6_fib_walk_fn)(const struct sr6_ip6 *pfx, unsigned len, uint32_t nh, void *arg);
int sr6_fib_walk(const struct sr6_fib_table *t, sr6_fib_walk_fn cb, void *arg);

#endif
