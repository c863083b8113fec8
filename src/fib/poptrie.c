// SPDX-License-Identifier: MIT
/*
 * Poptrie construction and copy-on-write update (layout in poptrie.h).
 *
 * Every node is a pure function of the RIB: the node for the window of bits
 * [off, off + 6) under prefix p depends only on the prefixes longer than
 * off inside p and on the longest prefix covering p (the "inherited" value).
 * So a node is built by painting its 64 slots from the RIB, shortest prefix
 * first, and marking a slot internal ("deep") when some prefix is longer
 * than off + 6:
 *
 *     RIB under p                      slots 0..63 of the node at off
 *     p/off+1  -> 5                    [5 5 5 ... 5 | 9 9 | 5 ... | D ...]
 *     p+x/off+5 -> 9                                 ^^^ 2 slots  ^ deep: a
 *     p+y/off+9 -> 4 (longer than 6)                   child node at off + 6
 *
 * A change to prefix c/len touches:
 *   - the node whose window holds len and all nodes above it (path copy:
 *     a parent must point at its child's new block), and
 *   - below that window, only the subtrees that inherited the value c
 *     gave them: a deep slot whose painter is c itself (after an add) or
 *     shorter than c (after a delete). Deep slots painted by a prefix
 *     longer than c keep their subtree, shared with the old version.
 * A change with len <= tbits paints a range of top entries the same way.
 *
 * Skip nodes stay a pure function of the RIB: the builder makes the plain
 * node of each window as before and compresses bottom-up as it returns
 * (pt_chain): a link over a link or a skip of the same value becomes a
 * skip one stride longer on the same holder, so a fresh build and any
 * sequence of updates give the same shape. An update that reaches a skip
 * sees it one stride at a time (pt_expand: a link whose child is the rest
 * of the skip), so path copy, sharing and retiring work as on plain
 * nodes, and a chain is cut where a change lands in it and made whole
 * again when a delete turns the windows back into links:
 *
 *   fc00:0:1::/48 alone (0 beside the path, links at 16 .. 40):
 *     top ─► skip@16 {s16 s22 s28 s34 s40} ─► [ node@46 ][ 0 ]
 *   add fc00::/30 -> 5 (it paints slots of window 28, no link any more):
 *     top ─► skip@16 {s16 s22} ─► [ node@28 ][ 0 ]
 *                                     └ slot s28 ─► skip@34 {s34 s40} ─► [ node@46 ][ 5 ]
 *   delete it: the single skip again.
 *
 * The holder block belongs to the last link of its chain: a view of a
 * skip owns no block (pt_retire_old); the holder is retired with the
 * link that owns it or with the whole subtree.
 *
 * Hosts mode: a host paints no value, it sets its slot's host bit; a RIB
 * subtree beyond the window that holds only hosts makes a leaf with the
 * host flag, not a child node (pt_beyond). A host change touches only the
 * path down to the node whose window it ends in.
 *
 * All blocks allocated during an update are logged; if one allocation
 * fails they are freed and nothing was published. Replaced blocks are
 * logged too and handed to sr6_reclaim_defer() only after the new top
 * entries are stored.
 */
#include "poptrie.h"

#include <assert.h>
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* A prefix that was just added, replaced or cleared in the RIB. */
struct pt_change {
	struct sr6_key key;
	unsigned len;
};

/* Slots of one window [off, off + w) being painted from the RIB. */
struct pt_paint {
	uint32_t *val;
	int16_t *plen; /* length of the prefix that painted the slot, -1: none */
	uint64_t *deep;
	uint64_t *host; /* hosts mode: a host lies in the slot (ignored when deep) */
	unsigned off, w;
};

/* What a RIB subtree beyond the window being painted makes of its slot. */
enum pt_beyond {
	PT_NOTHING, /* a delete in progress: the slot is a leaf */
	PT_HOSTS,   /* hosts only: a leaf with SR6_POPTRIE_HOST */
	PT_DEEP,    /* a prefix shorter than a host: a child node */
};

/*
 * Nodes pt_beyond() visits before it gives up and answers PT_DEEP (always
 * correct: the child node sorts the subtree out a level further down).
 * Bounds the cost of painting a window over a big cluster of hosts.
 */
#define PT_HOST_SCAN 32

/*
 * Longest skip: the lookup shifts its 64-bit window of the key by the skip
 * length, which must stay below 64, and the length sits in the low byte
 * under the bits: 9 strides = 54 bits.
 */
