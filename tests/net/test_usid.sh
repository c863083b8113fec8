#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# Compressed SIDs (RFC 9800 NEXT-CSID, "uSID"): one IPv6 destination
# carries the whole path, each node shifts its own 16-bit uSID out.
# Block fc00:0::/32, uSIDs of 16 bits (lblen 32, nflen 16).
#
#   h1 (Linux SRv6)     r1 (srv6d)            t (Linux SRv6)          r2 (srv6d)            h2 (Linux SRv6)
#   [h1a]────────[edge] r1 [core]──────[tw] t [te]──────[core] r2 [edge]────────[h2a]
#   2001:db8:1::1       2001:db8:12::1    ::2  2001:db8:23::1    ::2              2001:db8:2::1
#   app 2001:db8:11::1  uN   fc00:0:1::/48     uN fc00:0:a::/48       uN   fc00:0:2::/48    app 2001:db8:22::1
#   uDT6 fc00:0:11d6::  uDT6 fc00:0:1d6::/48   (End flavors           uDX6 fc00:0:2d6::/48  uDT6 fc00:0:22d6::
#                                                next-csid)
#                                ^ capture "west"        ^ capture "east"
#   edge links MTU 1500, core links 1600
#
# srv6d's headend, reduced (no SRH at all: one container):
#   h1 -> 2001:db8:2::/64: r1 H.Encaps.Red segs fc00:0:a:2:2d6::
#        -> t shifts (fc00:0:2:2d6::) -> r2 uN shifts (fc00:0:2d6::) -> r2 End.DX6 -> h2
#   and back: r2 H.Encaps.Red segs fc00:0:a:1:1d6:: -> t -> r1 uN -> r1 End.DT6 -> h1
#
# The kernel's headend, through both srv6d uNs and the kernel's:
#   2001:db8:11::1 -> 2001:db8:22::/64: h1 `encap seg6 mode encap segs fc00:0:1:a:2:22d6::`
#        -> r1 uN -> t uN -> r2 uN -> h2's End.DT6 (fc00:0:22d6::)
#   and back: h2 segs fc00:0:2:a:1:11d6:: -> r2 -> t -> r1 -> h1's End.DT6
#
# Each case: ping and a 256 KiB HTTP fetch both ways, the uN counters, and
# the destination address on both of t's links as the uSIDs shift out.
source "$(dirname "$0")/lib.sh" "$@"
net_init ping ss
net_kernel_has encap seg6local action End flavors next-csid lblen 32 nflen 16 ||
	net_skip "this kernel or iproute2 has no seg6local End flavors next-csid (Linux 6.1+)"

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

# host N: hN's address, app address, default route, SRv6 headend and End.DT6.
host() {
	local n=$1 p=$2 path=$3
	nsx "h$n" ip -6 addr add "2001:db8:$n::1/64" dev "h${n}a" nodad
	nsx "h$n" ip -6 addr add "2001:db8:$n$n::1/128" dev lo
	nsx "h$n" ip -6 route add default via "2001:db8:$n::2"
	nsx "h$n" ip sr tunsrc set "2001:db8:$n::1"
	nsx "h$n" ip -6 route add "2001:db8:$p$p::/64" encap seg6 mode encap segs "$path" dev "h${n}a"
	nsx "h$n" ip -6 route add "fc00:0:$n${n}d6::/48" encap seg6local action End.DT6 table local \
		dev "h${n}a"
}
host 1 2 fc00:0:1:a:2:22d6::
host 2 1 fc00:0:2:a:1:11d6::

nsx t ip -6 addr add 2001:db8:12::2/64 dev tw nodad
nsx t ip -6 addr add 2001:db8:23::1/64 dev te nodad
for l in 1 1d6 11d6; do nsx t ip -6 route add "fc00:0:$l::/48" via 2001:db8:12::1; done
for l in 2 2d6 22d6; do nsx t ip -6 route add "fc00:0:$l::/48" via 2001:db8:23::2; done
nsx t ip -6 route add fc00:0:a::/48 encap seg6local action End flavors next-csid \
	lblen 32 nflen 16 dev tw

http_serve www1 h1 :: && http_serve www2 h2 :: || {
	echo "FAIL: web servers did not start"
	exit 1
}
net_setup_done

# conf DRIVER N PEER: router rN, the one towards host hN.
conf() {
	local d=$1 n=$2 p=$3 core=2001:db8:12::1 gw=2001:db8:12::2 decap
	[ "$n" = 2 ] && core=2001:db8:23::2 gw=2001:db8:23::1
	decap="End.DT6 table 0"
	[ "$n" = 2 ] && decap="End.DX6 nh6 2001:db8:2::1"
	cat <<EOF
interface add edge driver $d dev edge
interface add core driver $d dev core
address add 2001:db8:$n::2/64 dev edge
address add $core/64 dev core
encap source $core
route add 2001:db8:$n$n::/64 via 2001:db8:$n::1
route add fc00:0:$n${n}d6::/48 via 2001:db8:$n::1
route add fc00::/32 via $gw
sid add fc00:0:$n:: action End flavors next-csid lblen 32 nflen 16
sid add fc00:0:${n}d6::/48 action $decap
route add 2001:db8:$p::/64 encap seg6 mode encap.red segs fc00:0:a:$p:${p}d6::
EOF
}

