# SPDX-License-Identifier: MIT
"""Decapsulating SIDs (RFC 8986 §4.4-4.9: End.DX6, End.DX4, End.DX2,
End.DT6, End.DT4, End.DT46) and binding SIDs (§4.13-4.14: End.B6.Encaps,
End.B6.Encaps.Red).

    A=2001:db8:1::10 ──wan── srv6d ──core─┬─ 2001:db8:2::2  main: fc00::/16, 2001:db8:100::/48
    02:..:10        02:..:01  02:..:02    ├─ 2001:db8:2::9  End.DX6 next hop
                                          ├─ 198.51.100.2   End.DX4 next hop; main 203.0.113/24
                                          └─ 2001:db8:2::7, 198.51.100.7  table 10
                             ──l2out── (End.DX2: frames out as they came in the tunnel)

The exposed packet goes on exactly as it was inside the tunnel (hop limit
and TTL untouched: the behavior forwards "the exposed packet"). Expected
packets are built here from the RFC rules; the one value taken from
srv6d's output is the outer flow label a binding SID chooses (a hash of
the flow, RFC 6437), checked for being stable per flow instead.
"""
from scapy.all import (Ether, ICMPv6EchoReply, ICMPv6EchoRequest, ICMPv6PacketTooBig,
                       ICMPv6ParamProblem, ICMPv6TimeExceeded, IP, IPv6, IPv6ExtHdrDestOpt,
                       IPv6ExtHdrSegmentRouting, Raw, UDP, raw)

from srv6test import LINKTYPE_ETHERNET, assert_bytes, main, oneshot, test

A, R, E, FAR = "2001:db8:1::10", "2001:db8:1::1", "2001:db8:ffff::1", "2001:db8:100::5"
A_MAC, WAN_MAC, CORE_MAC = "02:00:00:00:00:10", "02:00:00:00:00:01", "02:00:00:00:00:02"
MAIN_MAC, ADJ_MAC, V4_MAC = "02:00:00:00:00:22", "02:00:00:00:00:29", "02:00:00:00:00:42"
T10_MAC, T10_V4_MAC = "02:00:00:00:00:27", "02:00:00:00:00:47"
SID, S2, BSID = "fc00:9::d", "fc00:2::2", "fc00:b6::1"
B1, B2, B3 = "fc00:11::1", "fc00:12::2", "fc00:13::3"

BASE = """
interface add wan driver pcap rx {wan_in} tx {wan_out} mac 02:00:00:00:00:01
interface add core driver pcap rx {core_in} tx {core_out} mac 02:00:00:00:00:02
interface add l2out driver pcap tx {l2out_out} mac 02:00:00:00:00:03
address add 2001:db8:1::1/64 dev wan
address add 2001:db8:2::1/64 dev core
address add 198.51.100.1/24 dev core
encap source 2001:db8:ffff::1
neighbor add 2001:db8:1::10 lladdr 02:00:00:00:00:10 dev wan
neighbor add 2001:db8:2::2 lladdr 02:00:00:00:00:22 dev core
neighbor add 2001:db8:2::9 lladdr 02:00:00:00:00:29 dev core
neighbor add 2001:db8:2::7 lladdr 02:00:00:00:00:27 dev core
neighbor add 198.51.100.2 lladdr 02:00:00:00:00:42 dev core
neighbor add 198.51.100.7 lladdr 02:00:00:00:00:47 dev core
route add fc00::/16 via 2001:db8:2::2
route add 2001:db8:100::/48 via 2001:db8:2::2
route add 203.0.113.0/24 via 198.51.100.2
route add table 10 2001:db8:100::/48 via 2001:db8:2::7 dev core
route add table 10 203.0.113.0/24 via 198.51.100.7 dev core
"""

# The quote of an ICMPv6 error: tshark checks the quoted UDP checksum
# against the quoted DA, not the SRH's final segment (RFC 8200 §8.1).
CSUM = ("Bad checksum",)


def run(config, pkts, tshark_allow=()):
    """Send pkts from A on wan; return (wan, core, l2out outputs, router)."""
    frames = [Ether(src=A_MAC, dst=WAN_MAC) / p for p in pkts]
    outs, r = oneshot(BASE + config, {"wan": frames}, linktype=LINKTYPE_ETHERNET,
                      tshark_allow=tshark_allow)
    return outs["wan"], outs["core"], outs["l2out"], r


def to_core(pkt, mac):
    return raw(Ether(src=CORE_MAC, dst=mac) / pkt)


