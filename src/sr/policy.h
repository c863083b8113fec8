/* SPDX-License-Identifier: MIT */
/*
 * SR policies and the headend rewrites (RFC 9256 subset, RFC 8986 §5).
 *
 * A policy is one or more weighted segment lists. Everything a packet needs
 * is computed when the policy is configured: each list carries its outer
 * headers prebuilt, byte for byte, so the headend copies a template and
 * fills in the four fields that depend on the packet:
 *
 *   H.Encaps      [IPv6 SA,DA=S1 | SRH(Sn..S1; SL=n-1)] + inner packet
 *   H.Encaps.Red  [IPv6 SA,DA=S1 | SRH(Sn..S2; SL=n-1)] + inner (no SRH if n=1)
 *   H.Encaps.L2   as H.Encaps, inner = the whole Ethernet frame (NH 143)
 *   H.Insert      IPv6(DA=S1) | SRH(D, Sn..S1; SL=n) | original payload
 *                 (D = the original DA becomes the last segment)
 *
 *   per packet: outer payload length, traffic class, flow label, and the
 *   next header naming the inner packet.
 *
 * Which list a packet takes is a function of its flow hash only: a table of
 * SR6_POLICY_BUCKETS entries filled in proportion to the weights, so one
 * flow always takes one list and no state is kept (stateless ingress).
 *
 * Policies are immutable once published; a change builds a new one and the
 * FIB next hop is pointed at it (RCU).
 */
#ifndef SR6_SR_POLICY_H
#define SR6_SR_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/drop.h"
#include "../core/pkt.h"
#include "../core/srh.h"
#include "../core/wire.h"
#include "hmac.h"

enum sr6_encap_mode {
	SR6_MODE_ENCAP,     /* H.Encaps */
	SR6_MODE_ENCAP_RED, /* H.Encaps.Red */
	SR6_MODE_INSERT,    /* H.Insert ("inline" in iproute2) */
	SR6_MODE_L2ENCAP,   /* H.Encaps.L2 */
};

#define SR6_POLICY_LISTS_MAX 16
#define SR6_POLICY_BUCKETS 64
#define SR6_POLICY_NAMSIZ 32
#define SR6_ENCAP_HOP_LIMIT 64
/* outer IPv6 + SRH of 16 segments + an HMAC TLV */
#define SR6_REWRITE_MAX (40 + 8 + 16 * SR6_SRH_MAX_SEGS + SR6_HMAC_TLV_LEN)

struct sr6_seglist {
	uint8_t n_segs;
	uint16_t weight;
	struct sr6_ip6 segs[SR6_SRH_MAX_SEGS]; /* travel order: segs[0] first */
	uint16_t rw_len;  /* bytes pushed per packet (encap: 40 + SRH; insert: SRH) */
	uint16_t srh_len; /* 0 when the rewrite has no SRH */
	/* H.Insert with HMAC: the key signing each packet (its source and last
	 * segment are the packet's own), the TLV's offset in the SRH. Encap
	 * modes carry their HMAC precomputed in rw and leave this NULL. */
	const struct sr6_hmac_key *sign_key;
	uint16_t hmac_off;
	uint8_t rw[SR6_REWRITE_MAX];
};

struct sr6_policy {
	char name[SR6_POLICY_NAMSIZ]; /* "" for a route's own encap */
	uint8_t mode;                 /* enum sr6_encap_mode */
	bool has_bsid, has_src;
	struct sr6_ip6 bsid;
	struct sr6_ip6 src; /* outer source as configured (has_src) or from `encap source` */
	bool hmac;          /* signed with key hmac_key_id (RFC 8754 §2.1.2) */
	bool hmac_no_flag;  /* SRH flag 0x08 left clear (hmac.h: Linux needs it) */
	uint32_t hmac_key_id;
	uint8_t n_lists;
	uint8_t bucket[SR6_POLICY_BUCKETS]; /* flow hash -> list index */
	struct sr6_seglist lists[];
};

/* What a `policy add` / `route ... encap seg6` line says. */
struct sr6_policy_spec {
	const char *name;
	uint8_t mode;
	bool has_bsid, has_src;
	struct sr6_ip6 bsid, src;
	bool hmac, hmac_no_flag; /* `hmac keyid N [hmac-flag none]` */
	uint32_t hmac_key_id;
	uint8_t n_lists;
	struct {
		uint8_t n_segs;
		uint16_t weight;
		struct sr6_ip6 segs[SR6_SRH_MAX_SEGS];
	} lists[SR6_POLICY_LISTS_MAX];
};

/*
 * Build a policy with its rewrites. src is the outer source to use when the
 * spec has none (`encap source`); an unspecified source is an error. NULL
 * with a message in err (errlen bytes) on failure.
 */
struct sr6_policy *sr6_policy_build(const struct sr6_policy_spec *spec, const struct sr6_ip6 *src,
				    char *err, size_t errlen);

/*
 * sr6_policy_build with HMAC keys: a spec with `hmac` signs every segment
 * list with key hmac_key_id of keys (an error when absent). With a fixed
 * outer source every field the MAC covers (source, Last Entry, flags, key
 * id, segments) is known now, so the HMAC is computed here, once per list,
 * and is part of the prebuilt rewrite: signing costs nothing per packet.
 * H.Insert keeps the packet's source and DA, so it signs per packet.
 */
struct sr6_policy *sr6_policy_build_keys(const struct sr6_policy_spec *spec,
					 const struct sr6_ip6 *src,
					 const struct sr6_hmac_keys *keys, char *err,
					 size_t errlen);

/*
 * A copy of pol signed again with its key as keys now has it (a key was
 * replaced). NULL when out of memory or the key is gone.
 */
struct sr6_policy *sr6_policy_resign(const struct sr6_policy *pol,
				     const struct sr6_hmac_keys *keys);

static inline const struct sr6_seglist *sr6_policy_pick(const struct sr6_policy *pol,
							uint32_t flow_hash)
{
	return &pol->lists[pol->bucket[flow_hash % SR6_POLICY_BUCKETS]];
}

/*
 * H.Encaps(.Red/.L2): push sl's outer headers in front of the packet at
 * p->data. inner_proto names it (41 IPv6, 4 IPv4, 143 Ethernet); tc and
 * flow_label go into the outer header (RFC 8986 §5.1 S04, RFC 6437).
 * SR6_DROP_NONE or SR6_DROP_NO_HEADROOM.
 */
enum sr6_drop sr6_encap_push(struct sr6_pkt *p, const struct sr6_seglist *sl, uint8_t inner_proto,
			     uint8_t tc, uint32_t flow_label);

/*
 * H.Insert: put sl's SRH right after the IPv6 header at p->data; the
 * original DA becomes Segment List[0] and the DA becomes the first segment
 * (then the HMAC, when the list signs per packet).
 */
enum sr6_drop sr6_insert_push(struct sr6_pkt *p, const struct sr6_seglist *sl);

#endif
