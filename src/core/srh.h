/* SPDX-License-Identifier: MIT */
/*
 * Segment Routing Header codec (RFC 8754 §2, checks of §4.3.1).
 *
 * Segment List[0] is the LAST segment of the path, Segment List[Last Entry]
 * the first; srv6d's configuration lists segments in travel order (as
 * iproute2 does), so the builder reverses them.
 *
 *   0                   1                   2                   3
 *   | Next Header   |  Hdr Ext Len  | Routing Type=4| Segments Left |
 *   |  Last Entry   |     Flags     |              Tag              |
 *   |            Segment List[0] (128 bits) ...                     |
 *   |            Segment List[n] ...                                |
 *   |            Optional TLVs (Pad1, PadN, HMAC, ...)              |
 */
#ifndef SR6_CORE_SRH_H
#define SR6_CORE_SRH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "drop.h"
#include "wire.h"

#define SR6_SRH_MAX_SEGS 16 /* what srv6d builds; it parses up to 255 */
#define SR6_HMAC_MAX_LEN 32 /* SHA-256 */

/* Bytes of the whole SRH as its Hdr Ext Len says. */
static inline uint32_t sr6_srh_len(const struct sr6_srh *srh)
{
	return 8u + 8u * srh->hdr_ext_len;
}

/* Largest Last Entry the header's length can hold: (Hdr Ext Len / 2) - 1. */
static inline int sr6_srh_max_last_entry(const struct sr6_srh *srh)
{
	return srh->hdr_ext_len / 2 - 1;
}

/*
 * Validate an SRH of which avail bytes are present in the packet (from the
 * SRH's first byte to the end of the IPv6 payload), in this order:
 *   - at least 8 bytes (SRH_TRUNCATED), routing type 4 (else SRH_BAD_TYPE);
 *   - 8 + 8*Hdr Ext Len <= avail (SRH_TRUNCATED);
 *   - Last Entry <= (Hdr Ext Len / 2) - 1 (SRH_LAST_ENTRY);
 *   - Segments Left <= Last Entry + 1 (SRH_SEGMENTS_LEFT);
 *   - TLVs after the segment list well formed and exactly filling the
 *     header (SRH_TLV): Pad1 is the single byte 0 (§2.1.1.1); every other
 *     TLV is type, length, value and lies within the header; PadN carries
 *     at most 5 bytes (§2.1.1.2); the HMAC TLV's length is 6 + HMAC with
 *     HMAC 8..32 bytes in multiples of 8 (§2.1.2); TLVs of unknown types
 *     are skipped (§2.1: "Unrecognized Types MUST be ignored on receipt").
 * On error *err_off (when not NULL) is the ICMPv6 Parameter Problem pointer
 * as an offset within the SRH:
 *   SRH_TRUNCATED ........................ 1, Hdr Ext Len
 *   SRH_BAD_TYPE ......................... 2, Routing Type (RFC 8200 §4.4)
 *   SRH_LAST_ENTRY, SRH_SEGMENTS_LEFT .... 3, Segments Left: RFC 8754
 *       §4.3.1.1 points at Segments Left for both (not at Last Entry)
 *   SRH_TLV .............................. the first byte of the bad TLV
 * RFC 8754 §4.3.1.1 applies the Last Entry / Segments Left checks only when
 * Segments Left > 0; the caller decides whether to validate an SRH whose
 * Segments Left is 0 before it moves on to the next header.
 */
enum sr6_drop sr6_srh_validate(const uint8_t *srh, uint32_t avail, uint32_t *err_off);

/* Where the TLV area starts and its length, for a validated SRH. */
static inline uint32_t sr6_srh_tlv_off(const struct sr6_srh *srh)
{
	return 8u + 16u * ((uint32_t)srh->last_entry + 1);
}

/*
 * Find the first TLV of the given type in a validated SRH. Returns its
 * offset within the SRH, or 0 when absent.
 */
uint32_t sr6_srh_find_tlv(const uint8_t *srh, uint8_t type);

/* What to put in an SRH. */
struct sr6_srh_spec {
	const struct sr6_ip6 *segs; /* travel order: segs[0] is visited first */
	uint8_t n_segs;             /* 1..SR6_SRH_MAX_SEGS */
	bool reduced;  /* RFC 8986 §5.2 H.Encaps.Red: omit segs[0] (it is the DA) */
	uint8_t flags;
	uint16_t tag;
	/* HMAC TLV placeholder: when hmac_len > 0, a TLV with this key id and
	 * hmac_len zero bytes (8, 16, 24 or 32) is appended for the caller to
	 * fill, right after the segment list (so 8-octet aligned). With
	 * reduced, its D flag is set (RFC 8754 §2.1.2: the first segment is
	 * not in the list, so DA verification must be off). */
	uint32_t hmac_key_id;
	uint8_t hmac_len;
};

/* Bytes sr6_srh_build() writes for spec (always a multiple of 8: 8 + 16
 * per listed segment + 8 + hmac_len, so no Pad TLV is ever needed), or 0
 * for a spec sr6_srh_build() refuses. */
uint32_t sr6_srh_size(const struct sr6_srh_spec *spec);

/*
 * Write the SRH into out (room bytes available) with Segments Left =
 * Last Entry + reduced, i.e. pointing at the first segment. Returns bytes
 * written, or 0 when it does not fit or the spec is invalid (no segments,
 * more than SR6_SRH_MAX_SEGS, reduced with one segment: H.Encaps.Red omits
 * the SRH then, or an hmac_len that is not 0, 8, 16, 24 or 32).
 */
uint32_t sr6_srh_build(uint8_t *out, uint32_t room, uint8_t next_header,
		       const struct sr6_srh_spec *spec);

#endif
