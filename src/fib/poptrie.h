/* SPDX-License-Identifier: MIT */
/*
 * Poptrie (Asai & Ohara, SIGCOMM 2015): the lookup structure behind
 * lpm6.c and lpm4.c, for keys up to 128 bits held left-aligned in a
 * struct sr6_key. The RIB (rib.h) stays the truth; this is a compiled view
 * of it, rebuilt piecewise on every change.
 *
 *   key:  | tbits (16 v6 / 18 v4) |  6  |  6  |  6  | ...
 *              |
 *   top[] direct pointing, one 64-bit word per entry:
 *     value << 1 | 1      a leaf: every key under this entry maps to value
 *     pointer (bit 0 clear) to a root node
 *
 *   node (24 bytes): vector  bit i set: slot i is an internal node
 *                    leafvec bit i set: slot i starts a new run of equal leaves
 *                    base -> [ child nodes, popcount(vector) ][ leaves (u32), popcount(leafvec) ]
 *
 *   slot v internal: next = base[popcount(vector & mask(0..v)) - 1]
 *   slot v leaf:     value = leaves[popcount(leafvec & mask(0..v)) - 1]
 *
 * Children and leaves of a node share one allocation, so a lookup touches
 * one node per 6 bits and one leaf at the end, and a node is replaced by
 * building a new block and a new parent: published nodes never change.
 *
 * Skip nodes (path compression). A sparse prefix makes chains: a lone /48
 * under its /32 or an SR locator fc00:0:X::/48 crosses windows that hold
 * one internal slot and one leaf value everywhere else ("links"). Two or
 * more links in a row with the same leaf value become one skip node that
 * holds the bits of their internal slots (12..54 bits):
 *
 *   plain:  node@34 ─► node@40 ─► node@46        (slot 5 internal, others v;
 *           [5]: v       [9]: v                   slot 9 internal, others v)
 *   skip:   skip@34 { bits 000101 001001, 12 } ─► holder [ node@46 ][ v ]
 *
 *   skip node (24 bytes): vector  0 (no internal slot)
 *                         leafvec the skipped bits, left-aligned | length (low byte)
 *                         base    -> holder | 1 (the tag: blocks are aligned)
 *   holder = the block of the last link: [ the node it lands on ][ v ]
 *
 * A lookup at a skip compares the key's next bits with the skipped ones:
 * equal, it goes on at the node in the holder, length bits further; else
 * the key left the chain at some link, whose other slots all hold v, the
 * value after the landing node. A skip has no internal slot, so plain
 * levels pay nothing for it: the tag is tested only where a lookup would
 * end at a leaf. A lone link stays a plain node (a skip of one stride
 * would cost the same accesses and more instructions). Skip nodes are a
 * per-table choice (sr6_poptrie_init's skips, passed again as a constant
 * to the lookups so a table without them does not test for them): lpm6
 * uses them, lpm4 (three windows under its top level) does not.
 *
 * Hosts mode (lpm6.c): keys of full length ("hosts", IPv6 /128s) are
 * kept in the RIB but not in the trie, which would need a node per 6 bits
 * down to bit 128 for each. A leaf whose slot holds hosts carries
 * SR6_POPTRIE_HOST on top of the value of the longest shorter prefix;
 * the caller then looks the key up in its exact-match map and takes that
 * value when the key is a host:
 *
 *   fc00:ffff::/32 -> 7, host fc00:ffff:1::1 -> 9:
 *     top[fc00] ─► node ─► ... ─► leaf (7 | HOST) ─► map(addr) = 9, or 7
 *
 * Values are then below SR6_POPTRIE_HOST (bit 31).
 *
 * Updates (one writer) are copy-on-write along the path from the top entry
 * to the nodes the change reaches; untouched subtrees are shared with the
 * old version. The writer publishes each new root with one release store
 * of its top entry and hands the replaced blocks to sr6_reclaim_defer().
 * Readers load the top entry with acquire and then only read immutable
 * memory: they see the old or the new version of that entry, never a mix.
 */
#ifndef SR6_FIB_POPTRIE_H
#define SR6_FIB_POPTRIE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/reclaim.h"
#include "rib.h"

#define SR6_POPTRIE_STRIDE 6
#define SR6_POPTRIE_HOST   (1u << 31) /* hosts mode: the slot holds hosts (see above) */

struct sr6_poptrie_node {
	uint64_t vector;
	uint64_t leafvec;
	void *base;
};

/* Pointers collected during one update: fresh blocks (freed on failure), replaced ones. */
struct sr6_poptrie_log {
	void **ptr;
	size_t n, cap;
};

struct sr6_poptrie {
	uint64_t *top;
	unsigned tbits;
	unsigned keylen;
	bool hosts; /* hosts mode: keys of length keylen are left out of the trie */
	bool skips; /* chains become skip nodes (see above) */
	struct sr6_rib rib;
	struct sr6_reclaim *reclaim;
	size_t mem;	  /* bytes of top[] and live node blocks */
	size_t mem_fresh; /* of which not yet published by the running update */
	size_t mem_retired;
	struct sr6_poptrie_log fresh, retired;
	int interleave; /* bulk lookups walk in lockstep (see sr6_poptrie_interleave) */
};

