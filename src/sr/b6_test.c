// SPDX-License-Identifier: MIT
/*
 * End.B6.Encaps and End.B6.Encaps.Red (RFC 8986 §4.13-4.14): End
 * processing of the received packet, then the policy's outer IPv6 + SRH
 * pushed in front, checked byte for byte against headers built here from
 * the RFC (outer traffic class from the packet, flow label from the flow
 * hash, hop limit 64, SRH with Segments Left pointing at the first
 * segment; reduced: without the first segment).
 */
#include <stdlib.h>

#include "sr/behavior.h"
#include "sr/policy.h"
#include "test_pkt.h"

#define A	"2001:db8:a::1"
#define BSID	"fc00:b6::1"
#define S2	"fc00:2::2"
#define P	"2001:db8:e::1" /* the policy's outer source */
#define B1	"fc00:11::1"
#define B2	"fc00:12::2"
#define B3	"fc00:13::3"
#define TC	0xb8
#define IN_FLOW 0x12345

static struct sr6_policy *policy(uint8_t mode, unsigned n, const char *const *segs)
{
	struct sr6_policy_spec spec = {.name = "b", .mode = mode, .n_lists = 1};
	struct sr6_ip6 src = tb_addr(P);
	char err[128];
	spec.lists[0].n_segs = (uint8_t)n;
	spec.lists[0].weight = 1;
	for (unsigned i = 0; i < n; i++)
		spec.lists[0].segs[i] = tb_addr(segs[i]);
	struct sr6_policy *pol = sr6_policy_build(&spec, &src, err, sizeof(err));
	if (!pol) {
		fprintf(stderr, "policy: %s\n", err);
		abort();
	}
	return pol;
}

static struct sr6_sid b6_sid(enum sr6_behavior b, const struct sr6_policy *pol)
{
	struct sr6_sid sid = tb_sid(b, BSID, 0);
	sid.policy = pol;
	return sid;
}

static void set_tc_flow(struct tb *t, uint8_t tc, uint32_t flow)
{
	sr6_put_be32(t->b, (6u << 28) | ((uint32_t)tc << 20) | flow);
}

/* IPv6(A -> da, hlim, tc TC, flow IN_FLOW) | SRH(S2, BSID; SL=sl) | UDP */
static void b6_pkt(struct tb *t, const char *da, uint8_t hlim, uint8_t sl)
{
	tb_ip6(t, A, da, hlim);
	set_tc_flow(t, TC, IN_FLOW);
	tb_srh(t, sl, 2, (const char *const[]){S2, BSID});
	tb_udp(t);
}

/* Outer IPv6(P -> first, hlim 64, tc TC, flow label from the flow hash). */
static void outer_ip6(struct tb *t, const char *first)
{
	tb_ip6(t, P, first, 64);
	set_tc_flow(t, TC, tb_env.flow_hash & 0xfffff);
}

/* in:  IPv6(A -> BSID, hlim 64) | SRH(S2, BSID; SL=1) | UDP
 * out: IPv6(P -> B1, hlim 64) | SRH(B2, B1; SL=1) |
 *        IPv6(A -> S2, hlim 63) | SRH(S2, BSID; SL=0) | UDP
 *      LOOKUP6 in main, pushed 40 + 40 */
static void b6_encaps_advances_then_pushes_the_policy(void)
{
	struct sr6_policy *pol = policy(SR6_MODE_ENCAP, 2, (const char *const[]){B1, B2});
	struct sr6_sid sid = b6_sid(SR6_BEH_END_B6_ENCAPS, pol);
	struct tb in, inner, want;
	struct sr6_verdict v;
	b6_pkt(&in, BSID, 64, 1);
	b6_pkt(&inner, S2, 63, 0);
	outer_ip6(&want, B1);
	tb_srh(&want, 1, 2, (const char *const[]){B2, B1});
	tb_inner(&want, SR6_IPPROTO_IPV6, &inner);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_EQ(v.kind, SR6_V_LOOKUP6);
	CHECK(v.table == &tb_main);
	CHECK_EQ(v.pushed, 80);
	CHECK_EQ(v.list, 1); /* list 0 of the policy counts it (dp/sid.c) */
	CHECK_PKT(p, &want);
	free(pol);
}

/* End.B6.Encaps.Red with an encap.red policy of 3: the SRH lacks B1.
 * out: IPv6(P -> B1) | SRH(B3, B2; SL=2, LE=1) | inner */
