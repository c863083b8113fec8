// SPDX-License-Identifier: MIT
/*
 * Poptrie structure tests: the shape after any sequence of incremental
 * updates must be exactly the one a fresh build of the same prefixes
 * gives (no stale nodes, no leaves left behind, nothing leaked in the
 * memory count), and an update must replace only the blocks on its path.
 */
#include <stdbool.h>

#include "check.h"
#include "fib/poptrie.h"

static uint64_t rng_state;

static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void seed_rng(const char *test)
{
	const char *env = getenv("SR6_TEST_SEED");
	uint64_t seed = env ? strtoull(env, NULL, 0) : 0x5eed6f1b2024ULL;

	printf("%s: seed %" PRIu64 " (SR6_TEST_SEED to override)\n", test, seed);
	rng_state = seed;
}

static bool same_node(const struct sr6_poptrie_node *a, const struct sr6_poptrie_node *b)
{
	if (a->vector != b->vector || a->leafvec != b->leafvec)
		return false;
	if (sr6_poptrie_is_skip(a) || sr6_poptrie_is_skip(b))
		return sr6_poptrie_is_skip(a) && sr6_poptrie_is_skip(b) &&
		       sr6_poptrie_skip_value(a) == sr6_poptrie_skip_value(b) &&
		       same_node(sr6_poptrie_skip_next(a), sr6_poptrie_skip_next(b));
	if (memcmp(sr6_poptrie_leaves(a), sr6_poptrie_leaves(b),
		   (size_t)__builtin_popcountll(a->leafvec) * sizeof(uint32_t)))
		return false;
	for (int i = 0; i < __builtin_popcountll(a->vector); i++)
		if (!same_node(&sr6_poptrie_children(a)[i], &sr6_poptrie_children(b)[i]))
			return false;
	return true;
}

static bool same_poptrie(const struct sr6_poptrie *a, const struct sr6_poptrie *b)
{
	for (size_t i = 0; i < (size_t)1 << a->tbits; i++) {
		uint64_t ea = a->top[i], eb = b->top[i];

		if ((ea & 1) != (eb & 1) || ((ea & 1) && ea != eb))
			return false;
		if (!(ea & 1) &&
		    !same_node((const void *)(uintptr_t)ea, (const void *)(uintptr_t)eb))
			return false;
	}
	return a->mem == b->mem;
}

struct entry {
	struct sr6_key key;
	unsigned len;
	uint32_t value;
};

/* Prefixes clustered under two top entries, nested often, lengths 0..keylen. */
static void rand_entry(struct entry *e, const struct entry *set, size_t n, unsigned keylen)
{
	e->key = (struct sr6_key){rnd(), rnd()};
	if (rnd() % 2)
		e->key.hi = (e->key.hi & 0x0000ffffffffffffULL) | (rnd() % 2 ? 0x2001ULL << 48 : 0);
	e->len = (unsigned)(rnd() % (keylen + 1));
	if (n && rnd() % 2) {
		const struct entry *p = &set[rnd() % n];
		struct sr6_key m = sr6_key_mask(p->key, p->len);
		struct sr6_key bits = sr6_key_mask((struct sr6_key){~0ULL, ~0ULL}, p->len);

		e->key.hi = m.hi | (e->key.hi & ~bits.hi);
		e->key.lo = m.lo | (e->key.lo & ~bits.lo);
		e->len = p->len + (unsigned)(rnd() % (keylen - p->len + 1));
	}
	if (keylen == 32)
		e->key = (struct sr6_key){e->key.hi & 0xffffffff00000000ULL, 0};
	e->key = sr6_key_mask(e->key, e->len);
	e->value = rnd() % 3 ? 1 + (uint32_t)(rnd() % 4) : (uint32_t)rnd() | 1;
}

static struct entry set[6000];

