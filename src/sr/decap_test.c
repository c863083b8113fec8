// SPDX-License-Identifier: MIT
/*
 * End.DX6, End.DX4, End.DX2, End.DT6, End.DT4, End.DT46 (RFC 8986
 * §4.4-4.9): the exposed packet byte for byte (outer IPv6 and every
 * extension header gone, inner hop limit/TTL untouched), its verdict, the
 * SL != 0 Parameter Problem, §4.1.1 for the wrong inner type, and inner
 * packets too broken to forward.
 */
#include "sr/behavior.h"
#include "test_pkt.h"

#define A   "2001:db8:a::1"
#define SID "fc00:9::d6"
#define S2  "fc00:2::2"

static void inner6(struct tb *t)
{
	tb_ip6(t, "2001:db8:c::1", "2001:db8:d::1", 50);
	tb_udp(t);
}

static void inner4(struct tb *t)
{
	tb_ip4_udp(t, 0xc0000201, 0xcb007105, 20);
}

/* IPv6(A -> SID) [| SRH(SID, S2; SL=0)] | inner as proto */
static void outer(struct tb *t, bool srh, uint8_t proto, const struct tb *inner)
{
	tb_ip6(t, A, SID, 64);
	if (srh)
		tb_srh(t, 0, 2, (const char *const[]){SID, S2});
	tb_inner(t, proto, inner);
}

/* in:  IPv6(A -> SID) | SRH(SL=0) | IPv6(C -> D, hlim 50) | UDP
 * out: IPv6(C -> D, hlim 50) | UDP, ADJ via the SID's next hop */
static void dx6_decapsulates_inner_ipv6_to_its_adjacency(void)
{
	struct sr6_sid sid = tb_sid(SR6_BEH_END_DX6, SID, 0);
	struct tb in, inner;
	struct sr6_verdict v;
	inner6(&inner);
	outer(&in, true, SR6_IPPROTO_IPV6, &inner);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_EQ(v.kind, SR6_V_ADJ);
	CHECK_EQ(v.nh, TB_ADJ);
	CHECK_PKT(p, &inner);
}

/* Reduced encapsulation / plain IPv6-in-IPv6: no SRH at all. */
static void dx6_decapsulates_without_srh(void)
{
	struct sr6_sid sid = tb_sid(SR6_BEH_END_DX6, SID, 0);
	struct tb in, inner;
	struct sr6_verdict v;
	inner6(&inner);
	outer(&in, false, SR6_IPPROTO_IPV6, &inner);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_EQ(v.kind, SR6_V_ADJ);
	CHECK_PKT(p, &inner);
}

/* "with all its extension headers": HBH, DOH, SRH, DOH all go. */
static void dx6_removes_every_outer_extension_header(void)
{
	static const uint8_t hbh[8] = {SR6_IPPROTO_NONE, 0, 1, 4, 0, 0, 0, 0};
	struct sr6_sid sid = tb_sid(SR6_BEH_END_DX6, SID, 0);
	struct tb in, inner;
	struct sr6_verdict v;
	inner6(&inner);
	tb_ip6(&in, A, SID, 64);
	tb_ext(&in, SR6_IPPROTO_HOPOPTS, hbh, sizeof(hbh));
	tb_dstopts(&in);
	tb_srh(&in, 0, 1, (const char *const[]){SID});
	tb_dstopts(&in);
	tb_inner(&in, SR6_IPPROTO_IPV6, &inner);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_EQ(v.kind, SR6_V_ADJ);
	CHECK_PKT(p, &inner);
}

/* S02-S04: SL != 0 at a decapsulating SID: Parameter Problem code 0 at
 * Segments Left (43), whatever else is wrong with the SRH. */
static void dx6_sl_not_zero_gets_param_problem_at_sl(void)
{
	struct sr6_sid sid = tb_sid(SR6_BEH_END_DX6, SID, 0);
	struct tb in, inner;
	struct sr6_verdict v;
	inner6(&inner);
	tb_ip6(&in, A, SID, 64);
	tb_srh(&in, 1, 2, (const char *const[]){S2, SID});
	tb_inner(&in, SR6_IPPROTO_IPV6, &inner);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_PARAMPROB(v, SR6_DROP_SR_NOT_LAST_SID, 0, 43);
	CHECK_PKT(p, &in);
	in.b[43] = 200; /* past Last Entry + 1 as well */
	p = tb_run(&sid, &in, &v);
	CHECK_PARAMPROB(v, SR6_DROP_SR_NOT_LAST_SID, 0, 43);
	CHECK_PKT(p, &in);
}

