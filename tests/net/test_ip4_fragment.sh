#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# IPv4 fragmentation by srv6d (RFC 791 §3.2, RFC 1812 §5.2.6; RFC 4213
# §3.2 at the headend), with the Linux kernel reassembling and decapsulating.
#
#   h1 (Linux)             r (srv6d)                       k (Linux)                    h2 (Linux)
#   10.0.1.1 [h1a]─3500─[e1] 10.0.1.2  [e2] 192.0.2.1 ─1500─[k1] 192.0.2.2  [k2]─1500─[h2a] 10.0.2.1
#                                           2001:db8:2::1        2001:db8:2::2              lo: 10.0.3.1
#                                                                End.DX4 fc00:b::d4 -> h2
#                                          ^ capture "core" (on k1)
#
# 3000-byte pings from h1 leave it whole (its link takes 3500 bytes):
#   to 10.0.2.1, without DF: srv6d cuts each datagram for the 1500-byte link
#     (1480 + 1480 + 48 data bytes), k forwards the pieces, h2 reassembles
#     and answers (its reply is cut by h2 and forwarded as it is);
#   to 10.0.3.1, without DF: steered into H.Encaps (IPv6 + SRH of one SID,
#     64 bytes): cut for 1436 bytes, every piece encapsulated on its own;
#     k's End.DX4 decapsulates each, h2 reassembles;
#   with DF: srv6d answers Fragmentation Needed (MTU 1500) and drops it.
# The link h1-r is 3500 bytes so the cases also run on afxdp (MTU <= 3822).
source "$(dirname "$0")/lib.sh" "$@"
net_init ping tshark

net_setup_begin
ns_add h1 kernel
ns_add r srv6d
ns_add k kernel
ns_add h2 kernel
link_add h1 h1a r e1 3500
link_add r e2 k k1 1500
link_add k k2 h2 h2a 1500
nsx h1 ip addr add 10.0.1.1/24 dev h1a
nsx h1 ip route add default via 10.0.1.2
nsx k ip addr add 192.0.2.2/24 dev k1
nsx k ip -6 addr add 2001:db8:2::2/64 dev k1 nodad
nsx k ip addr add 10.0.2.2/24 dev k2
nsx k ip route add 10.0.1.0/24 via 192.0.2.1
nsx k ip -6 route add fc00:b::d4/128 encap seg6local action End.DX4 nh4 10.0.2.1 dev k2
nsx h2 ip addr add 10.0.2.1/24 dev h2a
nsx h2 ip addr add 10.0.3.1/32 dev lo
nsx h2 ip route add default via 10.0.2.2
net_setup_done

conf() {
	cat <<EOF
interface add e1 driver $1 dev e1
interface add e2 driver $1 dev e2
address add 10.0.1.2/24 dev e1
address add 192.0.2.1/24 dev e2
address add 2001:db8:2::1/64 dev e2
route add 10.0.2.0/24 via 192.0.2.2
route add fc00:b::/48 via 2001:db8:2::2
encap source 2001:db8:2::1
policy add TO_H2 segs fc00:b::d4
steer add 10.0.3.0/24 policy TO_H2
EOF
}

# big_ping DF DST: 3 pings of 3000 data bytes from h1, DF "do" or "dont".
big_ping() {
	nsx h1 ping -4 -n -c 3 -i 0.2 -w 15 -s 3000 -M "$1" "$2"
}

# pieces DST: the echo-request fragments to DST on the r-k link, as
# "COUNTxoffset|MF|length" (the inner IPv4 header's fields when encapsulated).
pieces() {
	tshark -r "${NET_CAP[core]}" -n -Y "ip.src == 10.0.1.1 && ip.dst == $1" \
		-T fields -E separator='|' -e ip.frag_offset -e ip.flags.mf -e ip.len 2>/dev/null | sort | uniq -c |
		awk '{ print $1 "x" $2 }'
}

# expect_pieces DST WANT
expect_pieces() {
	local got
	got=$(pieces "$1" | tr '\n' ' ')
	[ "$got" = "$2" ] && return 0
	echo "r -> k carried [$got] to $1, expected [$2]"
	return 1
}

# encapsulated DST: every piece to DST on the r-k link is in IPv6 + SRH to fc00:b::d4.
encapsulated() {
	local total outer
	total=$(tshark -r "${NET_CAP[core]}" -n -Y "ip.src == 10.0.1.1 && ip.dst == $1" 2>/dev/null | wc -l)
	outer=$(tshark -r "${NET_CAP[core]}" -n \
		-Y "ip.src == 10.0.1.1 && ip.dst == $1 && ipv6.dst == fc00:b::d4 && ipv6.routing.segleft == 0" \
		2>/dev/null | wc -l)
	[ "$total" -gt 0 ] && [ "$total" = "$outer" ] && return 0
	echo "$outer of $total pieces to $1 were in IPv6/SRH to fc00:b::d4"
	return 1
}

cap_def core k k1
for drv in $(net_drivers); do
	srv6d_up r r "$(conf "$drv")" "$drv" || continue
	nsx h1 ip route flush cache 2>/dev/null || true

	case_begin "3000 bytes without DF through a 1500-byte link: cut by srv6d, put back by h2 [$drv]"
	check "ping -s 3000 -M dont h1 -> h2" big_ping dont 10.0.2.1
	check "srv6d counted 3 datagrams cut" counter_reaches r ip4_fragmented 3 5
	caps_stop
	# Fragment Offset as on the wire, in 8-byte units: 0, 185 (1480), 370 (2960)
	check "r -> k: 3 x (0, MF, 1500) (185, MF, 1500) (370, last, 68)" expect_pieces 10.0.2.1 \
		"3x0|1|1500 3x185|1|1500 3x370|0|68 "
	case_end

	case_begin "3000 bytes without DF into H.Encaps: each piece encapsulated, k's End.DX4 decapsulates, h2 reassembles [$drv]"
	before=$(counter r ip4_fragmented)
	check "ping -s 3000 -M dont h1 -> 10.0.3.1 (steered)" big_ping dont 10.0.3.1
	check "srv6d counted 3 more datagrams cut" counter_reaches r ip4_fragmented $((${before:-0} + 3)) 5
	caps_stop
	# 1500 - 64 (IPv6 + SRH) = 1436: 1416 data bytes a piece: offsets 0, 177, 354
	check "r -> k: inner 3 x (0, MF, 1436) (177, MF, 1436) (354, last, 196)" expect_pieces 10.0.3.1 \
		"3x0|1|1436 3x177|1|1436 3x354|0|196 "
	check "every piece in IPv6 + SRH (SL 0) to fc00:b::d4" encapsulated 10.0.3.1
	case_end

	case_begin "3000 bytes with DF: Fragmentation Needed, MTU 1500 [$drv]"
	before=$(counter r ip4_too_big)
	out=$(big_ping do 10.0.2.1 2>&1)
	check "h1 was told: frag needed, mtu = 1500" grep -q "mtu = 1500" <<<"$out"
	check "srv6d counted the drops as ip4_too_big" counter_ge r ip4_too_big $((${before:-0} + 1))
	case_end

	srv6d_stop r
done
net_finish
