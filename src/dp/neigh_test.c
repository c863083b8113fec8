// SPDX-License-Identifier: MIT
/*
 * Neighbor table and the workers' caches in front of it: a cached answer
 * is the table's answer, before or after a change, never a stale one once
 * the change is made; keys that share a cache slot never mix; a refresh
 * that changes nothing keeps the caches; a reader racing the writer only
 * ever sees a MAC the table held.
 */
#include "dp/neigh.h"

#include <pthread.h>

#include "check.h"

static struct sr6_ip6 addr(uint32_t n)
{
	struct sr6_ip6 a = {{0xfe, 0x80}};
	a.b[12] = (uint8_t)(n >> 24);
	a.b[13] = (uint8_t)(n >> 16);
	a.b[14] = (uint8_t)(n >> 8);
	a.b[15] = (uint8_t)n;
	return a;
}

static const uint8_t mac1[6] = {2, 0, 0, 0, 0, 1}, mac2[6] = {2, 0, 0, 0, 0, 2};

static bool is_mac(const uint8_t *got, const uint8_t *want)
{
	return got && memcmp(got, want, 6) == 0;
}

static void cached_answer_follows_set_refresh_and_del(void)
{
	struct sr6_reclaim rc = {0};
	struct sr6_neigh_table *nt = sr6_neigh_create(&rc);
	struct sr6_neigh_cache c = {0};
	struct sr6_ip6 a = addr(1);
	CHECK(nt);
	CHECK(!sr6_neigh_resolve(nt, &c, 1, &a));
	CHECK_EQ(sr6_neigh_set(nt, 1, &a, mac1, SR6_NEIGH_REACHABLE, 10), 0);
	CHECK(is_mac(sr6_neigh_resolve(nt, &c, 1, &a), mac1));
	CHECK(is_mac(sr6_neigh_resolve(nt, &c, 1, &a), mac1)); /* from the cache */
	CHECK(!sr6_neigh_resolve(nt, &c, 2, &a));	       /* another interface */
	uint32_t gen = nt->gen;
	CHECK_EQ(sr6_neigh_set(nt, 1, &a, mac1, SR6_NEIGH_REACHABLE, 20), 0);
	CHECK_EQ(nt->gen, gen); /* a refresh keeps every cache */
	CHECK_EQ(sr6_neigh_set(nt, 1, &a, mac2, SR6_NEIGH_REACHABLE, 30), 0);
	CHECK(is_mac(sr6_neigh_resolve(nt, &c, 1, &a), mac2));
	CHECK_EQ(sr6_neigh_del(nt, 1, &a), 0);
	CHECK(!sr6_neigh_resolve(nt, &c, 1, &a));
	CHECK_EQ(sr6_neigh_set(nt, 1, &a, mac1, SR6_NEIGH_STATIC, 0), 0);
	CHECK(is_mac(sr6_neigh_resolve(nt, &c, 1, &a), mac1));
	sr6_neigh_flush_if(nt, 1);
	CHECK(!sr6_neigh_resolve(nt, &c, 1, &a));
	sr6_neigh_destroy(nt);
	sr6_reclaim_run(&rc);
	sr6_reclaim_fini(&rc);
}

/* More keys than cache slots, on two interfaces, across a table grow: every answer is its own. */
static void keys_sharing_a_cache_slot_keep_their_own_answers(void)
{
	struct sr6_reclaim rc = {0};
	struct sr6_neigh_table *nt = sr6_neigh_create(&rc);
	struct sr6_neigh_cache c = {0};
	CHECK(nt);
	for (uint32_t i = 0; i < 600; i++) {
		struct sr6_ip6 a = addr(i);
		uint8_t m[6] = {2, 0, (uint8_t)(i >> 8), (uint8_t)i, 0, (uint8_t)(i % 2)};
		CHECK_EQ(sr6_neigh_set(nt, (uint16_t)(i % 2), &a, m, SR6_NEIGH_REACHABLE, 1), 0);
	}
	for (int round = 0; round < 3; round++) {
		for (uint32_t i = 0; i < 600; i++) {
			struct sr6_ip6 a = addr(i);
			uint8_t m[6] = {2, 0, (uint8_t)(i >> 8), (uint8_t)i, 0, (uint8_t)(i % 2)};
			CHECK(is_mac(sr6_neigh_resolve(nt, &c, (uint16_t)(i % 2), &a), m));
			CHECK(!sr6_neigh_resolve(nt, &c, (uint16_t)(1 - i % 2), &a));
		}
	}
	sr6_neigh_destroy(nt);
	sr6_reclaim_run(&rc);
	sr6_reclaim_fini(&rc);
}