/* Wrong inner type for the behavior: §4.1.1, Parameter Problem code 4 at
 * the upper layer (IPv4 to End.DX6, IPv6 to End.DX4, UDP to End.DT46). */
static void decap_wrong_inner_type_gets_param_problem_code_4(void)
{
	static const struct {
		enum sr6_behavior b;
		uint8_t proto;
	} c[] = {
	    {SR6_BEH_END_DX6, SR6_IPPROTO_IPIP},     {SR6_BEH_END_DT6, SR6_IPPROTO_IPIP},
	    {SR6_BEH_END_DX4, SR6_IPPROTO_IPV6},     {SR6_BEH_END_DT4, SR6_IPPROTO_IPV6},
	    {SR6_BEH_END_DX2, SR6_IPPROTO_IPV6},     {SR6_BEH_END_DT46, SR6_IPPROTO_UDP},
	    {SR6_BEH_END_DX6, SR6_IPPROTO_ETHERNET},
	};
	for (unsigned i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct sr6_sid sid = tb_sid(c[i].b, SID, 0);
		struct tb in, inner;
		struct sr6_verdict v;
		inner6(&inner);
		outer(&in, true, c[i].proto, &inner);
		struct sr6_pkt *p = tb_run(&sid, &in, &v);
		CHECK_PARAMPROB(v, SR6_DROP_SR_UPPER_LAYER, SR6_ICMP6_PARAMPROB_SEGMENT, 80);
		CHECK_PKT(p, &in);
	}
}

/* An echo request to a decapsulating SID is answered (§4.1.1). */
static void decap_answers_echo_request(void)
{
	struct sr6_sid sid = tb_sid(SR6_BEH_END_DT46, SID, 0);
	struct tb in;
	struct sr6_verdict v;
	tb_ip6(&in, A, SID, 64);
	tb_srh(&in, 0, 2, (const char *const[]){SID, S2});
	tb_echo(&in);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_EQ(v.kind, SR6_V_ECHO);
	CHECK_EQ(v.data, 80);
	CHECK_PKT(p, &in);
}

/* End.DX4: inner IPv4 to the adjacency, TTL and checksum untouched. */
static void dx4_decapsulates_inner_ipv4_to_its_adjacency(void)
{
	struct sr6_sid sid = tb_sid(SR6_BEH_END_DX4, SID, 0);
	struct tb in, inner;
	struct sr6_verdict v;
	inner4(&inner);
	outer(&in, true, SR6_IPPROTO_IPIP, &inner);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_EQ(v.kind, SR6_V_ADJ);
	CHECK_EQ(v.nh, TB_ADJ);
	CHECK_PKT(p, &inner);
}

/* Broken inner IPv4: checksum, version, header length, total length. */
static void dx4_drops_malformed_inner_ipv4(void)
{
	static const struct {
		unsigned off;
		uint8_t val;
		bool fix_csum;
		enum sr6_drop why;
	} c[] = {
	    {10, 0x00, false, SR6_DROP_IP4_CHECKSUM}, /* checksum byte inverted */
	    {0, 0x65, true, SR6_DROP_IP4_HEADER},     /* version 6 */
	    {0, 0x44, true, SR6_DROP_IP4_HEADER},     /* IHL 4 */
	    {0, 0x4f, true, SR6_DROP_IP4_HEADER},     /* IHL 15: 60 bytes > 36 */
	    {3, 37, true, SR6_DROP_IP4_LENGTH},	      /* total length past the packet */
	    {3, 19, true, SR6_DROP_IP4_LENGTH},	      /* total length < header */
	};
	struct sr6_sid sid = tb_sid(SR6_BEH_END_DX4, SID, 0);
	for (unsigned i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct tb in, inner;
		struct sr6_verdict v;
		inner4(&inner);
		if (c[i].fix_csum) {
			inner.b[c[i].off] = c[i].val;
			sr6_ip4_set_checksum((struct sr6_ip4_hdr *)inner.b);
		} else {
			inner.b[c[i].off] ^= 0xff;
		}
		outer(&in, false, SR6_IPPROTO_IPIP, &inner);
		struct sr6_pkt *p = tb_run(&sid, &in, &v);
		CHECK_EQ(v.kind, SR6_V_DROP);
		CHECK_EQ(v.why, c[i].why);
		tb_free(p);
	}
	struct tb in;
	struct sr6_verdict v;
	tb_ip6(&in, A, SID, 64);
	tb_upper(&in, SR6_IPPROTO_IPIP, "\x45\0\0\x14", 4);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_EQ(v.why, SR6_DROP_IP4_TRUNCATED);
	tb_free(p);
}

