// SPDX-License-Identifier: MIT
/*
 * End, End.X, End.T (RFC 8986 §4.1-4.3) and the PSP/USP/USD flavors
 * (§4.16): every verdict and every byte of the packet after it, the ICMP
 * errors the RFC names, and headers the SID must not trip over.
 *
 * Names: A source; S1 this SID; S2, S3 further segments.
 */
#include "sr/behavior.h"
#include "test_pkt.h"

#define A	"2001:db8:a::1"
#define S1	"fc00:1::1"
#define S2	"fc00:2::2"
#define S3	"fc00:3::3"
#define IN6_SRC "2001:db8:c::1"
#define IN6_DST "2001:db8:d::1"

static const char *const list3[] = {S3, S2, S1}; /* Segment List[0] = S3 */

/* in:  IPv6(A -> S1, hlim 64) | SRH(S3,S2,S1; SL=2) | UDP
 * out: IPv6(A -> S2, hlim 63) | SRH(S3,S2,S1; SL=1) | UDP, LOOKUP6 main */
static void end_advances_to_next_segment(void)
{
	struct sr6_sid sid = tb_sid(SR6_BEH_END, S1, 0);
	struct tb in, want;
	struct sr6_verdict v;
	tb_ip6(&in, A, S1, 64);
	tb_srh(&in, 2, 3, list3);
	tb_udp(&in);
	tb_ip6(&want, A, S2, 63);
	tb_srh(&want, 1, 3, list3);
	tb_udp(&want);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_EQ(v.kind, SR6_V_LOOKUP6);
	CHECK(v.table == &tb_main);
	CHECK_EQ(v.pushed, 0);
	CHECK_PKT(p, &want);
}

/* Reduced SRH (first segment only in the DA): SL = LE + 1 is allowed.
 * in:  IPv6(A -> S1) | SRH(S3,S2; SL=2, LE=1)
 * out: IPv6(A -> S2) | SRH(S3,S2; SL=1) */
static void end_accepts_reduced_srh_with_sl_last_entry_plus_1(void)
{
	struct sr6_sid sid = tb_sid(SR6_BEH_END, S1, 0);
	struct tb in, want;
	struct sr6_verdict v;
	tb_ip6(&in, A, S1, 64);
	tb_srh(&in, 2, 2, list3);
	tb_udp(&in);
	tb_ip6(&want, A, S2, 63);
	tb_srh(&want, 1, 2, list3);
	tb_udp(&want);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_EQ(v.kind, SR6_V_LOOKUP6);
	CHECK_PKT(p, &want);
}

/* End.X: same rewrite, ADJ via the SID's next hop. */
static void end_x_forwards_via_its_adjacency(void)
{
	struct sr6_sid sid = tb_sid(SR6_BEH_END_X, S1, 0);
	struct tb in, want;
	struct sr6_verdict v;
	tb_ip6(&in, A, S1, 64);
	tb_srh(&in, 2, 3, list3);
	tb_udp(&in);
	tb_ip6(&want, A, S2, 63);
	tb_srh(&want, 1, 3, list3);
	tb_udp(&want);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_EQ(v.kind, SR6_V_ADJ);
	CHECK_EQ(v.nh, TB_ADJ);
	CHECK_PKT(p, &want);
}

/* End.T: same rewrite, LOOKUP6 in the SID's table. */
static void end_t_looks_up_in_its_table(void)
{
	struct sr6_sid sid = tb_sid(SR6_BEH_END_T, S1, 0);
	struct tb in, want;
	struct sr6_verdict v;
	tb_ip6(&in, A, S1, 64);
	tb_srh(&in, 2, 3, list3);
	tb_udp(&in);
	tb_ip6(&want, A, S2, 63);
	tb_srh(&want, 1, 3, list3);
	tb_udp(&want);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_EQ(v.kind, SR6_V_LOOKUP6);
	CHECK(v.table == &tb_vrf);
	CHECK_PKT(p, &want);
}

/* S05-S06: hop limit 1 or 0 with SL > 0: Time Exceeded, packet untouched. */
static void end_hop_limit_1_sends_time_exceeded(void)
{
	struct sr6_sid sid = tb_sid(SR6_BEH_END, S1, 0);
	for (uint8_t hlim = 0; hlim <= 1; hlim++) {
		struct tb in;
		struct sr6_verdict v;
		tb_ip6(&in, A, S1, hlim);
		tb_srh(&in, 2, 3, list3);
		tb_udp(&in);
		struct sr6_pkt *p = tb_run(&sid, &in, &v);
		CHECK_ICMP(v, SR6_DROP_IP6_HOP_LIMIT, SR6_ICMP6_TIME_EXCEEDED, 0, 0);
		CHECK_PKT(p, &in);
	}
}

