# SPDX-License-Identifier: MIT
"""End, End.X, End.T conformance (RFC 8986 §4.1-4.3, flavors §4.16) and
compressed SIDs (RFC 9800 §4 NEXT-CSID, REPLACE-CSID).

    A=2001:db8:1::10 ──wan── srv6d ──core─┬─ 2001:db8:2::2  main: fc00::/16, 2001:db8:100::/48
    02:..:10        02:..:01  02:..:02    ├─ 198.51.100.2   main: 203.0.113.0/24
                                          ├─ 2001:db8:2::9  End.X adjacency
                                          └─ 2001:db8:2::7  table 10: fc00::/16, 2001:db8:100::/48

Both links are Ethernet so the next hop a packet went to shows in its
destination MAC. Every expected packet is built here with scapy from the
RFC pseudocode (S-numbers in the comments), never read back from srv6d.
ICMPv6 errors come from the wan address R and quote the packet as it was
when the error was found.
"""
from scapy.all import (Ether, ICMPv6EchoReply, ICMPv6EchoRequest, ICMPv6ParamProblem,
                       ICMPv6TimeExceeded, IP, IPv6, IPv6ExtHdrDestOpt,
                       IPv6ExtHdrSegmentRouting, Raw, UDP, raw)

from srv6test import LINKTYPE_ETHERNET, assert_bytes, main, oneshot, test

A, R, FAR = "2001:db8:1::10", "2001:db8:1::1", "2001:db8:100::5"
A_MAC, WAN_MAC, CORE_MAC = "02:00:00:00:00:10", "02:00:00:00:00:01", "02:00:00:00:00:02"
MAIN_MAC, ADJ_MAC, T10_MAC, V4_MAC = ("02:00:00:00:00:22", "02:00:00:00:00:29",
                                      "02:00:00:00:00:27", "02:00:00:00:00:42")
S1, S2, S3 = "fc00:1::1", "fc00:2::2", "fc00:3::3"

BASE = """
interface add wan driver pcap rx {wan_in} tx {wan_out} mac 02:00:00:00:00:01
interface add core driver pcap rx {core_in} tx {core_out} mac 02:00:00:00:00:02
address add 2001:db8:1::1/64 dev wan
address add 2001:db8:2::1/64 dev core
address add 198.51.100.1/24 dev core
neighbor add 2001:db8:1::10 lladdr 02:00:00:00:00:10 dev wan
neighbor add 2001:db8:2::2 lladdr 02:00:00:00:00:22 dev core
neighbor add 2001:db8:2::9 lladdr 02:00:00:00:00:29 dev core
neighbor add 2001:db8:2::7 lladdr 02:00:00:00:00:27 dev core
neighbor add 198.51.100.2 lladdr 02:00:00:00:00:42 dev core
route add fc00::/16 via 2001:db8:2::2
route add 2001:db8:100::/48 via 2001:db8:2::2
route add 203.0.113.0/24 via 198.51.100.2
route add table 10 fc00::/16 via 2001:db8:2::7 dev core
route add table 10 2001:db8:100::/48 via 2001:db8:2::7 dev core
"""

# tshark messages some tests expect, and why:
# - the quote in an ICMPv6 error: tshark checks the quoted UDP checksum
#   against the quoted DA, not the SRH's final segment (RFC 8200 §8.1);
#   the quote is the input, byte for byte
# - a C-SID container with no SRH: the checksum is over the final C-SID's
#   address, which only the argument names, not over the current DA
CSUM = ("Bad checksum",)


def run(sids, pkts, tshark_allow=()):
    """Send pkts (IPv6 packets) from A on wan; return (wan out, core out, router)."""
    frames = [Ether(src=A_MAC, dst=WAN_MAC) / p for p in pkts]
    outs, r = oneshot(BASE + sids, {"wan": frames}, linktype=LINKTYPE_ETHERNET,
                      tshark_allow=tshark_allow)
    return outs["wan"], outs["core"], r


def to_core(pkt, mac=MAIN_MAC):
    return raw(Ether(src=CORE_MAC, dst=mac) / pkt)


