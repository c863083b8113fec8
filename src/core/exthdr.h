/* SPDX-License-Identifier: MIT */
/*
 * IPv6 header and extension-header chain walk (RFC 8200 §4).
 *
 * One pass from the IPv6 header to the upper-layer header, recording where
 * the headers srv6d cares about sit. Never reads past len: a header whose
 * length runs past the end of the packet is an error, not a read.
 *
 *   IPv6 | HBH? | DestOpt? | Routing(SRH)? | Fragment? | DestOpt? | upper layer
 *
 * Offsets are from the first byte of the IPv6 header; 0 means "absent"
 * (no extension header can start at offset 0). They fit 16 bits: at most
 * SR6_EXTHDR_MAX headers of at most 2048 bytes each follow the 40.
 */
#ifndef SR6_CORE_EXTHDR_H
#define SR6_CORE_EXTHDR_H

#include <stdint.h>

#include "drop.h"
#include "wire.h"

/* Bound on extension headers walked: stops pathological chains cheaply. */
#define SR6_EXTHDR_MAX 16

struct sr6_ip6_info {
	uint16_t srh_off;     /* first Routing header of type 4, or 0 */
	uint16_t rh_off;      /* first Routing header of any type, or 0 */
	uint16_t frag_off;    /* Fragment header, or 0 */
	uint16_t l4_off;      /* upper-layer header; for No Next Header (and
				 when the chain fills the packet) the byte
				 after the last extension header, which is
				 40 + payload length unless octets follow that
				 RFC 8200 §4.7 says to ignore */
	uint16_t prev_nh_off; /* byte holding the Next Header value that names
				 the header at rh_off (6 = the IPv6 header) */
	uint16_t l4_nh_off;   /* byte holding the Next Header value that names
				 the upper-layer header */
	uint8_t l4_proto;     /* upper-layer protocol (SR6_IPPROTO_NONE if none) */
	uint8_t is_later_fragment; /* fragment offset != 0: upper layer not
				      here; l4_proto is the Fragment header's
				      Next Header and l4_off the byte after it */
};

/*
 * Check the fixed IPv6 header (version 6, 40 + payload length <= len) and
 * walk the chain within 40 + payload length (bytes after that are link
 * padding, which the caller trims). Returns SR6_DROP_NONE or the reason (IP6_TRUNCATED, IP6_VERSION,
 * IP6_LENGTH, IP6_EXTHDR). A Hop-by-Hop header anywhere but first is
 * IP6_EXTHDR (RFC 8200 §4.1). The walk stops at the upper layer, at a
 * Fragment header with non-zero offset, at No Next Header, or at an ESP
 * header (its contents are not headers).
 */
enum sr6_drop sr6_ip6_walk(const uint8_t *pkt, uint32_t len, struct sr6_ip6_info *info);

/* True for next-header values that are IPv6 extension headers we walk. */
static inline int sr6_is_exthdr(uint8_t nh)
{
	return nh == SR6_IPPROTO_HOPOPTS || nh == SR6_IPPROTO_ROUTING ||
	       nh == SR6_IPPROTO_FRAGMENT || nh == SR6_IPPROTO_DSTOPTS || nh == SR6_IPPROTO_AH;
}

#endif