/* S02 comes before S05: at SL 0 the hop limit is not looked at. */
static void end_sl_zero_with_hop_limit_1_still_answers_echo(void)
{
	struct sr6_sid sid = tb_sid(SR6_BEH_END, S1, 0);
	struct tb in;
	struct sr6_verdict v;
	tb_ip6(&in, A, S1, 1);
	tb_srh(&in, 0, 3, (const char *const[]){S1, S2, A});
	tb_echo(&in);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_EQ(v.kind, SR6_V_ECHO);
	CHECK_EQ(v.data, 40 + 56);
	CHECK_PKT(p, &in);
}

/* S09-S10: Last Entry 3 in a header with room for 3 segments: Parameter
 * Problem code 0 pointing at Segments Left (40 + 3). */
static void end_last_entry_beyond_header_gets_param_problem_at_sl(void)
{
	struct sr6_sid sid = tb_sid(SR6_BEH_END, S1, 0);
	struct tb in;
	struct sr6_verdict v;
	tb_ip6(&in, A, S1, 64);
	tb_srh(&in, 2, 3, list3);
	tb_udp(&in);
	in.b[40 + 4] = 3;
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_PARAMPROB(v, SR6_DROP_SRH_LAST_ENTRY, 0, 43);
	CHECK_PKT(p, &in);
}

/* S09-S10: SL 4 > LE 2 + 1 (never reads Segment List[3], outside the SRH). */
static void end_sl_above_last_entry_plus_1_gets_param_problem_at_sl(void)
{
	struct sr6_sid sid = tb_sid(SR6_BEH_END, S1, 0);
	for (unsigned sl = 4; sl <= 255; sl += 251) {
		struct tb in;
		struct sr6_verdict v;
		tb_ip6(&in, A, S1, 64);
		tb_srh(&in, (uint8_t)sl, 3, list3);
		tb_udp(&in);
		struct sr6_pkt *p = tb_run(&sid, &in, &v);
		CHECK_PARAMPROB(v, SR6_DROP_SRH_SEGMENTS_LEFT, 0, 43);
		CHECK_PKT(p, &in);
	}
}

/* A PadN TLV of 6 bytes (RFC 8754 §2.1.1.2 allows 5): Parameter Problem
 * code 0 pointing at the TLV, 40 + 8 + 32. */
static void end_malformed_tlv_gets_param_problem_at_the_tlv(void)
{
	struct sr6_sid sid = tb_sid(SR6_BEH_END, S1, 0);
	uint8_t srh[48] = {SR6_IPPROTO_UDP, 5, 4, 1, 1};
	struct tb in;
	struct sr6_verdict v;
	memcpy(srh + 8, tb_addr(S2).b, 16);
	memcpy(srh + 24, tb_addr(S1).b, 16);
	srh[40] = SR6_SRH_TLV_PADN;
	srh[41] = 6;
	tb_ip6(&in, A, S1, 64);
	tb_ext(&in, SR6_IPPROTO_ROUTING, srh, sizeof(srh));
	tb_udp(&in);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_PARAMPROB(v, SR6_DROP_SRH_TLV, 0, 80);
	CHECK_PKT(p, &in);
}

/* Well-formed TLVs (PadN, unknown type) are carried along untouched. */
static void end_keeps_well_formed_tlvs(void)
{
	struct sr6_sid sid = tb_sid(SR6_BEH_END, S1, 0);
	uint8_t srh[48] = {SR6_IPPROTO_UDP, 5, 4, 1, 1};
	struct tb in, want;
	struct sr6_verdict v;
	memcpy(srh + 8, tb_addr(S2).b, 16);
	memcpy(srh + 24, tb_addr(S1).b, 16);
	memcpy(srh + 40, (const uint8_t[]){0x80, 2, 0xab, 0xcd, SR6_SRH_TLV_PADN, 2, 0, 0}, 8);
	tb_ip6(&in, A, S1, 64);
	tb_ext(&in, SR6_IPPROTO_ROUTING, srh, sizeof(srh));
	tb_udp(&in);
	srh[3] = 0;
	tb_ip6(&want, A, S2, 63);
	tb_ext(&want, SR6_IPPROTO_ROUTING, srh, sizeof(srh));
	tb_udp(&want);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_EQ(v.kind, SR6_V_LOOKUP6);
	CHECK_PKT(p, &want);
}

/* §4.1.1: echo request to the SID, no SRH: ECHO at offset 40. */
static void end_answers_echo_request_without_srh(void)
{
	struct sr6_sid sid = tb_sid(SR6_BEH_END, S1, 0);
	struct tb in;
	struct sr6_verdict v;
	tb_ip6(&in, A, S1, 64);
	tb_echo(&in);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_EQ(v.kind, SR6_V_ECHO);
	CHECK_EQ(v.data, 40);
	CHECK_PKT(p, &in);
}

