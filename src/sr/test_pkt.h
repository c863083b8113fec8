/* SPDX-License-Identifier: MIT */
/*
 * Packet builder for the src/sr unit tests (included by *_test.c only).
 *
 * A test writes the packet it sends and the packet it expects with the same
 * few calls, header by header, each call filling the previous header's
 * Next Header:
 *
 *   struct tb in;
 *   tb_ip6(&in, A, S1, 64);                  IPv6(A -> S1, hlim 64)
 *   tb_srh(&in, 2, 3, (const char *[]){S3, S2, S1});   SRH(S3,S2,S1; SL=2)
 *   tb_udp(&in);                             UDP + 8 bytes; Payload Length set
 *
 * tb_run() copies the bytes into an exact-size heap buffer behind
 * SR6_PKT_HEADROOM bytes of headroom, so ASan reports any read past the
 * packet, and runs the SID on it.
 */
#ifndef SR6_SR_TEST_PKT_H
#define SR6_SR_TEST_PKT_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "core/bytes.h"
#include "core/csum.h"
#include "core/ip6.h"
#include "sr/sid.h"

#define TB_NONE 0xffffffffu

struct tb {
	uint8_t b[4096];
	uint32_t len;
	uint32_t nh_at; /* byte the next header's type goes into, or TB_NONE */
};

static inline struct sr6_ip6 tb_addr(const char *s)
{
	struct sr6_ip6 a;
	if (sr6_ip6_parse(s, &a, false) != 0)
		abort();
	return a;
}

/* Keep the IPv6 Payload Length (when b starts with one) equal to the bytes after it. */
static inline void tb_fix_len(struct tb *t)
{
	if (t->len >= 40 && (t->b[0] >> 4) == 6)
		sr6_put_be16(t->b + 4, (uint16_t)(t->len - 40));
}

static inline void tb_put(struct tb *t, uint8_t proto, const void *bytes, uint32_t len,
			  uint32_t nh_in_it)
{
	if (t->nh_at != TB_NONE)
		t->b[t->nh_at] = proto;
	memcpy(t->b + t->len, bytes, len);
	t->nh_at = nh_in_it == TB_NONE ? TB_NONE : t->len + nh_in_it;
	t->len += len;
	tb_fix_len(t);
}

/* IPv6(src -> dst, hop limit), traffic class and flow label 0. */
static inline void tb_ip6(struct tb *t, const char *src, const char *dst, uint8_t hlim)
{
	uint8_t h[40] = {0x60};
	struct sr6_ip6 s = tb_addr(src), d = tb_addr(dst);
	h[6] = SR6_IPPROTO_NONE;
	h[7] = hlim;
	memcpy(h + 8, s.b, 16);
	memcpy(h + 24, d.b, 16);
	t->len = 0;
	t->nh_at = TB_NONE;
	tb_put(t, 0, h, sizeof(h), 6);
}

/* SRH listing segs[0..n-1] as Segment List[0..n-1], Last Entry n - 1. */
static inline void tb_srh(struct tb *t, uint8_t sl, unsigned n, const char *const *segs)
{
	uint8_t h[8 + 16 * 32] = {SR6_IPPROTO_NONE, (uint8_t)(2 * n), SR6_SRH_ROUTING_TYPE, sl,
				  (uint8_t)(n - 1)};
	for (unsigned i = 0; i < n; i++) {
		struct sr6_ip6 a = tb_addr(segs[i]);
		memcpy(h + 8 + 16 * i, a.b, 16);
	}
	tb_put(t, SR6_IPPROTO_ROUTING, h, 8 + 16 * n, 0);
}

/* An extension header given whole (its first byte is its Next Header). */
static inline void tb_ext(struct tb *t, uint8_t proto, const void *bytes, uint32_t len)
{
	tb_put(t, proto, bytes, len, 0);
}

/* 8-byte Destination Options header of PadN. */
static inline void tb_dstopts(struct tb *t)
{
	static const uint8_t h[8] = {SR6_IPPROTO_NONE, 0, 1, 4, 0, 0, 0, 0};
	tb_ext(t, SR6_IPPROTO_DSTOPTS, h, sizeof(h));
}

/* The upper layer: proto and its bytes, the end of the chain. */
static inline void tb_upper(struct tb *t, uint8_t proto, const void *bytes, uint32_t len)
{
	tb_put(t, proto, bytes, len, TB_NONE);
}

static inline void tb_udp(struct tb *t)
{
	static const uint8_t u[16] = {0x0f, 0xa0, 0x13, 0x88, 0,   16,	0,   0,
				      'p',  'a',  'y',	'l',  'o', 'a', 'd', '!'};
	tb_upper(t, SR6_IPPROTO_UDP, u, sizeof(u));
}

/* ICMPv6 Echo Request id 7 seq 9 (checksum not computed: nothing here checks it). */
static inline void tb_echo(struct tb *t)
{
	static const uint8_t e[12] = {
	    SR6_ICMP6_ECHO_REQUEST, 0, 0, 0, 0, 7, 0, 9, 'p', 'i', 'n', 'g'};
	tb_upper(t, SR6_IPPROTO_ICMPV6, e, sizeof(e));
}