def to_a(pkt):
    return raw(Ether(src=WAN_MAC, dst=A_MAC) / pkt)


def icmp_error(orig, err):
    return to_a(IPv6(src=R, dst=A, hlim=64) / err / Raw(raw(orig)[:1280 - 48]))


def inner6(hlim=50):
    return IPv6(src="2001:db8:c::1", dst=FAR, hlim=hlim) / UDP(sport=1, dport=2) / b"inner6"


def inner4(ttl=50):
    return IP(src="192.0.2.99", dst="203.0.113.5", ttl=ttl) / UDP(sport=1, dport=2) / b"inner4"


def tunnel(inner, srh=True, dst=SID, hlim=64):
    """IPv6(A -> dst)[/SRH(dst, S2; SL=0)]/inner, Next Header naming inner."""
    nh = {IPv6: 41, IP: 4, Ether: 143}[type(inner)]
    p = IPv6(src=A, dst=dst, hlim=hlim, nh=43 if srh else nh)
    if srh:
        p = p / IPv6ExtHdrSegmentRouting(addresses=[dst, S2], segleft=0, lastentry=1, nh=nh)
    return p / Raw(raw(inner))


@test
def dx6_exposes_the_inner_packet_to_its_next_hop():
    # in:  IPv6(A -> SID)/SRH(SID,S2; SL=0)/IPv6(C -> FAR, hlim 50)/UDP   and the same without SRH
    # out: IPv6(C -> FAR, hlim 50)/UDP to 2001:db8:2::9 (ADJ_MAC), main would say ::2
    _, core, _, _ = run(f"sid add {SID} action End.DX6 nh6 2001:db8:2::9\n",
                        [tunnel(inner6()), tunnel(inner6(), srh=False)])
    assert len(core) == 2
    for got in core:
        assert_bytes(got, to_core(inner6(), ADJ_MAC))


@test
def dx6_removes_every_outer_extension_header():
    # in:  IPv6/DOH/SRH(SL=0)/DOH/inner   out: inner
    p = IPv6(src=A, dst=SID) / IPv6ExtHdrDestOpt(nh=43) \
        / IPv6ExtHdrSegmentRouting(addresses=[SID], segleft=0, lastentry=0, nh=60) \
        / IPv6ExtHdrDestOpt(nh=41) / Raw(raw(inner6()))
    _, core, _, _ = run(f"sid add {SID} action End.DX6 nh6 2001:db8:2::9\n", [p])
    assert_bytes(core[0], to_core(inner6(), ADJ_MAC))


@test
def dx6_with_segments_left_gets_param_problem_at_sl():
    # S02-S04: SL 1: Parameter Problem code 0, pointer 43
    p = IPv6(src=A, dst=SID, hlim=64) / IPv6ExtHdrSegmentRouting(
        addresses=[S2, SID], segleft=1, lastentry=1, nh=41) / Raw(raw(inner6()))
    wan, core, _, r = run(f"sid add {SID} action End.DX6 nh6 2001:db8:2::9\n", [p])
    assert core == []
    assert_bytes(wan[0], icmp_error(p, ICMPv6ParamProblem(code=0, ptr=43)))
    assert r.drops("sr_not_last_sid") == 1


@test
def dx6_with_ipv4_inside_gets_param_problem_code_4():
    # upper layer S05 -> §4.1.1: IPv4 is not what End.DX6 takes; pointer 80
    p = tunnel(inner4())
    wan, core, _, r = run(f"sid add {SID} action End.DX6 nh6 2001:db8:2::9\n", [p])
    assert core == []
    assert_bytes(wan[0], icmp_error(p, ICMPv6ParamProblem(code=4, ptr=80)))
    assert r.drops("sr_upper_layer") == 1


@test
def decapsulating_sid_answers_echo():
    req = IPv6(src=A, dst=SID) / ICMPv6EchoRequest(id=9, seq=1) / b"hello"
    wan, _, _, _ = run(f"sid add {SID} action End.DT46 table 10\n", [req])
    want = IPv6(src=SID, dst=A, hlim=64) / ICMPv6EchoReply(id=9, seq=1) / b"hello"
    assert_bytes(wan[0], to_a(want))