/* §4.1.1 S04: UDP at SL 0: Parameter Problem code 4 at the UDP header (96). */
static void end_sl_zero_udp_gets_param_problem_code_4_at_upper_layer(void)
{
	struct sr6_sid sid = tb_sid(SR6_BEH_END, S1, 0);
	struct tb in;
	struct sr6_verdict v;
	tb_ip6(&in, A, S1, 64);
	tb_srh(&in, 0, 3, (const char *const[]){S1, S2, S3});
	tb_udp(&in);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_PARAMPROB(v, SR6_DROP_SR_UPPER_LAYER, SR6_ICMP6_PARAMPROB_SEGMENT, 96);
	CHECK_PKT(p, &in);
}

/* The pointer is the upper layer's offset past every extension header:
 * IPv6 | DOH | SRH(1 segment) | DOH | UDP -> 40 + 8 + 24 + 8. */
static void end_upper_layer_pointer_skips_every_extension_header(void)
{
	struct sr6_sid sid = tb_sid(SR6_BEH_END, S1, 0);
	struct tb in;
	struct sr6_verdict v;
	tb_ip6(&in, A, S1, 64);
	tb_dstopts(&in);
	tb_srh(&in, 0, 1, (const char *const[]){S1});
	tb_dstopts(&in);
	tb_udp(&in);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_PARAMPROB(v, SR6_DROP_SR_UPPER_LAYER, SR6_ICMP6_PARAMPROB_SEGMENT, 80);
	tb_free(p);
	/* no SRH at all: the same for a UDP right behind the IPv6 header */
	tb_ip6(&in, A, S1, 64);
	tb_udp(&in);
	p = tb_run(&sid, &in, &v);
	CHECK_PARAMPROB(v, SR6_DROP_SR_UPPER_LAYER, SR6_ICMP6_PARAMPROB_SEGMENT, 40);
	CHECK_PKT(p, &in);
}

/* No Next Header and ESP are upper layers a SID does not serve either. */
static void end_no_next_header_and_esp_get_param_problem_code_4(void)
{
	struct sr6_sid sid = tb_sid(SR6_BEH_END, S1, 0);
	struct tb in;
	struct sr6_verdict v;
	tb_ip6(&in, A, S1, 64);
	tb_srh(&in, 0, 1, (const char *const[]){S1});
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_PARAMPROB(v, SR6_DROP_SR_UPPER_LAYER, SR6_ICMP6_PARAMPROB_SEGMENT, 64);
	tb_free(p);
	tb_ip6(&in, A, S1, 64);
	tb_upper(&in, SR6_IPPROTO_ESP, "\0\0\0\1\0\0\0\1", 8);
	p = tb_run(&sid, &in, &v);
	CHECK_PARAMPROB(v, SR6_DROP_SR_UPPER_LAYER, SR6_ICMP6_PARAMPROB_SEGMENT, 40);
	CHECK_PKT(p, &in);
}

/* A fragment at the upper layer: no reassembly, dropped. */
static void end_fragment_at_upper_layer_is_dropped(void)
{
	struct sr6_sid sid = tb_sid(SR6_BEH_END, S1, 0);
	static const uint8_t frag[8] = {SR6_IPPROTO_NONE, 0, 0, 1, 0, 0, 0, 42}; /* first, M=1 */
	struct tb in;
	struct sr6_verdict v;
	tb_ip6(&in, A, S1, 64);
	tb_ext(&in, SR6_IPPROTO_FRAGMENT, frag, sizeof(frag));
	tb_echo(&in);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_EQ(v.kind, SR6_V_DROP);
	CHECK_EQ(v.why, SR6_DROP_SR_FRAGMENT);
	CHECK_PKT(p, &in);
}

/* ICMPv6 that is not an echo request (here an echo reply) is refused. */
static void end_icmp6_other_than_echo_request_gets_param_problem(void)
{
	struct sr6_sid sid = tb_sid(SR6_BEH_END, S1, 0);
	struct tb in;
	struct sr6_verdict v;
	tb_ip6(&in, A, S1, 64);
	tb_upper(&in, SR6_IPPROTO_ICMPV6, (const uint8_t[]){129, 0, 0, 0, 0, 1, 0, 1}, 8);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_PARAMPROB(v, SR6_DROP_SR_UPPER_LAYER, SR6_ICMP6_PARAMPROB_SEGMENT, 40);
	tb_free(p);
	/* an echo request cut short of its 8-byte header is no echo request */
	tb_ip6(&in, A, S1, 64);
	tb_upper(&in, SR6_IPPROTO_ICMPV6, (const uint8_t[]){128, 0, 0, 0}, 4);
	p = tb_run(&sid, &in, &v);
	CHECK_PARAMPROB(v, SR6_DROP_SR_UPPER_LAYER, SR6_ICMP6_PARAMPROB_SEGMENT, 40);
	CHECK_PKT(p, &in);
}