#define PT_SKIP_MAX (9 * SR6_POPTRIE_STRIDE)

/* A skip node's heap block (its "holder"): the node it lands on, then its value. */
#define PT_HOLDER_SIZE (sizeof(struct sr6_poptrie_node) + sizeof(uint32_t))

/*
 * A block of one child and one leaf: the layout of a link's block, which
 * is also a skip's holder. A view (pt_expand) keeps its block here, not
 * on the heap.
 */
struct pt_view_block {
	struct sr6_poptrie_node child;
	uint32_t leaf;
};

static_assert(offsetof(struct pt_view_block, leaf) == sizeof(struct sr6_poptrie_node),
	      "leaves follow the children in a node block");

struct pt_view {
	struct sr6_poptrie_node node;
	struct pt_view_block blk;
};

/* bits: left-aligned, len of them (a multiple of the stride); next: a holder block. */
static struct sr6_poptrie_node pt_skip(uint64_t bits, unsigned len,
				       const struct sr6_poptrie_node *next)
{
	return (struct sr6_poptrie_node){
	    .vector = 0, .leafvec = bits | len, .base = (void *)((uintptr_t)next | 1)};
}

static uint64_t pt_skip_bits(const struct sr6_poptrie_node *n)
{
	return n->leafvec & ~0xffULL;
}

int sr6_poptrie_init(struct sr6_poptrie *pt, unsigned keylen, unsigned tbits, bool hosts,
		     bool skips, struct sr6_reclaim *reclaim)
{
	size_t n = (size_t)1 << tbits;

	*pt = (struct sr6_poptrie){
	    .tbits = tbits, .keylen = keylen, .hosts = hosts, .skips = skips, .reclaim = reclaim};
	pt->top = malloc(n * sizeof(*pt->top));
	if (!pt->top)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++)
		pt->top[i] = SR6_POPTRIE_LEAF(0);
	pt->mem = n * sizeof(*pt->top);
	return sr6_rib_init(&pt->rib);
}

static void pt_free_now(const struct sr6_poptrie_node *n)
{
	const struct sr6_poptrie_node *c = sr6_poptrie_children(n);

	if (sr6_poptrie_is_skip(n)) {
		pt_free_now(sr6_poptrie_skip_next(n));
		free((void *)(uintptr_t)sr6_poptrie_skip_next(n));
		return;
	}
	for (int i = 0; i < __builtin_popcountll(n->vector); i++)
		pt_free_now(&c[i]);
	free(n->base);
}

void sr6_poptrie_fini(struct sr6_poptrie *pt)
{
	if (pt->top) {
		for (size_t i = 0; i < (size_t)1 << pt->tbits; i++) {
			struct sr6_poptrie_node *root = (void *)(uintptr_t)pt->top[i];

			if (pt->top[i] & 1)
				continue;
			pt_free_now(root);
			free(root);
		}
	}
	free(pt->top);
	free(pt->fresh.ptr);
	free(pt->retired.ptr);
	sr6_rib_fini(&pt->rib);
	*pt = (struct sr6_poptrie){0};
}

static int log_push(struct sr6_poptrie_log *l, void *p)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		void **ptr = realloc(l->ptr, cap * sizeof(*ptr));

		if (!ptr)
			return -ENOMEM;
		l->ptr = ptr;
		l->cap = cap;
	}
	l->ptr[l->n++] = p;
	return 0;
}

/* Big logs (after a short prefix rebuilt much of the table) are not kept around. */
static void log_reset(struct sr6_poptrie_log *l)
{
	l->n = 0;
	if (l->cap > 4096) {
		free(l->ptr);
		*l = (struct sr6_poptrie_log){0};
	}
}

static void *pt_alloc(struct sr6_poptrie *pt, size_t size)
{
	void *p = malloc(size);

	if (!p)
		return NULL;
	if (log_push(&pt->fresh, p)) {
		free(p);
		return NULL;
	}
	pt->mem_fresh += size;
	return p;
}

static size_t pt_block_size(const struct sr6_poptrie_node *n)
{
	return (size_t)__builtin_popcountll(n->vector) * sizeof(struct sr6_poptrie_node) +
	       (size_t)__builtin_popcountll(n->leafvec) * sizeof(uint32_t);
}

static int pt_retire(struct sr6_poptrie *pt, void *p, size_t size)
{
	if (log_push(&pt->retired, p))
		return -ENOMEM;
	pt->mem_retired += size;
	return 0;
}