/* An inner IPv4 packet shorter than the outer payload is cut to its length. */
static void dx4_trims_inner_ipv4_to_its_total_length(void)
{
	struct sr6_sid sid = tb_sid(SR6_BEH_END_DX4, SID, 0);
	struct tb in, inner;
	struct sr6_verdict v;
	inner4(&inner);
	outer(&in, false, SR6_IPPROTO_IPIP, &inner);
	memset(in.b + in.len, 0x55, 6);
	in.len += 6;
	tb_fix_len(&in);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_EQ(v.kind, SR6_V_ADJ);
	CHECK_PKT(p, &inner);
}

/* End.DX2: the Ethernet frame as is, out of the SID's interface. */
static void dx2_sends_inner_frame_out_its_interface(void)
{
	struct sr6_sid sid = tb_sid(SR6_BEH_END_DX2, SID, 0);
	struct tb in, frame;
	struct sr6_verdict v;
	tb_eth(&frame);
	outer(&in, true, SR6_IPPROTO_ETHERNET, &frame);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_EQ(v.kind, SR6_V_L2_OUT);
	CHECK_EQ(v.oif, TB_OIF);
	CHECK_PKT(p, &frame);
}

/* A frame shorter than an Ethernet header is dropped. */
static void dx2_drops_runt_frame(void)
{
	struct sr6_sid sid = tb_sid(SR6_BEH_END_DX2, SID, 0);
	struct tb in;
	struct sr6_verdict v;
	tb_ip6(&in, A, SID, 64);
	tb_upper(&in, SR6_IPPROTO_ETHERNET, "\2\0\0\0\0\2\2\0\0\0\0\1\x86", 13);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_EQ(v.kind, SR6_V_DROP);
	CHECK_EQ(v.why, SR6_DROP_L2_RUNT);
	tb_free(p);
}

/* End.DT6 / End.DT4: lookup in the SID's table. */
static void dt6_and_dt4_look_up_inner_in_their_table(void)
{
	struct sr6_sid dt6 = tb_sid(SR6_BEH_END_DT6, SID, 0);
	struct sr6_sid dt4 = tb_sid(SR6_BEH_END_DT4, SID, 0);
	struct tb in, inner;
	struct sr6_verdict v;
	inner6(&inner);
	outer(&in, true, SR6_IPPROTO_IPV6, &inner);
	struct sr6_pkt *p = tb_run(&dt6, &in, &v);
	CHECK_EQ(v.kind, SR6_V_LOOKUP6);
	CHECK(v.table == &tb_vrf);
	CHECK_PKT(p, &inner);
	inner4(&inner);
	outer(&in, false, SR6_IPPROTO_IPIP, &inner);
	p = tb_run(&dt4, &in, &v);
	CHECK_EQ(v.kind, SR6_V_LOOKUP4);
	CHECK(v.table == &tb_vrf);
	CHECK_PKT(p, &inner);
}

/* End.DT46: either family, each into its own lookup. */
static void dt46_looks_up_ipv6_and_ipv4(void)
{
	struct sr6_sid sid = tb_sid(SR6_BEH_END_DT46, SID, SR6_FLAVOR_REPLACE_CSID);
	struct tb in, inner;
	struct sr6_verdict v;
	inner6(&inner);
	outer(&in, true, SR6_IPPROTO_IPV6, &inner);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_EQ(v.kind, SR6_V_LOOKUP6);
	CHECK(v.table == &tb_vrf);
	CHECK_PKT(p, &inner);
	inner4(&inner);
	outer(&in, true, SR6_IPPROTO_IPIP, &inner);
	p = tb_run(&sid, &in, &v);
	CHECK_EQ(v.kind, SR6_V_LOOKUP4);
	CHECK(v.table == &tb_vrf);
	CHECK_PKT(p, &inner);
}