@test
def dx6_drops_a_broken_inner_packet():
    b = bytearray(raw(inner6()))
    b[4:6] = (200).to_bytes(2, "big")  # inner payload length past the tunnel
    p = IPv6(src=A, dst=SID, nh=41) / Raw(bytes(b))
    wan, core, _, r = run(f"sid add {SID} action End.DX6 nh6 2001:db8:2::9\n", [p])
    assert core == [] and wan == []
    assert r.drops("ip6_length") == 1


@test
def dx4_exposes_the_inner_ipv4_packet_to_its_next_hop():
    # out: IP(TTL 50, checksum as sent) to 198.51.100.2
    _, core, _, _ = run(f"sid add {SID} action End.DX4 nh4 198.51.100.2\n",
                        [tunnel(inner4()), tunnel(inner4(), srh=False)])
    for got in core:
        assert_bytes(got, to_core(inner4(), V4_MAC))


@test
def dx4_drops_an_inner_packet_with_a_bad_checksum():
    b = bytearray(raw(inner4()))
    b[10] ^= 0xff
    p = IPv6(src=A, dst=SID, nh=4) / Raw(bytes(b))
    _, core, _, r = run(f"sid add {SID} action End.DX4 nh4 198.51.100.2\n", [p])
    assert core == []
    assert r.drops("ip4_checksum") == 1


@test
def dx2_sends_the_inner_frame_out_its_interface():
    # in:  IPv6(A -> SID)/SRH(SL=0, NH 143)/Ether(aa -> bb)/IPv6/UDP
    # out on l2out: Ether(aa -> bb)/IPv6/UDP as it was
    frame = Ether(src="02:00:00:00:00:aa", dst="02:00:00:00:00:bb") / inner6()
    _, core, l2out, _ = run(f"sid add {SID} action End.DX2 oif l2out\n", [tunnel(frame)])
    assert core == []
    assert_bytes(l2out[0], raw(frame))


@test
def dt6_and_dt4_look_up_the_inner_packet_in_their_table():
    # table 10 sends 2001:db8:100::/48 to ::7 and 203.0.113.0/24 to .7
    cfg = f"sid add {SID} action End.DT6 table 10\nsid add fc00:9::4 action End.DT4 table 10\n"
    _, core, _, _ = run(cfg, [tunnel(inner6()), tunnel(inner4(), dst="fc00:9::4")])
    assert_bytes(core[0], to_core(inner6(), T10_MAC))
    assert_bytes(core[1], to_core(inner4(), T10_V4_MAC))


@test
def dt46_takes_both_families_and_refuses_others():
    udp = IPv6(src=A, dst=SID) / UDP(sport=7, dport=7) / b"x"
    wan, core, _, r = run(f"sid add {SID} action End.DT46 table 10\n",
                          [tunnel(inner6()), tunnel(inner4(), srh=False), udp])
    assert_bytes(core[0], to_core(inner6(), T10_MAC))
    assert_bytes(core[1], to_core(inner4(), T10_V4_MAC))
    assert_bytes(wan[0], icmp_error(udp, ICMPv6ParamProblem(code=4, ptr=40)))


@test
def dt4_with_ipv6_inside_gets_param_problem_code_4():
    p = tunnel(inner6(), srh=False)
    wan, core, _, _ = run(f"sid add {SID} action End.DT4 table 10\n", [p])
    assert core == []
    assert_bytes(wan[0], icmp_error(p, ICMPv6ParamProblem(code=4, ptr=40)))


# --- binding SIDs ----------------------------------------------------------

def flow_label(b):
    return int.from_bytes(b[15:18], "big") & 0xfffff  # after the 14-byte Ethernet header


def b6_in(hlim=64, sl=1):
    # IPv6(A -> BSID, tc 0x28)/SRH(FAR, BSID; SL=sl)/UDP
    return IPv6(src=A, dst=BSID, hlim=hlim, tc=0x28) / IPv6ExtHdrSegmentRouting(
        addresses=[FAR, BSID], segleft=sl, lastentry=1, nh=17) / UDP(sport=3, dport=4) / b"b6"


def b6_out(segs, reduced, label):
    """S01-S14 on the packet (DA = FAR, SL 0, hlim 63), then S15-S18: the
    policy's IPv6 + SRH in front (SA E, DA = first segment, hlim 64, tc copied)."""
    inner = IPv6(raw(b6_in()))
    inner.dst, inner.hlim = FAR, 63
    inner[IPv6ExtHdrSegmentRouting].segleft = 0
    listed = list(reversed(segs))[:-1] if reduced else list(reversed(segs))
    outer = IPv6(src=E, dst=segs[0], hlim=64, tc=0x28, fl=label)
    if reduced and len(segs) == 1:
        outer.nh = 41
        return outer / Raw(raw(inner))
    srh = IPv6ExtHdrSegmentRouting(addresses=listed, segleft=len(segs) - 1,
                                   lastentry=len(listed) - 1, nh=41)
    return outer / srh / Raw(raw(inner))


