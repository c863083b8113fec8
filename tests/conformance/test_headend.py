# SPDX-License-Identifier: MIT
"""Headend conformance: H.Encaps, H.Encaps.Red, H.Insert, H.Encaps.L2,
IPv4 inner, weighted policies, steering, MTU and hop-limit errors.

    A=2001:db8:1::10 ──wan── srv6d (encap source E) ──core── 2001:db8:2::2 ─ fc00::/16

Expected packets are built with scapy from RFC 8986 §5 / RFC 8754 rules:
outer SA = encap source (or the policy's src), DA = first segment, hop limit
64, traffic class copied from the inner packet, SRH listing the segments
last-first with SL = Last Entry = n-1 (reduced: first segment left out),
inner hop limit / TTL one less. The flow label is the one value srv6d
chooses: a hash of the flow, checked for being stable per flow and spread
across flows rather than for a particular value.
"""
from scapy.all import (Ether, ICMPv6PacketTooBig, ICMPv6TimeExceeded, IP, IPv6,
                       IPv6ExtHdrSegmentRouting, Raw, UDP, fragment, raw)

from srv6test import LINKTYPE_ETHERNET, assert_bytes, main, oneshot, run_config, test

A, FAR, E = "2001:db8:1::10", "2001:db8:100::5", "2001:db8:ffff::1"
S1, S2, S3 = "fc00:1::1", "fc00:2::1", "fc00:3::1"

BASE = """
interface add wan driver pcap rx {wan_in} tx {wan_out}
interface add core driver pcap rx {core_in} tx {core_out}
address add 2001:db8:1::1/64 dev wan
address add 2001:db8:2::1/64 dev core
address add 192.0.2.1/24 dev wan
encap source 2001:db8:ffff::1
route add fc00::/16 via 2001:db8:2::2
"""


def inner6(hlim=64, sport=4000, tc=0, payload=b"data"):
    return IPv6(src=A, dst=FAR, hlim=hlim, tc=tc) / UDP(sport=sport, dport=80) / payload


def flow_label(pkt_bytes):
    return int.from_bytes(pkt_bytes[1:4], "big") & 0xfffff


def with_label(pkt, label):
    pkt = pkt.copy()
    pkt[IPv6].fl = label
    return pkt


def encap(inner_bytes, segs, reduced=False, nh=41, tc=0, src=E):
    """RFC 8986 §5.1/5.2: the outer headers H.Encaps(.Red) puts in front."""
    srh_segs = list(reversed(segs))
    if reduced:
        srh_segs = srh_segs[:-1]
    if reduced and len(segs) == 1:
        return IPv6(src=src, dst=segs[0], hlim=64, tc=tc, nh=nh) / Raw(inner_bytes)
    srh = IPv6ExtHdrSegmentRouting(addresses=srh_segs, segleft=len(segs) - 1,
                                   lastentry=len(srh_segs) - 1, nh=nh)
    return IPv6(src=src, dst=segs[0], hlim=64, tc=tc) / srh / Raw(inner_bytes)


def run(config_extra, inputs, **kw):
    return oneshot(BASE + config_extra, inputs, **kw)


@test
def h_encaps_pushes_ipv6_and_full_srh():
    # in:  IPv6(A -> FAR, hlim 64, tc 0x28)/UDP
    # out: IPv6(E -> S1, hlim 64, tc 0x28)/SRH(S3,S2,S1; SL=2, LE=2, NH 41)/IPv6(A -> FAR, hlim 63)/UDP
    outs, _ = run(f"route add 2001:db8:100::/48 encap seg6 mode encap segs {S1},{S2},{S3}\n",
                  {"wan": [inner6(tc=0x28)]})
    got = outs["core"][0]
    want = encap(raw(inner6(hlim=63, tc=0x28)), [S1, S2, S3], tc=0x28)
    assert flow_label(got) != 0
    assert_bytes(got, raw(with_label(want, flow_label(got))))