/* A whole packet built in another tb, as the upper layer (41, 4 or 143). */
static inline void tb_inner(struct tb *t, uint8_t proto, const struct tb *inner)
{
	tb_upper(t, proto, inner->b, inner->len);
}

/* IPv4(src -> dst, ttl)/UDP with a correct header checksum. */
static inline void tb_ip4_udp(struct tb *t, uint32_t src, uint32_t dst, uint8_t ttl)
{
	uint8_t p[36] = {0x45, 0, 0, 36, 0x12, 0x34, 0x40, 0, ttl, SR6_IPPROTO_UDP};
	sr6_put_be32(p + 12, src);
	sr6_put_be32(p + 16, dst);
	sr6_ip4_set_checksum((struct sr6_ip4_hdr *)p);
	memcpy(p + 20, (const uint8_t[]){0x0f, 0xa0, 0x13, 0x88, 0, 16, 0, 0, 'v', '4', 'v', '4'},
	       12);
	t->len = 0;
	t->nh_at = TB_NONE;
	tb_put(t, 0, p, sizeof(p), TB_NONE);
}

/* Ethernet frame 02:..:02 <- 02:..:01, type IPv6, 20 bytes of payload. */
static inline void tb_eth(struct tb *t)
{
	uint8_t f[34] = {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x86, 0xdd};
	memset(f + 14, 0xee, 20);
	t->len = 0;
	t->nh_at = TB_NONE;
	tb_put(t, 0, f, sizeof(f), TB_NONE);
}

/* Set a 16-byte address at off (the DA of an IPv6 header at 0 is off 24). */
static inline void tb_set_addr(struct tb *t, uint32_t off, const char *a)
{
	struct sr6_ip6 x = tb_addr(a);
	memcpy(t->b + off, x.b, 16);
}

/* The packet a SID runs on: exact-size heap copy of t behind full headroom. */
static inline struct sr6_pkt *tb_pkt(const struct tb *t)
{
	struct sr6_pkt *p = calloc(1, sizeof(*p));
	p->head = malloc(SR6_PKT_HEADROOM + t->len);
	p->data = p->head + SR6_PKT_HEADROOM;
	memcpy(p->data, t->b, t->len);
	p->len = t->len;
	p->end = p->data + t->len;
	return p;
}

static inline void tb_free(struct sr6_pkt *p)
{
	free(p->head);
	free(p);
}

/* Tables and env every test uses: verdicts name them by address. */
static const struct sr6_fib_table tb_main = {.id = 0};
static const struct sr6_fib_table tb_vrf = {.id = 10};
static const struct sr6_sr_env tb_env = {.main = &tb_main, .flow_hash = 0x9abcdef1};

#define TB_ADJ 77 /* next-hop id of every test SID with an adjacency */
#define TB_OIF 3

/* A SID of behavior b at addr with flavors; C-SID lengths 32/16. */
static inline struct sr6_sid tb_sid(enum sr6_behavior b, const char *addr, uint16_t flavors)
{
	struct sr6_sid s = {.addr = tb_addr(addr),
			    .len = 128,
			    .behavior = (uint8_t)b,
			    .flavors = flavors,
			    .lblen = SR6_CSID_LBLEN_DEFAULT,
			    .nflen = SR6_CSID_NFLEN_DEFAULT,
			    .oif = TB_OIF,
			    .adj_nh = TB_ADJ,
			    .table = &tb_vrf};
	return s;
}

/* Run sid on t: the packet is left for the test to look at (tb_free it). */
static inline struct sr6_pkt *tb_run(const struct sr6_sid *sid, const struct tb *t,
				     struct sr6_verdict *v)
{
	struct sr6_pkt *p = tb_pkt(t);
	sr6_sid_process(sid, p, &tb_env, v);
	return p;
}

/* The packet is exactly `want`; frees it either way. */
#define CHECK_PKT(p, want)                                                                     \
	do {                                                                                   \
		struct sr6_pkt *p_ = (p);                                                      \
		const struct tb *w_ = (want);                                                  \
		int ok_ = p_->len == w_->len && memcmp(p_->data, w_->b, w_->len) == 0;         \
		if (!ok_) {                                                                    \
			fprintf(stderr, "%s:%d: packet differs (len %u, want %u)\n", __FILE__, \
				__LINE__, p_->len, w_->len);                                   \
			sr6_check_hexdump("got", p_->data, p_->len);                           \
			sr6_check_hexdump("want", w_->b, w_->len);                             \
		}                                                                              \
		tb_free(p_);                                                                   \
		CHECK(ok_);                                                                    \
	} while (0)

#define CHECK_ICMP(v, why_, type_, code_, ptr_)   \
	do {                                      \
		CHECK_EQ((v).kind, SR6_V_ICMP6);  \
		CHECK_EQ((v).why, (why_));        \
		CHECK_EQ((v).icmp_type, (type_)); \
		CHECK_EQ((v).icmp_code, (code_)); \
		CHECK_EQ((v).data, (ptr_));       \
	} while (0)

#define CHECK_PARAMPROB(v, why_, code_, ptr_) CHECK_ICMP(v, why_, SR6_ICMP6_PARAM_PROB, code_, ptr_)

#endif
