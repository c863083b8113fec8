#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Malformed-packet generator for tests/net/test_faults_load.sh.

Each kind is one packet shape srv6d must drop and count under one reason
(the drop key is the kind's name):

    ip6_exthdr          truncated SRH: Hdr Ext Len says 40 bytes, 16 are there
    srh_segments_left   Segments Left 5 > Last Entry + 1
    srh_last_entry      Hdr Ext Len lies: room for one segment, Last Entry 2
    sr_upper_layer      nested SRHs: the first at SL 0 names another SRH
    sr_fragment         a later fragment behind an SRH at SL 0
    ip6_too_big         9000 bytes steered into H.Encaps towards a 1500 link

    malformed.py build SRC SID STEERED            # one of each, as IPv6 hex lines
    malformed.py send DEV DST_MAC SRC SID STEERED COUNT RATE
        COUNT of each kind, interleaved, as Ethernet frames on DEV (AF_PACKET),
        RATE packets per second; prints {kind: sent} as JSON.
"""
import ipaddress
import json
import socket
import struct
import sys
import time


def a16(s):
    return ipaddress.IPv6Address(s).packed


def ip6(src, dst, nh, payload):
    return struct.pack("!IHBB", 0x60000000, len(payload), nh, 64) + a16(src) + a16(dst) + payload


def srh(nh, hdr_ext_len, sl, le, segs):
    return bytes([nh, hdr_ext_len, 4, sl, le, 0, 0, 0]) + b"".join(a16(s) for s in segs)


def kinds(src, sid, steered):
    udp = struct.pack("!HHHH", 7, 9, 16, 0) + b"malformd"
    big = struct.pack("!HHHH", 7, 9, 9000 - 40, 0) + bytes(9000 - 48)
    return {
        "ip6_exthdr": ip6(src, sid, 43, srh(59, 4, 1, 1, [sid])[:16]),
        "srh_segments_left": ip6(src, sid, 43, srh(59, 2, 5, 0, [sid])),
        "srh_last_entry": ip6(src, sid, 43, srh(59, 2, 1, 2, [sid])),
        "sr_upper_layer": ip6(src, sid, 43, srh(43, 2, 0, 0, [sid]) +
                              srh(59, 4, 1, 1, [sid, sid])),
        "sr_fragment": ip6(src, sid, 43, srh(44, 2, 0, 0, [sid]) +
                           struct.pack("!BBHI", 17, 0, 100 << 3, 1) + udp),
        "ip6_too_big": ip6(src, steered, 17, big),
    }


def mac(s):
    return bytes(int(x, 16) for x in s.split(":"))


def send(dev, dst_mac, src, sid, steered, count, rate):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((dev, 0))
    own = open(f"/sys/class/net/{dev}/address").read().strip()
    eth = mac(dst_mac) + mac(own) + b"\x86\xdd"
    frames = [(k, eth + p) for k, p in kinds(src, sid, steered).items()]
    sent = {k: 0 for k, _ in frames}
    burst, start, n = 64, time.monotonic(), 0
    for i in range(count):
        for k, f in frames:
            while True:
                try:
                    s.send(f)
                    break
                except BlockingIOError:  # the device queue is full: wait
                    time.sleep(0.001)
            sent[k] += 1
            n += 1
            if n % burst == 0:  # pace: never ahead of RATE
                ahead = n / rate - (time.monotonic() - start)
                if ahead > 0:
                    time.sleep(ahead)
    print(json.dumps(sent))


def main():
    if sys.argv[1] == "build":
        for k, p in kinds(*sys.argv[2:5]).items():
            print(k, p.hex())
    else:
        dev, dst_mac, src, sid, steered, count, rate = sys.argv[2:9]
        send(dev, dst_mac, src, sid, steered, int(count), int(rate))


if __name__ == "__main__":
    main()