/* §4.16.1: PSP pops the SRH when SL reaches 0.
 * in:  IPv6(A -> S1, plen 56) | SRH(S2,S1; SL=1) | UDP
 * out: IPv6(A -> S2, plen 16, nh UDP, hlim 63) | UDP */
static void end_psp_removes_srh_when_sl_reaches_zero(void)
{
	struct sr6_sid sid = tb_sid(SR6_BEH_END, S1, SR6_FLAVOR_PSP);
	struct tb in, want;
	struct sr6_verdict v;
	tb_ip6(&in, A, S1, 64);
	tb_srh(&in, 1, 2, (const char *const[]){S2, S1});
	tb_udp(&in);
	tb_ip6(&want, A, S2, 63);
	tb_udp(&want);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_EQ(v.kind, SR6_V_LOOKUP6);
	CHECK(v.table == &tb_main);
	CHECK_PKT(p, &want);
}

/* PSP at a non-penultimate segment (SL 2 -> 1) keeps the SRH. */
static void end_psp_keeps_srh_before_the_penultimate_segment(void)
{
	struct sr6_sid sid = tb_sid(SR6_BEH_END, S1, SR6_FLAVOR_PSP);
	struct tb in, want;
	struct sr6_verdict v;
	tb_ip6(&in, A, S1, 64);
	tb_srh(&in, 2, 3, list3);
	tb_udp(&in);
	tb_ip6(&want, A, S2, 63);
	tb_srh(&want, 1, 3, list3);
	tb_udp(&want);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_EQ(v.kind, SR6_V_LOOKUP6);
	CHECK_PKT(p, &want);
}

/* PSP with headers in front of the SRH: the one in front takes the SRH's
 * Next Header, and both move up.
 * in:  IPv6 | HBH | DOH | SRH(S2,S1; SL=1) | UDP
 * out: IPv6 | HBH | DOH(nh UDP) | UDP */
static void end_psp_fixes_next_header_of_the_header_before_srh(void)
{
	static const uint8_t hbh[8] = {SR6_IPPROTO_NONE, 0, 1, 4, 0, 0, 0, 0};
	struct sr6_sid sid = tb_sid(SR6_BEH_END_X, S1, SR6_FLAVOR_PSP);
	struct tb in, want;
	struct sr6_verdict v;
	tb_ip6(&in, A, S1, 64);
	tb_ext(&in, SR6_IPPROTO_HOPOPTS, hbh, sizeof(hbh));
	tb_dstopts(&in);
	tb_srh(&in, 1, 2, (const char *const[]){S2, S1});
	tb_udp(&in);
	tb_ip6(&want, A, S2, 63);
	tb_ext(&want, SR6_IPPROTO_HOPOPTS, hbh, sizeof(hbh));
	tb_dstopts(&want);
	tb_udp(&want);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_EQ(v.kind, SR6_V_ADJ);
	CHECK_PKT(p, &want);
}

/* PSP on End.T: the SRH goes, the lookup is in the SID's table. */
static void end_t_psp_pops_and_looks_up_in_table(void)
{
	struct sr6_sid sid = tb_sid(SR6_BEH_END_T, S1, SR6_FLAVOR_PSP);
	struct tb in, want;
	struct sr6_verdict v;
	tb_ip6(&in, A, S1, 64);
	tb_srh(&in, 1, 2, (const char *const[]){S2, S1});
	tb_echo(&in);
	tb_ip6(&want, A, S2, 63);
	tb_echo(&want);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_EQ(v.kind, SR6_V_LOOKUP6);
	CHECK(v.table == &tb_vrf);
	CHECK_PKT(p, &want);
}

/* PSP flavor at SL 0: nothing to pop before the upper layer; echo served. */
static void end_psp_at_sl_zero_serves_upper_layer_with_srh(void)
{
	struct sr6_sid sid = tb_sid(SR6_BEH_END, S1, SR6_FLAVOR_PSP);
	struct tb in;
	struct sr6_verdict v;
	tb_ip6(&in, A, S1, 64);
	tb_srh(&in, 0, 2, (const char *const[]){S1, S2});
	tb_echo(&in);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_EQ(v.kind, SR6_V_ECHO);
	CHECK_EQ(v.data, 80);
	CHECK_PKT(p, &in);
}

/* §4.16.2: USP pops the SRH at SL 0, then the upper layer.
 * in:  IPv6(A -> S1) | SRH(S1,S2; SL=0) | Echo
 * out: IPv6(A -> S1, hlim 64) | Echo, ECHO at 40 */
