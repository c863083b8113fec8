// SPDX-License-Identifier: MIT
/*
 * IPv4 fragmentation tests: the pieces' headers byte by byte (lengths,
 * flags, offsets, options, checksums) and their data put back together
 * equal to the original; fragments of a fragment; the refusals.
 */
#include "core/ip4frag.h"

#include <errno.h>

#include "check.h"
#include "core/bytes.h"
#include "core/csum.h"

/* A datagram of `total` bytes: header (+ opts), data bytes i * 7 + 3. */
static struct sr6_pkt *datagram(struct sr6_pkt_pool *pool, uint32_t total, const uint8_t *opts,
				uint32_t opts_len, uint16_t frag_off)
{
	struct sr6_pkt *p = sr6_pkt_alloc(pool);
	uint32_t ihl = 20 + opts_len;
	uint8_t *d = sr6_pkt_put(p, total);
	struct sr6_ip4_hdr *ip = (struct sr6_ip4_hdr *)d;
	*ip = (struct sr6_ip4_hdr){.ver_ihl = (uint8_t)(0x40 | ihl / 4),
				   .tos = 0x28,
				   .total_len = sr6_htons((uint16_t)total),
				   .id = sr6_htons(0x1234),
				   .frag_off = sr6_htons(frag_off),
				   .ttl = 63,
				   .protocol = 17,
				   .src = sr6_htonl(0xc0000201),
				   .dst = sr6_htonl(0xc6336409)};
	if (opts_len)
		memcpy(d + 20, opts, opts_len);
	for (uint32_t i = ihl; i < total; i++)
		d[i] = (uint8_t)((i - ihl) * 7 + 3);
	sr6_ip4_set_checksum(ip);
	p->rx_if = 1;
	p->tx_if = 2;
	p->nexthop.b[15] = 9;
	return p;
}

static uint16_t be16_at(const struct sr6_pkt *p, unsigned off)
{
	return sr6_get_be16(p->data + off);
}

/* Header fields every piece keeps, a valid checksum, and its data at the right offset. */
static int piece_ok(const struct sr6_pkt *q, uint32_t ihl, uint32_t data_len, uint16_t flags_off,
		    uint32_t data_start)
{
	const struct sr6_ip4_hdr *ip = (const struct sr6_ip4_hdr *)q->data;
	if (q->len != ihl + data_len || ip->ver_ihl != (0x40 | ihl / 4) || ip->tos != 0x28 ||
	    be16_at(q, 2) != ihl + data_len || be16_at(q, 4) != 0x1234 ||
	    be16_at(q, 6) != flags_off || ip->ttl != 63 || ip->protocol != 17 ||
	    !sr6_ip4_checksum_ok(ip, ihl))
		return 0;
	for (uint32_t i = 0; i < data_len; i++)
		if (q->data[ihl + i] != (uint8_t)((data_start + i) * 7 + 3))
			return 0;
	return 1;
}

static void fragment_3000_bytes_for_1500_mtu(void)
{
	struct sr6_pkt_pool *pool = sr6_pkt_pool_create(8);
	struct sr6_pkt *p = datagram(pool, 3000, NULL, 0, 0);
	struct sr6_pkt *more[4];
	CHECK_EQ(sr6_ip4_fragment(p, 1500, pool, more, 4), 2);
	/* 2980 data bytes: 1480 (offset 0) + 1480 (offset 185) + 20 (offset 370) */
	CHECK(piece_ok(p, 20, 1480, SR6_IP4_MF | 0, 0));
	CHECK(piece_ok(more[0], 20, 1480, SR6_IP4_MF | 185, 1480));
	CHECK(piece_ok(more[1], 20, 20, 370, 2960));
	CHECK_EQ(more[0]->rx_if, 1);
	CHECK_EQ(more[1]->tx_if, 2);
	CHECK_EQ(more[1]->nexthop.b[15], 9);
	CHECK_EQ(pool->n_free, 5u);
	sr6_pkt_pool_destroy(pool);
}

