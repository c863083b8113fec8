/* SPDX-License-Identifier: MIT */
/*
 * Token bucket (for ICMP error rate limiting, RFC 4443 §2.4 (f)).
 *
 * Time comes from the caller (the batch's receive timestamp), so a pcap run
 * replays the same decisions every time and the fast path makes no clock
 * syscall. Tokens are kept in nanosecond-weighted units to avoid floats.
 */
#ifndef SR6_CORE_RATELIMIT_H
#define SR6_CORE_RATELIMIT_H

#include <stdbool.h>
#include <stdint.h>

struct sr6_tbucket {
	uint64_t rate_per_sec; /* tokens added per second; 0 = unlimited */
	uint64_t burst;        /* bucket depth in tokens */
	uint64_t credit;       /* tokens * 1e9 */
	uint64_t last_ns;
};

/* Start full. A burst of 0 is taken as 1 (a bucket that can never hold a
 * token would silence every error whatever the rate). */
void sr6_tbucket_init(struct sr6_tbucket *tb, uint64_t rate_per_sec, uint64_t burst);

/* Take one token at time now_ns. True when one was available. A now_ns
 * before the previous call's refills nothing and becomes the new reference. */
bool sr6_tbucket_take(struct sr6_tbucket *tb, uint64_t now_ns);

#endif
