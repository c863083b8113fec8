// SPDX-License-Identifier: MIT
/*
 * Policies: build the prebuilt rewrites once, push them per packet.
 *
 * The flow-hash -> list table is filled by smooth weighted round robin
 * over SR6_POLICY_BUCKETS slots, so the lists interleave (a 3:1 policy is
 * A A A B A A A B ..., not 48 As then 16 Bs) and any hash range spreads
 * in proportion to the weights.
 *
 * A signed list (RFC 8754 §2.1.2) gets an HMAC TLV of 40 octets after its
 * segments, the last thing in the SRH (where Linux looks for it), and SRH
 * flag 0x08 unless the policy says hmac-flag none. Encap modes compute the
 * MAC here over the policy's source: it is in the template the headend
 * copies. H.Insert fills it per packet in sr6_insert_push.
 */
#include "policy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/bytes.h"
#include "../core/ip6.h"

static void fill_buckets(struct sr6_policy *pol)
{
	int64_t current[SR6_POLICY_LISTS_MAX] = {0};
	int64_t total = 0;
	for (unsigned i = 0; i < pol->n_lists; i++)
		total += pol->lists[i].weight;
	for (unsigned b = 0; b < SR6_POLICY_BUCKETS; b++) {
		unsigned best = 0;
		for (unsigned i = 0; i < pol->n_lists; i++) {
			current[i] += pol->lists[i].weight;
			if (current[i] > current[best])
				best = i;
		}
		current[best] -= total;
		pol->bucket[b] = (uint8_t)best;
	}
}

/* Outer IPv6 header template: everything but length, class, label, next header. */
static void build_ip6(uint8_t *out, const struct sr6_ip6 *src, const struct sr6_ip6 *dst)
{
	struct sr6_ip6_hdr *ip6 = (struct sr6_ip6_hdr *)out;
	memset(ip6, 0, sizeof(*ip6));
	sr6_put_be32(&ip6->ver_tc_flow, 6u << 28);
	ip6->hop_limit = SR6_ENCAP_HOP_LIMIT;
	ip6->src = *src;
	ip6->dst = *dst;
}

static int build_list(struct sr6_seglist *sl, uint8_t mode, const struct sr6_ip6 *src,
		      const struct sr6_policy *pol, const struct sr6_hmac_key *key, char *err,
		      size_t errlen)
{
	struct sr6_ip6 segs[SR6_SRH_MAX_SEGS];
	struct sr6_srh_spec spec = {.segs = sl->segs, .n_segs = sl->n_segs};
	uint8_t *srh_at = sl->rw + sizeof(struct sr6_ip6_hdr);
	uint32_t room = sizeof(sl->rw) - sizeof(struct sr6_ip6_hdr);
	if (key) {
		spec.hmac_len = SR6_HMAC_FIELD_LEN;
		spec.hmac_key_id = pol->hmac_key_id;
		spec.flags = pol->hmac_no_flag ? 0 : SR6_SRH_FLAG_HMAC_LINUX;
	}
	if (mode == SR6_MODE_INSERT) {
		/* travel order S1..Sn then D: the original DA, filled per packet */
		if (sl->n_segs + 1 > SR6_SRH_MAX_SEGS) {
			snprintf(err, errlen, "mode inline takes at most %d segments",
				 SR6_SRH_MAX_SEGS - 1);
			return -1;
		}
		memcpy(segs, sl->segs, sl->n_segs * sizeof(segs[0]));
		memset(&segs[sl->n_segs], 0, sizeof(segs[0]));
		spec.segs = segs;
		spec.n_segs = (uint8_t)(sl->n_segs + 1);
		sl->srh_len = (uint16_t)sr6_srh_build(sl->rw, sizeof(sl->rw), 0, &spec);
		sl->rw_len = sl->srh_len;
		if (key) {
			sl->sign_key = key;
			sl->hmac_off = (uint16_t)sr6_srh_find_tlv(sl->rw, SR6_SRH_TLV_HMAC);
		}
		return sl->srh_len ? 0 : -1;
	}
	build_ip6(sl->rw, src, &sl->segs[0]);
	if (mode == SR6_MODE_ENCAP_RED && sl->n_segs == 1) {
		if (key) {
			snprintf(err, errlen, "hmac: mode encap.red with one segment has no SRH to "
					      "carry the HMAC");
			return -1;
		}
		sl->srh_len = 0; /* RFC 8986 §5.2: no SRH for a single segment */
	} else {
		spec.reduced = mode == SR6_MODE_ENCAP_RED;
		sl->srh_len = (uint16_t)sr6_srh_build(srh_at, room, 0, &spec);
		if (!sl->srh_len) {
			snprintf(err, errlen, "segment list does not fit an SRH");
			return -1;
		}
		sl->rw[6] = SR6_IPPROTO_ROUTING; /* outer Next Header */
		if (key)
			sr6_hmac_sign(key, src, srh_at, sl->srh_len);
	}
	sl->rw_len = (uint16_t)(sizeof(struct sr6_ip6_hdr) + sl->srh_len);
	return 0;
}

struct sr6_policy *sr6_policy_build(const struct sr6_policy_spec *spec, const struct sr6_ip6 *src,
				    char *err, size_t errlen)
{
	return sr6_policy_build_keys(spec, src, NULL, err, errlen);
}

