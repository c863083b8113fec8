// SPDX-License-Identifier: MIT
/*
 * Internet checksum (RFC 1071) and incremental update (RFC 1624).
 *
 * The one's complement sum does not care about byte order (RFC 1071 §2 (B)):
 * summing the buffer as native-order words and swapping once at the end gives
 * the same 16 bits as summing big-endian words. So the hot loop loads native
 * 32-bit words (memcpy: any alignment) into two 64-bit accumulators, which
 * cannot overflow for any packet and leave the carries to one fold 64 -> 16
 * bits at the end (twice as fast as add-with-carry on 64-bit words here:
 * ~9 GB/s on 1500 bytes, gcc and clang -O2). Every function here returns or
 * takes partial sums that are already folded to 16 bits (a value below
 * 0x10000), so callers may add a few more words without overflow.
 *
 * Incremental updates use RFC 1624 eqn. 3, HC' = ~(~HC + ~m + m'), which
 * never turns a checksum into the 0xffff ("-0") that eqn. 2 can produce: it
 * agrees bit for bit with a full recompute (see csum_test.c) unless every
 * word the checksum covers is zero, which no IPv4 header (version nibble)
 * and no transport checksum (pseudo-header protocol) can be.
 */
#include "csum.h"

#include <string.h>

#include "bytes.h"

/* Fold a one's complement sum of any width down to 16 bits (no complement). */
static inline uint16_t fold16(uint64_t s)
{
	s = (s & 0xffffffffu) + (s >> 32); /* < 2^33 */
	s = (s & 0xffffffffu) + (s >> 32); /* <= 2^32 */
	s = (s & 0xffffu) + (s >> 16);	   /* <= 0x1fffe, or 0x10000 */
	s = (s & 0xffffu) + (s >> 16);	   /* <= 0xffff */
	return (uint16_t)s;
}

/* A 16-bit native-order word sum as the same sum of big-endian words. */
static inline uint16_t native_to_be_sum(uint16_t s)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return __builtin_bswap16(s);
#else
	return s;
#endif
}

uint32_t sr6_csum_partial(const void *p, size_t len, uint32_t sum)
{
	const uint8_t *b = p;
	uint64_t a0 = 0, a1 = 0;
	uint32_t w[4];
	uint16_t w16;

	/* two independent 64-bit sums of 32-bit words: no carry to track
	 * until a sum nears 2^64, i.e. for any len below 2^35 bytes */
	while (len >= 16) {
		memcpy(w, b, 16);
		a0 += (uint64_t)w[0] + w[1];
		a1 += (uint64_t)w[2] + w[3];
		b += 16;
		len -= 16;
	}
	a0 += a1;
	while (len >= 4) {
		memcpy(w, b, 4);
		a0 += w[0];
		b += 4;
		len -= 4;
	}
	if (len >= 2) {
		memcpy(&w16, b, 2);
		a0 += w16;
		b += 2;
		len -= 2;
	}
	if (len) {
		/* RFC 1071: an odd last byte is the high byte of a zero-padded word */
		const uint8_t last[2] = {b[0], 0};
		memcpy(&w16, last, 2);
		a0 += w16;
	}
	return fold16((uint64_t)sum + native_to_be_sum(fold16(a0)));
}

uint16_t sr6_csum_fold(uint32_t sum)
{
	return sr6_htons((uint16_t)~fold16(sum));
}

uint32_t sr6_csum_pseudo6(const struct sr6_ip6 *src, const struct sr6_ip6 *dst, uint32_t len,
			  uint8_t proto)
{
	uint64_t s = sr6_csum_partial(src->b, 16, 0);
	s += sr6_csum_partial(dst->b, 16, 0);
	s += (len >> 16) + (len & 0xffff) + proto;
	return fold16(s);
}

uint32_t sr6_csum_pseudo4(uint32_t src, uint32_t dst, uint16_t len, uint8_t proto)
{
	uint64_t s = sr6_csum_partial(&src, 4, 0);
	s += sr6_csum_partial(&dst, 4, 0);
	s += (uint32_t)len + proto;
	return fold16(s);
}

static size_t ip4_hdr_len(const struct sr6_ip4_hdr *ip)
{
	size_t ihl = ip->ver_ihl & 0x0f;
	return (ihl < 5 ? 5 : ihl) * 4;
}

void sr6_ip4_set_checksum(struct sr6_ip4_hdr *ip)
{
	ip->checksum = 0;
	ip->checksum = sr6_csum_fold(sr6_csum_partial(ip, ip4_hdr_len(ip), 0));
}

int sr6_ip4_checksum_ok(const struct sr6_ip4_hdr *ip, size_t hdr_len)
{
	return sr6_csum_partial(ip, hdr_len, 0) == 0xffff;
}

/* RFC 1624 eqn. 3 with m and m' given as their (folded) word sums. */
static void csum_update(void *csum, uint16_t m, uint16_t m_new)
{
	uint16_t hc = sr6_get_be16(csum);
	uint64_t s = (uint16_t)~hc;
	s += (uint16_t)~m;
	s += m_new;
	sr6_put_be16(csum, (uint16_t)~fold16(s));
}

void sr6_csum_replace2(void *csum, uint16_t old_be, uint16_t new_be)
{
	csum_update(csum, sr6_ntohs(old_be), sr6_ntohs(new_be));
}

void sr6_csum_replace(void *csum, const void *old_bytes, const void *new_bytes, size_t n)
{
	csum_update(csum, (uint16_t)sr6_csum_partial(old_bytes, n, 0),
		    (uint16_t)sr6_csum_partial(new_bytes, n, 0));
}
