# SPDX-License-Identifier: MIT
"""Plain IPv6/IPv4 router conformance: forwarding, errors, local echo, L2.

Topology of every test (pcap interfaces, raw IP unless the test says so):

    A=2001:db8:1::10  ──wan──  srv6d  ──lan──  gw 2001:db8:2::2 ── 2001:db8:100::/48
    192.0.2.10                 .1 / .1          198.51.100.2      ── 203.0.113.0/24

Every expected packet is built here with scapy from the input and RFC
rules, never copied from srv6d's output.
"""
import copy

from scapy.all import (ARP, Ether, ICMP, ICMPv6DestUnreach, ICMPv6EchoReply,
                       ICMPv6EchoRequest, ICMPv6PacketTooBig, ICMPv6ParamProblem,
                       ICMPv6TimeExceeded, IP, IPv6, IPv6ExtHdrSegmentRouting, Raw, UDP,
                       defragment, fragment, raw)

from srv6test import LINKTYPE_ETHERNET, assert_bytes, main, oneshot, test

A = "2001:db8:1::10"
R_WAN = "2001:db8:1::1"
FAR = "2001:db8:100::5"
A4, R_WAN4, FAR4 = "192.0.2.10", "192.0.2.1", "203.0.113.5"

BASE = """
interface add wan driver pcap rx {wan_in} tx {wan_out}
interface add lan driver pcap rx {lan_in} tx {lan_out}
address add 2001:db8:1::1/64 dev wan
address add 2001:db8:2::1/64 dev lan
address add 192.0.2.1/24 dev wan
address add 198.51.100.1/24 dev lan
route add 2001:db8:100::/48 via 2001:db8:2::2
route add 203.0.113.0/24 via 198.51.100.2
"""


def udp6(dst=FAR, hlim=64, payload=b"payload", src=A):
    return IPv6(src=src, dst=dst, hlim=hlim) / UDP(sport=4000, dport=5000) / payload


def udp4(dst=FAR4, ttl=64, payload=b"payload", **kw):
    return IP(src=A4, dst=dst, ttl=ttl, **kw) / UDP(sport=4000, dport=5000) / payload


def icmp6_error(orig, err, src=R_WAN):
    """The RFC 4443 error the router must send about orig (quote <= 1280)."""
    quote = raw(orig)[:1280 - 48]
    return IPv6(src=src, dst=orig[IPv6].src, hlim=64) / err / Raw(quote)


def run(inputs, config=BASE, **kw):
    outs, r = oneshot(config, inputs, **kw)
    return outs, r


@test
def ip6_forward_decrements_hop_limit():
    # in:  IPv6(A -> FAR, hlim 64)/UDP     on wan
    # out: IPv6(A -> FAR, hlim 63)/UDP     on lan, payload untouched
    pkt = udp6()
    outs, r = run({"wan": [pkt]})
    want = udp6(hlim=63)
    assert len(outs["lan"]) == 1 and outs["wan"] == []
    assert_bytes(outs["lan"][0], raw(want))
    assert r.event("ip6_forwarded") == 1


@test
def ip6_hop_limit_expiry_sends_time_exceeded():
    # in:  IPv6(A -> FAR, hlim 1)/UDP
    # out: IPv6(R_WAN -> A, hlim 64)/ICMPv6 Time Exceeded code 0/<in packet>  on wan
    pkt = udp6(hlim=1)
    outs, r = run({"wan": [pkt]})
    assert outs["lan"] == []
    assert_bytes(outs["wan"][0], raw(icmp6_error(pkt, ICMPv6TimeExceeded(code=0))))
    assert r.drops("ip6_hop_limit") == 1 and r.event("icmp6_error_sent") == 1


@test
def ip6_without_route_gets_destination_unreachable():
    # in:  IPv6(A -> 2001:db8:999::1)   out: ICMPv6 Dest Unreachable code 0 (no route)
    pkt = udp6(dst="2001:db8:999::1")
    outs, r = run({"wan": [pkt]})
    assert_bytes(outs["wan"][0], raw(icmp6_error(pkt, ICMPv6DestUnreach(code=0))))
    assert r.drops("ip6_no_route") == 1


@test
def ip6_echo_to_router_is_answered():
    # in:  IPv6(A -> R_WAN)/EchoRequest(id 7, seq 9)/"ping"
    # out: IPv6(R_WAN -> A, hlim 64)/EchoReply(id 7, seq 9)/"ping"
    pkt = IPv6(src=A, dst=R_WAN) / ICMPv6EchoRequest(id=7, seq=9) / b"ping"
    outs, r = run({"wan": [pkt]})
    want = IPv6(src=R_WAN, dst=A, hlim=64) / ICMPv6EchoReply(id=7, seq=9) / b"ping"
    assert_bytes(outs["wan"][0], raw(want))
    assert r.event("icmp6_echo_replied") == 1