static int pt_retire_subtree(struct sr6_poptrie *pt, const struct sr6_poptrie_node *n)
{
	const struct sr6_poptrie_node *c = sr6_poptrie_children(n);

	if (sr6_poptrie_is_skip(n)) {
		int rc = pt_retire_subtree(pt, sr6_poptrie_skip_next(n));

		return rc ? rc
			  : pt_retire(pt, (void *)(uintptr_t)sr6_poptrie_skip_next(n),
				      PT_HOLDER_SIZE);
	}
	for (int i = 0; i < __builtin_popcountll(n->vector); i++) {
		int rc = pt_retire_subtree(pt, &c[i]);

		if (rc)
			return rc;
	}
	return pt_retire(pt, n->base, pt_block_size(n));
}

static void pt_commit(struct sr6_poptrie *pt)
{
	for (size_t i = 0; i < pt->retired.n; i++)
		sr6_reclaim_defer(pt->reclaim, pt->retired.ptr[i], NULL);
	pt->mem = pt->mem + pt->mem_fresh - pt->mem_retired;
	__atomic_store_n(&pt->interleave,
			 pt->mem - (sizeof(*pt->top) << pt->tbits) >= SR6_POPTRIE_INTERLEAVE_MIN,
			 __ATOMIC_RELAXED);
	pt->mem_fresh = pt->mem_retired = 0;
	log_reset(&pt->fresh);
	log_reset(&pt->retired);
}

static void pt_abort(struct sr6_poptrie *pt)
{
	for (size_t i = 0; i < pt->fresh.n; i++)
		free(pt->fresh.ptr[i]);
	pt->mem_fresh = pt->mem_retired = 0;
	log_reset(&pt->fresh);
	log_reset(&pt->retired);
}

static bool rib_live(const struct sr6_rib *rib, uint32_t i)
{
	const struct sr6_rib_node *n;

	if (i == SR6_RIB_NIL)
		return false;
	n = sr6_rib_node(rib, i);
	return n->value || n->child[0] != SR6_RIB_NIL || n->child[1] != SR6_RIB_NIL;
}

static bool pt_is_host(const struct sr6_poptrie *pt, const struct sr6_rib_node *n)
{
	return pt->hosts && n->len == pt->keylen;
}

/*
 * The RIB subtree at i lies beyond the window being painted: does its slot
 * need a child node? Without hosts mode whenever the subtree holds a
 * prefix (a valueless childless node is a delete in progress: nothing
 * below); in hosts mode only for a prefix shorter than a host.
 */
static enum pt_beyond pt_beyond(const struct sr6_poptrie *pt, uint32_t i)
{
	uint32_t stack[PT_HOST_SCAN + 2], n = 0, seen = 0;
	bool hosts = false;

	if (!pt->hosts)
		return rib_live(&pt->rib, i) ? PT_DEEP : PT_NOTHING;
	if (i != SR6_RIB_NIL)
		stack[n++] = i;
	while (n) {
		const struct sr6_rib_node *r = sr6_rib_node(&pt->rib, stack[--n]);

		if (r->value) {
			if (!pt_is_host(pt, r))
				return PT_DEEP;
			hosts = true;
		}
		if (++seen > PT_HOST_SCAN)
			return PT_DEEP;
		for (int b = 0; b < 2; b++)
			if (r->child[b] != SR6_RIB_NIL)
				stack[n++] = r->child[b];
	}
	return hosts ? PT_HOSTS : PT_NOTHING;
}

static void pt_mark(uint64_t *bits, uint64_t s)
{
	bits[s / 64] |= 1ULL << (s % 64);
}

/*
 * Paint the window from RIB node i down: parents before children, so the
 * longest prefix is the last to paint a slot. Hosts (hosts mode) paint no
 * value, only their slots' host bit.
 */