def to_a(pkt):
    return raw(Ether(src=WAN_MAC, dst=A_MAC) / pkt)


def icmp_error(orig, err):
    """RFC 4443 error from R about orig (quoted up to 1280 bytes in all)."""
    return to_a(IPv6(src=R, dst=A, hlim=64) / err / Raw(raw(orig)[:1280 - 48]))


def udp(final=FAR):
    """UDP whose checksum is for the final destination (RFC 8200 §8.1)."""
    u = IPv6(raw(IPv6(src=A, dst=final) / UDP(sport=4000, dport=5000) / b"payload"))
    return UDP(sport=4000, dport=5000, chksum=u[UDP].chksum) / b"payload"


def srh(segs, sl, nh=17):
    """SRH with Segment List = segs (segs[0] is the last segment)."""
    return IPv6ExtHdrSegmentRouting(addresses=segs, segleft=sl, lastentry=len(segs) - 1, nh=nh)


def pkt(dst, hlim=64, *layers):
    p = IPv6(src=A, dst=dst, hlim=hlim)
    for layer in layers:
        p = p / layer
    return p


# --- End -------------------------------------------------------------------

@test
def end_advances_to_the_next_segment():
    # in:  IPv6(A -> S1, hlim 64)/SRH(FAR,S2,S1; SL=2)/UDP
    # out: IPv6(A -> S2, hlim 63)/SRH(FAR,S2,S1; SL=1)/UDP  via main (S12-S15)
    segs = [FAR, S2, S1]
    _, core, r = run(f"sid add {S1} action End\n", [pkt(S1, 64, srh(segs, 2), udp())])
    assert_bytes(core[0], to_core(pkt(S2, 63, srh(segs, 1), udp())))


@test
def end_psp_pops_the_srh_at_the_penultimate_segment():
    # in:  IPv6(A -> S1)/SRH(FAR,S1; SL=1)/UDP
    # out: IPv6(A -> FAR, hlim 63, nh UDP)/UDP (§4.16.1 S14.1-S14.4)
    _, core, _ = run(f"sid add {S1} action End flavors psp\n",
                     [pkt(S1, 64, srh([FAR, S1], 1), udp())])
    assert_bytes(core[0], to_core(IPv6(src=A, dst=FAR, hlim=63) / udp()))


@test
def end_psp_keeps_dest_options_in_front_of_the_srh():
    # in:  IPv6/DOH/SRH(FAR,S1; SL=1)/UDP   out: IPv6(A -> FAR)/DOH(nh UDP)/UDP
    doh = IPv6ExtHdrDestOpt(nh=43)
    _, core, _ = run(f"sid add {S1} action End flavors psp\n",
                     [pkt(S1, 64, doh, srh([FAR, S1], 1), udp())])
    want = IPv6(src=A, dst=FAR, hlim=63) / IPv6ExtHdrDestOpt(nh=17) / udp()
    assert_bytes(core[0], to_core(want))


@test
def end_x_forwards_to_its_adjacency():
    # out: as End, to 2001:db8:2::9 (ADJ_MAC) although main says 2001:db8:2::2
    segs = [FAR, S2, S1]
    _, core, _ = run(f"sid add {S1} action End.X nh6 2001:db8:2::9\n",
                     [pkt(S1, 64, srh(segs, 2), udp())])
    assert_bytes(core[0], to_core(pkt(S2, 63, srh(segs, 1), udp()), ADJ_MAC))


@test
def end_x_psp_pops_and_uses_the_adjacency():
    _, core, _ = run(f"sid add {S1} action End.X nh6 2001:db8:2::9 flavors psp\n",
                     [pkt(S1, 64, srh([FAR, S1], 1), udp())])
    assert_bytes(core[0], to_core(IPv6(src=A, dst=FAR, hlim=63) / udp(), ADJ_MAC))


@test
def end_t_looks_up_the_next_segment_in_its_table():
    # §4.3 S14.1: lookup in table 10 -> 2001:db8:2::7 (T10_MAC)
    segs = [FAR, S2, S1]
    _, core, _ = run(f"sid add {S1} action End.T table 10\n", [pkt(S1, 64, srh(segs, 2), udp())])
    assert_bytes(core[0], to_core(pkt(S2, 63, srh(segs, 1), udp()), T10_MAC))


