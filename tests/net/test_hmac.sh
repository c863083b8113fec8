#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# SRH HMAC interop with the Linux kernel (issue #7, RFC 8754 §2.1.2): the
# kernel's signatures verify at srv6d's untrusted edge, srv6d's verify at a
# kernel endpoint with seg6_require_hmac=1, and a wrong key fails both ways.
#
#   k1 (Linux, signs)              r (srv6d)                   k2 (Linux, verifies)
#   app 2001:db8:a::1 (lo)    left: untrusted             apps 2001:db8:b::1..9 (lo)
#   End.DT6 fc00:1::d6        (hmac require)              End.DT6 fc00:2::d6, End fc00:2::e
#                             End fc00:e::e               k2a: seg6_require_hmac=1
#   [k1a]──────────────[left] srv6d [right]──────────────[k2a]
#   2001:db8:1::1    2001:db8:1::2   2001:db8:2::2    2001:db8:2::1
#        ^ capture "left"                                 ^ capture "right"
#
# Keys (the kernel reads a secret as the bytes typed; srv6d takes them in hex):
#   7 sha256 "interop-key-7"   k1, k2, srv6d
#   8 sha256 k1/k2: "kernel-key-8", srv6d: "srv6d-key-8"  (a wrong key on purpose)
#   9 sha1   "interop-sha1-9"  k1, k2, srv6d
#
# kernel -> srv6d: k1 signs `encap seg6 ... hmac KEYID` towards srv6d's End:
#   b::1 key 7: verified at the edge, End, k2 checks again -> delivered
#   b::8 key 9 (sha1): the same
#   b::2 key 8: srv6d finds the MAC wrong -> dropped, Parameter Problem to k1
#   b::3 unsigned: an SRH from outside the domain -> dropped (sr_edge_srh)
# srv6d -> kernel: srv6d steers k1's plain packets into signed policies:
#   b::4 key 7 to k2's End.DT6, b::7 key 7 via k2's End then End.DT6,
#   b::9 key 9 (sha1): delivered
#   b::5 key 8 (srv6d's secret is not k2's), b::6 unsigned: k2 drops them
source "$(dirname "$0")/lib.sh" "$@"
net_init ping ss xxd

S7=interop-key-7 S8K=kernel-key-8 S8R=srv6d-key-8 S9=interop-sha1-9
hex() { printf %s "$1" | xxd -p | tr -d '\n'; }

# kernel_key ROLE KEYID ALGO SECRET
kernel_key() { printf '%s\n' "$4" | nsx "$1" ip sr hmac set "$2" "$3" >/dev/null; }

net_setup_begin
ns_add k1 kernel
ns_add r srv6d
ns_add k2 kernel
link_add k1 k1a r left
link_add r right k2 k2a

nsx k1 ip -6 addr add 2001:db8:1::1/64 dev k1a nodad
nsx k1 ip -6 addr add 2001:db8:a::1/128 dev lo
nsx k1 ip sr tunsrc set 2001:db8:1::1
kernel_key k1 7 sha256 "$S7"
kernel_key k1 8 sha256 "$S8K"
kernel_key k1 9 sha1 "$S9"
nsx k1 ip -6 route add fc00::/16 via 2001:db8:1::2
nsx k1 ip -6 route add 2001:db8:b::1/128 encap seg6 mode encap segs fc00:e::e,fc00:2::d6 hmac 7 dev k1a
nsx k1 ip -6 route add 2001:db8:b::2/128 encap seg6 mode encap segs fc00:e::e,fc00:2::d6 hmac 8 dev k1a
nsx k1 ip -6 route add 2001:db8:b::3/128 encap seg6 mode encap segs fc00:e::e,fc00:2::d6 dev k1a
nsx k1 ip -6 route add 2001:db8:b::8/128 encap seg6 mode encap segs fc00:e::e,fc00:2::d6 hmac 9 dev k1a
nsx k1 ip -6 route add 2001:db8:b::/64 via 2001:db8:1::2
nsx k1 ip -6 route add fc00:1::d6/128 encap seg6local action End.DT6 table local dev k1a

nsx k2 ip -6 addr add 2001:db8:2::1/64 dev k2a nodad
for i in 1 2 3 4 5 6 7 8 9; do nsx k2 ip -6 addr add "2001:db8:b::$i/128" dev lo; done
nsx k2 ip sr tunsrc set 2001:db8:2::1
kernel_key k2 7 sha256 "$S7"
kernel_key k2 8 sha256 "$S8K"
kernel_key k2 9 sha1 "$S9"
nsx k2 sysctl -qw net.ipv6.conf.k2a.seg6_require_hmac=1
nsx k2 ip -6 route add fc00::/16 via 2001:db8:2::2
nsx k2 ip -6 route add 2001:db8:a::/64 encap seg6 mode encap segs fc00:1::d6 dev k2a
nsx k2 ip -6 route add fc00:2::d6/128 encap seg6local action End.DT6 table local dev k2a
nsx k2 ip -6 route add fc00:2::e/128 encap seg6local action End dev k2a
http_serve www k2 ::
net_setup_done