@test
def h_encaps_red_leaves_first_segment_out_of_srh():
    # out: IPv6(E -> S1)/SRH(S3,S2; SL=2, LE=1)/inner
    outs, _ = run(f"route add 2001:db8:100::/48 encap seg6 mode encap.red segs {S1},{S2},{S3}\n",
                  {"wan": [inner6()]})
    got = outs["core"][0]
    want = encap(raw(inner6(hlim=63)), [S1, S2, S3], reduced=True)
    assert_bytes(got, raw(with_label(want, flow_label(got))))


@test
def h_encaps_red_with_one_segment_has_no_srh():
    # RFC 8986 §5.2: out: IPv6(E -> S1, NH 41)/inner
    outs, _ = run(f"route add 2001:db8:100::/48 encap seg6 mode encap.red segs {S1}\n",
                  {"wan": [inner6()]})
    got = outs["core"][0]
    want = encap(raw(inner6(hlim=63)), [S1], reduced=True)
    assert_bytes(got, raw(with_label(want, flow_label(got))))


@test
def h_insert_puts_srh_after_ipv6_header_and_keeps_da_as_last_segment():
    # in:  IPv6(A -> FAR, hlim 64)/UDP
    # out: IPv6(A -> S1, hlim 63)/SRH(FAR, S2, S1; SL=2, LE=2, NH 17)/UDP
    pkt = inner6()
    outs, _ = run(f"route add 2001:db8:100::/48 encap seg6 mode inline segs {S1},{S2}\n",
                  {"wan": [pkt]})
    srh = IPv6ExtHdrSegmentRouting(addresses=[FAR, S2, S1], segleft=2, lastentry=2, nh=17)
    udp = raw(pkt[UDP])  # checksum over the original (final) destination stays valid
    want = IPv6(src=A, dst=S1, hlim=63) / srh / Raw(udp)
    assert_bytes(outs["core"][0], raw(want))


@test
def ipv4_inner_is_encapsulated_with_next_header_4():
    # in:  IP(192.0.2.10 -> 203.0.113.5, ttl 64, tos 0xb8)/UDP
    # out: IPv6(E -> S1, tc 0xb8)/SRH(S2,S1; NH 4)/IP(ttl 63, checksum patched)/UDP
    pkt = IP(src="192.0.2.10", dst="203.0.113.5", ttl=64, tos=0xb8) / UDP(sport=1, dport=2) / b"v4"
    outs, _ = run(f"policy add P4 segs {S1},{S2}\nsteer add 203.0.113.0/24 policy P4\n",
                  {"wan": [pkt]})
    inner = IP(src="192.0.2.10", dst="203.0.113.5", ttl=63, tos=0xb8) / UDP(sport=1, dport=2) / b"v4"
    got = outs["core"][0]
    want = encap(raw(inner), [S1, S2], nh=4, tc=0xb8)
    assert_bytes(got, raw(with_label(want, flow_label(got))))


@test
def policy_src_overrides_encap_source():
    outs, _ = run(f"policy add P src 2001:db8:aaaa::1 segs {S1}\nsteer add 2001:db8:100::/48 policy P\n",
                  {"wan": [inner6()]})
    got = outs["core"][0]
    want = encap(raw(inner6(hlim=63)), [S1], src="2001:db8:aaaa::1")
    assert_bytes(got, raw(with_label(want, flow_label(got))))


