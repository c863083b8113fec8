# SPDX-License-Identifier: MIT
"""SR domain security conformance (issue #7): the untrusted edge (RFC 8754
§5.1, RFC 9602), the HMAC TLV (RFC 8754 §2.1.2), uRPF (RFC 3704) and ICMP
error hygiene (RFC 4443 §2.4).

    A=2001:db8:1::10 ──ext (untrusted)── srv6d ──core (trusted)── 2001:db8:2::2
                       2001:db8:1::1            2001:db8:2::1     fc00::/16, 5f00::/16,
                                                                  2001:db8:100::/48
    local SID fc00:e::1 (End), locator fc00:e::/48, keys 7 (sha256), 9 (sha1)

HMAC TLVs are raw bytes (scapy 2.5 builds them wrongly); every MAC is
computed here with python's hmac/hashlib from the RFC 8754 §2.1.2.1 text:
source | Last Entry | Flags | Key ID | Segment List[0..LE]. Errors come
from the receiving interface's address and quote the packet as received.
"""
import hashlib
import hmac as pyhmac
import ipaddress
import os
import shutil
import subprocess
import tempfile
import time

from scapy.all import (ICMPv6EchoRequest, ICMPv6ParamProblem, ICMPv6TimeExceeded, IP, ICMP,
                       IPv6, IPv6ExtHdrDestOpt, Raw, UDP, raw)

import srv6test
from srv6test import assert_bytes, main, oneshot, run_config, test

A, R_EXT, R_CORE, FAR = "2001:db8:1::10", "2001:db8:1::1", "2001:db8:2::1", "2001:db8:100::5"
FAR2 = "2001:db8:200::5"  # steered into policies (2001:db8:200::/48)
E = "2001:db8:ffff::1"
S1, S2, S3, SID = "fc00:1::1", "fc00:2::1", "fc00:3::1", "fc00:e::1"
KEY7, KEY9 = b"secret-key", b"sha1-secret"

BASE = f"""
interface add ext driver pcap rx {{ext_in}} tx {{ext_out}} untrusted
interface add core driver pcap rx {{core_in}} tx {{core_out}}
address add 2001:db8:1::1/64 dev ext
address add 2001:db8:2::1/64 dev core
address add 192.0.2.1/24 dev ext
address add 198.51.100.1/24 dev core
route add fc00::/16 via 2001:db8:2::2
route add 5f00::/16 via 2001:db8:2::2
route add 2001:db8:100::/48 via 2001:db8:2::2
route add 203.0.113.0/24 via 198.51.100.2
encap source {E}
hmac add keyid 7 algo sha256 secret {KEY7.hex()}
hmac add keyid 9 algo sha1 secret {KEY9.hex()}
locator add fc00:e::/48
sid add {SID} action End
"""

PAYLOAD = b"\x00" * 8 + b"no next header"


def a16(s):
    return ipaddress.IPv6Address(s).packed


def mac(key, src, le, flags, keyid, seglist, algo="sha256"):
    """RFC 8754 §2.1.2.1: the HMAC of the text, in a 32-octet field."""
    text = a16(src) + bytes([le, flags]) + keyid.to_bytes(4, "big") + b"".join(
        a16(s) for s in seglist)
    digest = pyhmac.new(key, text, hashlib.sha256 if algo == "sha256" else hashlib.sha1).digest()
    return digest.ljust(32, b"\0")