@test
def ip6_echo_to_other_interface_address_is_answered_from_it():
    # in on wan: IPv6(A -> 2001:db8:2::1 (lan's address))/EchoRequest
    # out on wan: reply from 2001:db8:2::1
    pkt = IPv6(src=A, dst="2001:db8:2::1") / ICMPv6EchoRequest(id=1, seq=1)
    outs, _ = run({"wan": [pkt]})
    want = IPv6(src="2001:db8:2::1", dst=A, hlim=64) / ICMPv6EchoReply(id=1, seq=1)
    assert_bytes(outs["wan"][0], raw(want))


@test
def ip6_udp_to_router_gets_port_unreachable():
    pkt = udp6(dst=R_WAN)
    outs, r = run({"wan": [pkt]})
    assert_bytes(outs["wan"][0], raw(icmp6_error(pkt, ICMPv6DestUnreach(code=4))))
    assert r.drops("local_proto") == 1


@test
def srh_transit_is_forwarded_untouched():
    # RFC 8754 §4.2: DA not ours -> plain IPv6 forwarding, SRH not inspected
    # in:  IPv6(A -> FAR, hlim 64)/SRH(SL=1; FAR, S2)/UDP
    # out: identical but hlim 63
    srh = IPv6ExtHdrSegmentRouting(addresses=["2001:db8:100::99", FAR], segleft=1)
    pkt = IPv6(src=A, dst=FAR, hlim=64) / srh / UDP(sport=1, dport=2) / b"x"
    outs, r = run({"wan": [pkt]})
    want = copy.deepcopy(pkt)
    want[IPv6].hlim = 63
    assert_bytes(outs["lan"][0], raw(want))
    assert r.event("srh_transit") == 1


@test
def malformed_srh_in_transit_is_not_inspected():
    # SL (9) > Last Entry + 1: a transit node forwards it anyway (RFC 8754 §4.2)
    srh = IPv6ExtHdrSegmentRouting(addresses=[FAR], segleft=9, lastentry=0)
    pkt = IPv6(src=A, dst=FAR, hlim=10) / srh / UDP() / b"x"
    # the output is as malformed as the input, by design
    outs, _ = run({"wan": [pkt]}, tshark_allow=("segments left", "Malformed"))
    b = bytearray(raw(pkt))
    b[7] = 9
    assert_bytes(outs["lan"][0], bytes(b))


@test
def srh_to_plain_router_address_gets_parameter_problem():
    # in:  IPv6(A -> R_WAN)/SRH(SL=1)/UDP: R_WAN is an address, not a SID
    # out: ICMPv6 Parameter Problem code 0, pointer 42 (the Routing Type byte)
    srh = IPv6ExtHdrSegmentRouting(addresses=["2001:db8:100::1", R_WAN], segleft=1)
    pkt = IPv6(src=A, dst=R_WAN) / srh / UDP() / b"x"
    # tshark checks the quoted UDP checksum against the quoted DA instead of
    # the SRH's final segment (RFC 8200 §8.1); the quote is the input, byte
    # for byte, and the outer ICMPv6 checksum is checked by assert_bytes
    outs, r = run({"wan": [pkt]}, tshark_allow=("Bad checksum",))
    assert_bytes(outs["wan"][0], raw(icmp6_error(pkt, ICMPv6ParamProblem(code=0, ptr=42))))
    assert r.drops("srh_bad_type") == 1


@test
def srh_with_sl_zero_to_router_serves_upper_layer():
    # SL 0: the routing header is ignored and the echo answered (RFC 8200 §4.4)
    srh = IPv6ExtHdrSegmentRouting(addresses=[R_WAN], segleft=0)
    pkt = IPv6(src=A, dst=R_WAN) / srh / ICMPv6EchoRequest(id=3, seq=4) / b"hi"
    outs, _ = run({"wan": [pkt]})
    want = IPv6(src=R_WAN, dst=A, hlim=64) / ICMPv6EchoReply(id=3, seq=4) / b"hi"
    assert_bytes(outs["wan"][0], raw(want))


@test
def ip6_larger_than_mtu_gets_packet_too_big():
    # lan MTU 1280; a 1400-byte packet -> PTB(MTU 1280) quoting 1232 bytes of it
    config = BASE.replace("tx {lan_out}", "tx {lan_out} mtu 1280")
    pkt = udp6(payload=b"z" * (1400 - 48))
    outs, r = run({"wan": [pkt]}, config)
    assert outs["lan"] == []
    want = icmp6_error(pkt, ICMPv6PacketTooBig(mtu=1280))
    assert len(outs["wan"][0]) == 1280
    assert_bytes(outs["wan"][0], raw(want))
    assert r.drops("ip6_too_big") == 1


