// SPDX-License-Identifier: MIT
/*
 * Per-address token bucket tests: each address has its own burst, buckets
 * refill, a full set evicts its least recently used address (which comes
 * back with a fresh bucket), rate 0 is unlimited, reset forgets.
 */
#include "core/ratemap.h"

#include "check.h"

#define SEC 1000000000ull

static struct sr6_ip6 addr(uint32_t n)
{
	struct sr6_ip6 a = {{0x20, 0x01, 0x0d, 0xb8}};
	a.b[12] = (uint8_t)(n >> 24);
	a.b[13] = (uint8_t)(n >> 16);
	a.b[14] = (uint8_t)(n >> 8);
	a.b[15] = (uint8_t)n;
	return a;
}

static unsigned drain(struct sr6_ratemap *m, const struct sr6_ip6 *a, uint64_t now)
{
	unsigned n = 0;
	while (n < 1000 && sr6_ratemap_take(m, a, now))
		n++;
	return n;
}

static void ratemap_gives_each_address_its_own_burst(void)
{
	struct sr6_ratemap *m = sr6_ratemap_create(64, 10, 5, 1);
	struct sr6_ip6 a = addr(1), b = addr(2);
	CHECK(m);
	CHECK_EQ(drain(m, &a, SEC), 5);
	CHECK_EQ(drain(m, &b, SEC), 5); /* a's flood did not use b's tokens */
	CHECK(!sr6_ratemap_take(m, &a, SEC));
	sr6_ratemap_destroy(m);
}

static void ratemap_refills_at_rate(void)
{
	struct sr6_ratemap *m = sr6_ratemap_create(64, 10, 5, 2);
	struct sr6_ip6 a = addr(7);
	CHECK(m);
	CHECK_EQ(drain(m, &a, 10 * SEC), 5);
	CHECK_EQ(drain(m, &a, 10 * SEC + SEC / 10), 1);
	CHECK_EQ(drain(m, &a, 20 * SEC), 5);
	sr6_ratemap_destroy(m);
}

/* One set of 4 ways: the fifth address evicts the least recently used. */
static void ratemap_evicts_least_recently_used_of_a_full_set(void)
{
	struct sr6_ratemap *m = sr6_ratemap_create(4, 1, 2, 3);
	struct sr6_ip6 a[5];
	CHECK(m);
	CHECK_EQ(m->set_mask, 0);
	for (uint32_t i = 0; i < 5; i++)
		a[i] = addr(100 + i);
	for (int i = 0; i < 4; i++)
		CHECK_EQ(drain(m, &a[i], SEC), 2);
	CHECK(!sr6_ratemap_take(m, &a[0], SEC)); /* a[0] is now the most recent */
	CHECK_EQ(drain(m, &a[4], SEC), 2);	 /* evicts a[1], the LRU */
	CHECK(!sr6_ratemap_take(m, &a[0], SEC)); /* still tracked: empty */
	CHECK(!sr6_ratemap_take(m, &a[2], SEC));
	CHECK(!sr6_ratemap_take(m, &a[3], SEC));
	CHECK_EQ(drain(m, &a[1], SEC), 2); /* forgotten: a fresh bucket */
	sr6_ratemap_destroy(m);
}

/* Many addresses through a small table never break an entry's bucket. */
static void ratemap_churn_keeps_every_answer_bounded(void)
{
	struct sr6_ratemap *m = sr6_ratemap_create(16, 1, 3, 4);
	CHECK(m);
	CHECK_EQ(m->set_mask, 3);
	unsigned granted = 0;
	for (uint32_t i = 0; i < 10000; i++) {
		struct sr6_ip6 a = addr(i % 257);
		granted += sr6_ratemap_take(m, &a, SEC);
	}
	/* at most a burst per visit, and far fewer than the takes */
	CHECK(granted >= 257 && granted <= 10000);
	sr6_ratemap_destroy(m);
}

static void ratemap_rate_zero_is_unlimited_and_reset_forgets(void)
{
	struct sr6_ratemap *m = sr6_ratemap_create(8, 0, 1, 5);
	struct sr6_ip6 a = addr(9);
	CHECK(m);
	CHECK_EQ(drain(m, &a, SEC), 1000);
	sr6_ratemap_reset(m, 1, 1);
	CHECK_EQ(drain(m, &a, SEC), 1);
	sr6_ratemap_reset(m, 1, 3);
	CHECK_EQ(drain(m, &a, SEC), 3);
	sr6_ratemap_destroy(m);
}

SR6_TESTS(T(ratemap_gives_each_address_its_own_burst), T(ratemap_refills_at_rate),
	  T(ratemap_evicts_least_recently_used_of_a_full_set),
	  T(ratemap_churn_keeps_every_answer_bounded),
	  T(ratemap_rate_zero_is_unlimited_and_reset_forgets))
