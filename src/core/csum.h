/* SPDX-License-Identifier: MIT */
/*
 * Internet checksum (RFC 1071) and incremental update (RFC 1624).
 *
 * Sums are carried as 32-bit partial sums of 16-bit big-endian words and
 * folded at the end, so a pseudo-header and a payload can be summed in
 * pieces. All results and all checksum fields are in network order as
 * they sit in the packet.
 */
#ifndef SR6_CORE_CSUM_H
#define SR6_CORE_CSUM_H

#include <stddef.h>
#include <stdint.h>

#include "wire.h"

/* Add len bytes at p (any alignment, odd lengths padded with zero) to sum. */
uint32_t sr6_csum_partial(const void *p, size_t len, uint32_t sum);

/* Fold a partial sum to 16 bits and complement it: the value to store. */
uint16_t sr6_csum_fold(uint32_t sum);

/* RFC 8200 §8.1 pseudo-header partial sum. */
uint32_t sr6_csum_pseudo6(const struct sr6_ip6 *src, const struct sr6_ip6 *dst, uint32_t len,
			  uint8_t proto);

/* RFC 768/793 IPv4 pseudo-header partial sum (addresses be32). */
uint32_t sr6_csum_pseudo4(uint32_t src, uint32_t dst, uint16_t len, uint8_t proto);

/* Compute and store the IPv4 header checksum (ihl from the header). */
void sr6_ip4_set_checksum(struct sr6_ip4_hdr *ip);

/* True when the IPv4 header of hdr_len bytes sums to 0xffff. */
int sr6_ip4_checksum_ok(const struct sr6_ip4_hdr *ip, size_t hdr_len);

/*
 * RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m'). The checksum field `csum` (network
 * order, in the packet) is updated for a 16-bit word changing from old to
 * new (both network order), or for n bytes changing (n even, both buffers
 * in network order).
 */
void sr6_csum_replace2(void *csum, uint16_t old_be, uint16_t new_be);
void sr6_csum_replace(void *csum, const void *old_bytes, const void *new_bytes, size_t n);

#endif
