// SPDX-License-Identifier: MIT
/*
 * Segment Routing Header codec: validation (RFC 8754 §2, §4.3.1.1) and the
 * headend's builder (RFC 8754 §4.1, RFC 8986 §5.1/§5.2).
 *
 * Validation reads only inside the header's own length, which it first
 * checks against the bytes present, so a hostile Hdr Ext Len or TLV length
 * is a counted drop, never a read past the packet. It follows RFC 8754's
 * TLV rules rather than the Linux kernel's seg6_validate_srh(): Pad1 is one
 * byte with no length field (§2.1.1.1), PadN carries 0..5 bytes (§2.1.1.2),
 * the HMAC TLV carries 8..32 bytes of HMAC in steps of 8 (§2.1.2), and TLVs
 * of any other type are skipped by their length (§2.1: "Unrecognized Types
 * MUST be ignored on receipt").
 *
 * The builder writes the list reversed (config lists segments in travel
 * order) and never needs padding: the fixed part (8), each segment (16) and
 * the HMAC TLV (8 + 8n) are all multiples of 8 octets.
 */
#include "srh.h"

#include <string.h>

#include "bytes.h"

#define SRH_OFF_HDR_EXT_LEN  1
#define SRH_OFF_ROUTING_TYPE 2
#define PADN_MAX_LEN	     5	    /* RFC 8754 §2.1.1.2 */
#define HMAC_TLV_FIXED	     6	    /* D/reserved (2) + key id (4) before the HMAC */
#define SRH_HMAC_D	     0x8000 /* RFC 8754 §2.1.2: DA verification disabled */

static bool tlv_len_ok(uint8_t type, uint8_t len)
{
	switch (type) {
	case SR6_SRH_TLV_PADN:
		return len <= PADN_MAX_LEN;
	case SR6_SRH_TLV_HMAC:
		return len > HMAC_TLV_FIXED && len <= HMAC_TLV_FIXED + SR6_HMAC_MAX_LEN &&
		       (len - HMAC_TLV_FIXED) % 8 == 0;
	default:
		return true;
	}
}

static enum sr6_drop fail(enum sr6_drop why, uint32_t off, uint32_t *err_off)
{
	if (err_off)
		*err_off = off;
	return why;
}

enum sr6_drop sr6_srh_validate(const uint8_t *srh, uint32_t avail, uint32_t *err_off)
{
	const struct sr6_srh *h = (const struct sr6_srh *)srh;

	if (avail < sizeof(*h))
		return fail(SR6_DROP_SRH_TRUNCATED, SRH_OFF_HDR_EXT_LEN, err_off);
	if (h->routing_type != SR6_SRH_ROUTING_TYPE)
		return fail(SR6_DROP_SRH_BAD_TYPE, SRH_OFF_ROUTING_TYPE, err_off);
	uint32_t end = sr6_srh_len(h);
	if (end > avail)
		return fail(SR6_DROP_SRH_TRUNCATED, SRH_OFF_HDR_EXT_LEN, err_off);
	/* RFC 8754 §4.3.1.1 points the Parameter Problem for both of these at
	 * Segments Left */
	if ((int)h->last_entry > sr6_srh_max_last_entry(h))
		return fail(SR6_DROP_SRH_LAST_ENTRY, SR6_SRH_OFF_SEGMENTS_LEFT, err_off);
	if ((uint32_t)h->segments_left > (uint32_t)h->last_entry + 1)
		return fail(SR6_DROP_SRH_SEGMENTS_LEFT, SR6_SRH_OFF_SEGMENTS_LEFT, err_off);

	/* the Last Entry check above keeps the TLV area inside [off, end) */
	for (uint32_t off = sr6_srh_tlv_off(h); off < end;) {
		uint8_t type = srh[off];
		if (type == SR6_SRH_TLV_PAD1) {
			off++;
			continue;
		}
		if (end - off < sizeof(struct sr6_srh_tlv))
			return fail(SR6_DROP_SRH_TLV, off, err_off);
		uint8_t len = srh[off + 1];
		if (end - off - sizeof(struct sr6_srh_tlv) < len || !tlv_len_ok(type, len))
			return fail(SR6_DROP_SRH_TLV, off, err_off);
		off += sizeof(struct sr6_srh_tlv) + len;
	}
	return SR6_DROP_NONE;
}

uint32_t sr6_srh_find_tlv(const uint8_t *srh, uint8_t type)
{
	const struct sr6_srh *h = (const struct sr6_srh *)srh;
	uint32_t end = sr6_srh_len(h);

	for (uint32_t off = sr6_srh_tlv_off(h); off < end;) {
		if (srh[off] == type)
			return off;
		if (srh[off] == SR6_SRH_TLV_PAD1)
			off++;
		else if (end - off < sizeof(struct sr6_srh_tlv))
			break;
		else
			off += sizeof(struct sr6_srh_tlv) + srh[off + 1];
	}
	return 0;
}

/* Segments the SRH lists for spec, or 0 when the spec cannot be built. */
static uint32_t spec_n_list(const struct sr6_srh_spec *spec)
{
	if (spec->n_segs == 0 || spec->n_segs > SR6_SRH_MAX_SEGS)
		return 0;
	if (spec->reduced && spec->n_segs == 1)
		return 0;
	if (spec->hmac_len % 8 || spec->hmac_len > SR6_HMAC_MAX_LEN)
		return 0;
	return spec->n_segs - (spec->reduced ? 1u : 0u);
}

static uint32_t hmac_tlv_size(const struct sr6_srh_spec *spec)
{
	return spec->hmac_len ? sizeof(struct sr6_srh_hmac_tlv) + spec->hmac_len : 0;
}

uint32_t sr6_srh_size(const struct sr6_srh_spec *spec)
{
	uint32_t n = spec_n_list(spec);
	if (!n)
		return 0;
	return sizeof(struct sr6_srh) + n * sizeof(struct sr6_ip6) + hmac_tlv_size(spec);
}

uint32_t sr6_srh_build(uint8_t *out, uint32_t room, uint8_t next_header,
		       const struct sr6_srh_spec *spec)
{
	uint32_t size = sr6_srh_size(spec);
	if (!size || size > room)
		return 0;
	uint32_t n = spec_n_list(spec);

	out[0] = next_header;
	out[1] = (uint8_t)(size / 8 - 1);
	out[2] = SR6_SRH_ROUTING_TYPE;
	out[3] = (uint8_t)(spec->n_segs - 1); /* Last Entry + reduced */
	out[4] = (uint8_t)(n - 1);
	out[5] = spec->flags;
	sr6_put_be16(out + 6, spec->tag);
	/* Segment List[0] is the last segment of the path */
	for (uint32_t i = 0; i < n; i++)
		memcpy(out + 8 + 16 * i, spec->segs[spec->n_segs - 1 - i].b, 16);

	if (spec->hmac_len) {
		uint8_t *t = out + 8 + 16 * n;
		t[0] = SR6_SRH_TLV_HMAC;
		t[1] = (uint8_t)(HMAC_TLV_FIXED + spec->hmac_len);
		sr6_put_be16(t + 2, spec->reduced ? SRH_HMAC_D : 0);
		sr6_put_be32(t + 4, spec->hmac_key_id);
		memset(t + 8, 0, spec->hmac_len);
	}
	return size;
}
