#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Write the seed corpus of fuzz_codec: fuzz/corpus/fuzz_codec/*.bin.

Valid packets of each shape the codec handles, so the fuzzer starts from
deep paths (a validated SRH with TLVs, an echo request it can answer)
instead of having to discover version 6 and a Payload Length first.
Standard library only; run it again after changing a seed.
"""
import ipaddress
import os
import struct

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus", "fuzz_codec")


def a6(s):
    return ipaddress.IPv6Address(s).packed


def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


S, D = a6("2001:db8::1"), a6("2001:db8:1::2")


def ip6(src, dst, nh, payload):
    return struct.pack("!IHBB", 0x60000000, len(payload), nh, 64) + src + dst + payload


def udp(src, dst, data):
    u = struct.pack("!HHHH", 1234, 5678, 8 + len(data), 0) + data
    c = csum(src + dst + struct.pack("!IxxxB", len(u), 17) + u)
    return u[:6] + struct.pack("!H", c) + u[8:]


def echo6(src, dst, data=b"abcdefgh"):
    m = struct.pack("!BBHI", 128, 0, 0, 0x12340001) + data
    c = csum(src + dst + struct.pack("!IxxxB", len(m), 58) + m)
    return m[:2] + struct.pack("!H", c) + m[4:]


def srh(nh, sl, segs, tlvs=b""):
    body = b"".join(segs) + tlvs
    assert (8 + len(body)) % 8 == 0
    return struct.pack("!BBBBBBH", nh, (8 + len(body)) // 8 - 1, 4, sl, len(segs) - 1, 0, 0) + body


def ip4_echo():
    icmp = struct.pack("!BBHI", 8, 0, 0, 0x12340001) + b"abcdefgh"
    icmp = icmp[:2] + struct.pack("!H", csum(icmp)) + icmp[4:]
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(icmp), 0x1C46, 0x4000, 57, 1, 0,
                      bytes([198, 51, 100, 7]), bytes([203, 0, 113, 9]))
    return hdr[:10] + struct.pack("!H", csum(hdr)) + hdr[12:] + icmp


def ip4_big(opts, data_len, frag_off, mtu_pick):
    """A datagram without DF to cut; its last two bytes pick the MTU (fuzz_ip4_fragment)."""
    ihl = 20 + len(opts)
    data = bytes((i * 7 + 3) & 0xff for i in range(data_len - 2)) + struct.pack("!H", mtu_pick)
    hdr = struct.pack("!BBHHHBBH4s4s", 0x40 | ihl // 4, 0, ihl + data_len, 0x1C47, frag_off, 57,
                      17, 0, bytes([198, 51, 100, 7]), bytes([203, 0, 113, 9])) + opts
    return hdr[:10] + struct.pack("!H", csum(hdr)) + hdr[12:] + data


SEGS = [a6("2001:db8:a::%x" % i) for i in (3, 2, 1)]  # Segment List[0] is the last
HMAC = struct.pack("!BBHI", 5, 38, 0, 7) + bytes(range(32))
PADS = b"\x00" + struct.pack("!BB", 0x80, 2) + b"xy" + struct.pack("!BB", 4, 1) + b"\0"

inner = ip6(S, D, 17, udp(S, D, b"ping"))
seeds = {
    "ip6_udp": ip6(S, D, 17, udp(S, D, b"ping")),
    "ip6_srh3_encap": ip6(S, SEGS[2], 43, srh(41, 2, SEGS) + inner),
    "ip6_srh_hmac": ip6(S, SEGS[1], 43, srh(58, 1, SEGS[:2], HMAC) + echo6(S, SEGS[0])),
    "ip6_srh_pad_tlvs": ip6(S, SEGS[1], 43, srh(17, 1, SEGS[:2], PADS) + udp(S, SEGS[0], b"x")),
    "ip6_echo": ip6(S, D, 58, echo6(S, D)),
    "ip6_srh_sl0_echo": ip6(S, D, 43, srh(58, 0, [D, SEGS[2]]) + echo6(S, D)),
    "ip6_chain_later_frag": ip6(
        S, D, 0,
        struct.pack("!BB6x", 60, 0) + struct.pack("!BB6x", 44, 0)
        + struct.pack("!BBHI", 17, 0, 185 << 3, 0xABCD) + b"fragment"),
    "ip4_echo": ip4_echo(),
    # 3000 bytes for a 1500-byte link (28 + 1472), and one with a copied and
    # an uncopied option that is itself a middle fragment, for a 576 link
    "ip4_frag_3000": ip4_big(b"", 2980, 0, 1472),
    "ip4_frag_opts": ip4_big(bytes([1, 7, 7, 4, 0, 0, 0, 0, 0x82, 4, 0xab, 0xcd]), 1500,
                             0x2000 | 100, 548),
}

os.makedirs(OUT, exist_ok=True)
for name, data in seeds.items():
    with open(os.path.join(OUT, name + ".bin"), "wb") as f:
        f.write(data)
    print("%-24s %4d bytes" % (name, len(data)))
