// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for the packet codec of src/core.
 *
 * The input is a packet. It goes, on exact-size heap copies so ASan sees
 * any byte read past the end, through everything core does to untrusted
 * bytes: the IPv6 extension-header walk, SRH validation and TLV lookup (on
 * the SRH the walk found, and on the raw input as if it were an SRH),
 * ICMPv6 and ICMP error construction and echo replies in a packet with
 * headroom, and the checksum routines. Cheap invariants are checked after
 * each step and abort() on violation, so a wrong answer is a crash too:
 * a validated SRH's TLVs end exactly at its length, a rebuilt SRH reads back
 * the same segment list, every generated ICMP message has a good checksum
 * and fits the minimum MTU, incremental checksum updates equal recomputes,
 * IPv4 fragments fit the MTU, carry good checksums and put back together
 * give the original data.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/bytes.h"
#include "core/csum.h"
#include "core/exthdr.h"
#include "core/icmp.h"
#include "core/ip4frag.h"
#include "core/srh.h"

#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t *dup_exact(const uint8_t *data, size_t size)
{
	uint8_t *p = malloc(size ? size : 1);
	if (!p)
		abort();
	memcpy(p, data, size);
	return p;
}

/* A packet holding a copy of data behind SR6_PKT_HEADROOM bytes, with no
 * tailroom: the buffer ends where the packet does. */
static struct sr6_pkt *pkt_from(const uint8_t *data, size_t size)
{
	static struct sr6_pkt p;
	memset(&p, 0, sizeof(p));
	p.head = malloc(SR6_PKT_HEADROOM + size);
	if (!p.head)
		abort();
	p.data = p.head + SR6_PKT_HEADROOM;
	p.end = p.data + size;
	p.len = (uint32_t)size;
	memcpy(p.data, data, size);
	return &p;
}

static uint32_t ref_sum(const uint8_t *p, size_t len)
{
	uint32_t s = 0;
	for (size_t i = 0; i + 1 < len; i += 2)
		s += (uint32_t)p[i] << 8 | p[i + 1];
	if (len & 1)
		s += (uint32_t)p[len - 1] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return s;
}

/* sr6_csum_partial against a reference, and RFC 1624 updates (one word,
 * then 16 bytes) against recomputes: the input's first word is a checksum
 * field over the rest plus 0x003a (a pseudo-header protocol, so the data is
 * never all zero). */
static void fuzz_csum(const uint8_t *data, size_t size)
{
	FUZZ_CHECK(sr6_csum_partial(data, size, 0) == ref_sum(data, size));
	if (size < 6 || size > 1024)
		return;
	size_t len = size & ~(size_t)1;
	uint8_t *b = dup_exact(data, len);
	uint32_t base = SR6_IPPROTO_ICMPV6;
	memset(b, 0, 2);
	uint16_t c = sr6_csum_fold(sr6_csum_partial(b, len, base));
	memcpy(b, &c, 2);

	size_t at = 2 + 2 * (data[1] % ((len - 2) / 2));
	uint16_t old_be, new_be;
	memcpy(&old_be, b + at, 2);
	memcpy(&new_be, data + 2, 2);
	memcpy(b + at, &new_be, 2);
	sr6_csum_replace2(b, old_be, new_be);
	uint16_t got;
	memcpy(&got, b, 2);
	memset(b, 0, 2);
	FUZZ_CHECK(got == sr6_csum_fold(sr6_csum_partial(b, len, base)));
	memcpy(b, &got, 2);

	/* a 16-byte rewrite (an address) at an even offset, new bytes from
	 * the tail of the input */
	if (len >= 2 + 16) {
		size_t at16 = 2 + 2 * (data[0] % ((len - 2 - 16) / 2 + 1));
		uint8_t old16[16];
		memcpy(old16, b + at16, 16);
		memcpy(b + at16, data + size - 16, 16);
		sr6_csum_replace(b, old16, data + size - 16, 16);
		memcpy(&got, b, 2);
		memset(b, 0, 2);
		FUZZ_CHECK(got == sr6_csum_fold(sr6_csum_partial(b, len, base)));
	}
	free(b);
}

