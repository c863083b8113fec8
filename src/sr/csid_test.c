// SPDX-License-Identifier: MIT
/*
 * RFC 9800 C-SIDs: NEXT-CSID (§4.1) argument shifts with and without an
 * SRH, at any block/C-SID length; REPLACE-CSID (§4.2) walks through C-SID
 * containers, with every Parameter Problem case of its pseudocode, PSP at
 * both places it applies, and indexes that point nowhere.
 *
 * NEXT-CSID SIDs: block fc00:0::/32, 16-bit C-SIDs (fc00:0:100::/48 is
 * node 0x100). REPLACE-CSID SIDs: block 2001:db8:b2::/48, 32-bit C-SIDs
 * (0020:0001 is node 20, function 1), index in the DA's low 2 bits; a
 * container holds slots 0..3, slot i in bytes 4i..4i+3, used 3 down to 0.
 */
#include "sr/behavior.h"
#include "test_pkt.h"

#define A "2001:db8:a::1"

static struct sr6_sid next_sid(enum sr6_behavior b, uint16_t flavors)
{
	return tb_sid(b, "fc00:0:100::", SR6_FLAVOR_NEXT_CSID | flavors);
}

static struct sr6_sid replace_sid(enum sr6_behavior b, uint16_t flavors)
{
	struct sr6_sid s = tb_sid(b, "2001:db8:b2:20:1::", SR6_FLAVOR_REPLACE_CSID | flavors);
	s.lblen = 48;
	s.nflen = 32;
	return s;
}

/* in:  IPv6(A -> fc00:0:100:200:300::, hlim 64) | SRH(fc00:0:900::, DA; SL=1) | UDP
 * out: IPv6(A -> fc00:0:200:300::, hlim 63) | SRH untouched (SL=1) | UDP */
static void next_csid_shifts_argument_and_leaves_srh_alone(void)
{
	struct sr6_sid sid = next_sid(SR6_BEH_END, SR6_FLAVOR_PSP);
	const char *const list[] = {"fc00:0:900::", "fc00:0:100:200:300::"};
	struct tb in, want;
	struct sr6_verdict v;
	tb_ip6(&in, A, "fc00:0:100:200:300::", 64);
	tb_srh(&in, 1, 2, list);
	tb_udp(&in);
	tb_ip6(&want, A, "fc00:0:200:300::", 63);
	tb_srh(&want, 1, 2, list);
	tb_udp(&want);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_EQ(v.kind, SR6_V_LOOKUP6);
	CHECK(v.table == &tb_main);
	CHECK_PKT(p, &want);
}

/* Pure uSID, no SRH: in DA fc00:0:100:200:: -> out fc00:0:200::. */
static void next_csid_shifts_without_srh(void)
{
	struct sr6_sid sid = next_sid(SR6_BEH_END, 0);
	struct tb in, want;
	struct sr6_verdict v;
	tb_ip6(&in, A, "fc00:0:100:200::", 64);
	tb_udp(&in);
	tb_ip6(&want, A, "fc00:0:200::", 63);
	tb_udp(&want);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_EQ(v.kind, SR6_V_LOOKUP6);
	CHECK_PKT(p, &want);
}

/* A full container: fc00:0:1:2:3:4:5:6 -> fc00:0:2:3:4:5:6:0. */
static void next_csid_shifts_a_full_container_and_zeroes_the_tail(void)
{
	struct sr6_sid sid = next_sid(SR6_BEH_END, 0);
	sid.addr = tb_addr("fc00:0:1::");
	struct tb in, want;
	struct sr6_verdict v;
	tb_ip6(&in, A, "fc00:0:1:2:3:4:5:6", 64);
	tb_udp(&in);
	tb_ip6(&want, A, "fc00:0:2:3:4:5:6:0", 63);
	tb_udp(&want);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_EQ(v.kind, SR6_V_LOOKUP6);
	CHECK_PKT(p, &want);
}

/* Any non-zero argument bit counts, even the last one:
 * fc00:0:100::1 -> fc00::1:0 (the RFC shifts, it does not look for a C-SID). */