@test
def end_hop_limit_1_gets_time_exceeded():
    # S05-S06: Time Exceeded code 0 quoting the packet as received
    p = pkt(S1, 1, srh([FAR, S2, S1], 2), udp())
    wan, core, r = run(f"sid add {S1} action End\n", [p], tshark_allow=CSUM)
    assert core == []
    assert_bytes(wan[0], icmp_error(p, ICMPv6TimeExceeded(code=0)))
    assert r.drops("ip6_hop_limit") == 1


@test
def end_sl_above_last_entry_plus_1_gets_param_problem_at_sl():
    # S09-S10: SL 3 > LE 1 + 1: Parameter Problem code 0, pointer 43 (Segments Left)
    p = pkt(S1, 64, srh([FAR, S1], 3), udp())
    wan, core, r = run(f"sid add {S1} action End\n", [p],
                       tshark_allow=CSUM + ("segments left field must not exceed",))
    assert core == []
    assert_bytes(wan[0], icmp_error(p, ICMPv6ParamProblem(code=0, ptr=43)))
    assert r.drops("srh_segments_left") == 1


@test
def end_last_entry_beyond_the_header_gets_param_problem_at_sl():
    # S09-S10: Last Entry 2 in a header with room for 2 segments: pointer 43
    b = bytearray(raw(pkt(S1, 64, srh([FAR, S1], 1), udp())))
    b[44] = 2
    p = IPv6(bytes(b))
    wan, core, r = run(f"sid add {S1} action End\n", [p], tshark_allow=CSUM)
    assert core == []
    assert_bytes(wan[0], icmp_error(bytes(b), ICMPv6ParamProblem(code=0, ptr=43)))
    assert r.drops("srh_last_entry") == 1


@test
def end_malformed_tlv_gets_param_problem_at_the_tlv():
    # SRH of 2 segments + a PadN TLV of 6 bytes (RFC 8754 §2.1.1.2 allows 5):
    # Parameter Problem code 0 pointing at the TLV (40 + 8 + 32)
    srh_b = bytes([17, 5, 4, 1, 1, 0, 0, 0]) + raw(IPv6(dst=FAR))[24:40] \
        + raw(IPv6(dst=S1))[24:40] + bytes([4, 6, 0, 0, 0, 0, 0, 0])
    p = IPv6(src=A, dst=S1, hlim=64, nh=43) / Raw(srh_b) / udp()
    wan, core, r = run(f"sid add {S1} action End\n", [p], tshark_allow=CSUM)
    assert core == []
    assert_bytes(wan[0], icmp_error(p, ICMPv6ParamProblem(code=0, ptr=80)))
    assert r.drops("srh_tlv") == 1


@test
def end_srh_running_past_the_packet_is_dropped():
    # Hdr Ext Len says 72 bytes, 32 follow: no error can point at a sane field
    b = bytearray(raw(pkt(S1, 64, srh([FAR, S1], 1))))
    b[41] = 8
    wan, core, r = run(f"sid add {S1} action End\n", [IPv6(bytes(b))])
    assert core == [] and wan == []
    assert r.drops("ip6_exthdr") == 1


@test
def end_routing_type_0_with_sl_gets_param_problem_at_routing_type():
    # RFC 8200 §4.4: unknown Routing Type with SL 1: pointer 42
    rh0 = bytes([17, 2, 0, 1]) + bytes(20)
    p = IPv6(src=A, dst=S1, hlim=64, nh=43) / Raw(rh0) / udp()
    wan, core, r = run(f"sid add {S1} action End\n", [p],
                       tshark_allow=CSUM + ("Routing header type is deprecated",))
    assert core == []
    assert_bytes(wan[0], icmp_error(p, ICMPv6ParamProblem(code=0, ptr=42)))
    assert r.drops("srh_bad_type") == 1