static void end_usp_pops_srh_then_answers_echo(void)
{
	struct sr6_sid sid = tb_sid(SR6_BEH_END, S1, SR6_FLAVOR_USP);
	struct tb in, want;
	struct sr6_verdict v;
	tb_ip6(&in, A, S1, 64);
	tb_srh(&in, 0, 2, (const char *const[]){S1, S2});
	tb_echo(&in);
	tb_ip6(&want, A, S1, 64);
	tb_echo(&want);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_EQ(v.kind, SR6_V_ECHO);
	CHECK_EQ(v.data, 40);
	CHECK_PKT(p, &want);
}

/* USP then an upper layer that is not served: the pointer is into the
 * packet as it is after the pop (the one the error quotes). */
static void end_usp_param_problem_points_into_the_popped_packet(void)
{
	struct sr6_sid sid = tb_sid(SR6_BEH_END_X, S1, SR6_FLAVOR_USP);
	struct tb in, want;
	struct sr6_verdict v;
	tb_ip6(&in, A, S1, 64);
	tb_dstopts(&in);
	tb_srh(&in, 0, 2, (const char *const[]){S1, S2});
	tb_udp(&in);
	tb_ip6(&want, A, S1, 64);
	tb_dstopts(&want);
	tb_udp(&want);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_PARAMPROB(v, SR6_DROP_SR_UPPER_LAYER, SR6_ICMP6_PARAMPROB_SEGMENT, 48);
	CHECK_PKT(p, &want);
}

/* USP at SL > 0: plain End processing, the SRH stays. */
static void end_usp_at_sl_above_zero_advances_normally(void)
{
	struct sr6_sid sid = tb_sid(SR6_BEH_END, S1, SR6_FLAVOR_USP);
	struct tb in, want;
	struct sr6_verdict v;
	tb_ip6(&in, A, S1, 64);
	tb_srh(&in, 1, 2, (const char *const[]){S2, S1});
	tb_udp(&in);
	tb_ip6(&want, A, S2, 63);
	tb_srh(&want, 0, 2, (const char *const[]){S2, S1});
	tb_udp(&want);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_EQ(v.kind, SR6_V_LOOKUP6);
	CHECK_PKT(p, &want);
}

/* Inner IPv6 packet: IPv6(C -> D, hlim 50)/UDP. */
static void inner6(struct tb *t)
{
	tb_ip6(t, IN6_SRC, IN6_DST, 50);
	tb_udp(t);
}

/* §4.16.3 USD on End: SL 0, inner IPv6 -> decapsulated, LOOKUP6 in main.
 * in:  IPv6(A -> S1) | SRH(S1; SL=0) | IPv6(C -> D, hlim 50) | UDP
 * out: IPv6(C -> D, hlim 50) | UDP (the exposed packet keeps its hop limit) */
static void end_usd_decapsulates_inner_ipv6_into_main(void)
{
	struct sr6_sid sid = tb_sid(SR6_BEH_END, S1, SR6_FLAVOR_USD);
	struct tb in, inner;
	struct sr6_verdict v;
	inner6(&inner);
	tb_ip6(&in, A, S1, 64);
	tb_srh(&in, 0, 1, (const char *const[]){S1});
	tb_inner(&in, SR6_IPPROTO_IPV6, &inner);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_EQ(v.kind, SR6_V_LOOKUP6);
	CHECK(v.table == &tb_main);
	CHECK_PKT(p, &inner);
}

/* USD with no SRH (reduced encapsulation) and an IPv4 inner: LOOKUP4 main. */
static void end_usd_without_srh_decapsulates_inner_ipv4_into_main(void)
{
	struct sr6_sid sid = tb_sid(SR6_BEH_END, S1, SR6_FLAVOR_USD);
	struct tb in, inner;
	struct sr6_verdict v;
	tb_ip4_udp(&inner, 0xc0000201, 0xcb007105, 20);
	tb_ip6(&in, A, S1, 64);
	tb_inner(&in, SR6_IPPROTO_IPIP, &inner);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_EQ(v.kind, SR6_V_LOOKUP4);
	CHECK(v.table == &tb_main);
	CHECK_PKT(p, &inner);
}

/* End.X with USD: both inner families go to the adjacency (RFC 8986
 * §4.16.3: "the exposed IP packet"). */