@test
def same_flow_same_label_and_list_different_flows_spread():
    # stateless: 64 flows x 3 packets through a 3:1 policy; every packet of
    # a flow has the same outer DA and flow label; the lists share flows
    # roughly 3:1 and labels differ between flows
    pkts = [inner6(sport=1000 + f) for f in range(64) for _ in range(3)]
    outs, _ = run(f"policy add W segs {S1},{S3} weight 3 segs {S2},{S3} weight 1\n"
                  "steer add 2001:db8:100::/48 policy W\n", {"wan": pkts})
    out = outs["core"]
    assert len(out) == len(pkts)
    per_flow = {}
    for b in out:
        p = IPv6(b)
        key = p[UDP].sport
        per_flow.setdefault(key, set()).add((p.dst, flow_label(b)))
    assert all(len(v) == 1 for v in per_flow.values()), "a flow changed path or label"
    dsts = [next(iter(v))[0] for v in per_flow.values()]
    n1 = dsts.count(S1)
    assert 32 <= n1 <= 60 and dsts.count(S2) == 64 - n1, (n1, 64 - n1)
    labels = {next(iter(v))[1] for v in per_flow.values()}
    assert len(labels) >= 60


@test
def inner_flow_label_is_reused_as_the_flow_hash_input():
    # two packets of one flow with the sender's label: same outer label
    pkts = [IPv6(src=A, dst=FAR, fl=0x12345) / UDP(sport=p, dport=80) for p in (1, 2)]
    outs, _ = run(f"route add 2001:db8:100::/48 encap seg6 mode encap segs {S1}\n",
                  {"wan": pkts})
    assert flow_label(outs["core"][0]) == flow_label(outs["core"][1])


@test
def inner_hop_limit_one_gets_time_exceeded_not_encap():
    pkt = inner6(hlim=1)
    outs, r = run(f"route add 2001:db8:100::/48 encap seg6 mode encap segs {S1}\n",
                  {"wan": [pkt]})
    assert outs["core"] == []
    want = IPv6(src="2001:db8:1::1", dst=A, hlim=64) / ICMPv6TimeExceeded() / Raw(raw(pkt))
    assert_bytes(outs["wan"][0], raw(want))
    assert r.drops("ip6_hop_limit") == 1


@test
def too_big_after_encap_gets_packet_too_big_with_room_left():
    # core MTU 1500, 3-segment H.Encaps adds 40 + 56 bytes: 1404 left for the inner packet
    config = BASE.replace("tx {core_out}", "tx {core_out} mtu 1500")
    pkt = inner6(payload=b"x" * (1450 - 48))
    outs, r = oneshot(config + f"route add 2001:db8:100::/48 encap seg6 mode encap segs {S1},{S2},{S3}\n",
                      {"wan": [pkt]})
    assert outs["core"] == []
    quoted = raw(inner6(hlim=63, payload=b"x" * (1450 - 48)))[:1280 - 48]
    want = IPv6(src="2001:db8:1::1", dst=A, hlim=64) / ICMPv6PacketTooBig(mtu=1404) / Raw(quoted)
    assert_bytes(outs["wan"][0], raw(want))
    assert r.drops("ip6_too_big") == 1


@test
def ipv4_without_df_too_big_after_encap_is_cut_and_each_piece_encapsulated():
    # in:  IP(no DF, ttl 64)/UDP, 2928 bytes; out a 1500-byte link under IPv6 + SRH(1) = 64 bytes
    # out: the datagram (ttl 63) cut for 1436 bytes (1416 data a piece, RFC 791),
    #      each piece in its own IPv6(E -> S1)/SRH(S1; NH 4), one flow label for all
    config = BASE.replace("tx {core_out}", "tx {core_out} mtu 1500")
    payload = bytes(range(256)) * 11 + b"z" * 64
    pkt = IP(src="192.0.2.10", dst="203.0.113.5") / UDP(sport=7, dport=9) / payload
    outs, r = oneshot(config + f"policy add P4 segs {S1}\nsteer add 203.0.113.0/24 policy P4\n",
                      {"wan": [pkt]})
    inner = IP(src="192.0.2.10", dst="203.0.113.5", ttl=63) / UDP(sport=7, dport=9) / payload
    pieces = fragment(inner, fragsize=1416)
    got = outs["core"]
    assert len(got) == len(pieces) == 3, len(got)
    label = flow_label(got[0])
    for g, piece in zip(got, pieces):
        assert len(g) <= 1500
        assert_bytes(g, raw(with_label(encap(raw(piece), [S1], nh=4), label)))
    assert [IP(raw(IPv6(g)[IPv6ExtHdrSegmentRouting].payload)).frag for g in got] == [0, 177, 354]
    assert r.event("ip4_fragmented") == 1 and r.drops("ip4_too_big") == 0