conf() {
	cat <<EOF
interface add left driver $1 dev left untrusted
interface add right driver $1 dev right
address add 2001:db8:1::2/64 dev left
address add 2001:db8:2::2/64 dev right
route add 2001:db8:a::/64 via 2001:db8:1::1
route add fc00:1::/48 via 2001:db8:1::1
route add fc00:2::/48 via 2001:db8:2::1
route add 2001:db8:b::/64 via 2001:db8:2::1
hmac add keyid 7 algo sha256 secret $(hex "$S7")
hmac add keyid 8 algo sha256 secret $(hex "$S8R")
hmac add keyid 9 algo sha1 secret $(hex "$S9")
sid add fc00:e::e action End
encap source 2001:db8:2::2
policy add SIGNED segs fc00:2::d6 hmac keyid 7
policy add VIA_END segs fc00:2::e,fc00:2::d6 hmac keyid 7
policy add WRONG_KEY segs fc00:2::d6 hmac keyid 8
policy add UNSIGNED segs fc00:2::d6
policy add SHA1 segs fc00:2::d6 hmac keyid 9
steer add 2001:db8:b::4/128 policy SIGNED
steer add 2001:db8:b::5/128 policy WRONG_KEY
steer add 2001:db8:b::6/128 policy UNSIGNED
steer add 2001:db8:b::7/128 policy VIA_END
steer add 2001:db8:b::9/128 policy SHA1
EOF
}

A=2001:db8:a::1 K1=2001:db8:1::1 R=2001:db8:2::2
ENC=ipv6:ipv6.routing:ipv6

# srh_flags NAME DST: the SRH flags of packets to DST in capture NAME.
srh_flags() {
	tshark -r "${NET_CAP[$1]}" -n -Y "ipv6.dst == $2 && ipv6.routing.type == 4" \
		-T fields -E separator='|' -e ipv6.routing.srh.flags -e ipv6.routing.len 2>/dev/null |
		sort -u
}

expect_flags() {
	local got
	got=$(srh_flags "$1" "$2")
	[ "$got" = "$3" ] && return 0
	echo "capture $1: SRH flags/length to $2 are [$got], expected [$3]"
	return 1
}

cap_def left k1 k1a
cap_def right k2 k2a
for drv in $(net_drivers); do
	conf_text=$(conf "$drv")
	srv6d_up r r "$conf_text" "$drv" || continue

	case_begin "kernel-signed (sha256) verified at srv6d's edge, then by the kernel [$drv]"
	check "ping $A -> b::1" ping6 k1 2001:db8:b::1 $A
	check "srv6d verified HMACs" counter_reaches r sr_hmac_verified 3 2
	check "srv6d's End ran on them" sid_used r fc00:e::e/128
	caps_stop
	check "left: k1's SRH: flag 0x08 (the kernel's H flag), 8 + 2 x 16 + 40-byte TLV" \
		expect_flags left fc00:e::e "0x08|9"
	check "right: srv6d passed the signed SRH on, SL 0" cap_has right \
		"$K1,$A|fc00:2::d6,2001:db8:b::1|0|fc00:2::d6,fc00:e::e|$ENC:icmpv6|echo-request"
	case_end

	case_begin "kernel-signed (sha1) verified by srv6d [$drv]"
	check "ping $A -> b::8" ping6 k1 2001:db8:b::8 $A
	case_end

	case_begin "kernel-signed with a key srv6d does not share: dropped [$drv]"
	before=$(counter r sr_hmac_invalid)
	check "ping $A -> b::2 gets no answer" ping6_lost k1 2001:db8:b::2
	check "srv6d counted them as sr_hmac_invalid" counter_reaches r sr_hmac_invalid \
		$((${before:-0} + 5)) 2
	caps_stop
	check "nothing towards b::2 left srv6d" cap_lacks right ".*2001:db8:b::2\|"
	check "k1 got Parameter Problem (code 0) from srv6d" cap_match left \
		"^2001:db8:1::2,[^|]*\|$K1,.*\|icmp6:4/0$"
	case_end

	case_begin "unsigned SRH from outside the domain: dropped [$drv]"
	before=$(counter r sr_edge_srh)
	check "ping $A -> b::3 gets no answer" ping6_lost k1 2001:db8:b::3
	check "srv6d counted them as sr_edge_srh" counter_reaches r sr_edge_srh \
		$((${before:-0} + 5)) 2
	case_end

	case_begin "srv6d-signed, accepted by a kernel End.DT6 with seg6_require_hmac=1 [$drv]"
	check "ping $A -> b::4" ping6 k1 2001:db8:b::4 $A
	check "TCP: 256 KiB over HTTP from [b::4]" http_get k1 "[2001:db8:b::4]" www \
		--interface $A
	caps_stop
	check "right: srv6d's H.Encaps, one segment, SL 0" cap_has right \
		"$R,$A|fc00:2::d6,2001:db8:b::4|0|fc00:2::d6|$ENC:icmpv6|echo-request"
	check "right: flag 0x08, 8 + 16 + 40-byte TLV" expect_flags right fc00:2::d6 "0x08|7"
	case_end

	case_begin "srv6d-signed, through a kernel End (require) to End.DT6 [$drv]"
	check "ping $A -> b::7" ping6 k1 2001:db8:b::7 $A
	case_end

	case_begin "srv6d-signed with sha1, accepted by the kernel [$drv]"
	check "ping $A -> b::9" ping6 k1 2001:db8:b::9 $A
	case_end

	case_begin "srv6d-signed with a key the kernel does not share: rejected [$drv]"
	check "ping $A -> b::5 gets no answer" ping6_lost k1 2001:db8:b::5
	caps_stop
	check "srv6d did send them (signed) to k2" cap_has right \
		"$R,$K1|fc00:2::d6,2001:db8:b::5|0|fc00:2::d6|$ENC:icmpv6|echo-request"
	check "flag 0x08, 8 + 16 + 40-byte TLV" expect_flags right fc00:2::d6 "0x08|7"
	case_end

	case_begin "srv6d unsigned, rejected by the kernel's seg6_require_hmac=1 [$drv]"
	check "ping $A -> b::6 gets no answer" ping6_lost k1 2001:db8:b::6
	case_end

	srv6d_stop r
done
net_finish