static void pt_paint(const struct sr6_poptrie *pt, uint32_t i, const struct pt_paint *p)
{
	while (i != SR6_RIB_NIL) {
		const struct sr6_rib_node *n = sr6_rib_node(&pt->rib, i);

		if (n->len > p->off + p->w) {
			uint64_t s = sr6_key_bits(n->key, p->off, p->w);

			switch (pt_beyond(pt, i)) {
			case PT_DEEP:
				pt_mark(p->deep, s);
				break;
			case PT_HOSTS:
				pt_mark(p->host, s);
				break;
			case PT_NOTHING:
				break;
			}
			return;
		}
		if (n->value) {
			uint64_t first = sr6_key_bits(n->key, p->off, p->w);
			uint64_t end = first + (1ULL << (p->off + p->w - n->len));
			bool host = pt_is_host(pt, n);

			for (uint64_t s = first; s < end; s++) {
				if (host) {
					pt_mark(p->host, s);
					continue;
				}
				p->val[s] = n->value;
				p->plen[s] = (int16_t)n->len;
			}
		}
		if (n->child[0] != SR6_RIB_NIL)
			pt_paint(pt, n->child[0], p);
		i = n->child[1];
	}
}

/* Does the change reach the subtree at p/off whose inherited value came from a prefix of plen? */
static bool pt_affected(const struct pt_change *ch, struct sr6_key p, unsigned off, int plen)
{
	unsigned common = sr6_key_common(ch->key, p);

	if (ch->len > off)
		return common >= off;
	return common >= ch->len && plen <= (int)ch->len;
}

static const struct sr6_poptrie_node *pt_child(const struct sr6_poptrie_node *n, unsigned s)
{
	if (!n || !(n->vector >> s & 1))
		return NULL;
	return sr6_poptrie_children(n) + __builtin_popcountll(n->vector & sr6_poptrie_upto(s)) - 1;
}

/* A chain link: one internal slot, one leaf run (pt_chain). */
static bool pt_is_link(const struct sr6_poptrie_node *n)
{
	return __builtin_popcountll(n->vector) == 1 && __builtin_popcountll(n->leafvec) == 1;
}

/*
 * The skip node n seen as the chain link of its first stride (struct
 * pt_view), whose child is the rest of the skip: a shorter skip on the
 * same holder, or for the last stride the link that owns the holder.
 */
static const struct sr6_poptrie_node *pt_expand(const struct sr6_poptrie_node *n,
						struct pt_view *view)
{
	unsigned len = sr6_poptrie_skip_len(n) - SR6_POPTRIE_STRIDE;
	uint64_t bits = pt_skip_bits(n);
	const struct sr6_poptrie_node *next = sr6_poptrie_skip_next(n);

	view->blk.leaf = sr6_poptrie_skip_value(n);
	if (len > SR6_POPTRIE_STRIDE)
		view->blk.child = pt_skip(bits << SR6_POPTRIE_STRIDE, len, next);
	else
		view->blk.child = (struct sr6_poptrie_node){
		    1ULL << (bits << SR6_POPTRIE_STRIDE >> (64 - SR6_POPTRIE_STRIDE)), 1,
		    (void *)(uintptr_t)next};
	view->node =
	    (struct sr6_poptrie_node){1ULL << (bits >> (64 - SR6_POPTRIE_STRIDE)), 1, &view->blk};
	return &view->node;
}

/*
 * Retire the block the old node owns, its children apart. A view owns
 * none: its holder passes on to its child, down to the last link.
 */
static int pt_retire_old(struct sr6_poptrie *pt, const struct sr6_poptrie_node *old,
			 const struct pt_view *view)
{
	if (old == &view->node)
		return 0;
	return pt_retire(pt, old->base, pt_block_size(old));
}

/*
 * The node of one stride with a single internal slot s (child c) and the
 * one leaf value v everywhere else is a chain link. Over a link or a skip
 * of the same value (one that is not yet PT_SKIP_MAX long) it becomes a
 * skip node one stride longer, on the same holder: the block of the last
 * link of the chain, [ landing node ][ v ]. Otherwise, or in a table
 * without skip nodes, it stays a plain node, so a lone link costs no more
 * than before.
 */