static void b6_encaps_red_pushes_a_reduced_srh(void)
{
	struct sr6_policy *pol = policy(SR6_MODE_ENCAP_RED, 3, (const char *const[]){B1, B2, B3});
	struct sr6_sid sid = b6_sid(SR6_BEH_END_B6_ENCAPS_RED, pol);
	struct tb in, inner, want;
	struct sr6_verdict v;
	b6_pkt(&in, BSID, 64, 1);
	b6_pkt(&inner, S2, 63, 0);
	outer_ip6(&want, B1);
	tb_srh(&want, 2, 2, (const char *const[]){B3, B2});
	tb_inner(&want, SR6_IPPROTO_IPV6, &inner);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_EQ(v.kind, SR6_V_LOOKUP6);
	CHECK_EQ(v.pushed, 40 + 40);
	CHECK_PKT(p, &want);
	free(pol);
}

/* A reduced policy of one segment pushes no SRH: IPv6(P -> B1, nh 41). */
static void b6_encaps_red_of_one_segment_pushes_no_srh(void)
{
	struct sr6_policy *pol = policy(SR6_MODE_ENCAP_RED, 1, (const char *const[]){B1});
	struct sr6_sid sid = b6_sid(SR6_BEH_END_B6_ENCAPS_RED, pol);
	struct tb in, inner, want;
	struct sr6_verdict v;
	b6_pkt(&in, BSID, 64, 1);
	b6_pkt(&inner, S2, 63, 0);
	outer_ip6(&want, B1);
	tb_inner(&want, SR6_IPPROTO_IPV6, &inner);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_EQ(v.kind, SR6_V_LOOKUP6);
	CHECK_EQ(v.pushed, 40);
	CHECK_PKT(p, &want);
	free(pol);
}

/* SL 0 (the BSID is the last segment): §4.1.1, nothing pushed. */
static void b6_at_sl_zero_serves_upper_layer(void)
{
	struct sr6_policy *pol = policy(SR6_MODE_ENCAP, 1, (const char *const[]){B1});
	struct sr6_sid sid = b6_sid(SR6_BEH_END_B6_ENCAPS, pol);
	struct tb in;
	struct sr6_verdict v;
	b6_pkt(&in, BSID, 64, 0);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_PARAMPROB(v, SR6_DROP_SR_UPPER_LAYER, SR6_ICMP6_PARAMPROB_SEGMENT, 80);
	CHECK_EQ(v.pushed, 0);
	CHECK_EQ(v.list, 0); /* no list taken: only the SID counts the drop */
	CHECK_PKT(p, &in);
	tb_ip6(&in, A, BSID, 64);
	tb_echo(&in);
	p = tb_run(&sid, &in, &v);
	CHECK_EQ(v.kind, SR6_V_ECHO);
	CHECK_EQ(v.data, 40);
	CHECK_PKT(p, &in);
	free(pol);
}

/* S05-S07 and S09-S11 as End: Time Exceeded, Parameter Problem. */
static void b6_checks_hop_limit_and_srh_before_pushing(void)
{
	struct sr6_policy *pol = policy(SR6_MODE_ENCAP, 1, (const char *const[]){B1});
	struct sr6_sid sid = b6_sid(SR6_BEH_END_B6_ENCAPS, pol);
	struct tb in;
	struct sr6_verdict v;
	b6_pkt(&in, BSID, 1, 1);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_ICMP(v, SR6_DROP_IP6_HOP_LIMIT, SR6_ICMP6_TIME_EXCEEDED, 0, 0);
	CHECK_EQ(v.list, 0);
	CHECK_PKT(p, &in);
	b6_pkt(&in, BSID, 64, 3);
	p = tb_run(&sid, &in, &v);
	CHECK_PARAMPROB(v, SR6_DROP_SRH_SEGMENTS_LEFT, 0, 43);
	CHECK_PKT(p, &in);
	free(pol);
}