struct sr6_policy *sr6_policy_build_keys(const struct sr6_policy_spec *spec,
					 const struct sr6_ip6 *src,
					 const struct sr6_hmac_keys *keys, char *err,
					 size_t errlen)
{
	const struct sr6_hmac_key *key = NULL;
	if (spec->hmac && !(key = sr6_hmac_key_find(keys, spec->hmac_key_id))) {
		snprintf(err, errlen, "hmac keyid %u: no such key (hmac add keyid %u ... first)",
			 spec->hmac_key_id, spec->hmac_key_id);
		return NULL;
	}
	if (spec->n_lists == 0 || spec->n_lists > SR6_POLICY_LISTS_MAX) {
		snprintf(err, errlen, "a policy has 1 to %d segment lists", SR6_POLICY_LISTS_MAX);
		return NULL;
	}
	const struct sr6_ip6 *outer_src = spec->has_src ? &spec->src : src;
	if (spec->mode != SR6_MODE_INSERT && (!outer_src || sr6_ip6_is_zero(outer_src))) {
		snprintf(err, errlen, "no outer source address: give src ADDR or set `encap source` "
				      "first");
		return NULL;
	}
	struct sr6_policy *pol =
		calloc(1, sizeof(*pol) + spec->n_lists * sizeof(struct sr6_seglist));
	if (!pol) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	snprintf(pol->name, sizeof(pol->name), "%s", spec->name ? spec->name : "");
	pol->mode = spec->mode;
	pol->has_bsid = spec->has_bsid;
	pol->bsid = spec->bsid;
	pol->has_src = spec->has_src;
	if (outer_src)
		pol->src = *outer_src;
	pol->hmac = spec->hmac;
	pol->hmac_no_flag = spec->hmac_no_flag;
	pol->hmac_key_id = spec->hmac_key_id;
	pol->n_lists = spec->n_lists;
	for (unsigned i = 0; i < spec->n_lists; i++) {
		struct sr6_seglist *sl = &pol->lists[i];
		if (spec->lists[i].n_segs == 0 || spec->lists[i].n_segs > SR6_SRH_MAX_SEGS ||
		    spec->lists[i].weight == 0) {
			snprintf(err, errlen, "segment list %u: 1 to %d segments and a weight >= 1",
				 i + 1, SR6_SRH_MAX_SEGS);
			free(pol);
			return NULL;
		}
		sl->n_segs = spec->lists[i].n_segs;
		sl->weight = spec->lists[i].weight;
		memcpy(sl->segs, spec->lists[i].segs, sl->n_segs * sizeof(sl->segs[0]));
		if (build_list(sl, spec->mode, &pol->src, pol, key, err, errlen) < 0) {
			free(pol);
			return NULL;
		}
	}
	fill_buckets(pol);
	return pol;
}

struct sr6_policy *sr6_policy_resign(const struct sr6_policy *pol,
				     const struct sr6_hmac_keys *keys)
{
	const struct sr6_hmac_key *key = sr6_hmac_key_find(keys, pol->hmac_key_id);
	size_t size = sizeof(*pol) + pol->n_lists * sizeof(struct sr6_seglist);
	struct sr6_policy *c = key ? malloc(size) : NULL;
	if (!c)
		return NULL;
	memcpy(c, pol, size);
	for (unsigned i = 0; i < c->n_lists; i++) {
		struct sr6_seglist *sl = &c->lists[i];
		if (sl->sign_key)
			sl->sign_key = key;
		else if (sl->srh_len)
			sr6_hmac_sign(key, &c->src, sl->rw + sizeof(struct sr6_ip6_hdr),
				      sl->srh_len);
	}
	return c;
}

enum sr6_drop sr6_encap_push(struct sr6_pkt *p, const struct sr6_seglist *sl, uint8_t inner_proto,
			     uint8_t tc, uint32_t flow_label)
{
	uint8_t *h = sr6_pkt_push(p, sl->rw_len);
	if (!h)
		return SR6_DROP_NO_HEADROOM;
	memcpy(h, sl->rw, sl->rw_len);
	struct sr6_ip6_hdr *ip6 = (struct sr6_ip6_hdr *)h;
	sr6_put_be32(&ip6->ver_tc_flow, (6u << 28) | ((uint32_t)tc << 20) | (flow_label & 0xfffff));
	sr6_put_be16(&ip6->payload_len, (uint16_t)(p->len - sizeof(*ip6)));
	if (sl->srh_len)
		h[sizeof(*ip6)] = inner_proto; /* SRH Next Header */
	else
		ip6->next_header = inner_proto;
	return SR6_DROP_NONE;
}

enum sr6_drop sr6_insert_push(struct sr6_pkt *p, const struct sr6_seglist *sl)
{
	if (!sr6_pkt_push(p, sl->srh_len))
		return SR6_DROP_NO_HEADROOM;
	memmove(p->data, p->data + sl->srh_len, sizeof(struct sr6_ip6_hdr));
	struct sr6_ip6_hdr *ip6 = (struct sr6_ip6_hdr *)p->data;
	uint8_t *srh = p->data + sizeof(*ip6);
	memcpy(srh, sl->rw, sl->srh_len);
	srh[0] = ip6->next_header;
	memcpy(srh + 8, &ip6->dst, sizeof(ip6->dst)); /* Segment List[0] = original DA */
	ip6->next_header = SR6_IPPROTO_ROUTING;
	ip6->dst = sl->segs[0];
	sr6_put_be16(&ip6->payload_len, (uint16_t)(sr6_ntohs(ip6->payload_len) + sl->srh_len));
	if (sl->sign_key)
		sr6_hmac_compute(sl->sign_key, &ip6->src, srh, srh + sl->hmac_off + 8);
	return SR6_DROP_NONE;
}