#define SR6_POPTRIE_LEAF(v) ((uint64_t)(v) << 1 | 1)

/*
 * 0 or -ENOMEM. tbits: width of the direct-pointing top level (<= 24);
 * hosts: hosts mode; skips: compress chains into skip nodes (see above).
 */
int sr6_poptrie_init(struct sr6_poptrie *pt, unsigned keylen, unsigned tbits, bool hosts,
		     bool skips, struct sr6_reclaim *reclaim);
/* Frees everything at once: no reader may be running. */
void sr6_poptrie_fini(struct sr6_poptrie *pt);

/*
 * Add or replace key/len -> value. 0, -EINVAL (len > keylen, value 0, or
 * with SR6_POPTRIE_HOST in hosts mode) or -ENOMEM (nothing changed).
 */
int sr6_poptrie_add(struct sr6_poptrie *pt, struct sr6_key key, unsigned len, uint32_t value);
/* 0, -EINVAL, -ENOENT or -ENOMEM (nothing changed). */
int sr6_poptrie_del(struct sr6_poptrie *pt, struct sr6_key key, unsigned len);

/* Bytes of both the RIB and the lookup structure (allocator overhead not included). */
size_t sr6_poptrie_memory(const struct sr6_poptrie *pt);

static inline const struct sr6_poptrie_node *sr6_poptrie_children(const struct sr6_poptrie_node *n)
{
	return (const struct sr6_poptrie_node *)n->base;
}

static inline const uint32_t *sr6_poptrie_leaves(const struct sr6_poptrie_node *n)
{
	return (const uint32_t *)(sr6_poptrie_children(n) + __builtin_popcountll(n->vector));
}

/* Bits 0..v of a 64-bit vector (2 << 63 wraps to 0, so v = 63 gives all ones). */
static inline uint64_t sr6_poptrie_upto(unsigned v)
{
	return (2ULL << v) - 1;
}

/* Skip nodes (see above): base carries the tag bit 0, malloc's blocks never do. */
static inline bool sr6_poptrie_is_skip(const struct sr6_poptrie_node *n)
{
	return (uintptr_t)n->base & 1;
}

/* Bits the skip node jumps over: their count sits in the low byte, below them. */
static inline unsigned sr6_poptrie_skip_len(const struct sr6_poptrie_node *n)
{
	return (unsigned)(n->leafvec & 0xff);
}

/* The node the skip lands on, first of its holder block [ node ][ value ]. */
static inline const struct sr6_poptrie_node *sr6_poptrie_skip_next(const struct sr6_poptrie_node *n)
{
	return (const struct sr6_poptrie_node *)((uintptr_t)n->base - 1);
}

static inline uint32_t sr6_poptrie_skip_value(const struct sr6_poptrie_node *n)
{
	return *(const uint32_t *)(sr6_poptrie_skip_next(n) + 1);
}

/* Do the key's next bits (hi) leave the skip node's path? */
static inline bool sr6_poptrie_skip_miss(const struct sr6_poptrie_node *n, uint64_t hi)
{
	return (hi ^ n->leafvec) >> (64 - sr6_poptrie_skip_len(n)) != 0;
}

/*
 * Longest match of the key hi:lo. tbits and skips are the table's, passed
 * as constants by the callers so the shifts fold and a table without skip
 * nodes does not test for them.
 */
static inline uint32_t sr6_poptrie_lookup(const struct sr6_poptrie *pt, uint64_t hi, uint64_t lo,
					  unsigned tbits, bool skips)
{
	uint64_t e = sr6_rcu_deref(pt->top[hi >> (64 - tbits)]);
	const struct sr6_poptrie_node *n;

	if (e & 1)
		return (uint32_t)(e >> 1);
	n = (const struct sr6_poptrie_node *)(uintptr_t)e;
	hi = hi << tbits | lo >> (64 - tbits);
	lo <<= tbits;
	for (;;) {
		unsigned v = (unsigned)(hi >> (64 - SR6_POPTRIE_STRIDE)), len;
		uint64_t vec = n->vector;

		while (vec >> v & 1) {
			n = sr6_poptrie_children(n) +
			    __builtin_popcountll(vec & sr6_poptrie_upto(v)) - 1;
			hi = hi << SR6_POPTRIE_STRIDE | lo >> (64 - SR6_POPTRIE_STRIDE);
			lo <<= SR6_POPTRIE_STRIDE;
			v = (unsigned)(hi >> (64 - SR6_POPTRIE_STRIDE));
			vec = n->vector;
		}
		/* a skip node has no internal slot: its test is on the way out */
		if (!skips || __builtin_expect(!sr6_poptrie_is_skip(n), 1))
			return sr6_poptrie_leaves(
			    n)[__builtin_popcountll(n->leafvec & sr6_poptrie_upto(v)) - 1];
		if (sr6_poptrie_skip_miss(n, hi))
			return sr6_poptrie_skip_value(n);
		len = sr6_poptrie_skip_len(n);
		n = sr6_poptrie_skip_next(n);
		hi = hi << len | lo >> (64 - len);
		lo <<= len;
	}
}

