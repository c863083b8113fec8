#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# srv6d's headend feeds the kernel's End; srv6d decapsulates (End.DX6,
# End.DX4), in both directions.
#
#   h1 (host)           r1 (srv6d)             t (Linux SRv6)            r2 (srv6d)           h2 (host)
#   2001:db8:1::1 [h1a]──[edge] [core]──────[tw] [te]──────────[core] [edge]──[h2a] 2001:db8:2::1
#   10.0.1.1/24          2001:db8:12::1  ::2   2001:db8:23::1   ::2             10.0.2.1/24
#                        End.DX6 fc00:1::d6    End     fc00:a::e        End.DX6 fc00:2::d6   2001:db8:22::5,6 (lo)
#                        End.DX4 fc00:1::d4    End psp fc00:a::5        End.DX4 fc00:2::d4
#                        End     fc00:1::e                              End     fc00:2::e
#                                   ^ capture "west" (t's tw)  ^ capture "east" (t's te)
#   edge links MTU 1500, core links 1600 (room for the outer headers)
#
#   r1: 2001:db8:2::/64  encap segs fc00:a::e,fc00:2::d6       (r2 mirrors it to h1)
#       10.0.2.0/24      encap segs fc00:a::e,fc00:2::d4
#       2001:db8:22::5    encap segs fc00:a::5,fc00:2::d6       kernel PSP: End.DX6 gets no SRH
#       2001:db8:22::6    inline segs fc00:a::e,fc00:2::e       H.Insert -> kernel End -> srv6d End
#
# Each case: ping and a 256 KiB HTTP fetch both ways, SID counters, and the
# headers on both of t's links decoded by tshark. Once per backend.
source "$(dirname "$0")/lib.sh" "$@"
net_init ping ss
# the kernel's End flavors psp came after next-csid (Linux 6.1 has no PSP)
kernel_psp=0
net_kernel_has encap seg6local action End flavors psp && kernel_psp=1

net_setup_begin
ns_add h1 kernel
ns_add r1 srv6d
ns_add t kernel
ns_add r2 srv6d
ns_add h2 kernel
link_add h1 h1a r1 edge 1500
link_add r1 core t tw 1600
link_add t te r2 core 1600
link_add r2 edge h2 h2a 1500

nsx h1 ip -6 addr add 2001:db8:1::1/64 dev h1a nodad
nsx h1 ip -6 route add default via 2001:db8:1::2
nsx h1 ip addr add 10.0.1.1/24 dev h1a
nsx h1 ip route add default via 10.0.1.2

nsx h2 ip -6 addr add 2001:db8:2::1/64 dev h2a nodad
nsx h2 ip -6 addr add 2001:db8:22::5/128 dev lo
nsx h2 ip -6 addr add 2001:db8:22::6/128 dev lo
nsx h2 ip -6 route add default via 2001:db8:2::2
nsx h2 ip addr add 10.0.2.1/24 dev h2a
nsx h2 ip route add default via 10.0.2.2

nsx t ip -6 addr add 2001:db8:12::2/64 dev tw nodad
nsx t ip -6 addr add 2001:db8:23::1/64 dev te nodad
nsx t ip -6 route add fc00:1::/48 via 2001:db8:12::1
nsx t ip -6 route add fc00:2::/48 via 2001:db8:23::2
nsx t ip -6 route add fc00:a::e/128 encap seg6local action End dev tw
[ $kernel_psp = 0 ] || nsx t ip -6 route add fc00:a::5/128 encap seg6local action End flavors psp dev tw

http_serve www1 h1 :: && http_serve www2 h2 :: || {
	echo "FAIL: web servers did not start"
	exit 1
}
net_setup_done

