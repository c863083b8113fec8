#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The pcap demo (no root): build a few packets with scapy, run them
# through srv6d --oneshot as a router between two links, and show what came
# out (tshark) and the counters. `make demo` (scripts/demo.sh) is the live
# one and needs root; this one runs anywhere:
#
#   scripts/demo-pcap.sh [BUILD-DIR]
#
# Needs: build/srv6d, python3-scapy, tshark (scripts/bootstrap.sh installs
# them). Leaves nothing behind.
set -euo pipefail
build=${1:-build}
srv6d=$(realpath "$build/srv6d")
work=$(mktemp -d /tmp/srv6d-demo.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work"

/usr/bin/python3 - <<'PY'
from scapy.all import IPv6, UDP, ICMPv6EchoRequest, wrpcap
pkts = [
    IPv6(src="2001:db8:1::10", dst="2001:db8:100::5") / UDP(sport=4000, dport=80) / b"hello",
    IPv6(src="2001:db8:1::10", dst="2001:db8:100::5", hlim=1) / UDP(sport=4000, dport=80),
    IPv6(src="2001:db8:1::10", dst="2001:db8:1::1") / ICMPv6EchoRequest(id=1, seq=1),
]
wrpcap("wan-in.pcap", pkts)
PY

cat > srv6d.conf <<'CONF'
interface add wan driver pcap rx wan-in.pcap tx wan-out.pcap
interface add lan driver pcap tx lan-out.pcap linktype raw
address add 2001:db8:1::1/64 dev wan
address add 2001:db8:2::1/64 dev lan
route add 2001:db8:100::/48 via 2001:db8:2::2
CONF

echo "== config"; cat srv6d.conf
echo "== in (wan)"; tshark -n -r wan-in.pcap 2>/dev/null
echo "== srv6d --oneshot"; "$srv6d" -c srv6d.conf --oneshot
echo "== out (lan)"; tshark -n -r lan-out.pcap 2>/dev/null
echo "== out (wan)"; tshark -n -r wan-out.pcap 2>/dev/null