static void next_csid_argument_with_only_the_last_bit_set_is_shifted(void)
{
	struct sr6_sid sid = next_sid(SR6_BEH_END, 0);
	struct tb in, want;
	struct sr6_verdict v;
	tb_ip6(&in, A, "fc00:0:100::1", 64);
	tb_udp(&in);
	tb_ip6(&want, A, "fc00::1:0", 63);
	tb_udp(&want);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_EQ(v.kind, SR6_V_LOOKUP6);
	CHECK_PKT(p, &want);
}

/* Block 48, C-SID 16 (RFC 9800 §6 example): 2001:db8:b1:10:f123:: ->
 * 2001:db8:b1:f123::. */
static void next_csid_with_48_bit_block(void)
{
	struct sr6_sid sid = next_sid(SR6_BEH_END, 0);
	sid.lblen = 48;
	struct tb in, want;
	struct sr6_verdict v;
	tb_ip6(&in, A, "2001:db8:b1:10:f123::", 64);
	tb_udp(&in);
	tb_ip6(&want, A, "2001:db8:b1:f123::", 63);
	tb_udp(&want);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_EQ(v.kind, SR6_V_LOOKUP6);
	CHECK_PKT(p, &want);
}

/* Lengths off the nibble grid: block 36 bits, C-SID 12 bits.
 * nibbles fc000000a|123|456|789|0.. -> fc000000a|456|789|0.. */
static void next_csid_with_lengths_not_multiple_of_8(void)
{
	struct sr6_sid sid = next_sid(SR6_BEH_END, 0);
	sid.lblen = 36;
	sid.nflen = 12;
	struct tb in, want;
	struct sr6_verdict v;
	tb_ip6(&in, A, "fc00:0:a123:4567:8900::", 64);
	tb_udp(&in);
	tb_ip6(&want, A, "fc00:0:a456:7890::", 63);
	tb_udp(&want);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_EQ(v.kind, SR6_V_LOOKUP6);
	CHECK_PKT(p, &want);
}

/* S02-S04: hop limit 1 with an argument: Time Exceeded, DA unchanged. */
static void next_csid_hop_limit_1_sends_time_exceeded(void)
{
	struct sr6_sid sid = next_sid(SR6_BEH_END, 0);
	struct tb in;
	struct sr6_verdict v;
	tb_ip6(&in, A, "fc00:0:100:200::", 1);
	tb_udp(&in);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_ICMP(v, SR6_DROP_IP6_HOP_LIMIT, SR6_ICMP6_TIME_EXCEEDED, 0, 0);
	CHECK_PKT(p, &in);
}

/* End.X (§4.1.2 S08: via a member of J) and End.T (§4.1.3: in T). */
static void next_csid_end_x_and_end_t_hand_on_as_their_behavior(void)
{
	struct sr6_sid x = next_sid(SR6_BEH_END_X, 0), t = next_sid(SR6_BEH_END_T, 0);
	struct tb in, want;
	struct sr6_verdict v;
	tb_ip6(&in, A, "fc00:0:100:200::", 64);
	tb_udp(&in);
	tb_ip6(&want, A, "fc00:0:200::", 63);
	tb_udp(&want);
	struct sr6_pkt *p = tb_run(&x, &in, &v);
	CHECK_EQ(v.kind, SR6_V_ADJ);
	CHECK_EQ(v.nh, TB_ADJ);
	CHECK_PKT(p, &want);
	p = tb_run(&t, &in, &v);
	CHECK_EQ(v.kind, SR6_V_LOOKUP6);
	CHECK(v.table == &tb_vrf);
	CHECK_PKT(p, &want);
}

/* Argument 0 with an SRH: plain End takes the next container.
 * in:  IPv6(A -> fc00:0:100::) | SRH(fc00:0:500:600::, ...; SL=1) | UDP
 * out: IPv6(A -> fc00:0:500:600::, hlim 63) | SRH(SL=0) | UDP */
static void next_csid_argument_zero_takes_next_container_from_srh(void)
{
	struct sr6_sid sid = next_sid(SR6_BEH_END, 0);
	const char *const list[] = {"fc00:0:500:600::", "fc00:0:100::"};
	struct tb in, want;
	struct sr6_verdict v;
	tb_ip6(&in, A, "fc00:0:100::", 64);
	tb_srh(&in, 1, 2, list);
	tb_udp(&in);
	tb_ip6(&want, A, "fc00:0:500:600::", 63);
	tb_srh(&want, 0, 2, list);
	tb_udp(&want);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_EQ(v.kind, SR6_V_LOOKUP6);
	CHECK_PKT(p, &want);
}

