# SPDX-License-Identifier: MIT
"""Frames of the wire benchmark (bench/wire/run.sh), and the check of what
came out of the device under test.

    frames.py write OUTDIR GEN_MAC DUT_MAC   one pcap per case: CASE.pcap
    frames.py check CASE HEXFILE OUT_MAC     the first frame the sink counted

Every frame ends with a 64-byte UDP payload whose last 8 bytes are the
marker the sink counts ("SRV6BNCH"). The device under test (Linux seg6 or
srv6d, same addresses) is configured by run.sh as:

    gen fd00:1::10 ── dut0 fd00:1::1 [DUT] dut1 fd00:2::1 ── fd00:2::2 (sink)
    fc00::/16, fcbb:bbbb::/32 via fd00:2::2
    End       fc00:e::1          End.DX6  fc00:d6::1 nh6 fd00:2::2
    uN        fcbb:bbbb:100::/48 (next-csid, lblen 32, nflen 16)
    H.Encaps  2001:db8:100::/48 -> fc00:1::1
              2001:db8:104::/48 -> fc00:1::1,fc00:2::1,fc00:3::1,fc00:4::1
"""
import sys

from scapy.all import (Ether, IPv6, IPv6ExtHdrSegmentRouting, Raw, UDP, raw,
                       wrpcap)

MARKER = b"SRV6BNCH"
PAYLOAD = bytes(range(56)) + MARKER
GEN = "fd00:1::10"


def udp():
    return UDP(sport=10000, dport=5000) / Raw(PAYLOAD)


def frames():
    """case -> (input packet above Ethernet, checker of the output packet)"""
    end_in = (IPv6(src=GEN, dst="fc00:e::1", hlim=64)
              / IPv6ExtHdrSegmentRouting(addresses=["fd00:2::2", "fc00:5::1", "fc00:e::1"],
                                         segleft=2, nh=17)
              / udp())
    dx6_in = (IPv6(src=GEN, dst="fc00:d6::1", hlim=64)
              / IPv6ExtHdrSegmentRouting(addresses=["fc00:d6::1", "fc00:1::1"], segleft=0, nh=41)
              / IPv6(src="fd00:1::20", dst="2001:db8:200::5", hlim=50) / udp())
    return {
        "end": (end_in, lambda p: (p[IPv6].dst == "fc00:5::1"
                                   and p[IPv6ExtHdrSegmentRouting].segleft == 1
                                   and p[IPv6].hlim == 63)),
        # srv6d passes the exposed packet on as it was (hop limit 50); Linux
        # routes it through ip6_forward, which takes one off (49)
        "dx6": (dx6_in, lambda p: (p[IPv6].dst == "2001:db8:200::5" and p[IPv6].nh == 17
                                   and p[IPv6].hlim in (49, 50))),
        "encaps1": (IPv6(src=GEN, dst="2001:db8:100::5", hlim=64) / udp(),
                    lambda p: (p[IPv6].dst == "fc00:1::1" and p[IPv6].nh == 43
                               and p[IPv6ExtHdrSegmentRouting].segleft == 0
                               and p[IPv6ExtHdrSegmentRouting].nh == 41)),
        "encaps4": (IPv6(src=GEN, dst="2001:db8:104::5", hlim=64) / udp(),
                    lambda p: (p[IPv6].dst == "fc00:1::1" and p[IPv6].nh == 43
                               and p[IPv6ExtHdrSegmentRouting].segleft == 3
                               and len(p[IPv6ExtHdrSegmentRouting].addresses) == 4)),
        "un": (IPv6(src=GEN, dst="fcbb:bbbb:100:200:300::", hlim=64) / udp(),
               lambda p: p[IPv6].dst == "fcbb:bbbb:200:300::" and p[IPv6].hlim == 63),
    }


def main():
    if len(sys.argv) == 5 and sys.argv[1] == "write":
        outdir, gen_mac, dut_mac = sys.argv[2:]
        for case, (pkt, _) in frames().items():
            wrpcap(f"{outdir}/{case}.pcap", [Ether(src=gen_mac, dst=dut_mac) / pkt])
        return 0
    if len(sys.argv) == 5 and sys.argv[1] == "check":
        case, hexfile, out_mac = sys.argv[2:]
        with open(hexfile) as f:
            frame = Ether(bytes.fromhex(f.read().strip()))
        ok = frame.dst == out_mac and frame.type == 0x86DD and frames()[case][1](frame)
        if not ok:
            print(f"{case}: unexpected output: {frame.summary()} {raw(frame).hex()}")
            return 1
        return 0
    print(__doc__.split("\n\n")[1], file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