@test
def ipv4_df_too_big_after_encap_gets_fragmentation_needed():
    config = BASE.replace("tx {core_out}", "tx {core_out} mtu 1500")
    pkt = IP(src="192.0.2.10", dst="203.0.113.5", flags="DF") / UDP() / (b"y" * 1430)
    outs, r = oneshot(config + f"policy add P4 segs {S1}\nsteer add 203.0.113.0/24 policy P4\n",
                      {"wan": [pkt]})
    got = IP(outs["wan"][0])
    assert got.proto == 1 and got.payload.type == 3 and got.payload.code == 4
    assert got.payload.nexthopmtu == 1500 - 40 - 24
    assert r.drops("ip4_too_big") == 1


@test
def l2encap_steers_every_frame_of_an_interface():
    # in on l2in: Ether/IPv6 frame (any frame)
    # out on core: IPv6(E -> S1)/SRH(S2,S1; NH 143)/<the frame, untouched>
    config = BASE + ("interface add l2in driver pcap rx {l2in_in} linktype ethernet\n"
                     f"policy add L2 mode l2encap segs {S1},{S2}\n"
                     "steer add dev l2in policy L2\n")
    frame = Ether(src="02:00:00:00:00:aa", dst="02:00:00:00:00:bb") / inner6()
    outs, _ = oneshot(config, {"l2in": [frame]}, linktype={"l2in": LINKTYPE_ETHERNET})
    got = outs["core"][0]
    want = encap(raw(frame), [S1, S2], nh=143)
    assert_bytes(got, raw(with_label(want, flow_label(got))))


@test
def policy_config_errors_are_clear():
    cases = [
        ("policy add P segs fc00::1\n", "no outer source address"),
        ("encap source 2001:db8::1\npolicy add P mode insert bsid fc00::9 segs fc00::1\n",
         "binding SID (End.B6.Encaps) needs mode encap"),
        ("encap source 2001:db8::1\nsteer add 2001:db8::/32 policy nope\n", "no policy 'nope'"),
        ("encap source 2001:db8::1\nroute add 2001:db8::/32 encap seg6 mode l2encap segs fc00::1\n",
         "steer add dev NAME policy P"),
        ("encap source 2001:db8::1\npolicy add P segs fc00::1 weight 0\n", "weight"),
        ("encap source 2001:db8::1\npolicy add P weight 2 segs fc00::1\n",
         "weight comes after its segs"),
        ("encap source 2001:db8::1\npolicy add P segs fc00::1,ff02::1\n", "not a unicast SID"),
        ("encap source 2001:db8::1\npolicy add P segs "
         + ",".join(f"fc00::{i}" for i in range(1, 18)) + "\n", "more than 16 segments"),
    ]
    for config, text in cases:
        rc, out, err, path = run_config(config)
        assert rc != 0 and text in err, (config, err)


@test
def policy_in_use_cannot_be_deleted():
    rc, out, err, path = run_config(
        "encap source 2001:db8::1\npolicy add P segs fc00::1\n"
        "steer add 2001:db8:100::/48 policy P\npolicy del P\n")
    assert rc != 0 and "used by 1 steer(s)" in err, err
    rc, out, err, path = run_config(
        "encap source 2001:db8::1\npolicy add P segs fc00::1\n"
        "steer add 2001:db8:100::/48 policy P\nsteer del 2001:db8:100::/48\npolicy del P\n")
    assert rc == 0, err


if __name__ == "__main__":
    main()
