/* SPDX-License-Identifier: MIT */
/*
 * The behaviors' entry points and the End core they share (internal to
 * src/sr).
 *
 *   sid.c: sr6_sid_process ─┬─ End, End.X, End.T ─────────┐
 *                           ├─ End.B6.Encaps(.Red) ───────┴─► sr6_end_core ─► csid.c (NEXT/REPLACE)
 *                           └─ End.DX2/4/6, End.DT4/6/46 ─► decap.c
 *
 * The End family differs only in what happens once the DA names the next
 * segment (RFC 8986 S15: FIB lookup, adjacency, table, push a policy) and
 * in its upper-layer processing (§4.1.1, or USD): two hooks. The SRH
 * processing with its flavors (PSP, USP, NEXT-CSID, REPLACE-CSID) is one
 * piece of code for all of them.
 */
#ifndef SR6_SR_BEHAVIOR_H
#define SR6_SR_BEHAVIOR_H

#include "../core/exthdr.h"
#include "sid.h"
#include "srh_ops.h"

struct sr6_end_ops {
	/* S15: the DA names the next segment, the hop limit was decremented */
	void (*next)(const struct sr6_sid *sid, struct sr6_pkt *p, const struct sr6_sr_env *env,
		     struct sr6_verdict *v);
	/* the SID is the last one: process the upper-layer header at info->l4_off */
	void (*upper)(const struct sr6_sid *sid, struct sr6_pkt *p, const struct sr6_sr_env *env,
		      const struct sr6_ip6_info *info, struct sr6_verdict *v);
};

/* RFC 8986 §4.1 SRH processing with every flavor the SID has, then ops. */
void sr6_end_core(const struct sr6_sid *sid, struct sr6_pkt *p, const struct sr6_sr_env *env,
		  struct sr6_verdict *v, const struct sr6_end_ops *ops);

/*
 * RFC 9800 §4.1 NEXT-CSID, run before the SRH or the upper layer is
 * looked at: SR6_STEP_NEXT when the DA argument was shifted in,
 * SR6_STEP_UPPER when the argument is 0 (go on as plain End),
 * SR6_STEP_DONE with the verdict set.
 */
enum sr6_step sr6_csid_next(const struct sr6_sid *sid, struct sr6_pkt *p, struct sr6_verdict *v);

/*
 * RFC 9800 §4.2 REPLACE-CSID SRH processing (replaces S02-S16 of §4.1,
 * PSP included) for a packet with an SRH: SR6_STEP_UPPER, SR6_STEP_NEXT or
 * SR6_STEP_DONE as sr6_end_advance.
 */
enum sr6_step sr6_csid_replace(const struct sr6_sid *sid, struct sr6_pkt *p,
			       struct sr6_ip6_info *info, struct sr6_verdict *v);

/* Entry points, by behavior. */
void sr6_end_input(const struct sr6_sid *sid, struct sr6_pkt *p, const struct sr6_sr_env *env,
		   struct sr6_verdict *v);
void sr6_decap_input(const struct sr6_sid *sid, struct sr6_pkt *p, const struct sr6_sr_env *env,
		     struct sr6_verdict *v);
void sr6_b6_input(const struct sr6_sid *sid, struct sr6_pkt *p, const struct sr6_sr_env *env,
		  struct sr6_verdict *v);

#endif
