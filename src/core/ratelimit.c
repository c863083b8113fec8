// SPDX-License-Identifier: MIT
/*
 * Token bucket with caller-supplied time, integer only.
 *
 * Credit is kept in tokens * 1e9, so one nanosecond at rate r adds exactly r
 * units and no division is needed on the refill path. The refill is capped
 * before it is multiplied: when the gap since the last call is long enough
 * to fill the bucket (a pcap that jumps by years, a first call long after
 * init), the bucket is simply full, so elapsed * rate is only computed when
 * it fits below the cap. Time that goes backwards (a pcap's timestamps, a
 * clock step) refills nothing and becomes the new reference, so the bucket
 * neither starves until time catches up nor gets a bonus.
 */
#include "ratelimit.h"

#define NS_PER_SEC 1000000000ull
#define BURST_MAX  (UINT64_MAX / NS_PER_SEC) /* largest burst credit can hold */

void sr6_tbucket_init(struct sr6_tbucket *tb, uint64_t rate_per_sec, uint64_t burst)
{
	if (burst == 0)
		burst = 1;
	if (burst > BURST_MAX)
		burst = BURST_MAX;
	tb->rate_per_sec = rate_per_sec;
	tb->burst = burst;
	tb->credit = burst * NS_PER_SEC;
	tb->last_ns = 0;
}

bool sr6_tbucket_take(struct sr6_tbucket *tb, uint64_t now_ns)
{
	if (tb->rate_per_sec == 0)
		return true;

	uint64_t cap = tb->burst * NS_PER_SEC;
	if (now_ns > tb->last_ns && tb->credit < cap) {
		uint64_t elapsed = now_ns - tb->last_ns;
		uint64_t room = cap - tb->credit;
		if (elapsed >= room / tb->rate_per_sec + 1)
			tb->credit = cap;
		else
			tb->credit += elapsed * tb->rate_per_sec;
	}
	tb->last_ns = now_ns;

	if (tb->credit < NS_PER_SEC)
		return false;
	tb->credit -= NS_PER_SEC;
	return true;
}