/*
 * Up to SR6_POPTRIE_BULK lookups walked level by level together: each step
 * advances every unfinished key by one node and prefetches the next, so the
 * cache misses of the group overlap instead of queueing one behind another.
 * 32 lanes keep more misses in flight than 16 (fib_bench, 1M IPv6: 234-256
 * vs 261-323 cycles a lookup). lo may be NULL for keys of 64 bits or less.
 * A skip node is one step like any node: the lane jumps to the node it
 * lands on (prefetched) or, off the skip's path, ends on its value.
 */
#define SR6_POPTRIE_BULK 32

/*
 * Lockstep pays only once the nodes miss the cache: while they fit in L2 it
 * costs ~8 cycles a lookup more than a plain loop (fib_bench, IPv4 1k: 13
 * vs 21 cycles); with 100k IPv6 or 1M IPv4 prefixes it wins 2-4.5x. The
 * writer sets the flag from the size of the node blocks; readers may see
 * it late, which only affects speed.
 */
#define SR6_POPTRIE_INTERLEAVE_MIN (512u << 10)

static inline int sr6_poptrie_interleave(const struct sr6_poptrie *pt)
{
	return __atomic_load_n(&pt->interleave, __ATOMIC_RELAXED);
}

/*
 * One group lane at a skip node: on its path, jump to the node it lands on
 * (prefetched); off it, finish with the skip's value (the leaf after the
 * landing node in the same block, so no separate miss).
 */
static inline void sr6_poptrie_group_skip(const struct sr6_poptrie_node *nd,
					  const struct sr6_poptrie_node **node, uint64_t *hi,
					  uint64_t *lo, const uint32_t **leaf, uint32_t *active,
					  unsigned i)
{
	unsigned len = sr6_poptrie_skip_len(nd);
	const struct sr6_poptrie_node *next = sr6_poptrie_skip_next(nd);

	if (sr6_poptrie_skip_miss(nd, *hi)) {
		*leaf = (const uint32_t *)(next + 1);
		__builtin_prefetch(*leaf);
		*active &= ~(1u << i);
		return;
	}
	__builtin_prefetch(next);
	*node = next;
	if (lo) {
		*hi = *hi << len | *lo >> (64 - len);
		*lo <<= len;
	} else {
		*hi <<= len;
	}
}

static inline void sr6_poptrie_lookup_group(const struct sr6_poptrie *pt, uint64_t *hi,
					    uint64_t *lo, uint32_t *values, unsigned n,
					    unsigned tbits, bool skips)
{
	const struct sr6_poptrie_node *node[SR6_POPTRIE_BULK];
	const uint32_t *leaf[SR6_POPTRIE_BULK];
	uint32_t active = 0;
	unsigned i;

	for (i = 0; i < n; i++)
		__builtin_prefetch(&pt->top[hi[i] >> (64 - tbits)]);
	for (i = 0; i < n; i++) {
		uint64_t e = sr6_rcu_deref(pt->top[hi[i] >> (64 - tbits)]);

		leaf[i] = NULL;
		if (e & 1) {
			values[i] = (uint32_t)(e >> 1);
			continue;
		}
		node[i] = (const struct sr6_poptrie_node *)(uintptr_t)e;
		__builtin_prefetch(node[i]);
		if (lo) {
			hi[i] = hi[i] << tbits | lo[i] >> (64 - tbits);
			lo[i] <<= tbits;
		} else {
			hi[i] <<= tbits;
		}
		active |= 1u << i;
	}
	while (active) {
		for (uint32_t a = active; a; a &= a - 1) {
			const struct sr6_poptrie_node *nd;
			unsigned v;

			i = (unsigned)__builtin_ctz(a);
			nd = node[i];
			v = (unsigned)(hi[i] >> (64 - SR6_POPTRIE_STRIDE));
			if (!(nd->vector >> v & 1)) {
				if (skips && sr6_poptrie_is_skip(nd)) {
					sr6_poptrie_group_skip(nd, &node[i], &hi[i],
							       lo ? &lo[i] : NULL, &leaf[i],
							       &active, i);
					continue;
				}
				leaf[i] = sr6_poptrie_leaves(nd) +
					  __builtin_popcountll(nd->leafvec & sr6_poptrie_upto(v)) -
					  1;
				__builtin_prefetch(leaf[i]);
				active &= ~(1u << i);
				continue;
			}
			nd = sr6_poptrie_children(nd) +
			     __builtin_popcountll(nd->vector & sr6_poptrie_upto(v)) - 1;
			__builtin_prefetch(nd);
			node[i] = nd;
			if (lo) {
				hi[i] = hi[i] << SR6_POPTRIE_STRIDE |
					lo[i] >> (64 - SR6_POPTRIE_STRIDE);
				lo[i] <<= SR6_POPTRIE_STRIDE;
			} else {
				hi[i] <<= SR6_POPTRIE_STRIDE;
			}
		}
	}
	for (i = 0; i < n; i++)
		if (leaf[i])
			values[i] = *leaf[i];
}

#endif
