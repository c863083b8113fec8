// SPDX-License-Identifier: MIT
/*
 * Token bucket tests: burst from a full start, refill at the configured
 * rate (including fractions of a token carried between calls), rate 0,
 * and time that jumps by years or runs backwards.
 */
#include "core/ratelimit.h"

#include "check.h"

#define MS  1000000ull
#define SEC 1000000000ull

/* Take until refused; returns how many were granted (at most limit). */
static unsigned drain(struct sr6_tbucket *tb, uint64_t now, unsigned limit)
{
	unsigned n = 0;
	while (n < limit && sr6_tbucket_take(tb, now))
		n++;
	return n;
}

static void tbucket_starts_full_and_allows_one_burst(void)
{
	struct sr6_tbucket tb;
	sr6_tbucket_init(&tb, 10, 5);
	CHECK_EQ(drain(&tb, 1 * SEC, 100), 5);
	CHECK(!sr6_tbucket_take(&tb, 1 * SEC));
}

/* 10 tokens/s: one every 100 ms, never more than the burst. */
static void tbucket_refills_at_rate(void)
{
	struct sr6_tbucket tb;
	sr6_tbucket_init(&tb, 10, 5);
	uint64_t t = 7 * SEC;
	CHECK_EQ(drain(&tb, t, 100), 5);
	CHECK(!sr6_tbucket_take(&tb, t + 99 * MS));
	CHECK(sr6_tbucket_take(&tb, t + 100 * MS));
	CHECK(!sr6_tbucket_take(&tb, t + 150 * MS));
	CHECK(sr6_tbucket_take(&tb, t + 200 * MS));
	/* a long pause refills to the burst, not beyond */
	CHECK_EQ(drain(&tb, t + 60 * SEC, 100), 5);
}

/* 3 tokens/s, asked every 1 ms: the thirds add up, 3 per second exactly
 * (the bucket never fills, so nothing spills over its depth). */
static void tbucket_carries_fractions_between_calls(void)
{
	struct sr6_tbucket tb;
	sr6_tbucket_init(&tb, 3, 5);
	uint64_t t = SEC;
	CHECK_EQ(drain(&tb, t, 10), 5);
	unsigned granted = 0;
	for (uint64_t ms = 1; ms <= 10000; ms++)
		granted += sr6_tbucket_take(&tb, t + ms * MS);
	CHECK_EQ(granted, 30);
}

static void tbucket_rate_zero_is_unlimited(void)
{
	struct sr6_tbucket tb;
	sr6_tbucket_init(&tb, 0, 1);
	CHECK_EQ(drain(&tb, 0, 100000), 100000);
	CHECK(sr6_tbucket_take(&tb, UINT64_MAX));
}

/* Backwards time refills nothing and becomes the reference: no bonus, and
 * no starvation until the old time comes back. */
static void tbucket_time_going_backwards_refills_nothing(void)
{
	struct sr6_tbucket tb;
	sr6_tbucket_init(&tb, 10, 2);
	CHECK_EQ(drain(&tb, 1000 * SEC, 10), 2);
	CHECK(!sr6_tbucket_take(&tb, 10 * SEC));
	CHECK(!sr6_tbucket_take(&tb, 10 * SEC + 50 * MS));
	CHECK(sr6_tbucket_take(&tb, 10 * SEC + 100 * MS));
}

/* Jumps of years at rates up to UINT64_MAX do not overflow the refill:
 * the bucket is full, not wrapped around to empty. */
static void tbucket_huge_time_jump_fills_without_overflow(void)
{
	static const uint64_t rates[] = {1, 1000, 1000000000ull, UINT64_MAX / 3, UINT64_MAX};
	for (size_t i = 0; i < sizeof(rates) / sizeof(rates[0]); i++) {
		struct sr6_tbucket tb;
		sr6_tbucket_init(&tb, rates[i], 4);
		CHECK_EQ(drain(&tb, 1, 10), 4);
		CHECK_EQ(drain(&tb, 1 + 50 * 365 * 24 * 3600 * SEC, 10), 4);
		CHECK_EQ(drain(&tb, UINT64_MAX, 10), 4);
	}
}

/* A burst larger than the credit field can hold is capped, not wrapped. */
static void tbucket_huge_burst_is_capped(void)
{
	struct sr6_tbucket tb;
	sr6_tbucket_init(&tb, 1, UINT64_MAX);
	CHECK(tb.burst > 1000000000ull);
	CHECK_EQ(drain(&tb, 0, 1000), 1000);
}

static void tbucket_burst_zero_means_one(void)
{
	struct sr6_tbucket tb;
	sr6_tbucket_init(&tb, 1, 0);
	CHECK_EQ(drain(&tb, 5 * SEC, 10), 1);
	CHECK_EQ(drain(&tb, 6 * SEC, 10), 1);
}

SR6_TESTS(T(tbucket_starts_full_and_allows_one_burst), T(tbucket_refills_at_rate),
	  T(tbucket_carries_fractions_between_calls), T(tbucket_rate_zero_is_unlimited),
	  T(tbucket_time_going_backwards_refills_nothing),
	  T(tbucket_huge_time_jump_fills_without_overflow), T(tbucket_huge_burst_is_capped),
	  T(tbucket_burst_zero_means_one))
