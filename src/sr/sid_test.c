// SPDX-License-Identifier: MIT
/*
 * The behavior descriptors (what `sid add` may say) and the dispatch, plus
 * a seeded fuzz of every behavior with every flavor combination and C-SID
 * length on mangled packets: under ASan (exact-size buffers, see
 * test_pkt.h) no read or write leaves the packet, and every verdict
 * describes the packet it leaves behind.
 */
#include <stdlib.h>

#include "sr/behavior.h"
#include "sr/policy.h"
#include "test_pkt.h"

static void behavior_find_knows_every_config_name(void)
{
	static const char *const names[SR6_BEH__COUNT] = {
	    "End",     "End.X",	  "End.T",    "End.DX2",       "End.DX4",	   "End.DX6",
	    "End.DT4", "End.DT6", "End.DT46", "End.B6.Encaps", "End.B6.Encaps.Red"};
	for (int b = 0; b < SR6_BEH__COUNT; b++) {
		CHECK_EQ(sr6_behavior_find(names[b]), b);
		CHECK(strcmp(sr6_behavior_descs[b].name, names[b]) == 0);
	}
	CHECK_EQ(sr6_behavior_find("end"), -1);
	CHECK_EQ(sr6_behavior_find("End.DX"), -1);
	CHECK_EQ(sr6_behavior_find(""), -1);
}

/* RFC 8986 §4: what each behavior needs configured. */
static void descriptors_require_the_rfc_parameters(void)
{
	const struct sr6_behavior_desc *d = sr6_behavior_descs;
	CHECK_EQ(d[SR6_BEH_END].required | d[SR6_BEH_END].one_of | d[SR6_BEH_END].optional, 0);
	CHECK_EQ(d[SR6_BEH_END_X].required, 0);
	CHECK_EQ(d[SR6_BEH_END_X].one_of, SR6_PARAM_NH6 | SR6_PARAM_OIF);
	CHECK_EQ(d[SR6_BEH_END_T].required, SR6_PARAM_TABLE);
	CHECK_EQ(d[SR6_BEH_END_DX2].required, SR6_PARAM_OIF);
	CHECK_EQ(d[SR6_BEH_END_DX4].required, SR6_PARAM_NH4);
	CHECK_EQ(d[SR6_BEH_END_DX4].optional, SR6_PARAM_OIF);
	CHECK_EQ(d[SR6_BEH_END_DX6].one_of, SR6_PARAM_NH6 | SR6_PARAM_OIF);
	CHECK_EQ(d[SR6_BEH_END_DT4].required, SR6_PARAM_TABLE);
	CHECK_EQ(d[SR6_BEH_END_DT6].required, SR6_PARAM_TABLE);
	CHECK_EQ(d[SR6_BEH_END_DT46].required, SR6_PARAM_TABLE);
	CHECK_EQ(d[SR6_BEH_END_B6_ENCAPS].required, SR6_PARAM_POLICY);
	CHECK_EQ(d[SR6_BEH_END_B6_ENCAPS_RED].required, SR6_PARAM_POLICY);
}

/* RFC 8986 §4.16 defines PSP/USP/USD for End, End.X, End.T only; RFC 9800
 * NEXT-CSID for the End family and B6, REPLACE-CSID for all of these. */
static void descriptors_allow_the_rfc_flavors(void)
{
	const uint16_t rfc8986 = SR6_FLAVOR_PSP | SR6_FLAVOR_USP | SR6_FLAVOR_USD;
	const uint16_t csid = SR6_FLAVOR_NEXT_CSID | SR6_FLAVOR_REPLACE_CSID;
	for (int b = 0; b < SR6_BEH__COUNT; b++) {
		uint16_t f = sr6_behavior_descs[b].flavors;
		switch (b) {
		case SR6_BEH_END:
		case SR6_BEH_END_X:
		case SR6_BEH_END_T:
			CHECK_EQ(f, rfc8986 | csid);
			break;
		case SR6_BEH_END_B6_ENCAPS:
		case SR6_BEH_END_B6_ENCAPS_RED:
			CHECK_EQ(f, csid);
			break;
		default:
			CHECK_EQ(f, SR6_FLAVOR_REPLACE_CSID);
			break;
		}
	}
}

