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

	CHECK_EQ(sr6_poptrie_init(&a, keylen, tbits, false, &rc), 0);
	CHECK_EQ(sr6_poptrie_init(&b, keylen, tbits, false, &rc), 0);
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
	CHECK_EQ(sr6_poptrie_init(&pt, 128, 16, false, &rc), 0);
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
	 * deeper: replacing it rebuilds the root object and the blocks at 16,
	 * 22 and 28 only; the subtrees below are shared.
	 */
	for (uint64_t q = 0; q < 4; q++)
		CHECK_EQ(sr6_poptrie_add(&pt, k6(0x20010db800000000ULL | q << 30, 0), 34, 3), 0);
	sr6_reclaim_run(&rc);
	CHECK_EQ(sr6_poptrie_add(&pt, k6(0x20010db800000000ULL, 0), 32, 1), 0);
	CHECK_EQ(sr6_reclaim_pending(&rc), 4);
	sr6_poptrie_fini(&pt);
	sr6_reclaim_fini(&rc);
}

static void short_prefix_change_updates_only_its_top_entries(void)
{
	struct sr6_reclaim rc = {0};
	struct sr6_poptrie pt;

	CHECK_EQ(sr6_poptrie_init(&pt, 128, 16, false, &rc), 0);
	CHECK_EQ(sr6_poptrie_add(&pt, k6(0x3000ULL << 48, 0), 8, 5), 0);
	for (size_t i = 0; i < (size_t)1 << 16; i++)
		CHECK_EQ(pt.top[i], SR6_POPTRIE_LEAF((i >> 8) == 0x30 ? 5 : 0));
	/* A deeper route under one entry: only that entry becomes a node. */
	CHECK_EQ(sr6_poptrie_add(&pt, k6(0x3012ULL << 48, 0), 20, 6), 0);
	CHECK(!(pt.top[0x3012] & 1));
	CHECK_EQ(pt.top[0x3011], SR6_POPTRIE_LEAF(5));
	CHECK_EQ(sr6_poptrie_lookup(&pt, 0x3012ULL << 48, 0, 16), 6);
	CHECK_EQ(sr6_poptrie_lookup(&pt, 0x3012f00000000000ULL, 0, 16), 5);
	sr6_reclaim_run(&rc);
	/* Replacing the /8 rebuilds the one node (its leaves inherit from the /8). */
	CHECK_EQ(sr6_poptrie_add(&pt, k6(0x3000ULL << 48, 0), 8, 8), 0);
	CHECK_EQ(pt.top[0x3011], SR6_POPTRIE_LEAF(8));
	CHECK_EQ(sr6_poptrie_lookup(&pt, 0x3012f00000000000ULL, 0, 16), 8);
	CHECK_EQ(sr6_reclaim_pending(&rc), 2); /* old root object and its block */
	CHECK_EQ(sr6_poptrie_del(&pt, k6(0x3000ULL << 48, 0), 8), 0);
	CHECK_EQ(pt.top[0x3011], SR6_POPTRIE_LEAF(0));
	CHECK_EQ(sr6_poptrie_lookup(&pt, 0x3012f00000000000ULL, 0, 16), 0);
	CHECK_EQ(sr6_poptrie_lookup(&pt, 0x3012000000000000ULL, 0, 16), 6);
	sr6_poptrie_fini(&pt);
	sr6_reclaim_fini(&rc);
}

static void group_lookup_matches_single_lookups(unsigned keylen, unsigned tbits)
{
	struct sr6_reclaim rc = {0};
	struct sr6_poptrie pt;
	size_t n = 0;

	CHECK_EQ(sr6_poptrie_init(&pt, keylen, tbits, false, &rc), 0);
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
		sr6_poptrie_lookup_group(&pt, hi, keylen == 32 ? NULL : lo, got, g, tbits);
		for (unsigned i = 0; i < g; i++)
			CHECK_EQ(got[i], sr6_poptrie_lookup(&pt, khi[i], klo[i], tbits));
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

SR6_TESTS(T(v6_incremental_updates_build_the_same_poptrie_as_a_fresh_build),
	  T(v4_incremental_updates_build_the_same_poptrie_as_a_fresh_build),
	  T(update_retires_only_blocks_on_its_path),
	  T(short_prefix_change_updates_only_its_top_entries),
	  T(v6_group_lookup_matches_single_lookups),
	  T(v4_group_lookup_without_low_word_matches_single_lookups))