@test
def end_echo_request_to_the_sid_is_answered():
    # §4.1.1 S02, without SRH and with SRH SL=0 (the reply carries no SRH)
    req1 = IPv6(src=A, dst=S1) / ICMPv6EchoRequest(id=7, seq=1) / b"ping"
    req2 = pkt(S1, 64, srh([S1, S2], 0, nh=58), ICMPv6EchoRequest(id=7, seq=2) / b"ping")
    wan, core, _ = run(f"sid add {S1} action End\n", [req1, req2])
    assert core == []
    for i, got in enumerate(wan):
        want = IPv6(src=S1, dst=A, hlim=64) / ICMPv6EchoReply(id=7, seq=i + 1) / b"ping"
        assert_bytes(got, to_a(want))


@test
def end_udp_at_the_last_segment_gets_param_problem_code_4():
    # §4.1.1 S04: pointer at the upper-layer header (40 + SRH 40 = 80; no SRH: 40)
    p1 = pkt(S1, 64, srh([S1, S2], 0), udp(S1))
    p2 = pkt(S1, 64, udp(S1))
    wan, core, r = run(f"sid add {S1} action End\n", [p1, p2])
    assert core == []
    assert_bytes(wan[0], icmp_error(p1, ICMPv6ParamProblem(code=4, ptr=80)))
    assert_bytes(wan[1], icmp_error(p2, ICMPv6ParamProblem(code=4, ptr=40)))
    assert r.drops("sr_upper_layer") == 2


@test
def end_sl_zero_ignores_the_hop_limit():
    # S02 comes before S05: hop limit 1 at SL 0 is answered, not expired
    req = pkt(S1, 1, srh([S1, S2], 0, nh=58), ICMPv6EchoRequest(id=1, seq=1))
    wan, _, _ = run(f"sid add {S1} action End\n", [req])
    assert_bytes(wan[0], to_a(IPv6(src=S1, dst=A, hlim=64) / ICMPv6EchoReply(id=1, seq=1)))


@test
def end_usp_pops_before_the_upper_layer_error():
    # §4.16.2: the SRH goes first, so the error quotes IPv6/UDP and points at 40
    p = pkt(S1, 64, srh([S1, S2], 0), udp(S1))
    wan, _, _ = run(f"sid add {S1} action End flavors usp\n", [p])
    popped = IPv6(src=A, dst=S1, hlim=64) / udp(S1)
    assert_bytes(wan[0], icmp_error(popped, ICMPv6ParamProblem(code=4, ptr=40)))


def inner6(hlim=50):
    return IPv6(src="2001:db8:c::1", dst=FAR, hlim=hlim) / UDP(sport=1, dport=2) / b"inner"


def inner4(ttl=50):
    return IP(src="192.0.2.99", dst="203.0.113.5", ttl=ttl) / UDP(sport=1, dport=2) / b"inner4"


@test
def end_usd_decapsulates_ipv6_and_ipv4_into_main():
    # §4.16.3: IPv6(A -> S1)/SRH(S1; SL=0)/inner  ->  inner as is (hop limit/TTL kept)
    p6 = pkt(S1, 64, srh([S1], 0, nh=41), inner6())
    p4 = pkt(S1, 64, IP(raw(inner4())))
    _, core, _ = run(f"sid add {S1} action End flavors usd\n", [p6, p4])
    assert_bytes(core[0], to_core(inner6()))
    assert_bytes(core[1], to_core(inner4(), V4_MAC))


@test
def end_x_usd_decapsulates_to_the_adjacency():
    # both families go to 2001:db8:2::9; IPv4 resolves the IPv6 next hop's MAC
    p6 = pkt(S1, 64, srh([S1], 0, nh=41), inner6())
    p4 = pkt(S1, 64, IP(raw(inner4())))
    _, core, _ = run(f"sid add {S1} action End.X nh6 2001:db8:2::9 flavors usd\n", [p6, p4])
    assert_bytes(core[0], to_core(inner6(), ADJ_MAC))
    assert_bytes(core[1], to_core(inner4(), ADJ_MAC))


@test
def end_t_usd_decapsulates_into_its_table():
    p6 = pkt(S1, 64, inner6())
    _, core, _ = run(f"sid add {S1} action End.T table 10 flavors usd\n", [p6])
    assert_bytes(core[0], to_core(inner6(), T10_MAC))


