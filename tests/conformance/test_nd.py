# SPDX-License-Identifier: MIT
"""Neighbor discovery and ARP (RFC 4861, RFC 826) on Ethernet pcap links.

    A 2001:db8:1::10 / 02:..:10 ──wan(02:..:01)── srv6d ──lan(02:..:02)── gw 2001:db8:2::2 / 198.51.100.2 (02:..:99)

Expected frames are built here from the RFCs: NA = R|S|O flags with our
MAC in a Target Link-Layer Address option; NS = to the solicited-node group
ff02::1:ffXX:XXXX (33:33:ff:XX:XX:XX) with hop limit 255 and our MAC in a
Source Link-Layer Address option.
"""
from scapy.all import (ARP, Ether, ICMPv6ND_NA, ICMPv6ND_NS, ICMPv6NDOptDstLLAddr,
                       ICMPv6NDOptSrcLLAddr, IP, IPv6, UDP, raw)

from srv6test import LINKTYPE_ETHERNET, assert_bytes, main, oneshot, test

WAN_MAC, LAN_MAC = "02:00:00:00:00:01", "02:00:00:00:00:02"
A_MAC, GW_MAC = "02:00:00:00:00:10", "02:00:00:00:00:99"
A, GW, R_WAN, R_LAN = "2001:db8:1::10", "2001:db8:2::2", "2001:db8:1::1", "2001:db8:2::1"
FAR = "2001:db8:100::5"
ETH = {"wan": LINKTYPE_ETHERNET, "lan": LINKTYPE_ETHERNET}

BASE = f"""
interface add wan driver pcap rx {{wan_in}} tx {{wan_out}} mac {WAN_MAC}
interface add lan driver pcap rx {{lan_in}} tx {{lan_out}} mac {LAN_MAC}
address add {R_WAN}/64 dev wan
address add {R_LAN}/64 dev lan
address add 192.0.2.1/24 dev wan
address add 198.51.100.1/24 dev lan
route add 2001:db8:100::/48 via {GW}
route add 203.0.113.0/24 via 198.51.100.2
"""


def at(pkt, t):
    pkt.time = t
    return pkt


def data(t=1.0, sport=1):
    return at(Ether(src=A_MAC, dst=WAN_MAC) / IPv6(src=A, dst=FAR) / UDP(sport=sport, dport=2) / b"d", t)


def forwarded(sport=1):
    return Ether(src=LAN_MAC, dst=GW_MAC) / IPv6(src=A, dst=FAR, hlim=63) / UDP(sport=sport, dport=2) / b"d"


def solicitation(target, src=R_LAN, mac=LAN_MAC):
    # RFC 4291 §2.7.1: ff02::1:ff + the low 24 bits of the target
    packed = raw(IPv6(dst=target))[24:40]
    group = "ff02::1:ff%02x:%02x%02x" % (packed[13], packed[14], packed[15])
    group_mac = "33:33:ff:%02x:%02x:%02x" % (packed[13], packed[14], packed[15])
    return Ether(src=mac, dst=group_mac) / IPv6(src=src, dst=group, hlim=255) / \
        ICMPv6ND_NS(tgt=target) / ICMPv6NDOptSrcLLAddr(lladdr=mac)


def advert(target, mac, dst=R_LAN, dst_mac=LAN_MAC, t=1.5):
    return at(Ether(src=mac, dst=dst_mac) / IPv6(src=target, dst=dst, hlim=255) /
              ICMPv6ND_NA(tgt=target, R=0, S=1, O=1) / ICMPv6NDOptDstLLAddr(lladdr=mac), t)


@test
def unresolved_next_hop_is_solicited_then_dropped_when_silent():
    # out on lan: NS(who has GW?) to ff02::1:ff00:2; the held packet is dropped
    # as neigh_unresolved when the run ends without an answer
    outs, r = oneshot(BASE, {"wan": [data()]}, linktype=ETH)
    assert len(outs["lan"]) == 1
    assert_bytes(outs["lan"][0], raw(solicitation(GW)))
    assert r.event("nd_ns_sent") == 1 and r.event("neigh_held") == 1
    assert r.drops("neigh_unresolved") == 1


@test
def held_packets_go_out_in_order_once_the_advert_arrives():
    # three packets held behind one NS; the NA teaches GW_MAC; all three leave
    # in order with it
    pkts = [data(1.0, sport=s) for s in (1, 2, 3)]
    outs, r = oneshot(BASE, {"wan": pkts, "lan": [advert(GW, GW_MAC)]}, linktype=ETH)
    lan = outs["lan"]
    assert len(lan) == 4, [Ether(b).summary() for b in lan]
    assert_bytes(lan[0], raw(solicitation(GW)))
    for i, s in enumerate((1, 2, 3)):
        assert_bytes(lan[1 + i], raw(forwarded(sport=s)))
    assert r.event("nd_ns_sent") == 1 and r.event("neigh_learned") == 1
    assert r.drops("neigh_unresolved") == 0