static void incremental_matches_fresh_build(unsigned keylen, unsigned tbits)
{
	struct sr6_reclaim rc = {0};
	struct sr6_poptrie a, b;
	size_t n = 0, empty_mem;

	CHECK_EQ(sr6_poptrie_init(&a, keylen, tbits, false, true, &rc), 0);
	CHECK_EQ(sr6_poptrie_init(&b, keylen, tbits, false, true, &rc), 0);
	empty_mem = a.mem;
	for (int op = 0; op < 8000; op++) {
		if (n && rnd() % 3 == 0) {
			size_t i = (size_t)(rnd() % n);

			CHECK_EQ(sr6_poptrie_del(&a, set[i].key, set[i].len), 0);
			set[i] = set[--n];
		} else if (n < sizeof(set) / sizeof(set[0])) {
			struct entry e;
			size_t i;

			rand_entry(&e, set, n, keylen);
			CHECK_EQ(sr6_poptrie_add(&a, e.key, e.len, e.value), 0);
			for (i = 0; i < n; i++)
				if (set[i].len == e.len &&
				    !memcmp(&set[i].key, &e.key, sizeof(e.key)))
					break;
			set[i] = e;
			n += i == n;
		}
		if (op % 64 == 0)
			sr6_reclaim_run(&rc);
	}
	CHECK_EQ(a.rib.count, n);
	for (size_t i = n; i > 0; i--)
		CHECK_EQ(sr6_poptrie_add(&b, set[i - 1].key, set[i - 1].len, set[i - 1].value), 0);
	CHECK(same_poptrie(&a, &b));
	/* Emptying the table leaves exactly the empty top level. */
	for (size_t i = 0; i < n; i++)
		CHECK_EQ(sr6_poptrie_del(&a, set[i].key, set[i].len), 0);
	CHECK_EQ(a.mem, empty_mem);
	CHECK_EQ(a.rib.root, SR6_RIB_NIL);
	for (size_t i = 0; i < (size_t)1 << tbits; i++)
		CHECK_EQ(a.top[i], SR6_POPTRIE_LEAF(0));
	sr6_poptrie_fini(&a);
	sr6_poptrie_fini(&b);
	sr6_reclaim_fini(&rc);
}

static void v6_incremental_updates_build_the_same_poptrie_as_a_fresh_build(void)
{
	seed_rng(__func__);
	incremental_matches_fresh_build(128, 16);
}

static void v4_incremental_updates_build_the_same_poptrie_as_a_fresh_build(void)
{
	seed_rng(__func__);
	incremental_matches_fresh_build(32, 18);
}

static struct sr6_key k6(uint64_t hi, uint64_t lo)
{
	return (struct sr6_key){hi, lo};
}

static void update_retires_only_blocks_on_its_path(void)
{
	struct sr6_reclaim rc = {0};
	struct sr6_poptrie pt;

	seed_rng(__func__);
	CHECK_EQ(sr6_poptrie_init(&pt, 128, 16, false, true, &rc), 0);
	/* 2001:db8::/32 with 3000 random more-specifics /41../128 under it. */
	CHECK_EQ(sr6_poptrie_add(&pt, k6(0x20010db800000000ULL, 0), 32, 1), 0);
	for (int i = 0; i < 3000; i++) {
		unsigned len = 41 + (unsigned)(rnd() % 88);

		CHECK_EQ(sr6_poptrie_add(&pt, k6(0x20010db800000000ULL | (rnd() >> 32), rnd()), len,
					 2 + (uint32_t)(rnd() % 5)),
			 0);
	}
	sr6_reclaim_run(&rc);
	/*
	 * A /64 lies in the window at 58: nodes at 16, 22, ..., 58 are on its
	 * path (8 blocks) plus the root node object: nothing else may change.
	 */
	CHECK_EQ(sr6_poptrie_add(&pt, k6(0x20010db8abcd1234ULL, 0), 64, 9), 0);
	CHECK(sr6_reclaim_pending(&rc) <= 9);
	sr6_reclaim_run(&rc);
	CHECK_EQ(sr6_poptrie_del(&pt, k6(0x20010db8abcd1234ULL, 0), 64), 0);
	CHECK(sr6_reclaim_pending(&rc) <= 9);
	sr6_reclaim_run(&rc);
	/* Replacing the /32 rewrites every leaf it paints: all of windows 34 and 40 at least. */
	size_t before = pt.mem;
	CHECK_EQ(sr6_poptrie_add(&pt, k6(0x20010db800000000ULL, 0), 32, 7), 0);
	CHECK(sr6_reclaim_pending(&rc) > 100);
	CHECK_EQ(pt.mem, before);
	sr6_reclaim_run(&rc);
	/*
	 * Once four /34s cover it, the /32 paints no slot of window 34 and
	 * deeper: replacing it rebuilds the root object, the holder of the
	 * root's skip node (windows 16 and 22 hold one internal slot each and
	 * no value: one skip of 12 bits) and the block at 28 only; the
	 * subtrees below are shared.
	 */
	for (uint64_t q = 0; q < 4; q++)
		CHECK_EQ(sr6_poptrie_add(&pt, k6(0x20010db800000000ULL | q << 30, 0), 34, 3), 0);
	sr6_reclaim_run(&rc);
	CHECK_EQ(sr6_poptrie_add(&pt, k6(0x20010db800000000ULL, 0), 32, 1), 0);
	CHECK_EQ(sr6_reclaim_pending(&rc), 3);
	sr6_poptrie_fini(&pt);
	sr6_reclaim_fini(&rc);
}