@test
def malformed_ip6_headers_are_dropped_by_reason():
    short = raw(udp6())[:30]
    long_plen = bytearray(raw(udp6()))
    long_plen[4:6] = (500).to_bytes(2, "big")
    v5 = bytearray(raw(udp6()))
    v5[0] = 0x50
    mcast_src = udp6(src="ff02::1")
    outs, r = run({"wan": [short, bytes(long_plen), bytes(v5), mcast_src]})
    assert outs["lan"] == [] and outs["wan"] == []
    assert r.drops("ip6_truncated") == 1
    assert r.drops("ip6_length") == 1
    assert r.drops("ip6_version") == 1
    assert r.drops("ip6_src_invalid") == 1


@test
def ethernet_padding_is_trimmed():
    # 20 bytes of trailing junk after the IPv6 payload: forwarded without it
    pkt = udp6()
    outs, _ = run({"wan": [raw(pkt) + b"\0" * 20]})
    assert_bytes(outs["lan"][0], raw(udp6(hlim=63)))


@test
def ip4_forward_decrements_ttl_and_patches_checksum():
    pkt = udp4()
    outs, r = run({"wan": [pkt]})
    want = udp4(ttl=63)  # scapy recomputes the header checksum from scratch
    assert_bytes(outs["lan"][0], raw(want))
    assert r.event("ip4_forwarded") == 1


@test
def ip4_ttl_expiry_sends_time_exceeded():
    pkt = udp4(ttl=1)
    outs, r = run({"wan": [pkt]})
    quote = raw(pkt)[:576 - 28]
    # RFC 1812 §4.3.2.5: errors go with precedence 6 (internetwork control)
    want = IP(src=R_WAN4, dst=A4, ttl=64, id=0, tos=0xc0, flags="DF") / ICMP(type=11, code=0) / Raw(quote)
    got = IP(outs["wan"][0])
    want = IP(raw(want))
    # the IP id of a router-made packet is its own choice: copy it, check the rest
    want.id = got.id
    want.chksum = None
    assert_bytes(outs["wan"][0], raw(IP(raw(want))))
    assert r.drops("ip4_ttl") == 1


@test
def ip4_bad_checksum_is_dropped():
    b = bytearray(raw(udp4()))
    b[10] ^= 0xff
    outs, r = run({"wan": [bytes(b)]})
    assert outs["lan"] == [] and outs["wan"] == []
    assert r.drops("ip4_checksum") == 1


@test
def ip4_echo_to_router_is_answered():
    pkt = IP(src=A4, dst=R_WAN4) / ICMP(type=8, id=5, seq=6) / b"ping4"
    outs, r = run({"wan": [pkt]})
    got = IP(outs["wan"][0])
    assert got.src == R_WAN4 and got.dst == A4 and got[ICMP].type == 0
    assert got[ICMP].id == 5 and got[ICMP].seq == 6 and raw(got[ICMP].payload) == b"ping4"
    # checksums valid: rebuilding with scapy gives the same bytes
    fixed = got.copy()
    del fixed.chksum
    del fixed[ICMP].chksum
    assert_bytes(outs["wan"][0], raw(IP(raw(fixed))))
    assert r.event("icmp4_echo_replied") == 1


@test
def ip4_df_larger_than_mtu_gets_fragmentation_needed():
    config = BASE.replace("tx {lan_out}", "tx {lan_out} mtu 1280")
    pkt = udp4(payload=b"q" * 1400, flags="DF")
    outs, r = run({"wan": [pkt]}, config)
    got = IP(outs["wan"][0])
    assert got[ICMP].type == 3 and got[ICMP].code == 4 and got[ICMP].nexthopmtu == 1280
    assert r.drops("ip4_too_big") == 1


@test
def ip4_without_df_larger_than_mtu_is_fragmented():
    # in:  IPv4(A4 -> FAR4, ttl 64, no DF)/UDP, 3028 bytes, out a 1280-byte link
    # out: the datagram with ttl 63 in pieces of 1256 data bytes (RFC 791 §3.2:
    #      multiples of 8), MF on all but the last, offsets 0, 157, 314
    config = BASE.replace("tx {lan_out}", "tx {lan_out} mtu 1280")
    payload = bytes(range(256)) * 11 + b"tail"
    outs, r = run({"wan": [udp4(payload=payload)]}, config)
    want_whole = udp4(ttl=63, payload=payload)
    want = fragment(want_whole, fragsize=1256)
    assert len(outs["lan"]) == len(want) == 3, len(outs["lan"])
    for got, w in zip(outs["lan"], want):
        assert_bytes(got, raw(w))
    assert [IP(b).frag for b in outs["lan"]] == [0, 157, 314]
    whole = defragment([IP(b) for b in outs["lan"]])
    assert len(whole) == 1 and raw(whole[0]) == raw(want_whole)
    assert r.event("ip4_fragmented") == 1 and r.event("ip4_forwarded") == 1
    assert r.drops("ip4_too_big") == 0