@test
def end_psp_usp_usd_all_flavors_on_one_sid():
    # SL 1: PSP pops (out IPv6(A -> S2)/inner); SL 0: USP pops, USD decapsulates
    p1 = pkt(S1, 64, srh([S2, S1], 1, nh=41), inner6())
    p2 = pkt(S1, 64, srh([S1, S2], 0, nh=41), inner6())
    _, core, _ = run(f"sid add {S1} action End flavors psp,usp,usd\n", [p1, p2])
    assert_bytes(core[0], to_core(IPv6(src=A, dst=S2, hlim=63) / inner6()))
    assert_bytes(core[1], to_core(inner6()))


@test
def two_sids_of_the_router_in_one_pass():
    # S1 (End, PSP) hands the packet to S2, also ours (End with USD): the
    # second lookup finds S2, which decapsulates; inner forwarded as is
    p = pkt(S1, 64, srh([S2, S1], 1, nh=41), inner6())
    _, core, _ = run(f"sid add {S1} action End flavors psp\nsid add {S2} action End flavors usd\n",
                     [p])
    assert_bytes(core[0], to_core(inner6()))


# --- NEXT-CSID (block fc00:0::/32, 16-bit C-SIDs) --------------------------

NEXT = "sid add fc00:0:100:: action End flavors next-csid\n"


@test
def next_csid_shifts_the_argument_without_srh():
    # §4.1.1 S05-S07: fc00:0:100:200:300:: -> fc00:0:200:300::, hlim 63
    p = pkt("fc00:0:100:200:300::", 64, udp("fc00:0:300::"))
    _, core, _ = run(NEXT, [p], tshark_allow=CSUM)
    assert_bytes(core[0], to_core(pkt("fc00:0:200:300::", 63, udp("fc00:0:300::"))))


@test
def next_csid_keeps_segments_left_while_the_argument_is_not_zero():
    segs = [FAR, "fc00:0:100:200::"]
    p = pkt("fc00:0:100:200::", 64, srh(segs, 1), udp())
    _, core, _ = run(NEXT, [p])
    assert_bytes(core[0], to_core(pkt("fc00:0:200::", 63, srh(segs, 1), udp())))


@test
def next_csid_with_zero_argument_takes_the_next_srh_entry():
    # argument 0: plain End, S13-S14: DA = Segment List[0], SL 0
    segs = [FAR, "fc00:0:100::"]
    _, core, _ = run(NEXT, [pkt("fc00:0:100::", 64, srh(segs, 1), udp())])
    assert_bytes(core[0], to_core(pkt(FAR, 63, srh(segs, 0), udp())))


@test
def next_csid_psp_pops_when_the_last_entry_is_loaded():
    segs = [FAR, "fc00:0:100::"]
    _, core, _ = run("sid add fc00:0:100:: action End flavors next-csid,psp\n",
                     [pkt("fc00:0:100::", 64, srh(segs, 1), udp())])
    assert_bytes(core[0], to_core(IPv6(src=A, dst=FAR, hlim=63) / udp()))


@test
def next_csid_hop_limit_1_gets_time_exceeded():
    # S02-S03, the DA not shifted
    p = pkt("fc00:0:100:200::", 1, udp("fc00:0:200::"))
    wan, core, r = run(NEXT, [p], tshark_allow=CSUM)
    assert core == []
    assert_bytes(wan[0], icmp_error(p, ICMPv6TimeExceeded(code=0)))


@test
def next_csid_last_csid_answers_echo():
    req = IPv6(src=A, dst="fc00:0:100::") / ICMPv6EchoRequest(id=3, seq=3)
    wan, _, _ = run(NEXT, [req])
    assert_bytes(wan[0], to_a(IPv6(src="fc00:0:100::", dst=A, hlim=64)
                              / ICMPv6EchoReply(id=3, seq=3)))