/* NEXT-CSID + PSP: the SRH goes when the last container is loaded. */
static void next_csid_psp_pops_srh_when_loading_the_last_container(void)
{
	struct sr6_sid sid = next_sid(SR6_BEH_END, SR6_FLAVOR_PSP);
	struct tb in, want;
	struct sr6_verdict v;
	tb_ip6(&in, A, "fc00:0:100::", 64);
	tb_srh(&in, 1, 2, (const char *const[]){"fc00:0:500:600::", "fc00:0:100::"});
	tb_udp(&in);
	tb_ip6(&want, A, "fc00:0:500:600::", 63);
	tb_udp(&want);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_EQ(v.kind, SR6_V_LOOKUP6);
	CHECK_PKT(p, &want);
}

/* Last C-SID, no SRH: the upper layer (echo answered, UDP refused). */
static void next_csid_last_csid_without_srh_serves_upper_layer(void)
{
	struct sr6_sid sid = next_sid(SR6_BEH_END, 0);
	struct tb in;
	struct sr6_verdict v;
	tb_ip6(&in, A, "fc00:0:100::", 64);
	tb_echo(&in);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_EQ(v.kind, SR6_V_ECHO);
	CHECK_EQ(v.data, 40);
	CHECK_PKT(p, &in);
	tb_ip6(&in, A, "fc00:0:100::", 64);
	tb_udp(&in);
	p = tb_run(&sid, &in, &v);
	CHECK_PARAMPROB(v, SR6_DROP_SR_UPPER_LAYER, SR6_ICMP6_PARAMPROB_SEGMENT, 40);
	CHECK_PKT(p, &in);
}

/* NEXT-CSID + USD: the last C-SID of a pure uSID tunnel decapsulates. */
static void next_csid_usd_decapsulates_at_the_last_csid(void)
{
	struct sr6_sid sid = next_sid(SR6_BEH_END, SR6_FLAVOR_USD);
	struct tb in, inner;
	struct sr6_verdict v;
	tb_ip6(&inner, "2001:db8:c::1", "2001:db8:d::1", 9);
	tb_udp(&inner);
	tb_ip6(&in, A, "fc00:0:100::", 64);
	tb_inner(&in, SR6_IPPROTO_IPV6, &inner);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_EQ(v.kind, SR6_V_LOOKUP6);
	CHECK_PKT(p, &inner);
}

/* A C-SID flavor with no C-SID length is a plain End. */
static void next_csid_without_csid_length_is_plain_end(void)
{
	struct sr6_sid sid = next_sid(SR6_BEH_END, 0);
	sid.nflen = 0;
	struct tb in, want;
	struct sr6_verdict v;
	tb_ip6(&in, A, "fc00:0:100:200::", 64);
	tb_srh(&in, 1, 2, (const char *const[]){"fc00:0:500::", "fc00:0:100:200::"});
	tb_udp(&in);
	tb_ip6(&want, A, "fc00:0:500::", 63);
	tb_srh(&want, 0, 2, (const char *const[]){"fc00:0:500::", "fc00:0:100:200::"});
	tb_udp(&want);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_EQ(v.kind, SR6_V_LOOKUP6);
	CHECK_PKT(p, &want);
}

/* REPLACE-CSID containers of one path:
 *   C1 = slots 60:1 | 50:1 | 40:1 | 30:1   (used slot 3 first: 30, 40, 50, 60)
 *   C2 = slots 0 | 0 | 80:1 | 70:1         (70, 80, then the C-SIDs run out)
 *   SRH(Segment List = D, C2, C1, S20; SL=3), D = 2001:db8:b2:90:d6::
 */
#define C1  "60:1:50:1:40:1:30:1"
#define C2  "::80:1:70:1"
#define D   "2001:db8:b2:90:d6::"
#define S20 "2001:db8:b2:20:1::"

static const char *const path[] = {D, C2, C1, S20};

/* The packet as it reaches a node: DA and SL. */
static void path_pkt(struct tb *t, const char *da, uint8_t sl, uint8_t hlim)
{
	tb_ip6(t, A, da, hlim);
	tb_srh(t, sl, 4, path);
	tb_udp(t);
}