@test
def b6_encaps_processes_the_srh_then_pushes_the_policy():
    # in:  IPv6(A -> BSID)/SRH(FAR,BSID; SL=1)/UDP
    # out: IPv6(E -> B1)/SRH(B2,B1; SL=1, NH 41)/IPv6(A -> FAR, hlim 63)/SRH(SL=0)/UDP
    cfg = f"policy add P segs {B1},{B2}\nsid add {BSID} action End.B6.Encaps policy P\n"
    _, core, _, _ = run(cfg, [b6_in(), b6_in()])
    label = flow_label(core[0])
    assert label != 0 and flow_label(core[1]) == label
    assert_bytes(core[0], to_core(b6_out([B1, B2], False, label), MAIN_MAC))


@test
def b6_encaps_red_pushes_a_reduced_srh():
    # out: IPv6(E -> B1)/SRH(B3,B2; SL=2, LE=1)/inner; with one segment no SRH at all
    cfg = (f"policy add P mode encap.red segs {B1},{B2},{B3}\n"
           f"sid add {BSID} action End.B6.Encaps.Red policy P\n")
    _, core, _, _ = run(cfg, [b6_in()])
    assert_bytes(core[0], to_core(b6_out([B1, B2, B3], True, flow_label(core[0])), MAIN_MAC))
    cfg = (f"policy add P mode encap.red segs {B1}\n"
           f"sid add {BSID} action End.B6.Encaps.Red policy P\n")
    _, core, _, _ = run(cfg, [b6_in()])
    assert_bytes(core[0], to_core(b6_out([B1], True, flow_label(core[0])), MAIN_MAC))


@test
def policy_bsid_installs_the_binding_sid():
    # `policy add ... bsid X` is End.B6.Encaps at X
    _, core, _, _ = run(f"policy add P bsid {BSID} segs {B1},{B2}\n", [b6_in()])
    assert_bytes(core[0], to_core(b6_out([B1, B2], False, flow_label(core[0])), MAIN_MAC))


@test
def b6_at_the_last_segment_serves_the_upper_layer():
    # SL 0: §4.1.1 (Parameter Problem code 4 at the UDP header, 80)
    p = b6_in(sl=0)
    wan, core, _, r = run(f"policy add P bsid {BSID} segs {B1}\n", [p])
    assert core == []
    assert_bytes(wan[0], icmp_error(p, ICMPv6ParamProblem(code=4, ptr=80)))


@test
def b6_hop_limit_1_gets_time_exceeded():
    p = b6_in(hlim=1)
    wan, core, _, r = run(f"policy add P bsid {BSID} segs {B1}\n", [p], tshark_allow=CSUM)
    assert core == []
    assert_bytes(wan[0], icmp_error(p, ICMPv6TimeExceeded(code=0)))
    assert r.drops("ip6_hop_limit") == 1


@test
def b6_too_big_after_the_push_gets_packet_too_big_for_the_room_left():
    # core MTU 1300; the push adds 40 + 40: the sender may send 1220. The
    # error quotes the packet behind the push (after S01-S14).
    cfg = f"policy add P bsid {BSID} segs {B1},{B2}\n"
    big = IPv6(src=A, dst=BSID, hlim=64) / IPv6ExtHdrSegmentRouting(
        addresses=[FAR, BSID], segleft=1, lastentry=1, nh=17) / UDP(sport=3, dport=4) \
        / (b"z" * 1200)
    frames = [Ether(src=A_MAC, dst=WAN_MAC) / big]
    outs, r = oneshot(BASE.replace("tx {core_out}", "tx {core_out} mtu 1300") + cfg,
                      {"wan": frames}, linktype=LINKTYPE_ETHERNET)
    assert outs["core"] == []
    behind = IPv6(raw(big))
    behind.dst, behind.hlim = FAR, 63
    behind[IPv6ExtHdrSegmentRouting].segleft = 0
    assert_bytes(outs["wan"][0], icmp_error(behind, ICMPv6PacketTooBig(mtu=1220)))
    assert r.drops("ip6_too_big") == 1


if __name__ == "__main__":
    main()