/* A validated SRH: its TLVs end exactly at its length, lookups stay in it,
 * and a header rebuilt from its segment list validates and reads back. */
static void check_valid_srh(const uint8_t *srh, uint8_t pick)
{
	const struct sr6_srh *h = (const struct sr6_srh *)srh;
	uint32_t len = sr6_srh_len(h), off = sr6_srh_tlv_off(h);
	FUZZ_CHECK(off <= len);
	while (off < len)
		off += srh[off] == SR6_SRH_TLV_PAD1 ? 1 : 2u + srh[off + 1];
	FUZZ_CHECK(off == len);

	static const uint8_t types[] = {SR6_SRH_TLV_PAD1, SR6_SRH_TLV_PADN, SR6_SRH_TLV_HMAC};
	for (size_t i = 0; i <= sizeof(types); i++) {
		uint8_t t = i < sizeof(types) ? types[i] : pick;
		uint32_t at = sr6_srh_find_tlv(srh, t);
		FUZZ_CHECK(at == 0 || (at >= sr6_srh_tlv_off(h) && at < len && srh[at] == t));
	}

	uint32_t n = (uint32_t)h->last_entry + 1;
	if (n > SR6_SRH_MAX_SEGS)
		return;
	struct sr6_ip6 segs[SR6_SRH_MAX_SEGS];
	for (uint32_t i = 0; i < n; i++) /* back to travel order */
		memcpy(segs[i].b, srh + 8 + 16 * (n - 1 - i), 16);
	const struct sr6_srh_spec spec = {.segs = segs,
					  .n_segs = (uint8_t)n,
					  .flags = h->flags,
					  .tag = sr6_get_be16(&h->tag),
					  .hmac_len = (uint8_t)(pick % 5 * 8),
					  .hmac_key_id = pick};
	uint8_t out[8 + 16 * SR6_SRH_MAX_SEGS + 8 + SR6_HMAC_MAX_LEN];
	uint32_t size = sr6_srh_build(out, sizeof(out), h->next_header, &spec);
	FUZZ_CHECK(size != 0 && size % 8 == 0 && size == sr6_srh_size(&spec));
	FUZZ_CHECK(sr6_srh_validate(out, size, NULL) == SR6_DROP_NONE);
	FUZZ_CHECK(memcmp(out + 8, srh + 8, 16 * n) == 0);
	FUZZ_CHECK(out[3] == h->last_entry && out[4] == h->last_entry);
}

static void fuzz_srh(const uint8_t *srh, uint32_t avail, uint8_t pick)
{
	uint32_t err_off = UINT32_MAX;
	enum sr6_drop r = sr6_srh_validate(srh, avail, &err_off);
	if (r == SR6_DROP_NONE) {
		FUZZ_CHECK(err_off == UINT32_MAX);
		check_valid_srh(srh, pick);
		return;
	}
	FUZZ_CHECK(r == SR6_DROP_SRH_TRUNCATED || r == SR6_DROP_SRH_BAD_TYPE ||
		   r == SR6_DROP_SRH_LAST_ENTRY || r == SR6_DROP_SRH_SEGMENTS_LEFT ||
		   r == SR6_DROP_SRH_TLV);
	if (r == SR6_DROP_SRH_TLV)
		FUZZ_CHECK(err_off >= 8 && err_off < avail);
	else
		FUZZ_CHECK(err_off >= 1 && err_off <= 3);
}

static bool icmp6_sum_ok(const uint8_t *ip6, uint32_t l4_off, uint32_t len)
{
	const struct sr6_ip6_hdr *h = (const struct sr6_ip6_hdr *)ip6;
	uint32_t n = len - l4_off;
	uint32_t s = sr6_csum_pseudo6(&h->src, &h->dst, n, SR6_IPPROTO_ICMPV6);
	return sr6_csum_partial(ip6 + l4_off, n, s) == 0xffff;
}

/* The error this packet would get, whether or not it is allowed: quote of
 * the IPv6 packet (or of what is there, when it is cut short) <= 1280. */