static void pieces_after_the_first_carry_only_copied_options(void)
{
	/* NOP, Record Route (7: not copied, 7 bytes), Security-like 0x82 (copied, 4), EOL */
	static const uint8_t opts[12] = {1, 7, 7, 4, 0, 0, 0, 0, 0x82, 4, 0xab, 0xcd};
	struct sr6_pkt_pool *pool = sr6_pkt_pool_create(4);
	struct sr6_pkt *p = datagram(pool, 32 + 100, opts, sizeof(opts), 0);
	struct sr6_pkt *more[4];
	/* mtu 72: first piece 32 + 40 data; the others 24 (20 + 0x82 option) + 48 */
	CHECK_EQ(sr6_ip4_fragment(p, 72, pool, more, 4), 2);
	CHECK(piece_ok(p, 32, 40, SR6_IP4_MF | 0, 0));
	CHECK_MEM(p->data + 20, opts, sizeof(opts));
	CHECK(piece_ok(more[0], 24, 48, SR6_IP4_MF | 5, 40));
	static const uint8_t copied[4] = {0x82, 4, 0xab, 0xcd};
	CHECK_MEM(more[0]->data + 20, copied, 4);
	CHECK(piece_ok(more[1], 24, 12, 11, 88));
	sr6_pkt_pool_destroy(pool);
}

static void a_fragment_is_fragmented_again_keeping_offset_and_mf(void)
{
	struct sr6_pkt_pool *pool = sr6_pkt_pool_create(4);
	/* a middle fragment: offset 100 (800 bytes in), more to come */
	struct sr6_pkt *p = datagram(pool, 20 + 2000, NULL, 0, SR6_IP4_MF | 100);
	struct sr6_pkt *more[4];
	CHECK_EQ(sr6_ip4_fragment(p, 1280, pool, more, 4), 1);
	CHECK(piece_ok(p, 20, 1256, SR6_IP4_MF | 100, 0));
	CHECK(piece_ok(more[0], 20, 744, SR6_IP4_MF | (100 + 157), 1256));
	sr6_pkt_pool_destroy(pool);

	/* the last fragment of a datagram: its last piece has no MF */
	pool = sr6_pkt_pool_create(4);
	p = datagram(pool, 20 + 2000, NULL, 0, 100);
	CHECK_EQ(sr6_ip4_fragment(p, 1280, pool, more, 4), 1);
	CHECK(piece_ok(p, 20, 1256, SR6_IP4_MF | 100, 0));
	CHECK(piece_ok(more[0], 20, 744, 100 + 157, 1256));
	sr6_pkt_pool_destroy(pool);
}

static void refusals_leave_the_datagram_as_it_was(void)
{
	struct sr6_pkt_pool *pool = sr6_pkt_pool_create(3);
	struct sr6_pkt *p = datagram(pool, 5000, NULL, 0, 0);
	uint8_t before[5000];
	memcpy(before, p->data, sizeof(before));
	struct sr6_pkt *more[8];
	/* 4980 bytes over mtu 1000 need 6 pieces: room for 3 more only */
	CHECK_EQ(sr6_ip4_fragment(p, 1000, pool, more, 3), -EMSGSIZE);
	/* the pool holds 2 free buffers, 5 are needed */
	CHECK_EQ(sr6_ip4_fragment(p, 1000, pool, more, 8), -ENOMEM);
	CHECK_EQ(pool->n_free, 2u);
	/* a fragment whose data would end past byte 65535 of its datagram */
	struct sr6_pkt *late = datagram(pool, 2020, NULL, 0, SR6_IP4_MF | 0x1fe0);
	CHECK_EQ(sr6_ip4_fragment(late, 1500, pool, more, 8), -EMSGSIZE);
	CHECK_EQ(pool->n_free, 1u);
	/* no room for 8 data bytes */
	CHECK_EQ(sr6_ip4_fragment(p, 27, pool, more, 8), -EMSGSIZE);
	CHECK_EQ(p->len, 5000u);
	CHECK_MEM(p->data, before, sizeof(before));
	/* it fits: nothing to do */
	CHECK_EQ(sr6_ip4_fragment(p, 5000, pool, more, 8), 0);
	sr6_pkt_pool_destroy(pool);
}

SR6_TESTS(T(fragment_3000_bytes_for_1500_mtu), T(pieces_after_the_first_carry_only_copied_options),
	  T(a_fragment_is_fragmented_again_keeping_offset_and_mf),
	  T(refusals_leave_the_datagram_as_it_was))