struct race {
	struct sr6_neigh_table *nt;
	int stop;
	int last_mac2; /* the reader's last round saw mac2 */
	uint64_t rounds, bad;
};

static void *race_reader(void *arg)
{
	struct race *r = arg;
	struct sr6_neigh_cache c = {0};
	struct sr6_ip6 a = addr(7), b = addr(8);
	while (!__atomic_load_n(&r->stop, __ATOMIC_ACQUIRE)) {
		const uint8_t *m = sr6_neigh_resolve(r->nt, &c, 1, &a);
		if (m && !is_mac(m, mac1) && !is_mac(m, mac2))
			__atomic_add_fetch(&r->bad, 1, __ATOMIC_RELAXED);
		__atomic_store_n(&r->last_mac2, is_mac(m, mac2), __ATOMIC_RELAXED);
		if (!is_mac(sr6_neigh_resolve(r->nt, &c, 1, &b), mac1)) /* never touched */
			__atomic_add_fetch(&r->bad, 1, __ATOMIC_RELAXED);
		__atomic_add_fetch(&r->rounds, 1, __ATOMIC_SEQ_CST);
	}
	return NULL;
}

/*
 * One writer flips a MAC, deletes and re-adds it and grows the table
 * while a reader resolves through its cache: the reader sees mac1, mac2
 * or nothing, and once the writer has made its last change and the
 * reader has started a new round, exactly that last state.
 */
static void reader_racing_the_writer_sees_only_table_states(void)
{
	struct sr6_reclaim rc = {0};
	struct race r = {.nt = sr6_neigh_create(&rc)};
	struct sr6_ip6 a = addr(7), b = addr(8);
	pthread_t th;
	CHECK(r.nt);
	CHECK_EQ(sr6_neigh_set(r.nt, 1, &b, mac1, SR6_NEIGH_STATIC, 0), 0);
	CHECK_EQ(pthread_create(&th, NULL, race_reader, &r), 0);
	for (uint32_t i = 0; i < 20000; i++) {
		switch (i % 4) {
		case 0:
		case 1:
			sr6_neigh_set(r.nt, 1, &a, i % 8 < 4 ? mac1 : mac2, SR6_NEIGH_REACHABLE, i);
			break;
		case 2:
			sr6_neigh_del(r.nt, 1, &a);
			break;
		default: {
			struct sr6_ip6 x = addr(1000 + i % 700); /* grows, sweeps tombstones */
			sr6_neigh_set(r.nt, 2, &x, mac2, SR6_NEIGH_REACHABLE, i);
			if (i % 3 == 0)
				sr6_neigh_del(r.nt, 2, &x);
			break;
		}
		}
		if (i % 64 == 0) { /* grace period, then free what the writer replaced */
			uint64_t seen = __atomic_load_n(&r.rounds, __ATOMIC_SEQ_CST);
			while (__atomic_load_n(&r.rounds, __ATOMIC_SEQ_CST) == seen)
				;
			sr6_reclaim_run(&rc);
		}
	}
	CHECK_EQ(sr6_neigh_set(r.nt, 1, &a, mac2, SR6_NEIGH_REACHABLE, 99999), 0);
	uint64_t seen = __atomic_load_n(&r.rounds, __ATOMIC_SEQ_CST);
	while (__atomic_load_n(&r.rounds, __ATOMIC_SEQ_CST) < seen + 2)
		;
	__atomic_store_n(&r.stop, 1, __ATOMIC_RELEASE);
	pthread_join(th, NULL);
	CHECK_EQ(r.bad, 0);
	CHECK(r.last_mac2); /* its cache did not keep an older answer */
	sr6_neigh_destroy(r.nt);
	sr6_reclaim_run(&rc);
	sr6_reclaim_fini(&rc);
}

SR6_TESTS(T(cached_answer_follows_set_refresh_and_del),
	  T(keys_sharing_a_cache_slot_keep_their_own_answers),
	  T(reader_racing_the_writer_sees_only_table_states))