/* A broken inner IPv6 packet is dropped by its reason. */
static void dt6_drops_malformed_inner_ipv6(void)
{
	struct sr6_sid sid = tb_sid(SR6_BEH_END_DT6, SID, 0);
	struct tb in, inner;
	struct sr6_verdict v;
	inner6(&inner);
	sr6_put_be16(inner.b + 4, 17); /* one byte more than there is */
	outer(&in, true, SR6_IPPROTO_IPV6, &inner);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_EQ(v.kind, SR6_V_DROP);
	CHECK_EQ(v.why, SR6_DROP_IP6_LENGTH);
	tb_free(p);
	tb_ip6(&in, A, SID, 64);
	tb_upper(&in, SR6_IPPROTO_IPV6, "\x60", 1);
	p = tb_run(&sid, &in, &v);
	CHECK_EQ(v.why, SR6_DROP_IP6_TRUNCATED);
	tb_free(p);
}

/* A fragmented outer packet: no reassembly, dropped. */
static void decap_drops_fragments(void)
{
	static const uint8_t frag[8] = {SR6_IPPROTO_NONE, 0, 0, 1, 0, 0, 0, 1};
	struct sr6_sid sid = tb_sid(SR6_BEH_END_DX6, SID, 0);
	struct tb in, inner;
	struct sr6_verdict v;
	inner6(&inner);
	tb_ip6(&in, A, SID, 64);
	tb_ext(&in, SR6_IPPROTO_FRAGMENT, frag, sizeof(frag));
	tb_inner(&in, SR6_IPPROTO_IPV6, &inner);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_EQ(v.kind, SR6_V_DROP);
	CHECK_EQ(v.why, SR6_DROP_SR_FRAGMENT);
	CHECK_PKT(p, &in);
}

/* RFC 8200 §4.4 applies here too: a type-0 Routing header with SL 1. */
static void decap_unknown_routing_type_with_sl_gets_param_problem(void)
{
	static const uint8_t rh0[24] = {SR6_IPPROTO_NONE, 2, 0, 1};
	struct sr6_sid sid = tb_sid(SR6_BEH_END_DT4, SID, 0);
	struct tb in, inner;
	struct sr6_verdict v;
	inner4(&inner);
	tb_ip6(&in, A, SID, 64);
	tb_ext(&in, SR6_IPPROTO_ROUTING, rh0, sizeof(rh0));
	tb_inner(&in, SR6_IPPROTO_IPIP, &inner);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_PARAMPROB(v, SR6_DROP_SRH_BAD_TYPE, 0, 42);
	CHECK_PKT(p, &in);
}

/* The decapsulating behaviors ignore a hop limit of 1 (they forward the
 * exposed packet, not the outer one). */
static void decap_ignores_outer_hop_limit(void)
{
	struct sr6_sid sid = tb_sid(SR6_BEH_END_DX6, SID, 0);
	struct tb in, inner;
	struct sr6_verdict v;
	inner6(&inner);
	tb_ip6(&in, A, SID, 1);
	tb_inner(&in, SR6_IPPROTO_IPV6, &inner);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_EQ(v.kind, SR6_V_ADJ);
	CHECK_PKT(p, &inner);
}

SR6_TESTS(T(dx6_decapsulates_inner_ipv6_to_its_adjacency), T(dx6_decapsulates_without_srh),
	  T(dx6_removes_every_outer_extension_header), T(dx6_sl_not_zero_gets_param_problem_at_sl),
	  T(decap_wrong_inner_type_gets_param_problem_code_4), T(decap_answers_echo_request),
	  T(dx4_decapsulates_inner_ipv4_to_its_adjacency), T(dx4_drops_malformed_inner_ipv4),
	  T(dx4_trims_inner_ipv4_to_its_total_length), T(dx2_sends_inner_frame_out_its_interface),
	  T(dx2_drops_runt_frame), T(dt6_and_dt4_look_up_inner_in_their_table),
	  T(dt46_looks_up_ipv6_and_ipv4), T(dt6_drops_malformed_inner_ipv6),
	  T(decap_drops_fragments), T(decap_unknown_routing_type_with_sl_gets_param_problem),
	  T(decap_ignores_outer_hop_limit))