static int pt_chain(struct sr6_poptrie *pt, unsigned s, uint32_t v,
		    const struct sr6_poptrie_node *c, struct sr6_poptrie_node *out)
{
	uint64_t bits = (uint64_t)s << (64 - SR6_POPTRIE_STRIDE);
	struct sr6_poptrie_node *block;

	if (pt->skips && sr6_poptrie_is_skip(c) && sr6_poptrie_skip_value(c) == v &&
	    sr6_poptrie_skip_len(c) + SR6_POPTRIE_STRIDE <= PT_SKIP_MAX) {
		*out =
		    pt_skip(bits | pt_skip_bits(c) >> SR6_POPTRIE_STRIDE,
			    sr6_poptrie_skip_len(c) + SR6_POPTRIE_STRIDE, sr6_poptrie_skip_next(c));
		return 0;
	}
	if (pt->skips && !sr6_poptrie_is_skip(c) && pt_is_link(c) &&
	    sr6_poptrie_leaves(c)[0] == v) {
		uint64_t cs = (uint64_t)__builtin_ctzll(c->vector);

		*out = pt_skip(bits | cs << (64 - 2 * SR6_POPTRIE_STRIDE), 2 * SR6_POPTRIE_STRIDE,
			       c->base);
		return 0;
	}
	block = pt_alloc(pt, PT_HOLDER_SIZE);
	if (!block)
		return -ENOMEM;
	*block = *c;
	*(uint32_t *)(block + 1) = v;
	*out = (struct sr6_poptrie_node){1ULL << s, 1, block};
	return 0;
}

static int pt_build(struct sr6_poptrie *pt, const struct pt_change *ch, uint32_t start,
		    struct sr6_key p, unsigned off, uint32_t inh_val, int inh_len,
		    const struct sr6_poptrie_node *old, struct sr6_poptrie_node *out);

/*
 * The change lies below this node's window, inside slot s: if s stays an
 * internal slot, this node's leaves and vectors are unchanged, so copy the
 * old block and rebuild only that child, without painting the window
 * (which near the top may hold hundreds of RIB nodes). -EAGAIN when s
 * turns from leaf to internal or back: the caller then paints.
 */
static int pt_build_path(struct sr6_poptrie *pt, const struct pt_change *ch, uint32_t start,
			 struct sr6_key p, unsigned off, uint32_t inh_val, int inh_len,
			 const struct sr6_poptrie_node *old, const struct pt_view *view,
			 struct sr6_poptrie_node *out)
{
	unsigned coff = off + SR6_POPTRIE_STRIDE;
	unsigned s = (unsigned)sr6_key_bits(ch->key, off, SR6_POPTRIE_STRIDE);
	struct sr6_key cp = sr6_key_with_bits(p, off, SR6_POPTRIE_STRIDE, s);
	const struct sr6_poptrie_node *oc = pt_child(old, s);
	const struct sr6_rib_node *cn;
	struct sr6_poptrie_node *block;
	size_t size = pt_block_size(old);
	uint32_t sub, csub;
	int rc;

	if (!oc)
		return -EAGAIN;
	sub = sr6_rib_descend(&pt->rib, start, p, off, NULL, NULL);
	/* The child inherits the longest prefix of length <= coff on the way down. */
	csub = sr6_rib_descend(&pt->rib, sub, cp, coff, &inh_val, &inh_len);
	if (csub == SR6_RIB_NIL)
		return -EAGAIN;
	cn = sr6_rib_node(&pt->rib, csub);
	if (cn->len == coff) {
		if (pt_beyond(pt, cn->child[0]) != PT_DEEP &&
		    pt_beyond(pt, cn->child[1]) != PT_DEEP)
			return -EAGAIN;
		if (cn->value && !pt_is_host(pt, cn)) {
			inh_val = cn->value;
			inh_len = (int)coff;
		}
	} else if (pt_beyond(pt, csub) != PT_DEEP) {
		return -EAGAIN;
	}
	if (pt_is_link(old)) {
		struct sr6_poptrie_node c;

		rc = pt_build(pt, ch, sub, cp, coff, inh_val, inh_len, oc, &c);
		if (!rc)
			rc = pt_retire_old(pt, old, view);
		return rc ? rc : pt_chain(pt, s, sr6_poptrie_leaves(old)[0], &c, out);
	}
	block = pt_alloc(pt, size);
	if (!block)
		return -ENOMEM;
	memcpy(block, old->base, size);
	rc = pt_build(pt, ch, sub, cp, coff, inh_val, inh_len, oc,
		      &block[__builtin_popcountll(old->vector & sr6_poptrie_upto(s)) - 1]);
	if (!rc)
		rc = pt_retire_old(pt, old, view);
	*out = (struct sr6_poptrie_node){old->vector, old->leafvec, block};
	return rc;
}

/*
 * Build the node for window [off, off + 6) under p into *out. old is the
 * node it replaces (NULL if none): its unaffected children are shared, the
 * rest of it is retired.
 */