static void end_x_usd_sends_inner_ipv6_and_ipv4_to_the_adjacency(void)
{
	struct sr6_sid sid = tb_sid(SR6_BEH_END_X, S1, SR6_FLAVOR_USD);
	struct tb in, inner;
	struct sr6_verdict v;
	inner6(&inner);
	tb_ip6(&in, A, S1, 64);
	tb_srh(&in, 0, 1, (const char *const[]){S1});
	tb_inner(&in, SR6_IPPROTO_IPV6, &inner);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_EQ(v.kind, SR6_V_ADJ);
	CHECK_EQ(v.nh, TB_ADJ);
	CHECK_PKT(p, &inner);

	tb_ip4_udp(&inner, 0xc0000201, 0xcb007105, 20);
	tb_ip6(&in, A, S1, 64);
	tb_inner(&in, SR6_IPPROTO_IPIP, &inner);
	p = tb_run(&sid, &in, &v);
	CHECK_EQ(v.kind, SR6_V_ADJ);
	CHECK_EQ(v.nh, TB_ADJ);
	CHECK_PKT(p, &inner);
}

/* End.T with USD: inner IPv6 and IPv4 looked up in the SID's table. */
static void end_t_usd_looks_up_inner_in_its_table(void)
{
	struct sr6_sid sid = tb_sid(SR6_BEH_END_T, S1, SR6_FLAVOR_USD);
	struct tb in, inner;
	struct sr6_verdict v;
	inner6(&inner);
	tb_ip6(&in, A, S1, 64);
	tb_inner(&in, SR6_IPPROTO_IPV6, &inner);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_EQ(v.kind, SR6_V_LOOKUP6);
	CHECK(v.table == &tb_vrf);
	CHECK_PKT(p, &inner);

	tb_ip4_udp(&inner, 0xc0000201, 0xcb007105, 20);
	tb_ip6(&in, A, S1, 64);
	tb_inner(&in, SR6_IPPROTO_IPIP, &inner);
	p = tb_run(&sid, &in, &v);
	CHECK_EQ(v.kind, SR6_V_LOOKUP4);
	CHECK(v.table == &tb_vrf);
	CHECK_PKT(p, &inner);
}

/* USD at SL > 0 is plain End (the SRH is processed, nothing decapsulated). */
static void end_usd_at_sl_above_zero_advances_normally(void)
{
	struct sr6_sid sid = tb_sid(SR6_BEH_END, S1, SR6_FLAVOR_USD);
	struct tb in, want, inner;
	struct sr6_verdict v;
	inner6(&inner);
	tb_ip6(&in, A, S1, 64);
	tb_srh(&in, 1, 2, (const char *const[]){S2, S1});
	tb_inner(&in, SR6_IPPROTO_IPV6, &inner);
	tb_ip6(&want, A, S2, 63);
	tb_srh(&want, 0, 2, (const char *const[]){S2, S1});
	tb_inner(&want, SR6_IPPROTO_IPV6, &inner);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_EQ(v.kind, SR6_V_LOOKUP6);
	CHECK_PKT(p, &want);
}

/* USD with an upper layer that is not IP: §4.1.1 (echo, else code 4). */
static void end_usd_other_upper_layer_is_served_as_section_4_1_1(void)
{
	struct sr6_sid sid = tb_sid(SR6_BEH_END, S1, SR6_FLAVOR_USD);
	struct tb in;
	struct sr6_verdict v;
	tb_ip6(&in, A, S1, 64);
	tb_echo(&in);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_EQ(v.kind, SR6_V_ECHO);
	tb_free(p);
	tb_ip6(&in, A, S1, 64);
	tb_udp(&in);
	p = tb_run(&sid, &in, &v);
	CHECK_PARAMPROB(v, SR6_DROP_SR_UPPER_LAYER, SR6_ICMP6_PARAMPROB_SEGMENT, 40);
	CHECK_PKT(p, &in);
}

/* Without USD an inner IPv6 packet is an upper layer End does not serve. */
static void end_without_usd_refuses_inner_ipv6(void)
{
	struct sr6_sid sid = tb_sid(SR6_BEH_END, S1, SR6_FLAVOR_PSP | SR6_FLAVOR_USP);
	struct tb in, want, inner;
	struct sr6_verdict v;
	inner6(&inner);
	tb_ip6(&in, A, S1, 64);
	tb_srh(&in, 0, 1, (const char *const[]){S1});
	tb_inner(&in, SR6_IPPROTO_IPV6, &inner);
	tb_ip6(&want, A, S1, 64);
	tb_inner(&want, SR6_IPPROTO_IPV6, &inner);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_PARAMPROB(v, SR6_DROP_SR_UPPER_LAYER, SR6_ICMP6_PARAMPROB_SEGMENT, 40);
	CHECK_PKT(p, &want); /* USP already popped the SRH */
}