# conf DRIVER N PEER: router rN, the one towards host hPEER.
conf() {
	local d=$1 n=$2 p=$3 core=2001:db8:12::1 gw=2001:db8:12::2
	[ "$n" = 2 ] && core=2001:db8:23::2 gw=2001:db8:23::1
	cat <<EOF
interface add edge driver $d dev edge
interface add core driver $d dev core
address add 2001:db8:$n::2/64 dev edge
address add 10.0.$n.2/24 dev edge
address add $core/64 dev core
encap source $core
route add fc00::/16 via $gw
sid add fc00:$n::d6 action End.DX6 nh6 2001:db8:$n::1
sid add fc00:$n::d4 action End.DX4 nh4 10.0.$n.1
sid add fc00:$n::e action End
route add 2001:db8:$n$n::/64 via 2001:db8:$n::1
route add 2001:db8:$p::/64 encap seg6 mode encap segs fc00:a::e,fc00:$p::d6
route add 10.0.$p.0/24 encap seg6 mode encap segs fc00:a::e,fc00:$p::d4
EOF
	[ "$n" = 1 ] && cat <<EOF
route add 2001:db8:22::5/128 encap seg6 mode encap segs fc00:a::5,fc00:2::d6
route add 2001:db8:22::6/128 encap seg6 mode inline segs fc00:a::e,fc00:2::e
EOF
}

