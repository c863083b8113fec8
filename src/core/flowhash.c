// SPDX-License-Identifier: MIT
/*
 * Flow hashes (see flowhash.h): 64-bit words of the header folded into one
 * state, then one multiply-xorshift to spread it over the 32 bits.
 *
 * The fold is the CRC32C instruction where the compiler may use it (SSE4.2:
 * -march=native on any x86 of the last decade), one instruction a word;
 * elsewhere a multiply-xorshift mix, ~8 instructions a word. The two give
 * different values: a flow keeps its hash (and outer flow label) on one
 * router, which is all RFC 6437 asks. Words are read in host order: only
 * equality and spread matter, not the value.
 */
#include "flowhash.h"

#include <string.h>

#if defined(__SSE4_2__)
#include <nmmintrin.h>
#endif

#include "bytes.h"
#include "wire.h"

static inline uint64_t word(const uint8_t *p)
{
	uint64_t v;
	memcpy(&v, p, sizeof(v));
	return v;
}

#if defined(__SSE4_2__)
static inline uint64_t mix(uint64_t h, uint64_t v)
{
	return _mm_crc32_u64(h, v);
}
#else
static inline uint64_t mix(uint64_t h, uint64_t v)
{
	h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
	h *= 0xff51afd7ed558ccdull;
	return h ^ (h >> 32);
}
#endif

static inline uint32_t finish(uint64_t h)
{
	h ^= h >> 29;
	h *= 0xc4ceb9fe1a85ec53ull;
	uint32_t v = (uint32_t)(h >> 32);
	return v ? v : 1;
}

static int has_ports(uint8_t proto)
{
	return proto == SR6_IPPROTO_TCP || proto == SR6_IPPROTO_UDP || proto == 132 /* SCTP */;
}

uint32_t sr6_flow_hash6(const uint8_t *ip6, uint32_t len)
{
	if (len < sizeof(struct sr6_ip6_hdr))
		return 1;
	const struct sr6_ip6_hdr *h = (const struct sr6_ip6_hdr *)ip6;
	uint64_t x = 0;
	x = mix(x, word(h->src.b));
	x = mix(x, word(h->src.b + 8));
	x = mix(x, word(h->dst.b));
	x = mix(x, word(h->dst.b + 8));
	uint32_t label = sr6_ntohl(h->ver_tc_flow) & 0xfffff;
	if (label)
		return finish(mix(x, label));
	x = mix(x, h->next_header);
	if (has_ports(h->next_header) && len >= sizeof(*h) + 4)
		x = mix(x, sr6_get_be32(ip6 + sizeof(*h)));
	return finish(x);
}

uint32_t sr6_flow_hash4(const uint8_t *ip4, uint32_t len)
{
	if (len < sizeof(struct sr6_ip4_hdr))
		return 1;
	const struct sr6_ip4_hdr *h = (const struct sr6_ip4_hdr *)ip4;
	uint32_t ihl = (h->ver_ihl & 0xf) * 4u;
	uint64_t x = mix(0, ((uint64_t)sr6_ntohl(h->src) << 32) | sr6_ntohl(h->dst));
	x = mix(x, h->protocol);
	int fragment = (sr6_ntohs(h->frag_off) & (SR6_IP4_MF | SR6_IP4_OFFSET_MASK)) != 0;
	if (has_ports(h->protocol) && !fragment && ihl >= sizeof(*h) && len >= ihl + 4)
		x = mix(x, sr6_get_be32(ip4 + ihl));
	return finish(x);
}

uint32_t sr6_flow_hash_ip(const uint8_t *ip, uint32_t len)
{
	if (len && (ip[0] >> 4) == 4)
		return sr6_flow_hash4(ip, len);
	return sr6_flow_hash6(ip, len);
}

uint32_t sr6_flow_hash_eth(const uint8_t *frame, uint32_t len)
{
	if (len < sizeof(struct sr6_eth_hdr))
		return 1;
	uint64_t x = mix(0, sr6_get_be64(frame) >> 16);            /* dst MAC */
	x = mix(x, sr6_get_be64(frame + 4) & 0xffffffffffffull); /* src MAC */
	uint16_t type = sr6_get_be16(frame + 12);
	x = mix(x, type);
	const uint8_t *l3 = frame + sizeof(struct sr6_eth_hdr);
	uint32_t l3_len = len - (uint32_t)sizeof(struct sr6_eth_hdr);
	if (type == SR6_ETH_P_IPV6)
		x = mix(x, sr6_flow_hash6(l3, l3_len));
	else if (type == SR6_ETH_P_IPV4)
		x = mix(x, sr6_flow_hash4(l3, l3_len));
	return finish(x);
}