/* USP + USD: the SRH is popped, then the packet decapsulated anyway. */
static void end_usp_usd_decapsulates(void)
{
	struct sr6_sid sid =
	    tb_sid(SR6_BEH_END, S1, SR6_FLAVOR_PSP | SR6_FLAVOR_USP | SR6_FLAVOR_USD);
	struct tb in, inner;
	struct sr6_verdict v;
	inner6(&inner);
	tb_ip6(&in, A, S1, 64);
	tb_dstopts(&in);
	tb_srh(&in, 0, 2, (const char *const[]){S1, S2});
	tb_inner(&in, SR6_IPPROTO_IPV6, &inner);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_EQ(v.kind, SR6_V_LOOKUP6);
	CHECK_PKT(p, &inner);
}

/* USD on a malformed inner packet: dropped by reason, no error sent. */
static void end_usd_drops_malformed_inner_packets(void)
{
	struct sr6_sid sid = tb_sid(SR6_BEH_END, S1, SR6_FLAVOR_USD);
	struct tb in, inner;
	struct sr6_verdict v;
	struct sr6_pkt *p;

	inner6(&inner);
	sr6_put_be16(inner.b + 4, 500); /* payload length past the packet */
	tb_ip6(&in, A, S1, 64);
	tb_inner(&in, SR6_IPPROTO_IPV6, &inner);
	p = tb_run(&sid, &in, &v);
	CHECK_EQ(v.kind, SR6_V_DROP);
	CHECK_EQ(v.why, SR6_DROP_IP6_LENGTH);
	tb_free(p);

	inner6(&inner);
	inner.b[0] = 0x40; /* says IPv4 behind Next Header 41 */
	tb_ip6(&in, A, S1, 64);
	tb_inner(&in, SR6_IPPROTO_IPV6, &inner);
	p = tb_run(&sid, &in, &v);
	CHECK_EQ(v.why, SR6_DROP_IP6_VERSION);
	tb_free(p);

	tb_ip6(&in, A, S1, 64);
	tb_upper(&in, SR6_IPPROTO_IPV6, inner.b, 39);
	p = tb_run(&sid, &in, &v);
	CHECK_EQ(v.why, SR6_DROP_IP6_TRUNCATED);
	tb_free(p);

	tb_ip4_udp(&inner, 0xc0000201, 0xcb007105, 20);
	inner.b[10] ^= 1; /* header checksum */
	tb_ip6(&in, A, S1, 64);
	tb_inner(&in, SR6_IPPROTO_IPIP, &inner);
	p = tb_run(&sid, &in, &v);
	CHECK_EQ(v.kind, SR6_V_DROP);
	CHECK_EQ(v.why, SR6_DROP_IP4_CHECKSUM);
	tb_free(p);
}

/* The exposed IPv6 packet is cut to its own length (bytes after it in the
 * outer payload are not forwarded). */
static void end_usd_trims_inner_packet_to_its_length(void)
{
	struct sr6_sid sid = tb_sid(SR6_BEH_END, S1, SR6_FLAVOR_USD);
	struct tb in, inner;
	struct sr6_verdict v;
	inner6(&inner);
	tb_ip6(&in, A, S1, 64);
	tb_inner(&in, SR6_IPPROTO_IPV6, &inner);
	memset(in.b + in.len, 0xaa, 10);
	in.len += 10;
	tb_fix_len(&in);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_EQ(v.kind, SR6_V_LOOKUP6);
	CHECK_PKT(p, &inner);
}

/* RFC 8200 §4.4: a Routing header of type 0 with SL 1 in front: Parameter
 * Problem code 0 at its Routing Type (42). */
static void end_unknown_routing_type_with_sl_gets_param_problem_at_type(void)
{
	static const uint8_t rh0[24] = {SR6_IPPROTO_UDP, 2, 0, 1};
	struct sr6_sid sid = tb_sid(SR6_BEH_END, S1, 0);
	struct tb in;
	struct sr6_verdict v;
	tb_ip6(&in, A, S1, 64);
	tb_ext(&in, SR6_IPPROTO_ROUTING, rh0, sizeof(rh0));
	tb_udp(&in);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_PARAMPROB(v, SR6_DROP_SRH_BAD_TYPE, 0, 42);
	CHECK_PKT(p, &in);
}

/* A type-0 Routing header with SL 0 is ignored (RFC 8200 §4.4); the SRH
 * behind it is processed, and PSP fixes the type-0 header's Next Header.
 * in:  IPv6 | RH0(SL=0) | SRH(S2,S1; SL=1) | UDP
 * out: IPv6 | RH0(nh UDP) | UDP */
static void end_psp_behind_ignored_routing_header_fixes_its_next_header(void)
{
	uint8_t rh0[24] = {SR6_IPPROTO_NONE, 2, 0, 0};
	struct sr6_sid sid = tb_sid(SR6_BEH_END, S1, SR6_FLAVOR_PSP);
	struct tb in, want;
	struct sr6_verdict v;
	tb_ip6(&in, A, S1, 64);
	tb_ext(&in, SR6_IPPROTO_ROUTING, rh0, sizeof(rh0));
	tb_srh(&in, 1, 2, (const char *const[]){S2, S1});
	tb_udp(&in);
	tb_ip6(&want, A, S2, 63);
	tb_ext(&want, SR6_IPPROTO_ROUTING, rh0, sizeof(rh0));
	tb_udp(&want);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_EQ(v.kind, SR6_V_LOOKUP6);
	CHECK_PKT(p, &want);
}