/* A behavior number this build does not know is a counted drop. */
static void unknown_behavior_is_dropped(void)
{
	struct sr6_sid sid = tb_sid(SR6_BEH_END, "fc00::1", 0);
	struct tb in;
	struct sr6_verdict v = {.kind = SR6_V_ECHO, .pushed = 9};
	sid.behavior = SR6_BEH__COUNT;
	tb_ip6(&in, "2001:db8::1", "fc00::1", 64);
	tb_udp(&in);
	struct sr6_pkt *p = tb_run(&sid, &in, &v);
	CHECK_EQ(v.kind, SR6_V_DROP);
	CHECK_EQ(v.why, SR6_DROP_SR_BEHAVIOR);
	CHECK_EQ(v.pushed, 0);
	CHECK_PKT(p, &in);
}

static uint32_t rnd_state = 0x2545f491;

static uint32_t rnd(uint32_t n)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 17;
	rnd_state ^= rnd_state << 5;
	return rnd_state % n;
}

/* An SRH of n segments (n may be 0), random SL and Last Entry, random
 * TLV bytes (pad of tlv8 * 8 bytes). */
static void fuzz_srh(struct tb *t)
{
	uint8_t h[8 + 16 * 5 + 24];
	unsigned n = rnd(5), tlv8 = rnd(3);
	uint32_t len = 8 + 16 * n + 8 * tlv8;
	h[0] = SR6_IPPROTO_NONE;
	h[1] = (uint8_t)(len / 8 - 1);
	h[2] = rnd(8) ? SR6_SRH_ROUTING_TYPE : (uint8_t)rnd(5);
	h[3] = (uint8_t)(rnd(4) ? rnd(n + 2) : rnd(256));
	h[4] = (uint8_t)(rnd(4) ? (n ? n - 1 : 0) : rnd(8));
	h[5] = h[6] = h[7] = 0;
	for (uint32_t i = 8; i < len; i++)
		h[i] = (uint8_t)(i < 8 + 16 * n ? (rnd(3) ? 0 : rnd(256)) : rnd(8));
	tb_ext(t, SR6_IPPROTO_ROUTING, h, len);
}

static void fuzz_pkt(struct tb *t)
{
	static const char *const da[] = {
	    "fc00:0:100::", "fc00:0:100:200:300::", "2001:db8:b2:20:1::3", "fc00:0:100::1"};
	struct tb inner;
	tb_ip6(t, "2001:db8::1", da[rnd(4)], (uint8_t)rnd(4));
	if (rnd(4) == 0)
		tb_ext(t, SR6_IPPROTO_HOPOPTS, (const uint8_t[8]){0, 0, 1, 4}, 8);
	if (rnd(4) == 0)
		tb_dstopts(t);
	if (rnd(4))
		fuzz_srh(t);
	if (rnd(8) == 0)
		tb_ext(t, SR6_IPPROTO_FRAGMENT, (const uint8_t[8]){0, 0, 0, (uint8_t)rnd(2)}, 8);
	switch (rnd(6)) {
	case 0:
		tb_udp(t);
		break;
	case 1:
		tb_echo(t);
		break;
	case 2:
		tb_ip6(&inner, "2001:db8:c::1", "2001:db8:d::1", 5);
		tb_udp(&inner);
		tb_inner(t, SR6_IPPROTO_IPV6, &inner);
		break;
	case 3:
		tb_ip4_udp(&inner, 0x0a000001, 0x0a000002, 5);
		tb_inner(t, SR6_IPPROTO_IPIP, &inner);
		break;
	case 4:
		tb_eth(&inner);
		tb_inner(t, SR6_IPPROTO_ETHERNET, &inner);
		break;
	default:
		break; /* No Next Header */
	}
	for (unsigned i = rnd(4); i > 0 && t->len > 40; i--)
		t->b[40 + rnd(t->len - 40)] = (uint8_t)rnd(256);
	if (rnd(3) == 0)
		t->len = 40 + rnd(t->len - 40 + 1);
	tb_fix_len(t); /* the pipeline trimmed the packet to 40 + Payload Length */
}