/* No headroom for the push: dropped, not written out of the buffer. */
static void b6_without_headroom_is_dropped(void)
{
	struct sr6_policy *pol = policy(SR6_MODE_ENCAP, 2, (const char *const[]){B1, B2});
	struct sr6_sid sid = b6_sid(SR6_BEH_END_B6_ENCAPS, pol);
	struct tb in;
	struct sr6_verdict v;
	b6_pkt(&in, BSID, 64, 1);
	struct sr6_pkt *p = tb_pkt(&in);
	p->head = p->data - 79; /* one byte short of 80 (the buffer still starts at head) */
	sr6_sid_process(&sid, p, &tb_env, &v);
	p->head = p->data - SR6_PKT_HEADROOM;
	CHECK_EQ(v.kind, SR6_V_DROP);
	CHECK_EQ(v.why, SR6_DROP_NO_HEADROOM);
	CHECK_EQ(v.list, 1); /* the list it could not be pushed with counts the drop */
	tb_free(p);
	free(pol);
}

/* NEXT-CSID on a BSID: the argument is shifted in, then the push.
 * in:  IPv6(A -> fc00:0:b6:200::) | UDP
 * out: IPv6(P -> B1) | SRH(B2, B1; SL=1) | IPv6(A -> fc00:0:200::, hlim 63) | UDP */
static void b6_next_csid_shifts_then_pushes(void)
{
	struct sr6_policy *pol = policy(SR6_MODE_ENCAP, 2, (const char *const[]){B1, B2});
	struct sr6_sid sid = b6_sid(SR6_BEH_END_B6_ENCAPS, pol);
	struct tb in, inner, want;
	struct sr6_verdict v;
	sid.flavors = SR6_FLAVOR_NEXT_CSID;
	tb_ip6(&in, A, "fc00:0:b6:200::", 64);
	set_tc_flow(&in, TC, IN_FLOW);
	tb_udp(&in);
	tb_ip6(&inner, A, "fc00:0:200::", 63);
	set_tc_flow(&inner, TC, IN_FLOW);
	tb_udp(&inner);
	outer_ip6(&want, B1);
	tb_srh(&want, 1, 2, (const char *const[]){B2, B1});
	tb_inner(&want, SR6_IPPROTO_IPV6, &inner);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_EQ(v.kind, SR6_V_LOOKUP6);
	CHECK_EQ(v.pushed, 80);
	CHECK_PKT(p, &want);
	free(pol);
}

/* The flow hash picks the segment list: one hash, one list, always. */
static void b6_flow_hash_chooses_the_segment_list(void)
{
	struct sr6_policy_spec spec = {.name = "w", .mode = SR6_MODE_ENCAP, .n_lists = 2};
	struct sr6_ip6 src = tb_addr(P);
	char err[64];
	for (unsigned i = 0; i < 2; i++) {
		spec.lists[i].n_segs = 1;
		spec.lists[i].weight = 1;
		spec.lists[i].segs[0] = tb_addr(i ? B2 : B1);
	}
	struct sr6_policy *pol = sr6_policy_build(&spec, &src, err, sizeof(err));
	CHECK(pol);
	struct sr6_sid sid = b6_sid(SR6_BEH_END_B6_ENCAPS, pol);
	unsigned seen[2] = {0, 0};
	for (uint32_t h = 1; h <= 64; h++) {
		struct sr6_sr_env env = tb_env;
		struct tb in;
		struct sr6_verdict v;
		env.flow_hash = h;
		b6_pkt(&in, BSID, 64, 1);
		struct sr6_pkt *p = tb_pkt(&in);
		sr6_sid_process(&sid, p, &env, &v);
		CHECK_EQ(v.kind, SR6_V_LOOKUP6);
		const struct sr6_ip6 *want = &sr6_policy_pick(pol, h)->segs[0];
		CHECK_EQ(v.list, pol->bucket[h % SR6_POLICY_BUCKETS] + 1);
		CHECK_MEM(p->data + 24, want->b, 16);
		CHECK_EQ(sr6_get_be32(p->data) & 0xfffff, h);
		seen[sr6_ip6_eq(want, &spec.lists[1].segs[0])]++;
		tb_free(p);
	}
	CHECK(seen[0] > 0 && seen[1] > 0);
	free(pol);
}

SR6_TESTS(T(b6_encaps_advances_then_pushes_the_policy), T(b6_encaps_red_pushes_a_reduced_srh),
	  T(b6_encaps_red_of_one_segment_pushes_no_srh), T(b6_at_sl_zero_serves_upper_layer),
	  T(b6_checks_hop_limit_and_srh_before_pushing), T(b6_without_headroom_is_dropped),
	  T(b6_next_csid_shifts_then_pushes), T(b6_flow_hash_chooses_the_segment_list))
