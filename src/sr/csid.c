// SPDX-License-Identifier: MIT
/*
 * Compressed SIDs (RFC 9800 §4): the NEXT-CSID and REPLACE-CSID flavors.
 *
 * A C-SID is the Locator-Node + Function of a SID (LNFL = sid->nflen bits)
 * under a shared Locator-Block (LBL = sid->lblen bits); the SID is
 * installed as LBL + LNFL bits, so its argument bits are free.
 *
 * NEXT-CSID (§4.1): the argument holds the next C-SIDs of the container:
 *
 *   in:  DA = | block | N1 | N2 | N3 | 0 ... |   hlim h, SRH (if any) untouched
 *   out: DA = | block | N2 | N3 | 0  | 0 ... |   hlim h-1
 *
 * When the argument is 0 the SID is a plain End (End.X, End.T, B6): the
 * SRH, if there is one, gives the next container. Without an SRH the
 * packet is pure uSID: the upper layer comes next.
 *
 * REPLACE-CSID (§4.2): containers sit in the SRH; the DA's argument ends
 * with an index K-1..0 (K = floor(128 / LNFL) C-SIDs per container, the
 * index in the low ceil(log2(K)) bits) into Segment List[Segments Left],
 * counting down; slot i is bits [i*LNFL, (i+1)*LNFL) of the container:
 *
 *   DA = | block | C-SID | ... | index=2 |   SRH: [SL] = | c0 | c1 | c2 | c3 |
 *   out: DA = | block |  c1   | ... | index=1 |   (index 0: SL - 1, next
 *        container, index K-1; a zero slot: the C-SIDs ran out, the next
 *        Segment List entry is a whole SID)
 *
 * Addresses are handled as two big-endian 64-bit halves; every shift is
 * bounded, so odd lengths from the control plane (anything not 16 or 32)
 * give odd addresses, never undefined behavior or reads past the SRH.
 */
#include <stddef.h>
#include <string.h>

#include "behavior.h"

struct u128 {
	uint64_t hi, lo;
};

static inline struct u128 u128_load(const uint8_t *b)
{
	return (struct u128){sr6_get_be64(b), sr6_get_be64(b + 8)};
}

static inline void u128_store(uint8_t *b, struct u128 v)
{
	sr6_put_be64(b, v.hi);
	sr6_put_be64(b + 8, v.lo);
}

static inline struct u128 u128_shl(struct u128 v, unsigned n)
{
	if (n >= 128)
		return (struct u128){0, 0};
	if (n >= 64)
		return (struct u128){v.lo << (n - 64), 0};
	if (n == 0)
		return v;
	return (struct u128){(v.hi << n) | (v.lo >> (64 - n)), v.lo << n};
}

static inline struct u128 u128_shr(struct u128 v, unsigned n)
{
	if (n >= 128)
		return (struct u128){0, 0};
	if (n >= 64)
		return (struct u128){0, v.hi >> (n - 64)};
	if (n == 0)
		return v;
	return (struct u128){v.hi >> n, (v.lo >> n) | (v.hi << (64 - n))};
}

/* The n most significant bits set (all of them for n >= 128). */
static inline struct u128 u128_top(unsigned n)
{
	return n >= 128 ? (struct u128){~0ull, ~0ull}
			: u128_shl((struct u128){~0ull, ~0ull}, 128 - n);
}

static inline struct u128 u128_and(struct u128 a, struct u128 b)
{
	return (struct u128){a.hi & b.hi, a.lo & b.lo};
}

static inline struct u128 u128_andnot(struct u128 a, struct u128 b)
{
	return (struct u128){a.hi & ~b.hi, a.lo & ~b.lo};
}

static inline struct u128 u128_or(struct u128 a, struct u128 b)
{
	return (struct u128){a.hi | b.hi, a.lo | b.lo};
}

static inline bool u128_is_zero(struct u128 a)
{
	return (a.hi | a.lo) == 0;
}

enum sr6_step sr6_csid_next(const struct sr6_sid *sid, struct sr6_pkt *p, struct sr6_verdict *v)
{
	uint8_t *da = p->data + offsetof(struct sr6_ip6_hdr, dst);
	struct u128 addr = u128_load(da);

	/* S01. If (DA.Argument != 0): DA.Argument is bits [(LBL+LNFL)..127] */
	if (!sid->nflen ||
	    u128_is_zero(u128_andnot(addr, u128_top((unsigned)sid->lblen + sid->nflen))))
		return SR6_STEP_UPPER;
	/* S02-S04. Hop Limit <= 1: Time Exceeded */
	if (!sr6_hop_limit_ok(p, v))
		return SR6_STEP_DONE;
	/*
	 * S05. Copy DA.Argument into the bits [LBL..(LBL+AL-1)]; S06. set the
	 * bits [(LBL+AL)..127] to zero: the address moves up by LNFL bits
	 * behind the unchanged block.
	 */
	struct u128 block = u128_top(sid->lblen);
	addr = u128_or(u128_and(addr, block), u128_andnot(u128_shl(addr, sid->nflen), block));
	u128_store(da, addr);
	/* S07. Decrement Hop Limit by 1 */
	sr6_hop_limit_dec(p);
	/* S08. Submit the packet to the egress IPv6 FIB lookup (End.X: via J; End.T: in T) */
	return SR6_STEP_NEXT;
}