/* §4.2.1 S20-S25: index 0 (an uncompressed SID): SL - 1, the new
 * container's slot 3.
 * in:  DA 2001:db8:b2:20:1:: (index 0), SL 3
 * out: DA 2001:db8:b2:30:1::3, SL 2, hlim 63 */
static void replace_index_0_loads_slot_3_of_next_container(void)
{
	struct sr6_sid sid = replace_sid(SR6_BEH_END, 0);
	struct tb in, want;
	struct sr6_verdict v;
	path_pkt(&in, S20, 3, 64);
	path_pkt(&want, "2001:db8:b2:30:1::3", 2, 63);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_EQ(v.kind, SR6_V_LOOKUP6);
	CHECK(v.table == &tb_main);
	CHECK_PKT(p, &want);
}

/* S09-S14, S27-S28: index 3 -> 2, C-SID from slot 2, SL unchanged. */
static void replace_nonzero_index_takes_the_previous_slot(void)
{
	struct sr6_sid sid = replace_sid(SR6_BEH_END, 0);
	struct tb in, want;
	struct sr6_verdict v;
	path_pkt(&in, "2001:db8:b2:30:1::3", 2, 64);
	path_pkt(&want, "2001:db8:b2:40:1::2", 2, 63);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_EQ(v.kind, SR6_V_LOOKUP6);
	CHECK_PKT(p, &want);
}

/* S28 writes only the C-SID and the index: other argument bits stay. */
static void replace_keeps_argument_bits_outside_the_index(void)
{
	struct sr6_sid sid = replace_sid(SR6_BEH_END, 0);
	struct tb in, want;
	struct sr6_verdict v;
	path_pkt(&in, "2001:db8:b2:30:1:abcd:0:3", 2, 64);
	path_pkt(&want, "2001:db8:b2:40:1:abcd:0:2", 2, 63);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_EQ(v.kind, SR6_V_LOOKUP6);
	CHECK_PKT(p, &want);
}

/* S14-S18: the previous slot is 0, the C-SIDs ran out: SL - 1 and the
 * whole next entry is the DA.
 * in:  DA ...:80:1::2, SL 1    out: DA = D, SL 0 */
static void replace_zero_slot_loads_the_next_whole_sid(void)
{
	struct sr6_sid sid = replace_sid(SR6_BEH_END, 0);
	struct tb in, want;
	struct sr6_verdict v;
	path_pkt(&in, "2001:db8:b2:80:1::2", 1, 64);
	path_pkt(&want, D, 0, 63);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_EQ(v.kind, SR6_V_LOOKUP6);
	CHECK_PKT(p, &want);
}

/* ... and with PSP the SRH goes there (§4.16.1 after S17: SL is 0). */
static void replace_psp_pops_when_the_whole_last_sid_is_loaded(void)
{
	struct sr6_sid sid = replace_sid(SR6_BEH_END, SR6_FLAVOR_PSP);
	struct tb in, want;
	struct sr6_verdict v;
	path_pkt(&in, "2001:db8:b2:80:1::2", 1, 64);
	tb_ip6(&want, A, D, 63);
	tb_udp(&want);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_EQ(v.kind, SR6_V_LOOKUP6);
	CHECK_PKT(p, &want);
}

/* The whole path, node by node, every DA and SL as the RFC computes them. */
static void replace_walks_two_containers_to_the_last_segment(void)
{
	static const struct {
		const char *da;
		uint8_t sl;
	} hop[] = {
	    {S20, 3},
	    {"2001:db8:b2:30:1::3", 2},
	    {"2001:db8:b2:40:1::2", 2},
	    {"2001:db8:b2:50:1::1", 2},
	    {"2001:db8:b2:60:1::", 2},
	    {"2001:db8:b2:70:1::3", 1},
	    {"2001:db8:b2:80:1::2", 1},
	    {D, 0},
	};
	struct sr6_sid sid = replace_sid(SR6_BEH_END_X, 0);
	struct tb in, want;
	struct sr6_verdict v;
	path_pkt(&in, S20, 3, 64);
	struct sr6_pkt *p = tb_pkt(&in);
	for (unsigned i = 1; i < sizeof(hop) / sizeof(hop[0]); i++) {
		sr6_sid_process(&sid, p, &tb_env, &v);
		CHECK_EQ(v.kind, SR6_V_ADJ);
		path_pkt(&want, hop[i].da, hop[i].sl, (uint8_t)(64 - i));
		CHECK_EQ(p->len, want.len);
		CHECK_MEM(p->data, want.b, want.len);
	}
	tb_free(p);
}