static int pt_build(struct sr6_poptrie *pt, const struct pt_change *ch, uint32_t start,
		    struct sr6_key p, unsigned off, uint32_t inh_val, int inh_len,
		    const struct sr6_poptrie_node *old, struct sr6_poptrie_node *out)
{
	uint32_t val[64], leaves[64];
	int16_t plen[64];
	uint64_t deep = 0, host = 0, leafvec = 0, d;
	unsigned nleaves = 0, nchild, k = 0;
	struct sr6_poptrie_node *child, one;
	struct pt_view view;
	uint32_t sub;
	int rc;

	if (old && sr6_poptrie_is_skip(old))
		old = pt_expand(old, &view);
	if (old && ch->len > off + SR6_POPTRIE_STRIDE) {
		rc = pt_build_path(pt, ch, start, p, off, inh_val, inh_len, old, &view, out);
		if (rc != -EAGAIN)
			return rc;
	}
	for (unsigned s = 0; s < 64; s++) {
		val[s] = inh_val;
		plen[s] = (int16_t)inh_len;
	}
	sub = sr6_rib_descend(&pt->rib, start, p, off, NULL, NULL);
	if (sub != SR6_RIB_NIL)
		pt_paint(pt, sub,
			 &(struct pt_paint){val, plen, &deep, &host, off, SR6_POPTRIE_STRIDE});
	for (unsigned s = 0; s < 64; s++) {
		uint32_t v = val[s] | (host >> s & 1 ? SR6_POPTRIE_HOST : 0);

		if (deep >> s & 1)
			continue;
		if (!nleaves || v != leaves[nleaves - 1]) {
			leafvec |= 1ULL << s;
			leaves[nleaves++] = v;
		}
	}
	nchild = (unsigned)__builtin_popcountll(deep);
	/* a chain link: its child goes into a skip node (pt_chain), not a block */
	if (nchild == 1 && nleaves == 1) {
		child = &one;
	} else {
		child = pt_alloc(pt, nchild * sizeof(*child) + nleaves * sizeof(uint32_t));
		if (!child)
			return -ENOMEM;
		memcpy(child + nchild, leaves, nleaves * sizeof(uint32_t));
	}
	for (d = deep; d; d &= d - 1, k++) {
		unsigned s = (unsigned)__builtin_ctzll(d);
		struct sr6_key cp = sr6_key_with_bits(p, off, SR6_POPTRIE_STRIDE, s);
		const struct sr6_poptrie_node *oc = pt_child(old, s);

		if (oc && !pt_affected(ch, cp, off + SR6_POPTRIE_STRIDE, plen[s])) {
			child[k] = *oc;
			continue;
		}
		rc = pt_build(pt, ch, sub, cp, off + SR6_POPTRIE_STRIDE, val[s], plen[s], oc,
			      &child[k]);
		if (rc)
			return rc;
	}
	if (old) {
		for (d = old->vector & ~deep; d; d &= d - 1) {
			rc = pt_retire_subtree(pt, pt_child(old, (unsigned)__builtin_ctzll(d)));
			if (rc)
				return rc;
		}
		rc = pt_retire_old(pt, old, &view);
		if (rc)
			return rc;
	}
	if (child == &one)
		return pt_chain(pt, (unsigned)__builtin_ctzll(deep), leaves[0], &one, out);
	*out = (struct sr6_poptrie_node){.vector = deep, .leafvec = leafvec, .base = child};
	return 0;
}

/* New value of one top entry (old entry e) for the change; *ne receives it. */
static int pt_update_entry(struct sr6_poptrie *pt, const struct pt_change *ch, uint32_t sub,
			   struct sr6_key tp, const struct pt_paint *p, size_t j, uint64_t e,
			   uint64_t *ne)
{
	struct sr6_poptrie_node *old = (e & 1) ? NULL : (void *)(uintptr_t)e, *root;
	int rc;

	if (!(p->deep[j / 64] >> (j % 64) & 1)) {
		*ne = SR6_POPTRIE_LEAF(p->val[j] |
				       (p->host[j / 64] >> (j % 64) & 1 ? SR6_POPTRIE_HOST : 0));
		if (!old)
			return 0;
		rc = pt_retire_subtree(pt, old);
		return rc ? rc : pt_retire(pt, old, sizeof(*old));
	}
	if (old && !pt_affected(ch, tp, pt->tbits, p->plen[j])) {
		*ne = e;
		return 0;
	}
	root = pt_alloc(pt, sizeof(*root));
	if (!root)
		return -ENOMEM;
	rc = pt_build(pt, ch, sub, tp, pt->tbits, p->val[j], p->plen[j], old, root);
	if (!rc && old)
		rc = pt_retire(pt, old, sizeof(*old));
	*ne = (uintptr_t)root;
	return rc;
}