@test
def ip4_fragments_each_get_the_neighbor_mac():
    # Ethernet links of the default 1500-byte MTU; the datagram is 2028 bytes
    config = ETH_BASE + """
address add 198.51.100.1/24 dev lan
route add 203.0.113.0/24 via 198.51.100.2
neighbor add 198.51.100.2 lladdr 02:00:00:00:00:98 dev lan
"""
    payload = b"x" * 2000
    pkt = Ether(src=A_MAC, dst=WAN_MAC) / udp4(payload=payload)
    outs, r = run({"wan": [pkt]}, config, linktype=LINKTYPE_ETHERNET)
    pieces = fragment(udp4(ttl=63, payload=payload), fragsize=1480)
    assert len(outs["lan"]) == len(pieces) == 2
    for got, w in zip(outs["lan"], pieces):
        assert_bytes(got, raw(Ether(src=LAN_MAC, dst="02:00:00:00:00:98") / w))
    assert r.event("ip4_fragmented") == 1


ETH_BASE = """
interface add wan driver pcap rx {wan_in} tx {wan_out} mac 02:00:00:00:00:01
interface add lan driver pcap rx {lan_in} tx {lan_out} mac 02:00:00:00:00:02
address add 2001:db8:1::1/64 dev wan
address add 2001:db8:2::1/64 dev lan
address add 192.0.2.1/24 dev wan
route add 2001:db8:100::/48 via 2001:db8:2::2
neighbor add 2001:db8:2::2 lladdr 02:00:00:00:00:99 dev lan
neighbor add 2001:db8:1::10 lladdr 02:00:00:00:00:10 dev wan
"""
WAN_MAC, LAN_MAC, GW_MAC, A_MAC = ("02:00:00:00:00:01", "02:00:00:00:00:02",
                                   "02:00:00:00:00:99", "02:00:00:00:00:10")


@test
def ethernet_output_uses_neighbor_mac():
    # in:  Ether(A_MAC -> WAN_MAC)/IPv6(A -> FAR)/UDP
    # out: Ether(LAN_MAC -> GW_MAC)/IPv6(hlim 63)/UDP   (GW_MAC from the neighbor table)
    pkt = Ether(src=A_MAC, dst=WAN_MAC) / udp6()
    outs, _ = run({"wan": [pkt]}, ETH_BASE, linktype=LINKTYPE_ETHERNET)
    want = Ether(src=LAN_MAC, dst=GW_MAC) / udp6(hlim=63)
    assert_bytes(outs["lan"][0], raw(want))


@test
def ethernet_frame_for_other_mac_is_dropped():
    pkt = Ether(src=A_MAC, dst="02:00:00:00:00:77") / udp6()
    outs, r = run({"wan": [pkt]}, ETH_BASE, linktype=LINKTYPE_ETHERNET)
    assert outs["lan"] == []
    assert r.drops("l2_not_for_us") == 1


@test
def arp_request_for_router_address_is_answered():
    req = Ether(src=A_MAC, dst="ff:ff:ff:ff:ff:ff") / ARP(
        op=1, hwsrc=A_MAC, psrc=A4, hwdst="00:00:00:00:00:00", pdst=R_WAN4)
    outs, _ = run({"wan": [req]}, ETH_BASE, linktype=LINKTYPE_ETHERNET)
    want = Ether(src=WAN_MAC, dst=A_MAC) / ARP(op=2, hwsrc=WAN_MAC, psrc=R_WAN4, hwdst=A_MAC,
                                               pdst=A4)
    assert_bytes(outs["wan"][0], raw(want))


@test
def icmp_errors_are_rate_limited_by_token_bucket():
    # 150 expiring packets at the same instant: the bucket (burst 100) lets
    # 100 errors out; the other 50 are counted, not sent. Each from its own
    # source, so the per-destination buckets (test_security.py) stay out of it.
    pkts = []
    for i in range(150):
        p = udp6(hlim=1, payload=bytes([i]), src=f"2001:db8:1::{0x1000 + i:x}")
        p.time = 1000.0
        pkts.append(p)
    outs, r = run({"wan": pkts})
    assert len(outs["wan"]) == 100
    assert r.drops("ip6_hop_limit") == 150
    assert r.event("icmp_error_rate_limited") == 50


@test
def icmp_error_is_never_sent_about_an_icmp_error():
    # RFC 4443 §2.4 (e.1): a Time Exceeded that itself expires gets no error
    inner = udp6()
    pkt = IPv6(src=A, dst=FAR, hlim=1) / ICMPv6TimeExceeded() / raw(inner)
    outs, r = run({"wan": [pkt]})
    assert outs["wan"] == [] and outs["lan"] == []
    assert r.event("icmp_error_not_allowed") == 1


if __name__ == "__main__":
    main()