/* S02: SL 0 and the next slot of Segment List[0] is 0: the upper layer.
 * Here Segment List[0] is a container [0 | 0 | 40:1 | 30:1] and the DA
 * holds 40:1 at index 2. */
static void replace_sl_zero_and_no_next_csid_serves_upper_layer(void)
{
	struct sr6_sid sid = replace_sid(SR6_BEH_END, 0);
	const char *const list[] = {"::40:1:30:1", S20};
	struct tb in;
	struct sr6_verdict v;
	tb_ip6(&in, A, "2001:db8:b2:40:1::2", 64);
	tb_srh(&in, 0, 2, list);
	tb_echo(&in);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_EQ(v.kind, SR6_V_ECHO);
	CHECK_EQ(v.data, 40 + 40);
	CHECK_PKT(p, &in);
	/* index 0 at SL 0 too */
	tb_ip6(&in, A, "2001:db8:b2:40:1::", 64);
	tb_srh(&in, 0, 2, list);
	tb_udp(&in);
	p = tb_run(&sid, &in, &v);
	CHECK_PARAMPROB(v, SR6_DROP_SR_UPPER_LAYER, SR6_ICMP6_PARAMPROB_SEGMENT, 80);
	CHECK_PKT(p, &in);
}

/* SL 0 with C-SIDs left in Segment List[0]: they are used, SL stays 0;
 * with PSP (S28.1) the SRH goes once the DA holds the last of them.
 *   Segment List = [0 | 0 | 40:1 | 30:1], S20; SL 1
 *   S20 (index 0):  SL 0, DA 30:1 index 3; slot 2 is 40:1: SRH kept
 *   30:1 (index 3): DA 40:1 index 2; slot 1 is 0: SRH popped */
static void replace_psp_pops_when_the_last_csid_is_written(void)
{
	struct sr6_sid sid = replace_sid(SR6_BEH_END, SR6_FLAVOR_PSP);
	const char *const list[] = {"::40:1:30:1", S20};
	struct tb in, want;
	struct sr6_verdict v;
	tb_ip6(&in, A, S20, 64);
	tb_srh(&in, 1, 2, list);
	tb_udp(&in);
	struct sr6_pkt *p = tb_pkt(&in);
	sr6_sid_process(&sid, p, &tb_env, &v);
	CHECK_EQ(v.kind, SR6_V_LOOKUP6);
	tb_ip6(&want, A, "2001:db8:b2:30:1::3", 63);
	tb_srh(&want, 0, 2, list);
	tb_udp(&want);
	CHECK_EQ(p->len, want.len);
	CHECK_MEM(p->data, want.b, want.len);
	sr6_sid_process(&sid, p, &tb_env, &v);
	CHECK_EQ(v.kind, SR6_V_LOOKUP6);
	tb_ip6(&want, A, "2001:db8:b2:40:1::2", 62);
	tb_udp(&want);
	CHECK_PKT(p, &want);
}

/* USP with REPLACE-CSID: S03 replaced, the SRH goes before the upper layer. */
static void replace_usp_pops_at_the_upper_layer(void)
{
	struct sr6_sid sid = replace_sid(SR6_BEH_END, SR6_FLAVOR_USP);
	struct tb in, want;
	struct sr6_verdict v;
	tb_ip6(&in, A, "2001:db8:b2:40:1::", 64);
	tb_srh(&in, 0, 2, (const char *const[]){"::40:1:30:1", S20});
	tb_echo(&in);
	tb_ip6(&want, A, "2001:db8:b2:40:1::", 64);
	tb_echo(&want);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_EQ(v.kind, SR6_V_ECHO);
	CHECK_EQ(v.data, 40);
	CHECK_PKT(p, &want);
}

/* S10-S11: a non-zero index needs Segment List[SL] (SL <= LE): a reduced
 * SRH at its first hop (SL = LE + 1) gets Parameter Problem at SL. */
static void replace_nonzero_index_with_sl_past_last_entry_gets_param_problem(void)
{
	struct sr6_sid sid = replace_sid(SR6_BEH_END, 0);
	struct tb in;
	struct sr6_verdict v;
	tb_ip6(&in, A, "2001:db8:b2:30:1::3", 64);
	tb_srh(&in, 2, 2, (const char *const[]){D, C1});
	tb_udp(&in);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_PARAMPROB(v, SR6_DROP_SRH_SEGMENTS_LEFT, 0, 43);
	CHECK_PKT(p, &in);
}