# Capture lines (lib.sh cap_text): src|dst|SL|segments|headers|l4
H1=2001:db8:1::1 H2=2001:db8:2::1 E1=2001:db8:12::1 E2=2001:db8:23::2
ENC=ipv6:ipv6.routing:ipv6 # outer IPv6, SRH, inner IPv6
ENC4=ipv6:ipv6.routing:ip  # outer IPv6, SRH, inner IPv4
cap_def west t tw
cap_def east t te
for drv in $(net_drivers); do
	srv6d_up r1 r1 "$(conf "$drv" 1 2)" "$drv" || continue
	srv6d_up r2 r2 "$(conf "$drv" 2 1)" "$drv" || {
		srv6d_stop r1
		continue
	}

	case_begin "srv6d H.Encaps -> kernel End -> srv6d End.DX6, both ways [$drv]"
	check "ping h1 -> h2" ping6 h1 $H2
	check "ping h2 -> h1" ping6 h2 $H1
	check "TCP: h1 fetches 256 KiB from h2" http_get h1 "[$H2]" www2
	check "TCP: h2 fetches 256 KiB from h1" http_get h2 "[$H1]" www1
	check "r2 decapsulated (End.DX6 fc00:2::d6)" sid_used r2 fc00:2::d6/128
	check "r1 decapsulated (End.DX6 fc00:1::d6)" sid_used r1 fc00:1::d6/128
	caps_stop
	check "west: r1's H.Encaps: outer from r1, SRH (fc00:2::d6, fc00:a::e), SL 1" cap_has west \
		"$E1,$H1|fc00:a::e,$H2|1|fc00:2::d6,fc00:a::e|$ENC:icmpv6|echo-request" \
		"$E1,$H1|fc00:a::e,$H2|1|fc00:2::d6,fc00:a::e|$ENC:tcp|tcp:>8080" \
		"$E1,$H1|fc00:a::e,$H2|1|fc00:2::d6,fc00:a::e|$ENC:tcp|tcp:8080>"
	check "east: after the kernel's End: SL 0, to r2's End.DX6" cap_has east \
		"$E1,$H1|fc00:2::d6,$H2|0|fc00:2::d6,fc00:a::e|$ENC:icmpv6|echo-request" \
		"$E1,$H1|fc00:2::d6,$H2|0|fc00:2::d6,fc00:a::e|$ENC:tcp|tcp:>8080"
	check "east: the way back, r2's H.Encaps, SL 1" cap_has east \
		"$E2,$H2|fc00:a::e,$H1|1|fc00:1::d6,fc00:a::e|$ENC:icmpv6|echo-reply" \
		"$E2,$H2|fc00:a::e,$H1|1|fc00:1::d6,fc00:a::e|$ENC:icmpv6|echo-request"
	check "west: the way back after the kernel's End, SL 0" cap_has west \
		"$E2,$H2|fc00:1::d6,$H1|0|fc00:1::d6,fc00:a::e|$ENC:icmpv6|echo-reply" \
		"$E2,$H2|fc00:1::d6,$H1|0|fc00:1::d6,fc00:a::e|$ENC:tcp|tcp:8080>"
	check "no unencapsulated packet between the hosts on the core" \
		eval 'cap_lacks west "^($H1|$H2)\|" && cap_lacks east "^($H1|$H2)\|"'
	case_end

	case_begin "srv6d H.Encaps (IPv4 inner) -> kernel End -> srv6d End.DX4, both ways [$drv]"
	check "ping h1 -> h2 (IPv4)" ping4 h1 10.0.2.1
	check "ping h2 -> h1 (IPv4)" ping4 h2 10.0.1.1
	check "TCP over IPv4: h1 fetches 256 KiB from h2" http_get h1 10.0.2.1 www2
	check "TCP over IPv4: h2 fetches 256 KiB from h1" http_get h2 10.0.1.1 www1
	check "r2 decapsulated (End.DX4 fc00:2::d4)" sid_used r2 fc00:2::d4/128
	check "r1 decapsulated (End.DX4 fc00:1::d4)" sid_used r1 fc00:1::d4/128
	caps_stop
	check "west: IPv4 in SRv6, SRH (fc00:2::d4, fc00:a::e), SL 1" cap_has west \
		"$E1|fc00:a::e|1|fc00:2::d4,fc00:a::e|$ENC4:icmp|echo-request" \
		"$E1|fc00:a::e|1|fc00:2::d4,fc00:a::e|$ENC4:tcp|tcp:>8080"
	check "east: SL 0, to r2's End.DX4" cap_has east \
		"$E1|fc00:2::d4|0|fc00:2::d4,fc00:a::e|$ENC4:icmp|echo-request"
	check "east: the way back, r2's H.Encaps" cap_has east \
		"$E2|fc00:a::e|1|fc00:1::d4,fc00:a::e|$ENC4:icmp|echo-reply" \
		"$E2|fc00:a::e|1|fc00:1::d4,fc00:a::e|$ENC4:tcp|tcp:8080>"
	check "no plain IPv4 on the core" eval 'cap_lacks west "\|ip:" && cap_lacks east "\|ip:"'
	case_end

	if [ $kernel_psp = 0 ]; then
		case_skip "srv6d H.Encaps -> kernel End flavors psp -> srv6d End.DX6 without SRH [$drv]" \
			"this kernel has no seg6local End flavors psp"
	else
		case_begin "srv6d H.Encaps -> kernel End flavors psp -> srv6d End.DX6 without SRH [$drv]"
		check "ping h1 -> h2's 2001:db8:22::5" ping6 h1 2001:db8:22::5
		check "TCP: h1 fetches 256 KiB from [2001:db8:22::5]" http_get h1 "[2001:db8:22::5]" www2
		caps_stop
		check "west: SRH (fc00:2::d6, fc00:a::5), SL 1" cap_has west \
			"$E1,$H1|fc00:a::5,2001:db8:22::5|1|fc00:2::d6,fc00:a::5|$ENC:icmpv6|echo-request"
		check "east: the kernel popped the SRH: IPv6 in IPv6 to r2's End.DX6" cap_has east \
			"$E1,$H1|fc00:2::d6,2001:db8:22::5|||ipv6:ipv6:icmpv6|echo-request" \
			"$E1,$H1|fc00:2::d6,2001:db8:22::5|||ipv6:ipv6:tcp|tcp:>8080"
		check "east: no packet towards 22::5 keeps an SRH" cap_lacks east \
			"^[^|]*\|[^|]*2001:db8:22::5\|[0-9]"
		case_end
	fi

	case_begin "srv6d H.Insert -> kernel End -> srv6d End -> host [$drv]"
	check "ping h1 -> h2's 2001:db8:22::6" ping6 h1 2001:db8:22::6
	check "TCP: h1 fetches 256 KiB from [2001:db8:22::6]" http_get h1 "[2001:db8:22::6]" www2
	check "r2's End fc00:2::e counted the packets" sid_used r2 fc00:2::e/128
	caps_stop
	check "west: r1 inserted SRH (h2, fc00:2::e, fc00:a::e), SL 2" cap_has west \
		"$H1|fc00:a::e|2|2001:db8:22::6,fc00:2::e,fc00:a::e|ipv6:ipv6.routing:icmpv6|echo-request" \
		"$H1|fc00:a::e|2|2001:db8:22::6,fc00:2::e,fc00:a::e|ipv6:ipv6.routing:tcp|tcp:>8080"
	check "east: after the kernel's End, SL 1, to r2's End" cap_has east \
		"$H1|fc00:2::e|1|2001:db8:22::6,fc00:2::e,fc00:a::e|ipv6:ipv6.routing:icmpv6|echo-request"
	case_end

	srv6d_stop r1
	srv6d_stop r2
done
net_finish