static void short_prefix_change_updates_only_its_top_entries(void)
{
	struct sr6_reclaim rc = {0};
	struct sr6_poptrie pt;

	CHECK_EQ(sr6_poptrie_init(&pt, 128, 16, false, true, &rc), 0);
	CHECK_EQ(sr6_poptrie_add(&pt, k6(0x3000ULL << 48, 0), 8, 5), 0);
	for (size_t i = 0; i < (size_t)1 << 16; i++)
		CHECK_EQ(pt.top[i], SR6_POPTRIE_LEAF((i >> 8) == 0x30 ? 5 : 0));
	/* A deeper route under one entry: only that entry becomes a node. */
	CHECK_EQ(sr6_poptrie_add(&pt, k6(0x3012ULL << 48, 0), 20, 6), 0);
	CHECK(!(pt.top[0x3012] & 1));
	CHECK_EQ(pt.top[0x3011], SR6_POPTRIE_LEAF(5));
	CHECK_EQ(sr6_poptrie_lookup(&pt, 0x3012ULL << 48, 0, 16, true), 6);
	CHECK_EQ(sr6_poptrie_lookup(&pt, 0x3012f00000000000ULL, 0, 16, true), 5);
	sr6_reclaim_run(&rc);
	/* Replacing the /8 rebuilds the one node (its leaves inherit from the /8). */
	CHECK_EQ(sr6_poptrie_add(&pt, k6(0x3000ULL << 48, 0), 8, 8), 0);
	CHECK_EQ(pt.top[0x3011], SR6_POPTRIE_LEAF(8));
	CHECK_EQ(sr6_poptrie_lookup(&pt, 0x3012f00000000000ULL, 0, 16, true), 8);
	CHECK_EQ(sr6_reclaim_pending(&rc), 2); /* old root object and its block */
	CHECK_EQ(sr6_poptrie_del(&pt, k6(0x3000ULL << 48, 0), 8), 0);
	CHECK_EQ(pt.top[0x3011], SR6_POPTRIE_LEAF(0));
	CHECK_EQ(sr6_poptrie_lookup(&pt, 0x3012f00000000000ULL, 0, 16, true), 0);
	CHECK_EQ(sr6_poptrie_lookup(&pt, 0x3012000000000000ULL, 0, 16, true), 6);
	sr6_poptrie_fini(&pt);
	sr6_reclaim_fini(&rc);
}

static void group_lookup_matches_single_lookups(unsigned keylen, unsigned tbits)
{
	struct sr6_reclaim rc = {0};
	struct sr6_poptrie pt;
	size_t n = 0;

	CHECK_EQ(sr6_poptrie_init(&pt, keylen, tbits, false, true, &rc), 0);
	for (int i = 0; i < 5000; i++) {
		struct entry e;

		rand_entry(&e, set, n < 1000 ? n : 1000, keylen);
		CHECK_EQ(sr6_poptrie_add(&pt, e.key, e.len, e.value), 0);
		set[n++ % 1000] = e;
	}
	for (int round = 0; round < 2000; round++) {
		uint64_t hi[SR6_POPTRIE_BULK], lo[SR6_POPTRIE_BULK], khi[SR6_POPTRIE_BULK],
		    klo[SR6_POPTRIE_BULK];
		uint32_t got[SR6_POPTRIE_BULK];
		unsigned g = 1 + (unsigned)(rnd() % SR6_POPTRIE_BULK);

		for (unsigned i = 0; i < g; i++) {
			struct entry e;

			/* inside a known prefix (deep paths) or anywhere */
			rand_entry(&e, set, 1000, keylen);
			khi[i] = hi[i] = rnd() % 2 ? e.key.hi | (rnd() >> e.len % 64) : e.key.hi;
			klo[i] = lo[i] = keylen == 32 ? 0 : e.key.lo | (rnd() & 0xff);
			if (keylen == 32)
				khi[i] = hi[i] &= 0xffffffff00000000ULL;
		}
		sr6_poptrie_lookup_group(&pt, hi, keylen == 32 ? NULL : lo, got, g, tbits, true);
		for (unsigned i = 0; i < g; i++)
			CHECK_EQ(got[i], sr6_poptrie_lookup(&pt, khi[i], klo[i], tbits, true));
	}
	sr6_poptrie_fini(&pt);
	sr6_reclaim_fini(&rc);
}