def srh(seglist, sl, nh=59, flags=0x08, tlvs=b""):
    """SRH bytes: seglist is Segment List[0..n-1] (the last segment first)."""
    body = b"".join(a16(s) for s in seglist) + tlvs
    assert (8 + len(body)) % 8 == 0
    return bytes([nh, (8 + len(body)) // 8 - 1, 4, sl, len(seglist) - 1, flags, 0, 0]) + body


def hmac_tlv(field, keyid=7, d=False):
    return bytes([5, 6 + len(field), 0x80 if d else 0, 0]) + keyid.to_bytes(4, "big") + field


def signed(seglist, sl, src=A, dst=None, key=KEY7, keyid=7, algo="sha256", flags=0x08,
           field_len=32, hlim=64, d=False):
    """IPv6(src -> Segment List[SL]) | SRH | HMAC TLV(MAC over it) | payload."""
    field = mac(key, src, len(seglist) - 1, flags, keyid, seglist, algo)[:field_len]
    body = srh(seglist, sl, flags=flags, tlvs=hmac_tlv(field, keyid, d))
    dst = dst or seglist[sl]
    return IPv6(src=src, dst=dst, hlim=hlim, nh=43) / Raw(body + PAYLOAD)


def unsigned(seglist, sl, src=A, hlim=64, flags=0):
    return IPv6(src=src, dst=seglist[sl], hlim=hlim, nh=43) / Raw(srh(seglist, sl, flags=flags)
                                                                  + PAYLOAD)


def hop(pkt):
    """The packet as forwarded: hop limit - 1, nothing else."""
    p = IPv6(raw(pkt))
    p.hlim -= 1
    return raw(p)


def param_problem(pkt, pointer, src=R_EXT):
    return raw(IPv6(src=src, dst=IPv6(raw(pkt)).src, hlim=64) /
               ICMPv6ParamProblem(code=0, ptr=pointer) / Raw(raw(pkt)[:1232]))


TLV_AT = 40 + 8  # + 16 per segment: where the HMAC TLV starts in these packets


def run(inputs, extra="", base=BASE):
    return oneshot(base + extra, inputs)


# --- the untrusted edge ------------------------------------------------------

@test
def untrusted_drops_every_srh_without_hmac():
    # SL 1, SL 0 and an SRH behind a Destination Options header: none crosses
    pkts = [unsigned([FAR, S1], 1), unsigned([FAR], 0),
            IPv6(src=A, dst=S1, nh=60) / IPv6ExtHdrDestOpt(nh=43) / Raw(srh([FAR, S1], 1)
                                                                       + PAYLOAD)]
    outs, r = run({"ext": pkts})
    assert outs["core"] == [] and outs["ext"] == []
    assert r.drops("sr_edge_srh") == 3
    assert r.event("icmp6_error_sent") == 0  # boundary drops are silent


@test
def untrusted_drops_sid_space_destinations():
    # RFC 9602 block, a configured locator, and a SID outside both
    pkts = [IPv6(src=A, dst=d) / UDP() for d in ("5f00:1::1", "fc00:e::99", SID)]
    outs, r = run({"ext": pkts}, "sid add fc00:77::7 action End\n")
    outs2, r2 = run({"ext": [IPv6(src=A, dst="fc00:77::7") / UDP()]},
                    "sid add fc00:77::7 action End\n")
    assert outs["core"] == [] and outs2["core"] == []
    assert r.drops("sr_edge_sid") == 3 and r2.drops("sr_edge_sid") == 1


@test
def untrusted_forwards_plain_traffic_outside_the_sid_space():
    pkts = [IPv6(src=A, dst=FAR) / UDP(sport=1, dport=2) / b"x",
            IPv6(src=A, dst="fc00:9::1") / UDP(sport=1, dport=2) / b"y"]
    outs, r = run({"ext": pkts})
    assert [bytes(b) for b in outs["core"]] == [hop(p) for p in pkts]
    assert r.drops("sr_edge_sid") == 0 and r.drops("sr_edge_srh") == 0


@test
def trusted_interface_passes_srh_as_before():
    pkt = unsigned([FAR, S1], 1, src="2001:db8:2::9")
    outs, r = run({"core": [pkt]}, "route add 2001:db8:2::9/128 via 2001:db8:2::2\n")
    assert_bytes(outs["core"][0], hop(pkt))
    assert r.event("srh_transit") == 1


@test
def locator_del_of_the_default_block_lets_it_through():
    outs, r = run({"ext": [IPv6(src=A, dst="5f00:1::1") / UDP()]}, "locator del 5f00::/16\n")
    assert len(outs["core"]) == 1 and r.drops("sr_edge_sid") == 0


# --- HMAC at the edge ---------------------------------------------------------

@test
def valid_sha256_hmac_crosses_the_edge_untouched():
    # in:  IPv6(A -> S1)/SRH(FAR,S2,S1; SL 2; flags 0x08)/HMAC(key 7, MAC)
    # out: the same, hop limit - 1
    pkt = signed([FAR, S2, S1], 2)
    outs, r = run({"ext": [pkt]})
    assert_bytes(outs["core"][0], hop(pkt))
    assert r.event("sr_hmac_verified") == 1


@test
def valid_sha1_hmac_in_24_or_32_octets_crosses():
    pkts = [signed([FAR, S1], 1, key=KEY9, keyid=9, algo="sha1", field_len=24),
            signed([FAR, S1], 1, key=KEY9, keyid=9, algo="sha1", field_len=32)]
    outs, r = run({"ext": pkts})
    assert [bytes(b) for b in outs["core"]] == [hop(p) for p in pkts]


@test
def flag_0x08_is_not_needed_to_verify():
    # RFC 8754 leaves the flags unallocated: the TLV alone is enough for us
    pkt = signed([FAR, S1], 1, flags=0)
    outs, r = run({"ext": [pkt]})
    assert_bytes(outs["core"][0], hop(pkt))


@test
def signed_packet_to_our_sid_is_processed():
    # End at fc00:e::1 after the edge verified: DA -> FAR... S2, SL 1
    pkt = signed([FAR, S2, SID], 2)
    outs, r = run({"ext": [pkt]})
    want = IPv6(raw(pkt))
    want.hlim -= 1
    want.dst = S2
    b = bytearray(raw(want))
    b[40 + 3] = 1  # Segments Left
    assert_bytes(outs["core"][0], bytes(b))
    assert r.event("sr_hmac_verified") == 1  # once, at the edge


@test
def wrong_mac_gets_parameter_problem_pointing_at_the_tlv():
    good = signed([FAR, S1], 1)
    bad = bytearray(raw(good))
    bad[-len(PAYLOAD) - 1] ^= 1  # last octet of the MAC
    pkt = IPv6(bytes(bad))
    outs, r = run({"ext": [pkt]})
    assert outs["core"] == []
    assert_bytes(outs["ext"][0], param_problem(pkt, TLV_AT + 32))
    assert r.drops("sr_hmac_invalid") == 1


@test
def wrong_key_and_unknown_key_id_are_rejected():
    pkts = [signed([FAR, S1], 1, key=b"not-the-key"), signed([FAR, S1], 1, keyid=8)]
    outs, r = run({"ext": pkts})
    assert outs["core"] == []
    assert [bytes(b) for b in outs["ext"]] == [param_problem(p, TLV_AT + 32) for p in pkts]
    assert r.drops("sr_hmac_invalid") == 1 and r.drops("sr_hmac_key") == 1


@test
def destination_must_be_the_current_segment():
    # MAC good, but the DA is not Segment List[SL] and D is clear
    pkt = signed([FAR, S1], 1, dst=S2)
    outs, r = run({"ext": [pkt]})
    assert outs["core"] == [] and r.drops("sr_hmac_invalid") == 1
    # a reduced list (S1 only in the DA, SL > Last Entry) needs D
    red = signed([FAR, S2], 2, dst=S1, d=True)
    outs, r = run({"ext": [red]})
    assert_bytes(outs["core"][0], hop(red))


@test
def untrusted_with_hmac_off_admits_no_srh_at_all():
    config = BASE.replace("untrusted", "untrusted hmac off")
    outs, r = oneshot(config, {"ext": [signed([FAR, S1], 1)]})
    assert outs["core"] == [] and outs["ext"] == []
    assert r.drops("sr_edge_srh") == 1 and r.event("sr_hmac_verified") == 0


@test
def truncated_mac_field_is_rejected():
    # SHA-256 must fill 32 octets: a 16-octet field does not verify
    pkt = signed([FAR, S1], 1, field_len=16)
    outs, r = run({"ext": [pkt]})
    assert outs["core"] == [] and r.drops("sr_hmac_invalid") == 1


# --- HMAC at our SIDs (trusted interface) ---------------------------------------

CORE_SRC = "2001:db8:2::9"


def sid_case(mode, pkt):
    config = BASE.replace("tx {core_out}", f"tx {{core_out}} hmac {mode}")
    return oneshot(config, {"core": [pkt]})


@test
def sid_with_hmac_require_drops_an_unsigned_srh():
    outs, r = sid_case("require", unsigned([FAR, SID], 1, src=CORE_SRC))
    assert outs["core"] == [] and outs["ext"] == []
    assert r.drops("sr_hmac_missing") == 1


@test
def sid_with_hmac_require_runs_a_signed_srh():
    pkt = signed([FAR, SID], 1, src=CORE_SRC)
    outs, r = sid_case("require", pkt)
    want = IPv6(raw(pkt))
    want.hlim -= 1
    want.dst = FAR
    b = bytearray(raw(want))
    b[40 + 3] = 0
    assert_bytes(outs["core"][0], bytes(b))
    assert r.event("sr_hmac_verified") == 1


@test
def sid_with_hmac_check_runs_unsigned_and_rejects_bad():
    outs, r = sid_case("check", unsigned([FAR, SID], 1, src=CORE_SRC))
    assert len(outs["core"]) == 1 and r.drops("sr_hmac_missing") == 0
    bad = signed([FAR, SID], 1, src=CORE_SRC, key=b"wrong")
    outs, r = sid_case("check", bad)
    assert outs["core"][0] == param_problem(bad, TLV_AT + 32, src=R_CORE)
    assert r.drops("sr_hmac_invalid") == 1


@test
def sid_with_hmac_off_ignores_a_bad_mac():
    outs, r = sid_case("off", signed([FAR, SID], 1, src=CORE_SRC, key=b"wrong"))
    assert len(outs["core"]) == 1 and r.drops("sr_hmac_invalid") == 0


# --- signing at the headend --------------------------------------------------

def inner(hlim=64):
    return IPv6(src=A, dst=FAR2, hlim=hlim) / UDP(sport=4000, dport=80) / b"data"


def flow_label(b):
    return int.from_bytes(b[1:4], "big") & 0xfffff


def encapped(segs_travel, inner_bytes, label, src=E, reduced=False, keyid=7, key=KEY7,
             flags=0x08, algo="sha256"):
    seglist = list(reversed(segs_travel))
    if reduced:
        seglist = seglist[:-1]
    field = mac(key, src, len(seglist) - 1, flags, keyid, seglist, algo)
    body = srh(seglist, len(segs_travel) - 1, nh=41, flags=flags,
               tlvs=hmac_tlv(field, keyid, d=reduced))
    return raw(IPv6(src=src, dst=segs_travel[0], hlim=64, nh=43, fl=label) / Raw(body + inner_bytes))


@test
def signed_h_encaps_output_is_byte_exact():
    # out: IPv6(E -> S1)/SRH(S3,S2,S1; flags 0x08)/HMAC(key 7, MAC over E..segs)/inner
    outs, r = run({"ext": [inner()]}, f"policy add P segs {S1},{S2},{S3} hmac keyid 7\n"
                  "steer add 2001:db8:200::/48 policy P\n")
    got = outs["core"][0]
    assert_bytes(got, encapped([S1, S2, S3], raw(inner(63)), flow_label(got)))


@test
def signed_route_encap_iproute2_form_and_sha1():
    outs, r = run({"ext": [inner()]}, f"route add 2001:db8:200::/48 encap seg6 mode encap "
                  f"segs {S1},{S2} hmac 9\n")
    got = outs["core"][0]
    assert_bytes(got, encapped([S1, S2], raw(inner(63)), flow_label(got), keyid=9, key=KEY9,
                               algo="sha1"))


@test
def signed_encap_red_sets_d_and_hmac_flag_none_clears_0x08():
    outs, r = run({"ext": [inner()]}, f"policy add P src 2001:db8:aaaa::1 mode encap.red "
                  f"segs {S1},{S2},{S3} hmac keyid 7 hmac-flag none\n"
                  "steer add 2001:db8:200::/48 policy P\n")
    got = outs["core"][0]
    assert_bytes(got, encapped([S1, S2, S3], raw(inner(63)), flow_label(got),
                               src="2001:db8:aaaa::1", reduced=True, flags=0))


@test
def signed_h_insert_signs_each_packet():
    # out: IPv6(A -> S1, hlim 63)/SRH(FAR2,S2,S1; SL 2; 0x08)/HMAC(MAC over A..FAR2)/UDP
    pkts = [inner(), IPv6(src="2001:db8:1::11", dst=FAR2) / UDP(sport=1, dport=2) / b"z"]
    outs, r = run({"ext": pkts}, f"route add 2001:db8:200::/48 encap seg6 mode inline "
                  f"segs {S1},{S2} hmac 7\n")
    for p, got in zip(pkts, outs["core"]):
        ip = IPv6(raw(p))
        seglist = [FAR2, S2, S1]
        field = mac(KEY7, ip.src, 2, 0x08, 7, seglist)
        body = srh(seglist, 2, nh=17, tlvs=hmac_tlv(field, 7))
        want = IPv6(src=ip.src, dst=S1, hlim=63, nh=43) / Raw(body + raw(ip.payload))
        assert_bytes(got, raw(want))


@test
def srv6d_signed_packet_verifies_at_a_second_srv6d_edge():
    # headend output of one run is the untrusted input of the next
    outs, _ = run({"ext": [inner()]}, f"policy add P segs {SID},{S2} hmac keyid 7\n"
                  "steer add 2001:db8:200::/48 policy P\n")
    signed_out = outs["core"][0]
    outs, r = run({"ext": [IPv6(signed_out)]})
    assert len(outs["core"]) == 1 and r.event("sr_hmac_verified") == 1


# --- uRPF ---------------------------------------------------------------------

URPF_EXTRA = "route add 2001:db8:300::/48 via 2001:db8:1::2\nroute add 10.9.0.0/16 via 192.0.2.2\n"


def urpf(mode, srcs):
    config = BASE.replace("tx {ext_out} untrusted", f"tx {{ext_out}} urpf {mode}")
    pkts = [IPv6(src=s, dst=FAR) / UDP() if ":" in s else IP(src=s, dst="203.0.113.5") / UDP()
            for s in srcs]
    return oneshot(config + URPF_EXTRA, {"ext": pkts})


@test
def urpf_strict_wants_the_route_back_out_of_the_receiving_interface():
    # A (connected on ext) and 2001:db8:300::/48 (via ext) pass; FAR is
    # routed via core, 2001:db8:dead::1 not at all; fe80:: is on-link
    outs, r = urpf("strict", [A, "2001:db8:300::1", FAR, "2001:db8:dead::1", "fe80::1",
                              "192.0.2.10", "10.9.1.1", "198.51.100.7", "10.1.1.1"])
    assert len(outs["core"]) == 5
    assert r.drops("urpf_strict") == 4


@test
def urpf_loose_wants_some_route_back():
    outs, r = urpf("loose", [A, FAR, "2001:db8:dead::1", "2001:db8:2::1", "198.51.100.7",
                             "10.1.1.1"])
    # FAR and 198.51.100.7 are routed (via core): pass; no route, and our own address, fail
    assert len(outs["core"]) == 3
    assert r.drops("urpf_loose") == 3


# --- ICMP error hygiene ---------------------------------------------------------

def expiring(src, n):
    out = []
    for i in range(n):
        p = IPv6(src=src, dst=FAR, hlim=1) / UDP() / bytes([i])
        p.time = 1000.0
        out.append(p)
    return out


@test
def icmp_errors_are_rate_limited_per_destination():
    # 10 errors due to each of two sources at one instant, burst 3 per
    # destination: 3 each, the rest counted; the worker bucket is not the limit
    pkts = expiring(A, 10) + expiring("2001:db8:1::11", 10)
    config = BASE.replace(" untrusted", "")
    outs, r = oneshot(config + "icmp ratelimit peer-rate 1 peer-burst 3\n", {"ext": pkts})
    dsts = [IPv6(b).dst for b in outs["ext"]]
    assert dsts.count(A) == 3 and dsts.count("2001:db8:1::11") == 3
    assert r.event("icmp_error_rate_limited_peer") == 14
    assert r.event("icmp_error_rate_limited") == 0
    assert r.drops("ip6_hop_limit") == 20


@test
def default_per_destination_limit_is_a_burst_of_20():
    outs, r = oneshot(BASE.replace(" untrusted", ""), {"ext": expiring(A, 30)})
    assert len(outs["ext"]) == 20 and r.event("icmp_error_rate_limited_peer") == 10


@test
def no_error_about_an_error_on_either_path():
    # forwarding path (hop limit) and SR endpoint path (End, hop limit), IPv6 and IPv4
    err6 = IPv6(src="2001:db8:2::9", dst=FAR, hlim=1) / ICMPv6TimeExceeded() / raw(inner())
    at_sid = IPv6(src="2001:db8:2::9", dst=SID, hlim=1, nh=43) / Raw(
        srh([FAR, SID], 1, nh=58) + raw(ICMPv6ParamProblem(ptr=1) / raw(inner())))
    err4 = IP(src="198.51.100.9", dst="203.0.113.5", ttl=1) / ICMP(type=11) / raw(
        IP(src="203.0.113.5", dst="198.51.100.9") / UDP())
    outs, r = run({"core": [err6, at_sid, err4]})
    assert outs["core"] == [] and outs["ext"] == []
    assert r.event("icmp_error_not_allowed") == 3


@test
def no_error_to_unspecified_or_multicast_sources():
    # IPv6 :: (forward path and SID path), IPv4 0.0.0.0 and 224.0.0.1 sources
    pkts = [IPv6(src="::", dst=FAR, hlim=1) / UDP(),
            IPv6(src="::", dst=SID, hlim=1, nh=43) / Raw(srh([FAR, SID], 1) + PAYLOAD),
            IP(src="0.0.0.0", dst="203.0.113.5", ttl=1) / UDP()]
    outs, r = run({"core": pkts})
    assert outs["core"] == [] and outs["ext"] == []
    assert r.event("icmp_error_not_allowed") == 3 and r.event("icmp6_error_sent") == 0
    outs, r = run({"core": [IPv6(src="ff02::1", dst=FAR, hlim=1) / UDP(),
                            IP(src="224.0.0.1", dst="203.0.113.5", ttl=1) / UDP()]})
    assert outs["core"] == [] and outs["ext"] == []
    assert r.drops("ip6_src_invalid") == 1 and r.drops("ip4_src_invalid") == 1


# --- configuration --------------------------------------------------------------

@test
def interface_set_changes_trust_and_modes():
    pkt = unsigned([FAR, S1], 1)
    outs, r = run({"ext": [pkt]}, "interface set ext trusted\n")
    assert_bytes(outs["core"][0], hop(pkt))
    outs, r = run({"ext": [pkt]}, "interface set ext trusted\ninterface set ext untrusted\n")
    assert outs["core"] == [] and r.drops("sr_edge_srh") == 1
    config = BASE.replace(" untrusted", "")
    outs, r = oneshot(config + "interface set ext urpf strict\n",
                      {"ext": [IPv6(src=FAR, dst="2001:db8:2::2") / UDP()]})
    assert outs["core"] == [] and r.drops("urpf_strict") == 1


@test
def security_config_errors_are_clear_and_never_echo_secrets():
    secret = "00112233445566778899aabbccddeeff"
    cases = [
        (f"hmac add keyid 1 algo md5 secret {secret}\n", "algo: 'md5' is not sha256 or sha1"),
        ("hmac add keyid 1 algo sha256 secret 0g\n", "secret: not hex"),
        ("hmac add keyid 1 algo sha256 secret abc\n", "even number of hex digits"),
        (f"hmac add keyid 1 algo sha256 secret {'ab' * 65}\n", "1 to 64 bytes"),
        (f"hmac add keyid 0 algo sha256 secret {secret}\n", "keyid"),
        (f"hmac add keyid 1 algo sha256 secret {secret} {secret}\n", "unexpected word"),
        (f"hmac add keyid 1 algo sha256 sekret {secret}\n", "unexpected word"),
        ("hmac del keyid 5\n", "no hmac keyid 5"),
        (f"hmac add keyid 1 algo sha256 secret {secret}\nencap source 2001:db8::1\n"
         "policy add P segs fc00::1 hmac keyid 1\nhmac del keyid 1\n",
         "hmac keyid 1 signs 1 policy(s)/route(s)"),
        ("encap source 2001:db8::1\npolicy add P segs fc00::1 hmac keyid 4\n",
         "hmac keyid 4: no such key"),
        (f"hmac add keyid 1 algo sha256 secret {secret}\nencap source 2001:db8::1\n"
         "policy add P mode encap.red segs fc00::1 hmac keyid 1\n", "one segment has no SRH"),
        ("locator add 10.0.0.0/8\n", "not an IPv6 prefix"),
        ("locator add fc00::/16\nlocator add fc00::/16\n", "locator fc00::/16 exists"),
        ("locator del fc00::/16\n", "no locator fc00::/16"),
        ("interface add x driver null hmac sometimes\n", "hmac: 'sometimes' is not"),
        ("interface add x driver null urpf strict\ninterface set x urpf tight\n",
         "urpf: 'tight' is not strict, loose or off"),
        ("interface set nope trusted\n", "no interface 'nope'"),
        ("icmp ratelimit\n", "icmp ratelimit: give"),
        ("icmp ratelimit burst 0\n", "burst"),
    ]
    for config, text in cases:
        rc, out, err, path = run_config(config)
        assert rc != 0 and text in err, (config, err)
        assert secret not in err and secret.upper() not in err, err


@test
def hmac_key_replace_and_rollover_are_accepted():
    secret = KEY7.hex()
    rc, out, err, _ = run_config(
        f"hmac add keyid 1 algo sha256 secret {secret}\nencap source 2001:db8::1\n"
        "policy add P segs fc00::1 hmac keyid 1\n"
        f"hmac add keyid 1 algo sha256 secret {secret}\n"       # same line again
        "hmac add keyid 1 algo sha1 secret 0x00ff\n"            # new secret: re-signs P
        "hmac add keyid 2 algo sha256 secret 0102\n"
        "policy add P segs fc00::1 hmac keyid 2\nhmac del keyid 1\n")
    assert rc == 0, err


@test
def signed_policy_output_follows_a_replaced_key():
    # the key changes after the policy: the output carries the new MAC
    new = b"rotated-secret"
    outs, r = run({"ext": [inner()]}, f"policy add P segs {S1},{S2} hmac keyid 7\n"
                  "steer add 2001:db8:200::/48 policy P\n"
                  f"hmac add keyid 7 algo sha256 secret {new.hex()}\n")
    got = outs["core"][0]
    assert_bytes(got, encapped([S1, S2], raw(inner(63)), flow_label(got), key=new))


# --- secrets in files (`hmac add ... secret-file PATH`) ---------------------------

def secret_file(tmp, name, text, mode=0o600):
    path = os.path.join(tmp, name)
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, mode)
    return path


def base_with_key7_from(path):
    return BASE.replace(f"hmac add keyid 7 algo sha256 secret {KEY7.hex()}",
                        f"hmac add keyid 7 algo sha256 secret-file {path}")


@test
def key_from_a_secret_file_signs_and_verifies_like_an_inline_key():
    # the file holds KEY7 in hex with whitespace around it (0600, then 0400):
    # H.Encaps output carries the MAC of KEY7, a packet signed with KEY7 is verified
    tmp = tempfile.mkdtemp(prefix="srv6test-")
    try:
        for mode in (0o600, 0o400):
            path = secret_file(tmp, f"k7-{mode:o}", f"  0x{KEY7.hex()}\n\n", mode)
            base = base_with_key7_from(path)
            assert "secret-file" in base
            outs, r = run({"ext": [inner()]}, f"policy add P segs {S1},{S2},{S3} hmac keyid 7\n"
                          "steer add 2001:db8:200::/48 policy P\n", base=base)
            got = outs["core"][0]
            assert_bytes(got, encapped([S1, S2, S3], raw(inner(63)), flow_label(got)))
            pkt = signed([FAR, S2, S1], 2)
            outs, r = run({"ext": [pkt]}, base=base)
            assert_bytes(outs["core"][0], hop(pkt))
            assert r.event("sr_hmac_verified") == 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


@test
def re_adding_a_key_from_a_file_re_signs_its_policies():
    # as `secret HEX` does: key 7 replaced after the policy, the output follows
    tmp = tempfile.mkdtemp(prefix="srv6test-")
    new = b"rotated-secret"
    try:
        path = secret_file(tmp, "k7new", new.hex() + "\n")
        outs, r = run({"ext": [inner()]}, f"policy add P segs {S1},{S2} hmac keyid 7\n"
                      "steer add 2001:db8:200::/48 policy P\n"
                      f"hmac add keyid 7 algo sha256 secret-file {path}\n")
        got = outs["core"][0]
        assert_bytes(got, encapped([S1, S2], raw(inner(63)), flow_label(got), key=new))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


@test
def secret_file_refusals_are_clear_and_add_no_key():
    # each refused line leaves no key 1 behind: the policy after it finds none
    tmp = tempfile.mkdtemp(prefix="srv6test-")
    secret = KEY7.hex()
    try:
        good = secret_file(tmp, "good", secret + "\n")
        cases = [
            (secret_file(tmp, "loose", secret + "\n", 0o644), "mode 0644; only its owner"),
            (secret_file(tmp, "group", secret + "\n", 0o640), "mode 0640; only its owner"),
            (os.path.join(tmp, "none"), "No such file or directory"),
            (secret_file(tmp, "bad", "0g" + secret + "\n"), "not hex (digit 2)"),
            (secret_file(tmp, "odd", secret[:-1] + "\n"), "even number of hex digits"),
            (secret_file(tmp, "long", "ab" * 65), "1 to 64 bytes"),
            (secret_file(tmp, "empty", "\n"), "1 to 64 bytes"),
            (secret_file(tmp, "inner-space", "0011 22334\n"), "not hex (digit 5)"),
            (tmp, "not a regular file"),
            ("good", "'good' is not an absolute path"),
        ]
        for path, text in cases:
            config = (f"hmac add keyid 1 algo sha256 secret-file {path}\n"
                      "encap source 2001:db8::1\npolicy add P segs fc00::1 hmac keyid 1\n")
            rc, out, err, _ = run_config(config)
            assert rc != 0 and text in err, (path, err)
            if path.startswith("/"):
                assert f"srv6d.conf:1: secret-file {path}" in err, err
            assert "hmac keyid 1: no such key" in err, err
            assert secret not in err and secret.upper() not in err, err
        for line, text in [
            (f"hmac add keyid 1 algo sha256 secret {secret} secret-file {good}",
             "secret or secret-file, not both"),
            ("hmac add keyid 1 algo sha256", "secret HEX or secret-file PATH missing"),
            ("hmac add keyid 1 algo sha256 secret-file", "unexpected word"),
            (f"hmac add keyid 1 algo md5 secret-file {good}", "algo: 'md5'"),
        ]:
            rc, out, err, _ = run_config(line + "\n")
            assert rc != 0 and text in err, (line, err)
            assert secret not in err, err
        rc, out, err, _ = run_config(f"hmac add keyid 1 algo sha256 secret-file {good}\n"
                                     "encap source 2001:db8::1\n"
                                     "policy add P segs fc00::1 hmac keyid 1\n")
        assert rc == 0, err
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


@test
def secret_file_owned_by_another_user_is_refused():
    if os.geteuid() != 0:
        print("SKIP: not root (cannot give a file to another user)")
        return
    tmp = tempfile.mkdtemp(prefix="srv6test-")
    try:
        path = secret_file(tmp, "theirs", KEY7.hex() + "\n")
        os.chown(path, 65534, 65534)
        rc, out, err, _ = run_config(f"hmac add keyid 1 algo sha256 secret-file {path}\n")
        assert rc != 0 and "owned by uid 65534, not by uid 0 that srv6d runs as" in err, err
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


@test
def config_naming_only_secret_files_gets_no_warning():
    # the secrets are in the files: the config itself may be world-readable
    tmp = tempfile.mkdtemp(prefix="srv6test-")
    try:
        key = secret_file(tmp, "k", KEY7.hex() + "\n")
        path = secret_file(tmp, "srv6d.conf",
                           f"hmac add keyid 1 algo sha256 secret-file {key}\n", 0o644)
        res = subprocess.run([srv6test.SRV6D, "--check", "-c", path], capture_output=True,
                             text=True, timeout=30)
        assert res.returncode == 0 and "holds HMAC secrets" not in res.stderr, res.stderr
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


@test
def config_with_secrets_readable_by_others_gets_a_warning():
    tmp = tempfile.mkdtemp(prefix="srv6test-")
    try:
        path = os.path.join(tmp, "srv6d.conf")
        with open(path, "w") as f:
            f.write(f"hmac add keyid 1 algo sha256 secret {KEY7.hex()}\n")
        for mode, warned in ((0o644, True), (0o640, True), (0o600, False)):
            os.chmod(path, mode)
            res = subprocess.run([srv6test.SRV6D, "--check", "-c", path], capture_output=True,
                                 text=True, timeout=30)
            assert res.returncode == 0, res.stderr
            assert ("holds HMAC secrets" in res.stderr) == warned, (mode, res.stderr)
            assert KEY7.hex() not in res.stderr
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


@test
def shows_never_print_a_secret():
    # a live srv6d on null interfaces: every show, text and JSON
    tmp = tempfile.mkdtemp(prefix="srv6test-")
    sock, conf = os.path.join(tmp, "s.sock"), os.path.join(tmp, "c.conf")
    srv6ctl = os.path.join(os.path.dirname(srv6test.SRV6D), "srv6ctl")
    with open(conf, "w") as f:
        f.write("interface add n0 driver null untrusted urpf loose\n"
                f"hmac add keyid 7 algo sha256 secret {KEY7.hex()}\n"
                "encap source 2001:db8::1\npolicy add P segs fc00::1 hmac keyid 7\n")
    os.chmod(conf, 0o600)
    proc = subprocess.Popen([srv6test.SRV6D, "-c", conf, "-s", sock, "--keep-privileges"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        for _ in range(100):
            if os.path.exists(sock):
                break
            time.sleep(0.05)
        assert os.stat(sock).st_mode & 0o777 == 0o600
        seen = ""
        for what in ("hmac", "security", "policies", "interfaces", "locators", "counters"):
            for extra in ([], ["--json"]):
                res = subprocess.run([srv6ctl, "-s", sock, "show", what, *extra],
                                     capture_output=True, text=True, timeout=10)
                assert res.returncode == 0, res.stderr
                seen += res.stdout
        for secret in (KEY7.hex(), KEY7.decode()):
            assert secret not in seen
        assert '"keyid":7,"algo":"sha256","users":1' in seen
        assert '"untrusted":true,"hmac":"require","urpf":"loose"' in seen
        assert "5f00::/16" in seen
        # a key added live: the change is logged, its secret is not
        res = subprocess.run([srv6ctl, "-s", sock], input=f"hmac add keyid 8 algo sha1 "
                             f"secret {KEY9.hex()}\n", capture_output=True, text=True,
                             timeout=10)
        assert res.returncode == 0 and KEY9.hex() not in res.stdout + res.stderr
    finally:
        proc.terminate()
        _, log = proc.communicate(timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)
    assert "hmac add keyid 8 algo sha1 secret <hidden>" in log, log
    assert KEY9.hex() not in log and KEY7.hex() not in log


if __name__ == "__main__":
    main()