@test
def next_csid_end_x_shifts_and_uses_the_adjacency():
    p = pkt("fc00:0:100:200::", 64, udp("fc00:0:200::"))
    _, core, _ = run("sid add fc00:0:100:: action End.X nh6 2001:db8:2::9 flavors next-csid\n",
                     [p])
    assert_bytes(core[0], to_core(pkt("fc00:0:200::", 63, udp("fc00:0:200::")), ADJ_MAC))


@test
def next_csid_with_48_bit_block():
    # lblen 48: fc00:0:b1:10:f123:: -> fc00:0:b1:f123::
    p = pkt("fc00:0:b1:10:f123::", 64, udp("fc00:0:b1:f123::"))
    _, core, _ = run("sid add fc00:0:b1:10:: action End flavors next-csid lblen 48 nflen 16\n",
                     [p])
    assert_bytes(core[0], to_core(pkt("fc00:0:b1:f123::", 63, udp("fc00:0:b1:f123::"))))


# --- REPLACE-CSID (block fc00:0:b2::/48, 32-bit C-SIDs, 2 index bits) -------
#
# C1 holds slots 0..3 = 60:1 | 50:1 | 40:1 | 30:1 (slot i = bits 32i..32i+31)

C1 = "60:1:50:1:40:1:30:1"
REP = "sid add fc00:0:b2:20:1:: action End flavors replace-csid lblen 48 nflen 32\n"


@test
def replace_csid_index_0_loads_slot_3_of_the_next_container():
    # §4.2.1 S24-S28: DA fc00:0:b2:20:1:: (index 0), SL 2 -> SL 1, DA fc00:0:b2:30:1::3
    segs = [FAR, C1, "fc00:0:b2:20:1::"]
    p = pkt("fc00:0:b2:20:1::", 64, srh(segs, 2), udp())
    _, core, _ = run(REP, [p])
    assert_bytes(core[0], to_core(pkt("fc00:0:b2:30:1::3", 63, srh(segs, 1), udp())))


@test
def replace_csid_nonzero_index_takes_the_previous_slot():
    # S13-S14, S27-S28: index 3 -> 2, C-SID 40:1, SL unchanged
    segs = [FAR, C1, "fc00:0:b2:20:1::"]
    p = pkt("fc00:0:b2:20:1::3", 64, srh(segs, 1), udp())
    _, core, _ = run(REP, [p])
    assert_bytes(core[0], to_core(pkt("fc00:0:b2:40:1::2", 63, srh(segs, 1), udp())))


@test
def replace_csid_zero_slot_loads_the_next_whole_sid():
    # S14-S17: C2 = 0 | 0 | 80:1 | 70:1, index 2 -> slot 1 is 0: SL 0, DA = FAR
    segs = [FAR, "::80:1:70:1", "fc00:0:b2:20:1::"]
    p = pkt("fc00:0:b2:20:1::2", 64, srh(segs, 1), udp())
    _, core, _ = run(REP, [p])
    assert_bytes(core[0], to_core(pkt(FAR, 63, srh(segs, 0), udp())))


@test
def replace_csid_nonzero_index_with_sl_past_last_entry_gets_param_problem():
    # S10-S11: index 3 needs Segment List[SL]; SL 2 = LE + 1 (reduced SRH)
    p = pkt("fc00:0:b2:20:1::3", 64, srh([FAR, C1], 2), udp())
    wan, core, r = run(REP, [p], tshark_allow=CSUM)
    assert core == []
    assert_bytes(wan[0], icmp_error(p, ICMPv6ParamProblem(code=0, ptr=43)))
    assert r.drops("srh_segments_left") == 1


@test
def replace_csid_last_csid_serves_the_upper_layer():
    # S02: SL 0 and slot index-1 of Segment List[0] is 0: echo answered
    req = pkt("fc00:0:b2:20:1::2", 64, srh(["::20:1:30:1", "fc00:0:b2:30:1::"], 0, nh=58),
              ICMPv6EchoRequest(id=5, seq=5))
    wan, _, _ = run(REP, [req])
    want = IPv6(src="fc00:0:b2:20:1::2", dst=A, hlim=64) / ICMPv6EchoReply(id=5, seq=5)
    assert_bytes(wan[0], to_a(want))


if __name__ == "__main__":
    main()