static void v6_group_lookup_matches_single_lookups(void)
{
	seed_rng(__func__);
	group_lookup_matches_single_lookups(128, 16);
}

static void v4_group_lookup_without_low_word_matches_single_lookups(void)
{
	seed_rng(__func__);
	group_lookup_matches_single_lookups(32, 18);
}

/* ---- skip nodes: sparse chains compressed (poptrie.h) ----------------------- */

/* Brute-force reference: the longest of the n entries covering the key. */
static uint32_t ref_lookup(const struct entry *e, size_t n, struct sr6_key k)
{
	uint32_t v = 0;
	int best = -1;

	for (size_t i = 0; i < n; i++) {
		struct sr6_key m = sr6_key_mask(k, e[i].len);

		if ((int)e[i].len > best && m.hi == e[i].key.hi && m.lo == e[i].key.lo) {
			best = (int)e[i].len;
			v = e[i].value;
		}
	}
	return v;
}

/* The key with bit b flipped: it leaves a path exactly at bit b. */
static struct sr6_key flip(struct sr6_key k, unsigned b)
{
	if (b < 64)
		k.hi ^= 1ULL << (63 - b);
	else
		k.lo ^= 1ULL << (127 - b);
	return k;
}

/* Entries added to a fresh table in the given order. */
static void fresh_build(struct sr6_poptrie *pt, struct sr6_reclaim *rc, unsigned keylen,
			unsigned tbits, const struct entry *e, size_t n)
{
	CHECK_EQ(sr6_poptrie_init(pt, keylen, tbits, false, true, rc), 0);
	for (size_t i = 0; i < n; i++)
		CHECK_EQ(sr6_poptrie_add(pt, e[i].key, e[i].len, e[i].value), 0);
}

/*
 * Every key that leaves the path of k at some bit (and k itself, and k
 * with its low bits changed), single and grouped, against the reference.
 */
static void check_around(const struct sr6_poptrie *pt, unsigned keylen, struct sr6_key k,
			 const struct entry *e, size_t n)
{
	uint64_t hi[SR6_POPTRIE_BULK], lo[SR6_POPTRIE_BULK];
	struct sr6_key probe[SR6_POPTRIE_BULK];
	uint32_t got[SR6_POPTRIE_BULK];
	unsigned g = 0;

	for (unsigned b = 0; b <= keylen; b++) {
		probe[g] = b < keylen ? flip(k, b) : k;
		hi[g] = probe[g].hi;
		lo[g] = probe[g].lo;
		CHECK_EQ(sr6_poptrie_lookup(pt, hi[g], lo[g], pt->tbits, pt->skips),
			 ref_lookup(e, n, probe[g]));
		if (++g == SR6_POPTRIE_BULK || b == keylen) {
			sr6_poptrie_lookup_group(pt, hi, keylen == 32 ? NULL : lo, got, g,
						 pt->tbits, pt->skips);
			for (unsigned i = 0; i < g; i++)
				CHECK_EQ(got[i], ref_lookup(e, n, probe[i]));
			g = 0;
		}
	}
}

/*
 *   fc00:0:1::/48 -> 7 alone:
 *     top[fc00] ─► skip 16..46 (30 bits, 5 links of one slot and value 0)
 *                    └► holder [ node at 46 ][ 0 ] ─► leaves
 *   + fc00:0:8000::/48 -> 8 (leaves the path at bit 32, window 28):
 *     top[fc00] ─► skip 16..28 ─► node at 28 ─┬► skip 34..46 ─► node at 46
 *                                             └► skip 34..46 ─► node at 46
 */