@test
def solicitation_for_our_address_is_answered_and_asker_learned():
    # in on lan: NS(who has R_LAN?) from GW with SLLA
    # out on lan: NA(R,S,O, target R_LAN, TLLA LAN_MAC) to GW's MAC; then a
    # packet for FAR goes straight to the MAC learned from the NS
    ns = at(Ether(src=GW_MAC, dst="33:33:ff:00:00:01") /
            IPv6(src=GW, dst="ff02::1:ff00:1", hlim=255) / ICMPv6ND_NS(tgt=R_LAN) /
            ICMPv6NDOptSrcLLAddr(lladdr=GW_MAC), 1.0)
    outs, r = oneshot(BASE, {"lan": [ns], "wan": [data(2.0)]}, linktype=ETH)
    na = Ether(src=LAN_MAC, dst=GW_MAC) / IPv6(src=R_LAN, dst=GW, hlim=255) / \
        ICMPv6ND_NA(tgt=R_LAN, R=1, S=1, O=1) / ICMPv6NDOptDstLLAddr(lladdr=LAN_MAC)
    assert_bytes(outs["lan"][0], raw(na))
    assert_bytes(outs["lan"][1], raw(forwarded()))
    assert r.event("nd_ns_answered") == 1 and r.event("nd_ns_sent") == 0


@test
def unicast_solicitation_without_slla_is_answered_to_the_frame_source():
    ns = Ether(src=GW_MAC, dst=LAN_MAC) / IPv6(src=GW, dst=R_LAN, hlim=255) / ICMPv6ND_NS(tgt=R_LAN)
    outs, _ = oneshot(BASE, {"lan": [ns]}, linktype=ETH)
    na = Ether(src=LAN_MAC, dst=GW_MAC) / IPv6(src=R_LAN, dst=GW, hlim=255) / \
        ICMPv6ND_NA(tgt=R_LAN, R=1, S=1, O=1) / ICMPv6NDOptDstLLAddr(lladdr=LAN_MAC)
    assert_bytes(outs["lan"][0], raw(na))


@test
def bad_or_foreign_solicitations_are_dropped_by_reason():
    hop64 = Ether(src=GW_MAC, dst=LAN_MAC) / IPv6(src=GW, dst=R_LAN, hlim=64) / ICMPv6ND_NS(tgt=R_LAN)
    other = Ether(src=GW_MAC, dst="33:33:ff:00:00:77") / IPv6(src=GW, dst="ff02::1:ff00:77", hlim=255) / \
        ICMPv6ND_NS(tgt="2001:db8:2::77")
    wrong_if = Ether(src=GW_MAC, dst=LAN_MAC) / IPv6(src=GW, dst=R_LAN, hlim=255) / ICMPv6ND_NS(tgt=R_WAN)
    bad_sum = bytearray(raw(Ether(src=GW_MAC, dst=LAN_MAC) / IPv6(src=GW, dst=R_LAN, hlim=255) /
                            ICMPv6ND_NS(tgt=R_LAN)))
    bad_sum[14 + 40 + 2] ^= 0xff
    ra = Ether(src=GW_MAC, dst="33:33:00:00:00:01") / IPv6(src="fe80::1", dst="ff02::1", hlim=255, nh=58) / \
        raw(b"\x86\x00\x00\x00" + bytes(12))
    outs, r = oneshot(BASE, {"lan": [hop64, other, wrong_if, bytes(bad_sum), ra]}, linktype=ETH)
    assert outs["lan"] == [] and outs["wan"] == []
    assert r.drops("nd_invalid") == 2
    assert r.drops("nd_not_for_us") == 2
    assert r.drops("nd_unsupported") == 1


@test
def ipv4_next_hop_is_resolved_with_arp():
    # out on lan: ARP who-has 198.51.100.2 tell 198.51.100.1 (broadcast);
    # the reply teaches the MAC and the held IPv4 packet leaves with it
    pkt = at(Ether(src=A_MAC, dst=WAN_MAC) / IP(src="192.0.2.10", dst="203.0.113.5") / UDP(sport=1, dport=2) / b"4", 1.0)
    reply = at(Ether(src=GW_MAC, dst=LAN_MAC) / ARP(op=2, hwsrc=GW_MAC, psrc="198.51.100.2",
                                                     hwdst=LAN_MAC, pdst="198.51.100.1"), 1.5)
    outs, r = oneshot(BASE, {"wan": [pkt], "lan": [reply]}, linktype=ETH)
    req = Ether(src=LAN_MAC, dst="ff:ff:ff:ff:ff:ff") / ARP(
        op=1, hwsrc=LAN_MAC, psrc="198.51.100.1", hwdst="00:00:00:00:00:00", pdst="198.51.100.2")
    assert_bytes(outs["lan"][0], raw(req))
    fwd = Ether(src=LAN_MAC, dst=GW_MAC) / IP(src="192.0.2.10", dst="203.0.113.5", ttl=63) / UDP(sport=1, dport=2) / b"4"
    assert_bytes(outs["lan"][1], raw(fwd))
    assert r.event("arp_sent") == 1 and r.event("neigh_learned") == 1


@test
def static_neighbor_is_not_overridden_by_learning():
    config = BASE + f"neighbor add {GW} lladdr {GW_MAC} dev lan\n"
    liar = advert(GW, "02:00:00:00:00:66", t=0.5)
    outs, _ = oneshot(config, {"lan": [liar], "wan": [data(1.0)]}, linktype=ETH)
    assert_bytes(outs["lan"][0], raw(forwarded()))


if __name__ == "__main__":
    main()