/* S21-S22: index 0 with SL = LE + 1 is fine (the reduced SRH's first hop) ... */
static void replace_index_0_accepts_reduced_srh(void)
{
	struct sr6_sid sid = replace_sid(SR6_BEH_END, 0);
	struct tb in, want;
	struct sr6_verdict v;
	tb_ip6(&in, A, S20, 64);
	tb_srh(&in, 2, 2, (const char *const[]){D, C1});
	tb_udp(&in);
	tb_ip6(&want, A, "2001:db8:b2:30:1::3", 63);
	tb_srh(&want, 1, 2, (const char *const[]){D, C1});
	tb_udp(&want);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_EQ(v.kind, SR6_V_LOOKUP6);
	CHECK_PKT(p, &want);
}

/* ... but not SL > LE + 1, nor Last Entry > max_LE. */
static void replace_index_0_with_bad_sl_or_last_entry_gets_param_problem(void)
{
	struct sr6_sid sid = replace_sid(SR6_BEH_END, 0);
	struct tb in;
	struct sr6_verdict v;
	tb_ip6(&in, A, S20, 64);
	tb_srh(&in, 3, 2, (const char *const[]){D, C1});
	tb_udp(&in);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_PARAMPROB(v, SR6_DROP_SRH_SEGMENTS_LEFT, 0, 43);
	CHECK_PKT(p, &in);
	tb_ip6(&in, A, "2001:db8:b2:30:1::3", 64);
	tb_srh(&in, 1, 2, (const char *const[]){D, C1});
	in.b[44] = 2; /* Last Entry 2 with room for 2 segments */
	tb_udp(&in);
	p = tb_run(&sid, &in, &v);
	CHECK_PARAMPROB(v, SR6_DROP_SRH_LAST_ENTRY, 0, 43);
	CHECK_PKT(p, &in);
}

/* S02 reads Segment List[0] before any check: an SRH with no room for it
 * (Hdr Ext Len 0) is not read past, and S10 rejects it. */
static void replace_srh_without_segment_list_is_not_read_past(void)
{
	static const uint8_t srh8[8] = {SR6_IPPROTO_UDP, 0, 4, 0, 0};
	struct sr6_sid sid = replace_sid(SR6_BEH_END, 0);
	struct tb in;
	struct sr6_verdict v;
	tb_ip6(&in, A, "2001:db8:b2:30:1::3", 64);
	tb_ext(&in, SR6_IPPROTO_ROUTING, srh8, sizeof(srh8));
	struct sr6_pkt *p = tb_run(&sid, &in, &v); /* nothing after the SRH */
	CHECK_PARAMPROB(v, SR6_DROP_SRH_LAST_ENTRY, 0, 43);
	CHECK_PKT(p, &in);
}

/* S05-S07 apply before the index is touched. */
static void replace_hop_limit_1_sends_time_exceeded(void)
{
	struct sr6_sid sid = replace_sid(SR6_BEH_END, 0);
	struct tb in;
	struct sr6_verdict v;
	path_pkt(&in, "2001:db8:b2:30:1::3", 2, 1);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_ICMP(v, SR6_DROP_IP6_HOP_LIMIT, SR6_ICMP6_TIME_EXCEEDED, 0, 0);
	CHECK_PKT(p, &in);
}

/* No SRH: REPLACE-CSID changes nothing in the upper-layer processing. */
static void replace_without_srh_serves_upper_layer(void)
{
	struct sr6_sid sid = replace_sid(SR6_BEH_END, 0);
	struct tb in;
	struct sr6_verdict v;
	tb_ip6(&in, A, "2001:db8:b2:30:1::3", 64);
	tb_echo(&in);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_EQ(v.kind, SR6_V_ECHO);
	CHECK_PKT(p, &in);
}

/* 16-bit C-SIDs under a 64-bit block: 8 slots, 3 index bits.
 * Segment List[1] = 11:22:33:44:55:66:77:88 (slot i = hextet i);
 * DA 2001:db8:0:b2:66::5 -> index 4, slot 4 = 0x55. */
