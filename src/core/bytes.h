/* SPDX-License-Identifier: MIT */
/*
 * Unaligned network-order loads and stores.
 *
 * Packet headers sit wherever the NIC or a pcap file put them, so every
 * multi-byte access goes through memcpy (one mov on x86) and an explicit
 * byte swap. Keeps UBSan quiet about alignment and says where order flips.
 */
#ifndef SR6_CORE_BYTES_H
#define SR6_CORE_BYTES_H

#include <stdint.h>
#include <string.h>

static inline uint16_t sr6_get_be16(const void *p)
{
	uint16_t v;
	memcpy(&v, p, sizeof(v));
	return __builtin_bswap16(v);
}

static inline uint32_t sr6_get_be32(const void *p)
{
	uint32_t v;
	memcpy(&v, p, sizeof(v));
	return __builtin_bswap32(v);
}

static inline uint64_t sr6_get_be64(const void *p)
{
	uint64_t v;
	memcpy(&v, p, sizeof(v));
	return __builtin_bswap64(v);
}

static inline void sr6_put_be16(void *p, uint16_t v)
{
	v = __builtin_bswap16(v);
	memcpy(p, &v, sizeof(v));
}

static inline void sr6_put_be32(void *p, uint32_t v)
{
	v = __builtin_bswap32(v);
	memcpy(p, &v, sizeof(v));
}

static inline void sr6_put_be64(void *p, uint64_t v)
{
	v = __builtin_bswap64(v);
	memcpy(p, &v, sizeof(v));
}

static inline uint16_t sr6_htons(uint16_t v)
{
	return __builtin_bswap16(v);
}

static inline uint32_t sr6_htonl(uint32_t v)
{
	return __builtin_bswap32(v);
}

#define sr6_ntohs sr6_htons
#define sr6_ntohl sr6_htonl

#endif
