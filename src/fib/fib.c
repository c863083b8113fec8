// SPDX-License-Identifier: MIT
/*
 * Tables and next-hop objects (see fib.h for the picture).
 *
 * Next-hop ids come from a free stack; a released id goes back on the stack
 * only through the reclaim list, i.e. after every worker has stopped using
 * the routes that pointed at it. FORWARD/LOCAL/BLACKHOLE objects are shared:
 * sr6_fib_nh_get scans the short list of shared ids for an equal one.
 */
#include "fib.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../core/ip6.h"

struct nh_release {
	struct sr6_fib *fib;
	uint32_t id;
};

static int nh_page_ensure(struct sr6_fib *fib, uint32_t id)
{
	uint32_t pg = id >> SR6_NH_PAGE_BITS;
	if (pg >= SR6_NH_PAGES)
		return -ENOSPC;
	if (fib->nh_page[pg])
		return 0;
	struct sr6_nh *page = calloc(SR6_NH_PAGE_SIZE, sizeof(*page));
	if (!page)
		return -ENOMEM;
	sr6_rcu_assign(fib->nh_page[pg], page);
	return 0;
}

static uint32_t nh_alloc_id(struct sr6_fib *fib)
{
	if (fib->n_free)
		return fib->nh_free[--fib->n_free];
	uint32_t id = fib->nh_next;
	if (nh_page_ensure(fib, id) < 0)
		return 0;
	fib->nh_next++;
	return id;
}

static void nh_free_id(struct sr6_fib *fib, uint32_t id)
{
	if (fib->n_free == fib->free_cap) {
		uint32_t cap = fib->free_cap ? fib->free_cap * 2 : 256;
		uint32_t *ids = realloc(fib->nh_free, cap * sizeof(*ids));
		if (!ids)
			return; /* the id is lost, not reused early */
		fib->nh_free = ids;
		fib->free_cap = cap;
	}
	fib->nh_free[fib->n_free++] = id;
}

static void nh_release_cb(void *arg)
{
	struct nh_release *rel = arg;
	memset(sr6_fib_nh(rel->fib, rel->id), 0, sizeof(struct sr6_nh));
	nh_free_id(rel->fib, rel->id);
	free(rel);
}

struct sr6_fib *sr6_fib_create(struct sr6_reclaim *reclaim)
{
	struct sr6_fib *fib = calloc(1, sizeof(*fib));
	if (!fib)
		return NULL;
	fib->reclaim = reclaim;
	if (nh_page_ensure(fib, 0) < 0)
		goto fail;
	/* id 0: the permanent UNREACHABLE object an LPM miss lands on */
	fib->nh_next = 1;
	sr6_fib_nh(fib, 0)->refcnt = 1;
	if (!sr6_fib_table(fib, 0, true))
		goto fail;
	return fib;
fail:
	sr6_fib_destroy(fib);
	return NULL;
}

void sr6_fib_destroy(struct sr6_fib *fib)
{
	if (!fib)
		return;
	for (uint32_t i = 0; i < fib->n_tables; i++) {
		sr6_lpm6_destroy(fib->tables[i]->v6);
		sr6_lpm4_destroy(fib->tables[i]->v4);
		free(fib->tables[i]);
	}
	/* pending releases point into this fib: run them before it goes */
	if (fib->reclaim)
		sr6_reclaim_run(fib->reclaim);
	for (uint32_t i = 0; i < SR6_NH_PAGES; i++)
		free(fib->nh_page[i]);
	free(fib->nh_free);
	free(fib->shared);
	free(fib);
}

struct sr6_fib_table *sr6_fib_table(struct sr6_fib *fib, uint32_t id, bool create)
{
	for (uint32_t i = 0; i < fib->n_tables; i++)
		if (fib->tables[i]->id == id)
			return fib->tables[i];
	if (!create || fib->n_tables == SR6_FIB_TABLES_MAX)
		return NULL;
	struct sr6_fib_table *t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	t->id = id;
	t->v6 = sr6_lpm6_create(fib->reclaim);
	t->v4 = sr6_lpm4_create(fib->reclaim);
	if (!t->v6 || !t->v4) {
		sr6_lpm6_destroy(t->v6);
		sr6_lpm4_destroy(t->v4);
		free(t);
		return NULL;
	}
	fib->tables[fib->n_tables++] = t;
	return t;
}

static bool nh_same(const struct sr6_nh *a, const struct sr6_nh *b)
{
	return a->kind == b->kind && a->flags == b->flags && a->oif == b->oif &&
	       a->aux == b->aux && sr6_ip6_eq(&a->gw, &b->gw);
}

uint32_t sr6_fib_nh_get(struct sr6_fib *fib, const struct sr6_nh *tmpl)
{
	for (uint32_t i = 0; i < fib->n_shared; i++) {
		struct sr6_nh *nh = sr6_fib_nh(fib, fib->shared[i]);
		if (nh->refcnt && nh_same(nh, tmpl)) {
			nh->refcnt++;
			return nh->id;
		}
	}
	if (fib->n_shared == fib->shared_cap) {
		uint32_t cap = fib->shared_cap ? fib->shared_cap * 2 : 64;
		uint32_t *ids = realloc(fib->shared, cap * sizeof(*ids));
		if (!ids)
			return 0;
		fib->shared = ids;
		fib->shared_cap = cap;
	}
	uint32_t id = nh_alloc_id(fib);
	if (!id)
		return 0;
	struct sr6_nh *nh = sr6_fib_nh(fib, id);
	*nh = *tmpl;
	nh->id = id;
	nh->obj = NULL;
	nh->refcnt = 1;
	fib->shared[fib->n_shared++] = id;
	return id;
}

