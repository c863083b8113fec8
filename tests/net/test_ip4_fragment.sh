#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# IPv4 fragmentation by srv6d (RFC 791 §3.2, RFC 1812 §5.2.6), with the
# Linux kernel at both ends reassembling and answering.
#
#   h1 (Linux)                      r (srv6d)                       h2 (Linux)
#   10.0.1.1/24 [h1a]──MTU 3500──[e1] 10.0.1.2   10.0.2.2 [e2]──MTU 1500──[h2a] 10.0.2.1/24
#                                                                    ^ capture "h2"
#
# 3000-byte pings from h1 leave it whole (its link takes 3500 bytes):
#   without DF: srv6d cuts each into 1480 + 1480 + 48 data bytes out of e2,
#     h2 reassembles and answers (its own reply is cut by h2, 1500 bytes a
#     piece, and srv6d forwards the pieces as they are);
#   with DF: srv6d answers Fragmentation Needed (MTU 1500) and drops it.
# The link h1-r is 3500 bytes so the case also runs on afxdp (MTU <= 3822).
source "$(dirname "$0")/lib.sh" "$@"
net_init ping tshark

net_setup_begin
ns_add h1 kernel
ns_add r srv6d
ns_add h2 kernel
link_add h1 h1a r e1 3500
link_add r e2 h2 h2a 1500
nsx h1 ip addr add 10.0.1.1/24 dev h1a
nsx h1 ip route add default via 10.0.1.2
nsx h2 ip addr add 10.0.2.1/24 dev h2a
nsx h2 ip route add default via 10.0.2.2
net_setup_done

conf() {
	cat <<EOF
interface add e1 driver $1 dev e1
interface add e2 driver $1 dev e2
address add 10.0.1.2/24 dev e1
address add 10.0.2.2/24 dev e2
EOF
}

# big_ping DF: 3 pings of 3000 data bytes from h1 to h2, DF "do" or "dont".
big_ping() {
	nsx h1 ping -4 -n -c 3 -i 0.2 -w 5 -s 3000 -M "$1" 10.0.2.1
}

# pieces: the echo-request fragments h2 received, as "COUNTxoffset|MF|length".
pieces() {
	tshark -r "${NET_CAP[h2]}" -n -Y "ip.src == 10.0.1.1" \
		-T fields -E separator='|' -e ip.frag_offset -e ip.flags.mf -e ip.len 2>/dev/null | sort | uniq -c |
		awk '{ print $1 "x" $2 }'
}

expect_pieces() {
	local got
	got=$(pieces | tr '\n' ' ')
	[ "$got" = "$1" ] && return 0
	echo "h2 received [$got], expected [$1]"
	return 1
}

cap_def h2 h2 h2a
for drv in $(net_drivers); do
	srv6d_up r r "$(conf "$drv")" "$drv" || continue
	nsx h1 ip route flush cache 2>/dev/null || true

	case_begin "3000 bytes without DF through a 1500-byte link: cut by srv6d, put back by h2 [$drv]"
	check "ping -s 3000 -M dont h1 -> h2" big_ping dont
	check "srv6d counted 3 datagrams cut" counter_reaches r ip4_fragmented 3 2
	caps_stop
	# Fragment Offset as on the wire, in 8-byte units: 0, 185 (1480), 370 (2960)
	check "h2 got 3 x (0, MF, 1500) (185, MF, 1500) (370, last, 68)" expect_pieces \
		"3x0|1|1500 3x185|1|1500 3x370|0|68 "
	case_end

	case_begin "3000 bytes with DF: Fragmentation Needed, MTU 1500 [$drv]"
	before=$(counter r ip4_too_big)
	out=$(big_ping do 2>&1)
	check "h1 was told: frag needed, mtu = 1500" grep -q "mtu = 1500" <<<"$out"
	check "srv6d counted the drops as ip4_too_big" counter_ge r ip4_too_big $((${before:-0} + 1))
	case_end

	srv6d_stop r
done
net_finish