static void fuzz_icmp6_error(const uint8_t *data, size_t size, uint8_t l4_proto, uint32_t l4_off)
{
	struct sr6_pkt *p = pkt_from(data, size);
	(void)sr6_icmp6_error_allowed(p, l4_proto, l4_off, SR6_ICMP6_PARAM_PROB, 0);
	const struct sr6_ip6 src = {{0x20, 0x01, 0x0d, 0xb8, [15] = 1}};
	int r = sr6_icmp6_error(p, &src, SR6_ICMP6_PARAM_PROB, 0, l4_off);
	if (size < 40) {
		FUZZ_CHECK(r != 0);
	} else {
		uint32_t quote = 40 + sr6_get_be16(data + 4);
		quote = quote < size ? quote : (uint32_t)size;
		quote = quote < 1232 ? quote : 1232;
		FUZZ_CHECK(r == 0 && p->len == 48 + quote &&
			   sr6_get_be16(p->data + 4) == 8 + quote);
		FUZZ_CHECK(icmp6_sum_ok(p->data, 40, p->len));
		FUZZ_CHECK(memcmp(p->data + 48, data, quote) == 0);
	}
	free(p->head);
}

static void fuzz_ip6(const uint8_t *data, size_t size)
{
	uint8_t *pkt = dup_exact(data, size);
	struct sr6_ip6_info in;
	enum sr6_drop r = sr6_ip6_walk(pkt, (uint32_t)size, &in);
	if (r != SR6_DROP_NONE) {
		FUZZ_CHECK(r == SR6_DROP_IP6_TRUNCATED || r == SR6_DROP_IP6_VERSION ||
			   r == SR6_DROP_IP6_LENGTH || r == SR6_DROP_IP6_EXTHDR);
		free(pkt);
		fuzz_icmp6_error(data, size, SR6_IPPROTO_NONE, (uint32_t)size);
		return;
	}
	uint32_t end = 40 + sr6_get_be16(pkt + 4);
	FUZZ_CHECK(end <= size && in.l4_off <= end && in.l4_nh_off < in.l4_off);
	FUZZ_CHECK(pkt[in.l4_nh_off] == in.l4_proto);
	if (in.rh_off) {
		FUZZ_CHECK(pkt[in.prev_nh_off] == SR6_IPPROTO_ROUTING && in.rh_off + 8u <= end);
		FUZZ_CHECK(in.prev_nh_off < in.rh_off);
	}
	if (in.srh_off) {
		FUZZ_CHECK(in.rh_off && in.srh_off >= in.rh_off && pkt[in.srh_off + 2] == 4);
		fuzz_srh(pkt + in.srh_off, end - in.srh_off, pkt[end - 1]);
	}
	free(pkt);

	uint8_t l4 = in.is_later_fragment ? SR6_IPPROTO_NONE : in.l4_proto;
	fuzz_icmp6_error(data, size, l4, in.l4_off);

	/* and, for an echo request to us, the reply */
	if (in.l4_proto != SR6_IPPROTO_ICMPV6 || in.is_later_fragment)
		return;
	struct sr6_pkt *p = pkt_from(data, size);
	if (sr6_icmp6_echo_reply(p, in.l4_off) == 0) {
		FUZZ_CHECK(p->len == end - (in.l4_off - 40) && p->data[6] == SR6_IPPROTO_ICMPV6);
		FUZZ_CHECK(p->data[40] == SR6_ICMP6_ECHO_REPLY &&
			   icmp6_sum_ok(p->data, 40, p->len));
		FUZZ_CHECK(memcmp(p->data + 8, data + 24, 16) == 0);
	}
	free(p->head);
}