/* An SRH whose Hdr Ext Len runs past the payload: dropped by the walk
 * before any SRH field is read. */
static void end_srh_running_past_the_packet_is_dropped(void)
{
	struct sr6_sid sid = tb_sid(SR6_BEH_END, S1, 0);
	struct tb in;
	struct sr6_verdict v;
	tb_ip6(&in, A, S1, 64);
	tb_srh(&in, 1, 2, (const char *const[]){S2, S1});
	in.b[41] = 8;
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_EQ(v.kind, SR6_V_DROP);
	CHECK_EQ(v.why, SR6_DROP_IP6_EXTHDR);
	CHECK_PKT(p, &in);
}

/* Two End hops and the PSP pop, as a packet goes S1 -> S2 -> S3. */
static void end_walks_a_three_segment_list_with_psp_at_the_penultimate(void)
{
	struct sr6_sid s1 = tb_sid(SR6_BEH_END, S1, SR6_FLAVOR_PSP);
	struct sr6_sid s2 = tb_sid(SR6_BEH_END_X, S2, SR6_FLAVOR_PSP);
	struct tb in, want;
	struct sr6_verdict v;
	tb_ip6(&in, A, S1, 64);
	tb_srh(&in, 2, 3, list3);
	tb_udp(&in);
	struct sr6_pkt *p = tb_pkt(&in);
	sr6_sid_process(&s1, p, &tb_env, &v);
	CHECK_EQ(v.kind, SR6_V_LOOKUP6);
	sr6_sid_process(&s2, p, &tb_env, &v);
	CHECK_EQ(v.kind, SR6_V_ADJ);
	tb_ip6(&want, A, S3, 62);
	tb_udp(&want);
	CHECK_PKT(p, &want);
}

SR6_TESTS(T(end_advances_to_next_segment), T(end_accepts_reduced_srh_with_sl_last_entry_plus_1),
	  T(end_x_forwards_via_its_adjacency), T(end_t_looks_up_in_its_table),
	  T(end_hop_limit_1_sends_time_exceeded),
	  T(end_sl_zero_with_hop_limit_1_still_answers_echo),
	  T(end_last_entry_beyond_header_gets_param_problem_at_sl),
	  T(end_sl_above_last_entry_plus_1_gets_param_problem_at_sl),
	  T(end_malformed_tlv_gets_param_problem_at_the_tlv), T(end_keeps_well_formed_tlvs),
	  T(end_answers_echo_request_without_srh),
	  T(end_sl_zero_udp_gets_param_problem_code_4_at_upper_layer),
	  T(end_upper_layer_pointer_skips_every_extension_header),
	  T(end_no_next_header_and_esp_get_param_problem_code_4),
	  T(end_fragment_at_upper_layer_is_dropped),
	  T(end_icmp6_other_than_echo_request_gets_param_problem),
	  T(end_psp_removes_srh_when_sl_reaches_zero),
	  T(end_psp_keeps_srh_before_the_penultimate_segment),
	  T(end_psp_fixes_next_header_of_the_header_before_srh),
	  T(end_t_psp_pops_and_looks_up_in_table),
	  T(end_psp_at_sl_zero_serves_upper_layer_with_srh), T(end_usp_pops_srh_then_answers_echo),
	  T(end_usp_param_problem_points_into_the_popped_packet),
	  T(end_usp_at_sl_above_zero_advances_normally),
	  T(end_usd_decapsulates_inner_ipv6_into_main),
	  T(end_usd_without_srh_decapsulates_inner_ipv4_into_main),
	  T(end_x_usd_sends_inner_ipv6_and_ipv4_to_the_adjacency),
	  T(end_t_usd_looks_up_inner_in_its_table), T(end_usd_at_sl_above_zero_advances_normally),
	  T(end_usd_other_upper_layer_is_served_as_section_4_1_1),
	  T(end_without_usd_refuses_inner_ipv6), T(end_usp_usd_decapsulates),
	  T(end_usd_drops_malformed_inner_packets), T(end_usd_trims_inner_packet_to_its_length),
	  T(end_unknown_routing_type_with_sl_gets_param_problem_at_type),
	  T(end_psp_behind_ignored_routing_header_fixes_its_next_header),
	  T(end_srh_running_past_the_packet_is_dropped),
	  T(end_walks_a_three_segment_list_with_psp_at_the_penultimate))