static void lone_48_is_one_skip_node_and_a_branch_splits_it(void)
{
	struct sr6_reclaim rc = {0};
	struct sr6_poptrie pt, fresh;
	struct entry e[2] = {{k6(0xfc00000000010000ULL, 0), 48, 7},
			     {k6(0xfc00000080000000ULL, 0), 48, 8}};
	const struct sr6_poptrie_node *root, *n28;
	size_t empty_mem;

	CHECK_EQ(sr6_poptrie_init(&pt, 128, 16, false, true, &rc), 0);
	empty_mem = pt.mem;
	CHECK_EQ(sr6_poptrie_add(&pt, e[0].key, 48, 7), 0);
	root = (const void *)(uintptr_t)pt.top[0xfc00];
	CHECK(sr6_poptrie_is_skip(root));
	CHECK_EQ(sr6_poptrie_skip_len(root), 30);
	CHECK_EQ(sr6_poptrie_skip_value(root), 0);
	CHECK(!sr6_poptrie_is_skip(sr6_poptrie_skip_next(root)));
	/* root object, holder [node][value], leaves 0 7 0 at 46: no block per link */
	CHECK_EQ(pt.mem - empty_mem, 2 * sizeof(struct sr6_poptrie_node) + 4 + 3 * 4);
	check_around(&pt, 128, e[0].key, e, 1);

	CHECK_EQ(sr6_poptrie_add(&pt, e[1].key, 48, 8), 0);
	root = (const void *)(uintptr_t)pt.top[0xfc00];
	CHECK(sr6_poptrie_is_skip(root));
	CHECK_EQ(sr6_poptrie_skip_len(root), 12);
	n28 = sr6_poptrie_skip_next(root);
	CHECK_EQ(n28->vector, 1ULL << 0 | 1ULL << 2); /* bits 28..33: 000000, 000010 */
	CHECK(sr6_poptrie_is_skip(&sr6_poptrie_children(n28)[0]));
	CHECK_EQ(sr6_poptrie_skip_len(&sr6_poptrie_children(n28)[0]), 12);
	CHECK_EQ(sr6_poptrie_skip_len(&sr6_poptrie_children(n28)[1]), 12);
	check_around(&pt, 128, e[0].key, e, 2);
	check_around(&pt, 128, e[1].key, e, 2);

	/* deleting the branch makes the chain whole again: as if never split */
	sr6_reclaim_run(&rc);
	CHECK_EQ(sr6_poptrie_del(&pt, e[1].key, 48), 0);
	fresh_build(&fresh, &rc, 128, 16, e, 1);
	CHECK(same_poptrie(&pt, &fresh));
	CHECK_EQ(sr6_poptrie_skip_len((const void *)(uintptr_t)pt.top[0xfc00]), 30);
	check_around(&pt, 128, e[0].key, e, 1);

	/*
	 * fc00::/30 -> 5 paints slots of window 28 (poptrie.c's example):
	 *   top ─► skip@16 {s16 s22} ─► [ node@28 ][ 0 ]
	 *          slot 0 of node@28 ─► skip@34 {s34 s40} ─► [ node@46 ][ 5 ]
	 */
	e[1] = (struct entry){k6(0xfc00000000000000ULL, 0), 30, 5};
	CHECK_EQ(sr6_poptrie_add(&pt, e[1].key, 30, 5), 0);
	root = (const void *)(uintptr_t)pt.top[0xfc00];
	CHECK_EQ(sr6_poptrie_skip_len(root), 12);
	CHECK_EQ(sr6_poptrie_skip_value(root), 0);
	n28 = sr6_poptrie_skip_next(root);
	CHECK_EQ(n28->vector, 1);
	CHECK_EQ(sr6_poptrie_skip_len(&sr6_poptrie_children(n28)[0]), 12);
	CHECK_EQ(sr6_poptrie_skip_value(&sr6_poptrie_children(n28)[0]), 5);
	check_around(&pt, 128, e[0].key, e, 2);
	CHECK_EQ(sr6_poptrie_del(&pt, e[1].key, 30), 0);
	CHECK(same_poptrie(&pt, &fresh));
	CHECK_EQ(sr6_poptrie_del(&pt, e[0].key, 48), 0);
	CHECK_EQ(pt.mem, empty_mem);
	CHECK_EQ(pt.top[0xfc00], SR6_POPTRIE_LEAF(0));
	sr6_poptrie_fini(&fresh);
	sr6_poptrie_fini(&pt);
	sr6_reclaim_fini(&rc);
}