static void fuzz_ip4(const uint8_t *data, size_t size)
{
	struct sr6_pkt *p = pkt_from(data, size);
	(void)sr6_icmp4_error_allowed(p);
	int r = sr6_icmp4_error(p, sr6_htonl(0xc0000201), SR6_ICMP4_PARAM_PROB, 0, data[0]);
	if (size < 20) {
		FUZZ_CHECK(r != 0);
	} else {
		FUZZ_CHECK(r == 0 && p->len <= SR6_ICMP4_ERR_MAX && p->len >= 48);
		FUZZ_CHECK(sr6_ip4_checksum_ok((const struct sr6_ip4_hdr *)p->data, 20));
		FUZZ_CHECK(sr6_csum_partial(p->data + 20, p->len - 20, 0) == 0xffff);
		FUZZ_CHECK(memcmp(p->data + 28, data, p->len - 28) == 0);
	}
	free(p->head);

	p = pkt_from(data, size);
	if (sr6_icmp4_echo_reply(p) == 0) {
		FUZZ_CHECK(p->data[0] == 0x45 && sr6_get_be16(p->data + 2) == p->len);
		FUZZ_CHECK(sr6_ip4_checksum_ok((const struct sr6_ip4_hdr *)p->data, 20));
		FUZZ_CHECK(p->data[20] == SR6_ICMP4_ECHO_REPLY);
		FUZZ_CHECK(sr6_csum_partial(p->data + 20, p->len - 20, 0) == 0xffff);
	}
	free(p->head);
}

/*
 * The input as an IPv4 datagram (total length set to the input's, as
 * ip4_input trims it) cut for an MTU the input picks.
 */
static void fuzz_ip4_fragment(const uint8_t *data, size_t size)
{
	static struct sr6_pkt_pool *pool;
	uint32_t ihl = (data[0] & 0xf) * 4u;
	if (size < 22 || (data[0] >> 4) != 4 || ihl < 20 || ihl > size || size > 0xffff)
		return;
	if (!pool && !(pool = sr6_pkt_pool_create(SR6_IP4_FRAGS_MAX)))
		abort();
	uint32_t mtu = 28 + sr6_get_be16(data + size - 2) % 1600;
	struct sr6_pkt *p = pkt_from(data, size);
	sr6_put_be16(p->data + 2, (uint16_t)size);
	struct sr6_pkt *more[SR6_IP4_FRAGS_MAX - 1];
	int n = sr6_ip4_fragment(p, mtu, pool, more, SR6_IP4_FRAGS_MAX - 1);
	if (n <= 0) {
		FUZZ_CHECK(p->len == size && (n == 0) == (size <= mtu));
		free(p->head);
		return;
	}
	uint32_t at = 0, offset0 = sr6_get_be16(data + 6) & SR6_IP4_OFFSET_MASK;
	for (int k = -1; k < n; k++) {
		const struct sr6_pkt *q = k < 0 ? p : more[k];
		const struct sr6_ip4_hdr *ip = (const struct sr6_ip4_hdr *)q->data;
		uint32_t qihl = (ip->ver_ihl & 0xf) * 4u;
		uint16_t frag = sr6_ntohs(ip->frag_off);
		FUZZ_CHECK(q->len <= mtu && sr6_ntohs(ip->total_len) == q->len);
		FUZZ_CHECK(sr6_ip4_checksum_ok(ip, qihl));
		FUZZ_CHECK((frag & SR6_IP4_OFFSET_MASK) == offset0 + at / 8);
		FUZZ_CHECK((frag & SR6_IP4_DF) == (sr6_get_be16(data + 6) & SR6_IP4_DF));
		FUZZ_CHECK(k + 1 == n || ((frag & SR6_IP4_MF) && (q->len - qihl) % 8 == 0));
		FUZZ_CHECK(k + 1 < n ||
			   (frag & SR6_IP4_MF) == (sr6_get_be16(data + 6) & SR6_IP4_MF));
		FUZZ_CHECK(memcmp(q->data + qihl, data + ihl + at, q->len - qihl) == 0);
		at += q->len - qihl;
	}
	FUZZ_CHECK(at == size - ihl);
	for (int k = 0; k < n; k++)
		sr6_pkt_free(more[k]);
	free(p->head);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > SR6_PKT_DATA_ROOM)
		return -1; /* larger than any packet buffer: not worth keeping */

	fuzz_csum(data, size);

	uint8_t *raw = dup_exact(data, size);
	fuzz_srh(raw, (uint32_t)size, size ? data[size - 1] : 0);
	free(raw);

	fuzz_ip6(data, size);
	if (size)
		fuzz_ip4(data, size);
	fuzz_ip4_fragment(data, size);
	return 0;
}