static void replace_with_16_bit_csids_uses_eight_slots(void)
{
	struct sr6_sid sid = replace_sid(SR6_BEH_END_T, 0);
	sid.lblen = 64;
	sid.nflen = 16;
	const char *const list[] = {D, "11:22:33:44:55:66:77:88", S20};
	struct tb in, want;
	struct sr6_verdict v;
	tb_ip6(&in, A, "2001:db8:0:b2:66::5", 64);
	tb_srh(&in, 1, 3, list);
	tb_udp(&in);
	tb_ip6(&want, A, "2001:db8:0:b2:55::4", 63);
	tb_srh(&want, 1, 3, list);
	tb_udp(&want);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_EQ(v.kind, SR6_V_LOOKUP6);
	CHECK(v.table == &tb_vrf);
	CHECK_PKT(p, &want);
	/* index 0: the next container's slot 7 (0x88), index 7 */
	tb_ip6(&in, A, "2001:db8:0:b2:11::", 64);
	tb_srh(&in, 2, 3, list);
	tb_udp(&in);
	tb_ip6(&want, A, "2001:db8:0:b2:88::7", 63);
	tb_srh(&want, 1, 3, list);
	tb_udp(&want);
	p = tb_run(&sid, &in, &v);
	CHECK_EQ(v.kind, SR6_V_LOOKUP6);
	CHECK_PKT(p, &want);
}

/* 24-bit C-SIDs: 5 slots, 3 index bits; indexes 5-7 point past the
 * container and are dropped, 4 is the last slot. */
static void replace_index_past_the_container_is_dropped(void)
{
	struct sr6_sid sid = replace_sid(SR6_BEH_END, 0);
	sid.nflen = 24;
	struct tb in;
	struct sr6_verdict v;
	for (unsigned idx = 5; idx <= 7; idx++) {
		char da[64];
		snprintf(da, sizeof(da), "2001:db8:b2:30:1::%u", idx);
		path_pkt(&in, da, 2, 64);
		struct sr6_pkt *p = tb_run(&sid, &in, &v);
		CHECK_EQ(v.kind, SR6_V_DROP);
		CHECK_EQ(v.why, SR6_DROP_SR_CSID_INDEX);
		CHECK_PKT(p, &in);
	}
	path_pkt(&in, "2001:db8:b2:30:1::4", 2, 64);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_EQ(v.kind, SR6_V_LOOKUP6);
	tb_free(p);
}

SR6_TESTS(
    T(next_csid_shifts_argument_and_leaves_srh_alone), T(next_csid_shifts_without_srh),
    T(next_csid_shifts_a_full_container_and_zeroes_the_tail),
    T(next_csid_argument_with_only_the_last_bit_set_is_shifted), T(next_csid_with_48_bit_block),
    T(next_csid_with_lengths_not_multiple_of_8), T(next_csid_hop_limit_1_sends_time_exceeded),
    T(next_csid_end_x_and_end_t_hand_on_as_their_behavior),
    T(next_csid_argument_zero_takes_next_container_from_srh),
    T(next_csid_psp_pops_srh_when_loading_the_last_container),
    T(next_csid_last_csid_without_srh_serves_upper_layer),
    T(next_csid_usd_decapsulates_at_the_last_csid), T(next_csid_without_csid_length_is_plain_end),
    T(replace_index_0_loads_slot_3_of_next_container),
    T(replace_nonzero_index_takes_the_previous_slot),
    T(replace_keeps_argument_bits_outside_the_index), T(replace_zero_slot_loads_the_next_whole_sid),
    T(replace_psp_pops_when_the_whole_last_sid_is_loaded),
    T(replace_walks_two_containers_to_the_last_segment),
    T(replace_sl_zero_and_no_next_csid_serves_upper_layer),
    T(replace_psp_pops_when_the_last_csid_is_written), T(replace_usp_pops_at_the_upper_layer),
    T(replace_nonzero_index_with_sl_past_last_entry_gets_param_problem),
    T(replace_index_0_accepts_reduced_srh),
    T(replace_index_0_with_bad_sl_or_last_entry_gets_param_problem),
    T(replace_srh_without_segment_list_is_not_read_past),
    T(replace_hop_limit_1_sends_time_exceeded), T(replace_without_srh_serves_upper_layer),
    T(replace_with_16_bit_csids_uses_eight_slots), T(replace_index_past_the_container_is_dropped))