/* Segment List[n][i]: bits [i*LNFL..(i+1)*LNFL-1] of the entry, at the top. */
static struct u128 csid_at(const struct sr6_srh *srh, unsigned n, unsigned i, unsigned nflen)
{
	return u128_and(u128_shl(u128_load(srh->segments[n].b), i * nflen), u128_top(nflen));
}

/* Bits of DA.Arg.Index: ceil(log2(slots)). */
static unsigned index_bits(unsigned slots)
{
	unsigned bits = 0;
	while ((1u << bits) < slots)
		bits++;
	return bits;
}

/* After S17 (Segments Left - 1, whole SID in the DA): §4.16.1.2 S14.1. */
static bool psp_after_sid(const struct sr6_srh *srh)
{
	return srh->segments_left == 0;
}

/* After S28: REPLACE-CSID with PSP replaces S14.1 by the test of S02 (S28.1). */
static bool psp_after_csid(const struct sr6_srh *srh, unsigned idx, unsigned nflen)
{
	return srh->segments_left == 0 &&
	       (idx == 0 || u128_is_zero(csid_at(srh, 0, idx - 1, nflen)));
}

enum sr6_step sr6_csid_replace(const struct sr6_sid *sid, struct sr6_pkt *p,
			       struct sr6_ip6_info *info, struct sr6_verdict *v)
{
	struct sr6_ip6_hdr *ip6 = (struct sr6_ip6_hdr *)p->data;
	struct sr6_srh *srh = sr6_pkt_srh(p, info);
	unsigned nflen = sid->nflen, slots = 128 / nflen;
	unsigned imask = (1u << index_bits(slots)) - 1;
	unsigned idx = ip6->dst.b[15] & imask;
	bool psp = sid->flavors & SR6_FLAVOR_PSP;

	/*
	 * An index past the last slot points outside the container (only
	 * possible when LNFL does not divide 128); the RFC names no error for
	 * an argument it defines no meaning for, so the packet is dropped.
	 */
	if (idx >= slots) {
		sr6_verdict_drop(v, SR6_DROP_SR_CSID_INDEX);
		return SR6_STEP_DONE;
	}
	/*
	 * S02. If (Segments Left == 0 and (DA.Arg.Index == 0 or
	 *      Segment List[0][DA.Arg.Index-1] == 0)): the upper layer is next.
	 * Segment List[0] is read before the S10 checks, so only when the
	 * header has room for it; without, S10 rejects the header below.
	 */
	if (srh->segments_left == 0 &&
	    (idx == 0 || (srh->hdr_ext_len >= 2 && u128_is_zero(csid_at(srh, 0, idx - 1, nflen)))))
		return SR6_STEP_UPPER;
	/* S05-S07 */
	if (!sr6_hop_limit_ok(p, v))
		return SR6_STEP_DONE;
	/* S08, S10/S21: Last Entry > max_LE or Segments Left > Last Entry + 1 */
	if (!sr6_srh_check(p, info, v))
		return SR6_STEP_DONE;

	if (idx != 0) {
		/* S10 (rest): the current container must be in the list */
		if (srh->segments_left > srh->last_entry) {
			sr6_verdict_icmp6(v, SR6_DROP_SRH_SEGMENTS_LEFT, SR6_ICMP6_PARAM_PROB,
					  SR6_ICMP6_PARAMPROB_HEADER,
					  info->srh_off + SR6_SRH_OFF_SEGMENTS_LEFT);
			return SR6_STEP_DONE;
		}
		/* S13. Decrement DA.Arg.Index by 1 */
		idx--;
		/* S14. If (Segment List[Segments Left][DA.Arg.Index] == 0): the C-SIDs ran out */
		if (u128_is_zero(csid_at(srh, srh->segments_left, idx, nflen))) {
			/* S15. Decrement Segments Left by 1 */
			srh->segments_left--;
			/* S16. Decrement IPv6 Hop Limit by 1 */
			sr6_hop_limit_dec(p);
			/* S17. Update IPv6 DA with Segment List[Segments Left] */
			memcpy(&ip6->dst, &srh->segments[srh->segments_left], sizeof(ip6->dst));
			if (psp && psp_after_sid(srh))
				sr6_srh_pop(p, info);
			/* S18. Submit the packet to the egress IPv6 FIB lookup */
			return SR6_STEP_NEXT;
		}
	} else {
		/* S24. Decrement Segments Left by 1 */
		srh->segments_left--;
		/* S25. Set DA.Arg.Index to (floor(128/LNFL) - 1) */
		idx = slots - 1;
	}
	/* S27. Decrement IPv6 Hop Limit by 1 */
	sr6_hop_limit_dec(p);
	/*
	 * S28. Write Segment List[Segments Left][DA.Arg.Index] into the bits
	 * [LBL..LBL+LNFL-1] of the DA, and the index into its own bits.
	 */
	struct u128 field = u128_shr(u128_top(nflen), sid->lblen);
	struct u128 csid = u128_shr(csid_at(srh, srh->segments_left, idx, nflen), sid->lblen);
	struct u128 addr = u128_or(u128_andnot(u128_load(ip6->dst.b), field), csid);
	addr.lo = (addr.lo & ~(uint64_t)imask) | idx;
	u128_store(ip6->dst.b, addr);
	if (psp && psp_after_csid(srh, idx, nflen))
		sr6_srh_pop(p, info);
	/* S29. Submit the packet to the egress IPv6 FIB lookup */
	return SR6_STEP_NEXT;
}