/*
 * Rebuild what the change (already in the RIB) touches. The top entries it
 * covers form a window [off, tbits) of 2^w entries: one entry for a prefix
 * longer than tbits, 2^(tbits - len) for a shorter one.
 */
static int pt_update(struct sr6_poptrie *pt, const struct pt_change *ch)
{
	unsigned off = ch->len < pt->tbits ? ch->len : pt->tbits, w = pt->tbits - off;
	size_t n = (size_t)1 << w, j;
	struct sr6_key p = sr6_key_mask(ch->key, off);
	uint64_t first = sr6_key_bits(p, 0, pt->tbits);
	uint32_t inh_val = 0, sub, small_val[1];
	int inh_len = -1, rc = 0;
	int16_t small_plen[1];
	uint64_t small_deep[1] = {0}, small_host[1] = {0}, small_top[1], *newtop = small_top;
	struct pt_paint paint = {small_val, small_plen, small_deep, small_host, off, w};
	void *scratch = NULL;

	if (n > 1) {
		size_t words = (n + 63) / 64;

		scratch = calloc(1, n * (sizeof(uint64_t) + sizeof(uint32_t) + sizeof(int16_t)) +
					2 * words * sizeof(uint64_t));
		if (!scratch)
			return -ENOMEM;
		newtop = scratch;
		paint.deep = newtop + n;
		paint.host = paint.deep + words;
		paint.val = (uint32_t *)(paint.host + words);
		paint.plen = (int16_t *)(paint.val + n);
	}
	sub = sr6_rib_descend(&pt->rib, pt->rib.root, p, off, &inh_val, &inh_len);
	for (j = 0; j < n; j++) {
		paint.val[j] = inh_val;
		paint.plen[j] = (int16_t)inh_len;
	}
	if (sub != SR6_RIB_NIL)
		pt_paint(pt, sub, &paint);
	for (j = 0; j < n && !rc; j++)
		rc = pt_update_entry(pt, ch, sub, sr6_key_with_bits(p, off, w, j), &paint, j,
				     pt->top[first + j], &newtop[j]);
	if (rc) {
		pt_abort(pt);
	} else {
		for (j = 0; j < n; j++)
			if (newtop[j] != pt->top[first + j])
				sr6_rcu_assign(pt->top[first + j], newtop[j]);
		pt_commit(pt);
	}
	free(scratch);
	return rc;
}

int sr6_poptrie_add(struct sr6_poptrie *pt, struct sr6_key key, unsigned len, uint32_t value)
{
	struct pt_change ch;
	uint32_t old, ignored;
	int rc;

	if (len > pt->keylen || !value || (pt->hosts && (value & SR6_POPTRIE_HOST)))
		return -EINVAL;
	ch = (struct pt_change){sr6_key_mask(key, len), len};
	rc = sr6_rib_set(&pt->rib, ch.key, len, value, &old);
	/* a host's new value changes nothing in the trie: its flag stays */
	if (rc || old == value || (old && pt->hosts && len == pt->keylen))
		return rc;
	rc = pt_update(pt, &ch);
	if (rc) {
		if (old) {
			sr6_rib_set(&pt->rib, ch.key, len, old, &ignored);
		} else {
			sr6_rib_clear(&pt->rib, ch.key, len);
			sr6_rib_prune(&pt->rib, ch.key, len);
		}
	}
	return rc;
}

int sr6_poptrie_del(struct sr6_poptrie *pt, struct sr6_key key, unsigned len)
{
	struct pt_change ch;
	uint32_t old, ignored;
	int rc;

	if (len > pt->keylen)
		return -EINVAL;
	ch = (struct pt_change){sr6_key_mask(key, len), len};
	old = sr6_rib_clear(&pt->rib, ch.key, len);
	if (!old)
		return -ENOENT;
	rc = pt_update(pt, &ch);
	if (rc) {
		sr6_rib_set(&pt->rib, ch.key, len, old, &ignored);
		return rc;
	}
	sr6_rib_prune(&pt->rib, ch.key, len);
	return 0;
}

size_t sr6_poptrie_memory(const struct sr6_poptrie *pt)
{
	return pt->mem + sr6_rib_memory(&pt->rib);
}