/* The packet a verdict hands on must be what the verdict says it is. */
static void check_verdict(const struct sr6_pkt *p, const struct sr6_verdict *v)
{
	CHECK(p->data >= p->head && p->data + p->len <= p->end);
	switch (v->kind) {
	case SR6_V_LOOKUP6:
	case SR6_V_ADJ:
		CHECK(v->kind == SR6_V_ADJ || v->table);
		CHECK(p->len >= 20);
		if ((p->data[0] >> 4) == 6)
			CHECK(p->len >= 40 && 40u + sr6_get_be16(p->data + 4) == p->len);
		else
			CHECK(v->kind == SR6_V_ADJ && (p->data[0] >> 4) == 4);
		break;
	case SR6_V_LOOKUP4:
		CHECK(p->len >= 20 && (p->data[0] >> 4) == 4 &&
		      sr6_get_be16(p->data + 2) == p->len);
		break;
	case SR6_V_L2_OUT:
		CHECK(p->len >= 14);
		break;
	case SR6_V_ECHO:
		CHECK(v->data + 8 <= p->len && p->data[v->data] == SR6_ICMP6_ECHO_REQUEST);
		break;
	case SR6_V_ICMP6:
		CHECK(v->why != SR6_DROP_NONE && v->why < SR6_DROP__COUNT);
		CHECK(v->icmp_type != SR6_ICMP6_PARAM_PROB || v->data <= p->len);
		CHECK(p->len >= 40);
		break;
	default:
		CHECK_EQ(v->kind, SR6_V_DROP);
		CHECK(v->why != SR6_DROP_NONE && v->why < SR6_DROP__COUNT);
		break;
	}
}

static void every_behavior_survives_mangled_packets(void)
{
	static const uint8_t lens[] = {0, 8, 12, 16, 24, 32, 48, 64, 100, 128, 200, 255};
	struct sr6_policy_spec spec = {.name = "f", .mode = SR6_MODE_ENCAP, .n_lists = 1};
	struct sr6_ip6 src = tb_addr("2001:db8:e::1");
	char err[64];
	spec.lists[0].n_segs = 3;
	spec.lists[0].weight = 1;
	for (unsigned i = 0; i < 3; i++)
		spec.lists[0].segs[i] = tb_addr("fc00:11::1");
	struct sr6_policy *pol = sr6_policy_build(&spec, &src, err, sizeof(err));
	CHECK(pol);

	unsigned seen[SR6_V_DROP + 1] = {0};
	for (unsigned i = 0; i < 60000; i++) {
		struct sr6_sid sid =
		    tb_sid((enum sr6_behavior)rnd(SR6_BEH__COUNT), "fc00::", (uint16_t)rnd(32));
		struct tb in;
		struct sr6_verdict v;
		sid.lblen = lens[rnd(sizeof(lens))];
		sid.nflen = lens[rnd(sizeof(lens))];
		sid.policy = pol;
		fuzz_pkt(&in);
		struct sr6_pkt *p = tb_run(&sid, &in, &v);
		check_verdict(p, &v);
		seen[v.kind <= SR6_V_DROP ? v.kind : SR6_V_DROP]++;
		tb_free(p);
	}
	free(pol);
	for (unsigned k = 0; k <= SR6_V_DROP; k++)
		CHECK(seen[k] > 100); /* the mangling reaches every outcome */
}

SR6_TESTS(T(behavior_find_knows_every_config_name), T(descriptors_require_the_rfc_parameters),
	  T(descriptors_allow_the_rfc_flavors), T(unknown_behavior_is_dropped),
	  T(every_behavior_survives_mangled_packets))