/* Without skips (lpm4's choice) the same /48 keeps one plain link per window. */
static void table_without_skips_keeps_chains_plain(void)
{
	struct sr6_reclaim rc = {0};
	struct sr6_poptrie pt;
	struct entry e = {k6(0xfc00000000010000ULL, 0), 48, 7};
	const struct sr6_poptrie_node *n;
	unsigned links = 0;

	CHECK_EQ(sr6_poptrie_init(&pt, 128, 16, false, false, &rc), 0);
	CHECK_EQ(sr6_poptrie_add(&pt, e.key, 48, 7), 0);
	for (n = (const void *)(uintptr_t)pt.top[0xfc00]; n->vector; links++) {
		CHECK(!sr6_poptrie_is_skip(n));
		CHECK_EQ(__builtin_popcountll(n->vector), 1);
		n = sr6_poptrie_children(n);
	}
	CHECK_EQ(links, 5); /* windows 16, 22, 28, 34, 40; the leaves at 46 */
	check_around(&pt, 128, e.key, &e, 1);
	sr6_poptrie_fini(&pt);
	sr6_reclaim_fini(&rc);
}

/*
 * A chain with a prefix of every length along it: each one that ends
 * inside the compressed stretch changes the value beside the path, so it
 * cuts the skip there (or, when it repeats the inherited value, does
 * not). Added and deleted in random orders, the table must always equal a
 * fresh build of what is in it and answer like the reference at every bit
 * where a key can leave the path.
 */
static void prefixes_of_every_length_along_a_chain(unsigned keylen, unsigned tbits)
{
	struct sr6_reclaim rc = {0};
	struct sr6_poptrie pt, fresh;
	struct sr6_key k = keylen == 32 ? k6(0xc0a80a4000000000ULL, 0)
					: k6(0x20010db8000a0000ULL, 0x1234000000000000ULL);
	struct entry e[129];
	unsigned order[129], n = keylen + 1;

	CHECK_EQ(sr6_poptrie_init(&pt, keylen, tbits, false, true, &rc), 0);
	for (int round = 0; round < 6; round++) {
		size_t live = 0;

		for (unsigned i = 0; i < n; i++)
			order[i] = i;
		for (unsigned i = n - 1; i > 0; i--) {
			unsigned j = (unsigned)(rnd() % (i + 1)), t = order[i];

			order[i] = order[j];
			order[j] = t;
		}
		/* add lengths in random order (values repeat: some links keep their skip) */
		for (unsigned i = 0; i < n; i++) {
			unsigned len = order[i];

			e[live] =
			    (struct entry){sr6_key_mask(k, len), len, 1 + (uint32_t)(rnd() % 3)};
			CHECK_EQ(sr6_poptrie_add(&pt, e[live].key, len, e[live].value), 0);
			live++;
			if (i % 8 == 0 || i == n - 1) {
				check_around(&pt, keylen, k, e, live);
				fresh_build(&fresh, &rc, keylen, tbits, e, live);
				CHECK(same_poptrie(&pt, &fresh));
				sr6_poptrie_fini(&fresh);
			}
		}
		/* then delete them in another random order */
		while (live) {
			size_t i = (size_t)(rnd() % live);

			CHECK_EQ(sr6_poptrie_del(&pt, e[i].key, e[i].len), 0);
			e[i] = e[--live];
			check_around(&pt, keylen, k, e, live);
			fresh_build(&fresh, &rc, keylen, tbits, e, live);
			CHECK(same_poptrie(&pt, &fresh));
			sr6_poptrie_fini(&fresh);
		}
		sr6_reclaim_run(&rc);
		/* the next round runs along a key that shares a random part of this one */
		k = sr6_key_mask(flip(k, (unsigned)(rnd() % keylen)), keylen);
	}
	sr6_poptrie_fini(&pt);
	sr6_reclaim_fini(&rc);
}

static void v6_prefixes_of_every_length_along_a_chain_cut_and_rejoin_it(void)
{
	seed_rng(__func__);
	prefixes_of_every_length_along_a_chain(128, 16);
}

