#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# The kernel's headend feeds srv6d's endpoints; the kernel decapsulates.
#
#   k1 (Linux SRv6)               r (srv6d)                  k2 (Linux SRv6)
#   app 2001:db8:a::1 (lo)        End     fc00:e::e          apps 2001:db8:b::1..5 (lo)
#   End.DT6 fc00:1::d6            End psp fc00:e::5          End.DT6 fc00:2::d6, fc00:9::d6
#                                 End.X   fc00:e::f          SRH endpoint fc00:2::1 (lo)
#   [k1a]─────────────────[left]  srv6d  [right]─────────────────[k2a]
#   2001:db8:1::1/64    2001:db8:1::2   2001:db8:2::2    2001:db8:2::1/64
#        ^ capture "left"                                  ^ capture "right"
#
# k1 steers each of k2's app addresses into its own segment list (kernel
# `encap seg6`); k2 returns everything through srv6d's End to k1's End.DT6:
#
#   to b::1  encap segs fc00:e::e,fc00:2::d6   End        (SRH SL 1 -> 0)
#   to b::2  encap segs fc00:e::5,fc00:2::d6   End PSP    (SRH gone on the right)
#   to b::3  encap segs fc00:e::f,fc00:9::d6   End.X      (r has no route to fc00:9::)
#   to b::4  inline segs fc00:e::e             kernel H.Insert -> srv6d End
#   to b::5  plain IPv6; srv6d `mode inline segs fc00:2::1` -> kernel SRH
#            endpoint (seg6_enabled, an address of its own: RFC 8754 §4.3)
#
# Why not a seg6local End for the last case: the kernel's End cannot hand a
# packet to its own host (next segment local: Ip6InNoRoutes). Its SRH
# endpoint code can. test_srv6d_headend.sh puts a seg6local End in transit
# behind srv6d's H.Insert.
#
# Each case: ping, a 256 KiB HTTP fetch (TCP), the SID's counter in srv6d,
# and the headers on both links, decoded by tshark. Once per backend.
source "$(dirname "$0")/lib.sh" "$@"
net_init ping ss

net_setup_begin
ns_add k1 kernel
ns_add r srv6d
ns_add k2 kernel
link_add k1 k1a r left
link_add r right k2 k2a

nsx k1 ip -6 addr add 2001:db8:1::1/64 dev k1a nodad
nsx k1 ip -6 addr add 2001:db8:a::1/128 dev lo
nsx k1 ip sr tunsrc set 2001:db8:1::1
nsx k1 ip -6 route add fc00::/16 via 2001:db8:1::2
nsx k1 ip -6 route add 2001:db8:b::1/128 encap seg6 mode encap segs fc00:e::e,fc00:2::d6 dev k1a
nsx k1 ip -6 route add 2001:db8:b::2/128 encap seg6 mode encap segs fc00:e::5,fc00:2::d6 dev k1a
nsx k1 ip -6 route add 2001:db8:b::3/128 encap seg6 mode encap segs fc00:e::f,fc00:9::d6 dev k1a
nsx k1 ip -6 route add 2001:db8:b::4/128 encap seg6 mode inline segs fc00:e::e dev k1a
nsx k1 ip -6 route add 2001:db8:b::5/128 via 2001:db8:1::2
nsx k1 ip -6 route add fc00:1::d6/128 encap seg6local action End.DT6 table local dev k1a

nsx k2 ip -6 addr add 2001:db8:2::1/64 dev k2a nodad
for i in 1 2 3 4 5; do nsx k2 ip -6 addr add "2001:db8:b::$i/128" dev lo; done
nsx k2 ip sr tunsrc set 2001:db8:2::1
nsx k2 ip -6 route add fc00::/16 via 2001:db8:2::2
nsx k2 ip -6 route add 2001:db8:a::/64 encap seg6 mode encap segs fc00:e::e,fc00:1::d6 dev k2a
nsx k2 ip -6 route add fc00:2::d6/128 encap seg6local action End.DT6 table local dev k2a
nsx k2 ip -6 route add fc00:9::d6/128 encap seg6local action End.DT6 table local dev k2a
nsx k2 ip -6 addr add fc00:2::1/128 dev lo

http_serve www k2 :: || {
	echo "FAIL: web server in k2 did not start"
	exit 1
}
net_setup_done

conf() {
	cat <<EOF
interface add left driver $1 dev left
interface add right driver $1 dev right
address add 2001:db8:1::2/64 dev left
address add 2001:db8:2::2/64 dev right
route add 2001:db8:a::/64 via 2001:db8:1::1
route add fc00:1::/48 via 2001:db8:1::1
route add fc00:2::/48 via 2001:db8:2::1
route add 2001:db8:b::/64 via 2001:db8:2::1
sid add fc00:e::e action End
sid add fc00:e::5 action End flavors psp
sid add fc00:e::f action End.X nh6 2001:db8:2::1
route add 2001:db8:b::5/128 encap seg6 mode inline segs fc00:2::1
EOF
}

# traffic ADDR: ping and fetch from k1's app to k2's app address ADDR.
traffic() {
	check "ping 2001:db8:a::1 -> $1 (and back)" ping6 k1 "$1" 2001:db8:a::1
	check "TCP: 256 KiB over HTTP from [$1]" http_get k1 "[$1]" www --interface 2001:db8:a::1
}

