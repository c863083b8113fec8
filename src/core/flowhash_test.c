// SPDX-License-Identifier: MIT
/*
 * Flow hash tests: what makes two packets one flow (RFC 6437 §3: the
 * 5-tuple, or the sender's flow label), never 0, and a spread good enough
 * for policy buckets (hash % 64) and outer flow labels (low 20 bits),
 * whichever fold the build uses (CRC32C or the portable mix).
 */
#include "core/flowhash.h"

#include <stdbool.h>

#include "check.h"
#include "core/bytes.h"
#include "core/wire.h"

/* IPv6 | UDP sport -> 443, payload byte fill. */
static void udp6(uint8_t *b, uint16_t sport, uint32_t label, uint8_t fill)
{
	memset(b, 0, 40 + 8 + 16);
	sr6_put_be32(b, 6u << 28 | label);
	sr6_put_be16(b + 4, 8 + 16);
	b[6] = SR6_IPPROTO_UDP;
	b[7] = 64;
	b[8] = 0x20, b[9] = 0x01, b[23] = 0x10;
	b[24] = 0x20, b[25] = 0x01, b[26] = 0x0d, b[27] = 0xb8, b[39] = 0x20;
	sr6_put_be16(b + 40, sport);
	sr6_put_be16(b + 42, 443);
	memset(b + 48, fill, 16);
}

/* IPv4 | UDP sport -> 53; frag: a later fragment. */
static void udp4(uint8_t *b, uint16_t sport, bool frag)
{
	memset(b, 0, 20 + 8);
	b[0] = 0x45;
	sr6_put_be16(b + 2, 28);
	sr6_put_be16(b + 6, frag ? 100 : 0);
	b[8] = 64;
	b[9] = SR6_IPPROTO_UDP;
	b[12] = 192, b[13] = 0, b[14] = 2, b[15] = 1;
	b[16] = 198, b[17] = 51, b[18] = 100, b[19] = 7;
	sr6_put_be16(b + 20, sport);
	sr6_put_be16(b + 22, 53);
}

static void one_flow_one_hash_and_the_payload_does_not_count(void)
{
	uint8_t a[64], b[64];
	udp6(a, 5000, 0, 0x11);
	udp6(b, 5000, 0, 0x22);
	CHECK_EQ(sr6_flow_hash6(a, 64), sr6_flow_hash6(b, 64));
	CHECK_EQ(sr6_flow_hash_ip(a, 64), sr6_flow_hash6(a, 64));
	udp6(b, 5001, 0, 0x11);
	CHECK(sr6_flow_hash6(a, 64) != sr6_flow_hash6(b, 64));
	b[39] = 0x21; /* another destination */
	udp6(a, 5001, 0, 0x11);
	CHECK(sr6_flow_hash6(a, 64) != sr6_flow_hash6(b, 64));
}

static void flow_label_replaces_the_ports(void)
{
	uint8_t a[64], b[64];
	udp6(a, 5000, 0x12345, 0);
	udp6(b, 6000, 0x12345, 0);
	CHECK_EQ(sr6_flow_hash6(a, 64), sr6_flow_hash6(b, 64));
	udp6(b, 5000, 0x12346, 0);
	CHECK(sr6_flow_hash6(a, 64) != sr6_flow_hash6(b, 64));
}

static void ipv4_fragments_hash_without_ports(void)
{
	uint8_t a[28], b[28];
	udp4(a, 1000, false);
	udp4(b, 2000, false);
	CHECK(sr6_flow_hash4(a, 28) != sr6_flow_hash4(b, 28));
	CHECK_EQ(sr6_flow_hash_ip(a, 28), sr6_flow_hash4(a, 28));
	udp4(a, 1000, true);
	udp4(b, 2000, true);
	CHECK_EQ(sr6_flow_hash4(a, 28), sr6_flow_hash4(b, 28));
}

static void never_zero_even_for_runts(void)
{
	uint8_t a[64];
	udp6(a, 1, 0, 0);
	CHECK_EQ(sr6_flow_hash6(a, 39), 1);
	CHECK_EQ(sr6_flow_hash4(a, 19), 1);
	CHECK_EQ(sr6_flow_hash_eth(a, 13), 1);
	for (uint32_t p = 0; p < 70000; p++) {
		udp6(a, (uint16_t)p, p >> 16, 0);
		CHECK(sr6_flow_hash6(a, 64) != 0);
	}
}

/* 4096 flows (source ports) over 64 buckets and over 2^20 labels. */
static void flows_spread_over_buckets_and_labels(void)
{
	unsigned bucket[64] = {0}, distinct = 0;
	static uint32_t label[4096];
	uint8_t a[64];
	for (uint32_t p = 0; p < 4096; p++) {
		udp6(a, (uint16_t)(10000 + p), 0, 0);
		uint32_t h = sr6_flow_hash6(a, 64);
		bucket[h % 64]++;
		label[p] = h & 0xfffff;
	}
	for (unsigned i = 0; i < 64; i++)
		CHECK(bucket[i] >= 32 && bucket[i] <= 100); /* 64 expected */
	for (uint32_t p = 0; p < 4096; p++) {
		bool seen = false;
		for (uint32_t q = 0; q < p && !seen; q++)
			seen = label[q] == label[p];
		distinct += !seen;
	}
	CHECK(distinct >= 4070); /* ~8 label collisions expected among 4096 */
}

SR6_TESTS(T(one_flow_one_hash_and_the_payload_does_not_count), T(flow_label_replaces_the_ports),
	  T(ipv4_fragments_hash_without_ports), T(never_zero_even_for_runts),
	  T(flows_spread_over_buckets_and_labels))