static void v4_prefixes_of_every_length_along_a_chain_cut_and_rejoin_it(void)
{
	seed_rng(__func__);
	prefixes_of_every_length_along_a_chain(32, 18);
}

/*
 * Random sparse tables: keys drawn as a few random "trunks" with random
 * bits flipped deep down, so most paths are long chains that branch late
 * and get cut and rejoined. Interleaved adds, replaces and deletes; after
 * every few, random keys near the prefixes looked up single and grouped
 * against the reference; at the end the same shape as a fresh build.
 */
static struct entry sparse[400];

static void sparse_chain(struct entry *out, const struct sr6_key *trunk, unsigned keylen)
{
	struct sr6_key k = trunk[rnd() % 4];
	unsigned flips = (unsigned)(rnd() % 3);

	for (unsigned f = 0; f < flips; f++)
		k = flip(k, 16 + (unsigned)(rnd() % (keylen - 16)));
	out->len = keylen - (unsigned)(rnd() % 40 % keylen);
	if (rnd() % 4 == 0)
		out->len = (unsigned)(rnd() % (keylen + 1));
	out->key = sr6_key_mask(k, out->len);
	out->value = 1 + (uint32_t)(rnd() % 5);
}

static void random_sparse_chains_match_brute_force(unsigned keylen, unsigned tbits)
{
	struct sr6_reclaim rc = {0};
	struct sr6_poptrie pt, fresh;
	struct sr6_key trunk[4];
	size_t n = 0;

	CHECK_EQ(sr6_poptrie_init(&pt, keylen, tbits, false, true, &rc), 0);
	for (int t = 0; t < 4; t++)
		trunk[t] = sr6_key_mask(
		    k6(t < 2 ? 0x2001000000000000ULL | (rnd() >> 16) : rnd(), rnd()), keylen);
	for (int op = 0; op < 6000; op++) {
		if (n && rnd() % 5 < 2) {
			size_t i = (size_t)(rnd() % n);

			CHECK_EQ(sr6_poptrie_del(&pt, sparse[i].key, sparse[i].len), 0);
			sparse[i] = sparse[--n];
		} else if (n < sizeof(sparse) / sizeof(sparse[0])) {
			struct entry e;
			size_t i;

			sparse_chain(&e, trunk, keylen);
			CHECK_EQ(sr6_poptrie_add(&pt, e.key, e.len, e.value), 0);
			for (i = 0; i < n; i++)
				if (sparse[i].len == e.len &&
				    !memcmp(&sparse[i].key, &e.key, sizeof(e.key)))
					break;
			sparse[i] = e;
			n += i == n;
		}
		if (op % 16 == 0) {
			struct entry probe;

			sparse_chain(&probe, trunk, keylen);
			check_around(&pt, keylen, sr6_key_mask(probe.key, keylen), sparse, n);
		}
		if (op % 64 == 0)
			sr6_reclaim_run(&rc);
	}
	fresh_build(&fresh, &rc, keylen, tbits, sparse, n);
	CHECK(same_poptrie(&pt, &fresh));
	sr6_poptrie_fini(&fresh);
	sr6_poptrie_fini(&pt);
	sr6_reclaim_fini(&rc);
}

static void v6_random_sparse_chains_match_brute_force(void)
{
	seed_rng(__func__);
	random_sparse_chains_match_brute_force(128, 16);
}

static void v4_random_sparse_chains_match_brute_force(void)
{
	seed_rng(__func__);
	random_sparse_chains_match_brute_force(32, 18);
}

SR6_TESTS(T(v6_incremental_updates_build_the_same_poptrie_as_a_fresh_build),
	  T(v4_incremental_updates_build_the_same_poptrie_as_a_fresh_build),
	  T(update_retires_only_blocks_on_its_path),
	  T(short_prefix_change_updates_only_its_top_entries),
	  T(v6_group_lookup_matches_single_lookups),
	  T(v4_group_lookup_without_low_word_matches_single_lookups),
	  T(lone_48_is_one_skip_node_and_a_branch_splits_it),
	  T(table_without_skips_keeps_chains_plain),
	  T(v6_prefixes_of_every_length_along_a_chain_cut_and_rejoin_it),
	  T(v4_prefixes_of_every_length_along_a_chain_cut_and_rejoin_it),
	  T(v6_random_sparse_chains_match_brute_force),
	  T(v4_random_sparse_chains_match_brute_force))