# Capture lines (lib.sh cap_text): src|dst|SL|segments|headers|l4
K1=2001:db8:1::1 K2=2001:db8:2::1 A=2001:db8:a::1
ENC=ipv6:ipv6.routing:ipv6 # encapsulated: outer IPv6, SRH, inner IPv6
cap_def left k1 k1a
cap_def right k2 k2a
for drv in $(net_drivers); do
	srv6d_up r r "$(conf "$drv")" "$drv" || continue

	case_begin "kernel H.Encaps -> srv6d End -> kernel End.DT6 [$drv]"
	traffic 2001:db8:b::1
	check "srv6d counted End fc00:e::e" sid_used r fc00:e::e/128
	caps_stop
	check "left: SRH (fc00:2::d6, fc00:e::e), SL 1, to srv6d's End" cap_has left \
		"$K1,$A|fc00:e::e,2001:db8:b::1|1|fc00:2::d6,fc00:e::e|$ENC:icmpv6|echo-request" \
		"$K1,$A|fc00:e::e,2001:db8:b::1|1|fc00:2::d6,fc00:e::e|$ENC:tcp|tcp:>8080"
	check "right: srv6d's End: SL 0, to k2's End.DT6" cap_has right \
		"$K1,$A|fc00:2::d6,2001:db8:b::1|0|fc00:2::d6,fc00:e::e|$ENC:icmpv6|echo-request" \
		"$K1,$A|fc00:2::d6,2001:db8:b::1|0|fc00:2::d6,fc00:e::e|$ENC:tcp|tcp:>8080"
	check "return: k2's H.Encaps, srv6d's End, to k1's End.DT6" cap_has left \
		"$K2,2001:db8:b::1|fc00:1::d6,$A|0|fc00:1::d6,fc00:e::e|$ENC:icmpv6|echo-reply" \
		"$K2,2001:db8:b::1|fc00:1::d6,$A|0|fc00:1::d6,fc00:e::e|$ENC:tcp|tcp:8080>"
	check "no unencapsulated packet between the apps on either link" \
		eval 'cap_lacks left "^($A|2001:db8:b::1)\|" && cap_lacks right "^($A|2001:db8:b::1)\|"'
	case_end

	case_begin "kernel H.Encaps -> srv6d End flavors psp -> kernel End.DT6 [$drv]"
	traffic 2001:db8:b::2
	check "srv6d counted End psp fc00:e::5" sid_used r fc00:e::5/128
	caps_stop
	check "left: SRH (fc00:2::d6, fc00:e::5), SL 1" cap_has left \
		"$K1,$A|fc00:e::5,2001:db8:b::2|1|fc00:2::d6,fc00:e::5|$ENC:icmpv6|echo-request"
	check "right: SRH popped (IPv6 in IPv6, no routing header)" cap_has right \
		"$K1,$A|fc00:2::d6,2001:db8:b::2|||ipv6:ipv6:icmpv6|echo-request" \
		"$K1,$A|fc00:2::d6,2001:db8:b::2|||ipv6:ipv6:tcp|tcp:>8080"
	check "right: no packet towards b::2 keeps an SRH" cap_lacks right \
		"^[^|]*\|[^|]*2001:db8:b::2\|[0-9]"
	case_end

	case_begin "kernel H.Encaps -> srv6d End.X (cross-connect) -> kernel End.DT6 [$drv]"
	traffic 2001:db8:b::3
	check "srv6d counted End.X fc00:e::f" sid_used r fc00:e::f/128
	caps_stop
	check "right: to fc00:9::d6, unrouted at r: End.X's nh6 chose k2" cap_has right \
		"$K1,$A|fc00:9::d6,2001:db8:b::3|0|fc00:9::d6,fc00:e::f|$ENC:icmpv6|echo-request"
	case_end

	case_begin "kernel H.Insert (inline) -> srv6d End -> kernel host [$drv]"
	traffic 2001:db8:b::4
	check "srv6d counted End fc00:e::e" sid_used r fc00:e::e/128
	caps_stop
	check "left: inserted SRH (b::4, fc00:e::e), SL 1, no inner header" cap_has left \
		"$A|fc00:e::e|1|2001:db8:b::4,fc00:e::e|ipv6:ipv6.routing:icmpv6|echo-request" \
		"$A|fc00:e::e|1|2001:db8:b::4,fc00:e::e|ipv6:ipv6.routing:tcp|tcp:>8080"
	check "right: srv6d's End put the final destination back, SL 0" cap_has right \
		"$A|2001:db8:b::4|0|2001:db8:b::4,fc00:e::e|ipv6:ipv6.routing:icmpv6|echo-request"
	case_end

	case_begin "srv6d H.Insert (inline) -> kernel SRH endpoint -> kernel host [$drv]"
	traffic 2001:db8:b::5
	caps_stop
	check "left: plain IPv6 from k1" cap_has left \
		"$A|2001:db8:b::5|||ipv6:icmpv6|echo-request"
	check "right: srv6d inserted SRH (b::5, fc00:2::1), SL 1" cap_has right \
		"$A|fc00:2::1|1|2001:db8:b::5,fc00:2::1|ipv6:ipv6.routing:icmpv6|echo-request" \
		"$A|fc00:2::1|1|2001:db8:b::5,fc00:2::1|ipv6:ipv6.routing:tcp|tcp:>8080"
	case_end

	srv6d_stop r
done
net_finish