H1=2001:db8:1::1 H2=2001:db8:2::1 A1=2001:db8:11::1 A2=2001:db8:22::1
E1=2001:db8:12::1 E2=2001:db8:23::2
IN6=ipv6:ipv6 # IPv6 in IPv6, no SRH
cap_def west t tw
cap_def east t te
for drv in $(net_drivers); do
	srv6d_up r1 r1 "$(conf "$drv" 1 2)" "$drv" || continue
	srv6d_up r2 r2 "$(conf "$drv" 2 1)" "$drv" || {
		srv6d_stop r1
		continue
	}

	case_begin "srv6d H.Encaps.Red uSID -> kernel uN -> srv6d uN -> End.DX6 / End.DT6, both ways [$drv]"
	check "ping h1 -> h2" ping6 h1 $H2
	check "ping h2 -> h1" ping6 h2 $H1
	check "TCP: h1 fetches 256 KiB from h2" http_get h1 "[$H2]" www2
	check "TCP: h2 fetches 256 KiB from h1" http_get h2 "[$H1]" www1
	check "r2's uN fc00:0:2::/48 shifted" sid_used r2 fc00:0:2::/48
	check "r2's End.DX6 fc00:0:2d6::/48 decapsulated" sid_used r2 fc00:0:2d6::/48
	check "r1's uN fc00:0:1::/48 shifted" sid_used r1 fc00:0:1::/48
	check "r1's End.DT6 fc00:0:1d6::/48 decapsulated" sid_used r1 fc00:0:1d6::/48
	caps_stop
	check "west: r1's reduced encapsulation: no SRH, container fc00:0:a:2:2d6::" cap_has west \
		"$E1,$H1|fc00:0:a:2:2d6::,$H2|||$IN6:icmpv6|echo-request" \
		"$E1,$H1|fc00:0:a:2:2d6::,$H2|||$IN6:tcp|tcp:>8080"
	check "east: the kernel shifted its uSID out: fc00:0:2:2d6::" cap_has east \
		"$E1,$H1|fc00:0:2:2d6::,$H2|||$IN6:icmpv6|echo-request" \
		"$E1,$H1|fc00:0:2:2d6::,$H2|||$IN6:tcp|tcp:>8080"
	check "east: the way back, r2's container fc00:0:a:1:1d6::" cap_has east \
		"$E2,$H2|fc00:0:a:1:1d6::,$H1|||$IN6:icmpv6|echo-reply" \
		"$E2,$H2|fc00:0:a:1:1d6::,$H1|||$IN6:tcp|tcp:8080>"
	check "west: the way back after the kernel's shift: fc00:0:1:1d6::" cap_has west \
		"$E2,$H2|fc00:0:1:1d6::,$H1|||$IN6:icmpv6|echo-reply" \
		"$E2,$H2|fc00:0:1:1d6::,$H1|||$IN6:tcp|tcp:8080>"
	check "no SRH on the core" eval 'cap_lacks west "ipv6.routing" && cap_lacks east "ipv6.routing"'
	case_end

	case_begin "kernel H.Encaps uSID -> srv6d uN -> kernel uN -> srv6d uN -> kernel End.DT6, both ways [$drv]"
	check "ping 2001:db8:11::1 -> 2001:db8:22::1" ping6 h1 $A2 $A1
	check "ping 2001:db8:22::1 -> 2001:db8:11::1" ping6 h2 $A1 $A2
	check "TCP: h1's app fetches 256 KiB from h2's app" http_get h1 "[$A2]" www2 --interface $A1
	check "TCP: h2's app fetches 256 KiB from h1's app" http_get h2 "[$A1]" www1 --interface $A2
	caps_stop
	check "west: r1's uN shifted (fc00:0:a:2:22d6::); SRH untouched, SL 0" cap_has west \
		"$H1,$A1|fc00:0:a:2:22d6::,$A2|0|fc00:0:1:a:2:22d6::|ipv6:ipv6.routing:ipv6:icmpv6|echo-request" \
		"$H1,$A1|fc00:0:a:2:22d6::,$A2|0|fc00:0:1:a:2:22d6::|ipv6:ipv6.routing:ipv6:tcp|tcp:>8080"
	check "east: the kernel's uN shifted (fc00:0:2:22d6::)" cap_has east \
		"$H1,$A1|fc00:0:2:22d6::,$A2|0|fc00:0:1:a:2:22d6::|ipv6:ipv6.routing:ipv6:icmpv6|echo-request"
	check "east: the way back, r2's uN shifted (fc00:0:a:1:11d6::)" cap_has east \
		"$H2,$A2|fc00:0:a:1:11d6::,$A1|0|fc00:0:2:a:1:11d6::|ipv6:ipv6.routing:ipv6:icmpv6|echo-reply" \
		"$H2,$A2|fc00:0:a:1:11d6::,$A1|0|fc00:0:2:a:1:11d6::|ipv6:ipv6.routing:ipv6:tcp|tcp:8080>"
	check "west: the way back after the kernel's shift (fc00:0:1:11d6::)" cap_has west \
		"$H2,$A2|fc00:0:1:11d6::,$A1|0|fc00:0:2:a:1:11d6::|ipv6:ipv6.routing:ipv6:icmpv6|echo-reply"
	case_end

	srv6d_stop r1
	srv6d_stop r2
done
net_finish