uint32_t sr6_fib_nh_new(struct sr6_fib *fib, enum sr6_nh_kind kind)
{
	uint32_t id = nh_alloc_id(fib);
	if (!id)
		return 0;
	struct sr6_nh *nh = sr6_fib_nh(fib, id);
	memset(nh, 0, sizeof(*nh));
	nh->kind = (uint8_t)kind;
	nh->id = id;
	nh->refcnt = 1;
	return id;
}

void sr6_fib_nh_hold(struct sr6_fib *fib, uint32_t id)
{
	sr6_fib_nh(fib, id)->refcnt++;
}

void sr6_fib_nh_put(struct sr6_fib *fib, uint32_t id)
{
	struct sr6_nh *nh = sr6_fib_nh(fib, id);
	if (id == SR6_NH_NONE || --nh->refcnt > 0)
		return;
	for (uint32_t i = 0; i < fib->n_shared; i++) {
		if (fib->shared[i] == id) {
			fib->shared[i] = fib->shared[--fib->n_shared];
			break;
		}
	}
	struct nh_release *rel = malloc(sizeof(*rel));
	if (!rel)
		return; /* leak the id rather than reuse it early */
	rel->fib = fib;
	rel->id = id;
	sr6_reclaim_defer(fib->reclaim, rel, nh_release_cb);
}

/* The v4 key of a v4-mapped prefix (the caller checked sr6_fib_is_v4). */
static unsigned v4_key(const struct sr6_ip6 *pfx, unsigned len, uint8_t out[4])
{
	memcpy(out, pfx->b + 12, 4);
	return len - 96;
}

int sr6_fib_route_add(struct sr6_fib *fib, struct sr6_fib_table *t, const struct sr6_ip6 *pfx,
		      unsigned len, uint32_t nh)
{
	uint32_t old = sr6_fib_route_get(t, pfx, len);
	int rc;
	if (sr6_fib_is_v4(pfx, len)) {
		uint8_t k[4];
		unsigned l4 = v4_key(pfx, len, k);
		rc = sr6_lpm4_add(t->v4, k, l4, nh);
	} else {
		rc = sr6_lpm6_add(t->v6, pfx->b, len, nh);
	}
	if (rc < 0)
		return rc;
	sr6_fib_nh_hold(fib, nh);
	if (old)
		sr6_fib_nh_put(fib, old);
	return 0;
}

int sr6_fib_route_del(struct sr6_fib *fib, struct sr6_fib_table *t, const struct sr6_ip6 *pfx,
		      unsigned len)
{
	uint32_t old = sr6_fib_route_get(t, pfx, len);
	int rc;
	if (!old)
		return -ENOENT;
	if (sr6_fib_is_v4(pfx, len)) {
		uint8_t k[4];
		unsigned l4 = v4_key(pfx, len, k);
		rc = sr6_lpm4_del(t->v4, k, l4);
	} else {
		rc = sr6_lpm6_del(t->v6, pfx->b, len);
	}
	if (rc < 0)
		return rc;
	sr6_fib_nh_put(fib, old);
	return 0;
}

uint32_t sr6_fib_route_get(const struct sr6_fib_table *t, const struct sr6_ip6 *pfx, unsigned len)
{
	uint32_t v = 0;
	if (sr6_fib_is_v4(pfx, len)) {
		uint8_t k[4];
		unsigned l4 = v4_key(pfx, len, k);
		if (sr6_lpm4_get(t->v4, k, l4, &v) < 0)
			return 0;
	} else if (sr6_lpm6_get(t->v6, pfx->b, len, &v) < 0) {
		return 0;
	}
	return v;
}

struct walk_ctx {
	sr6_fib_walk_fn cb;
	void *arg;
};

static int walk6(const uint8_t prefix[16], unsigned len, uint32_t value, void *arg)
{
	struct walk_ctx *w = arg;
	struct sr6_ip6 p;
	memcpy(p.b, prefix, 16);
	return w->cb(&p, len, value, w->arg);
}

static int walk4(const uint8_t prefix[4], unsigned len, uint32_t value, void *arg)
{
	struct walk_ctx *w = arg;
	uint32_t be;
	memcpy(&be, prefix, 4);
	struct sr6_ip6 p = sr6_ip6_from_v4(be);
	return w->cb(&p, 96 + len, value, w->arg);
}

int sr6_fib_walk(const struct sr6_fib_table *t, sr6_fib_walk_fn cb, void *arg)
{
	struct walk_ctx w = {cb, arg};
	int rc = sr6_lpm6_walk(t->v6, walk6, &w);
	if (rc)
		return rc;
	return sr6_lpm4_walk(t->v4, walk4, &w);
}
