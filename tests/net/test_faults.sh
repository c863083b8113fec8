#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# Bad input and faults (issue #4): what srv6d does when the world is not as
# configured. It must count, say why, keep forwarding, and never hang.
#
#   h1 [h1a]────[e1]  r (srv6d)  [e2]────[h2a] h2
#   2001:db8:1::1        [e3]                2001:db8:2::1
#                          │                 (no 2001:db8:2::99 on this link)
#                        [h3a] h3 2001:db8:3::1
#        ^ capture "h1"                  ^ capture "h2"
#
#   route 2001:db8:99::/64 via 2001:db8:2::99: a next hop that never answers
#
# Startup failures (once): no such device (afpacket, afxdp), no permission
# (run as nobody without capabilities), control socket held by a live
# srv6d: one-line reason, non-zero exit, no socket left behind.
# Then, once per backend: config lines refused through srv6ctl, an
# unresolved neighbor, and e3 deleted under the running srv6d (then put
# back with interface del/add, without a restart).
source "$(dirname "$0")/lib.sh" "$@"
net_init ping ss

net_setup_begin
ns_add h1 kernel
ns_add r srv6d
ns_add h2 kernel
ns_add h3 kernel
link_add h1 h1a r e1
link_add r e2 h2 h2a

# host_link: (re)make e3 <-> h3a and h3's address.
host_link() {
	link_add r e3 h3 h3a || return 1
	nsx h3 ip -6 addr add 2001:db8:3::1/64 dev h3a nodad
	nsx h3 ip -6 route add default via 2001:db8:3::2
}
host_link
for n in 1 2; do
	nsx "h$n" ip -6 addr add "2001:db8:$n::1/64" dev "h${n}a" nodad
	nsx "h$n" ip -6 route add default via "2001:db8:$n::2"
done
net_setup_done

conf() {
	cat <<EOF
interface add e1 driver $1 dev e1
interface add e2 driver $1 dev e2
interface add e3 driver $1 dev e3
address add 2001:db8:1::2/64 dev e1
address add 2001:db8:2::2/64 dev e2
address add 2001:db8:3::2/64 dev e3
route add 2001:db8:99::/64 via 2001:db8:2::99
EOF
}

# startup_fails CONFIG REASON-REGEX [PREFIX-COMMAND...]: srv6d refuses to
# start: exit status not 0, the first line is "FILE:LINE: reason", nothing
# but that and a summary, no control socket.
startup_fails() {
	local conf sock="$NET_WORK/pub/refused.sock" out rc
	conf=$(mktemp "$NET_WORK/pub/conf.XXXXXX")
	chmod 644 "$conf"
	printf '%s\n' "$1" >"$conf"
	rm -f "$sock"
	out=$(timeout 10 ip netns exec "$(ns r)" "${@:3}" "$SRV6D" -c "$conf" -s "$sock" 2>&1)
	rc=$?
	echo "srv6d said (exit $rc):"
	printf '%s\n' "$out" | sed 's/^/    /'
	[ $rc -ne 0 ] && [ $rc -ne 124 ] || {
		echo "expected a non-zero exit without a timeout"
		return 1
	}
	head -1 <<<"$out" | grep -Eq "^$conf:1: .*$2" || {
		echo "expected the first line to be '$conf:1: ...$2'"
		return 1
	}
	[ "$(grep -cv "not starting" <<<"$out")" -eq 1 ] || {
		echo "expected one line of reason (and the summary)"
		return 1
	}
	[ ! -e "$sock" ] || {
		echo "control socket $sock left behind"
		return 1
	}
}

mkdir -m 755 "$NET_WORK/pub"
chmod 755 "$NET_WORK"
case_begin "startup failures: one-line reason, non-zero exit, no socket left"
check "afpacket on a device that does not exist" startup_fails \
	"interface add x driver afpacket dev nosuchdev0" "afpacket dev nosuchdev0: No such device"
check "afxdp on a device that does not exist" startup_fails \
	"interface add x driver afxdp dev nosuchdev0" "afxdp dev nosuchdev0: No such device"
if command -v setpriv >/dev/null; then
	for d in afpacket afxdp; do
		check "$d without CAP_NET_RAW (as nobody)" startup_fails \
			"interface add x driver $d dev e1" "$d dev e1: .*(Operation not permitted|CAP_NET_RAW)" \
			setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all
	done
fi
srv6d_start live r "interface add n0 driver null" || NET_CASE_FAILED=1
check "a second srv6d on a live srv6d's socket is refused" bash -c "
	! timeout 10 ip netns exec $(ns r) $SRV6D -c $NET_WORK/live.conf -s ${NET_SRV6D[live]} \
		2>$NET_WORK/second.log && cat $NET_WORK/second.log &&
	grep -q '${NET_SRV6D[live]}' $NET_WORK/second.log"
check "... and the first one still answers on it" sctl live show interfaces
srv6d_stop live
check "a stopped srv6d removes its socket" test ! -e "$NET_WORK/live.sock"
case_end

# refused LINE REASON-REGEX: srv6ctl gets an error for LINE, exit status 1.
refused() {
	local out rc
	out=$(sctl r "$@" 2>&1 >/dev/null)
	rc=$?
	echo "srv6ctl $* -> exit $rc: $out"
	[ $rc -eq 1 ] && [ -n "$out" ]
}

# drops_grew KEY... MIN: the sum of these drop counters grew by MIN since
# drops_mark (which remembers them in D0_<key>).
drops_mark() {
	local k
	for k in "$@"; do eval "D0_$k=$(counter r "$k")"; done
}
drops_grew() {
	local min=${!#} k n=0 v d
	for k in "${@:1:$#-1}"; do
		v=$(counter r "$k")
		d=$((v - $(eval echo "\$D0_$k")))
		echo "$k grew by $d"
		n=$((n + d))
	done
	[ "$n" -ge "$min" ]
}

# logged_once WORD FROM-LINE: srv6d's log mentions WORD once or twice from
# line FROM-LINE on.
logged_once() {
	local n
	n=$(tail -n +"$2" "$NET_WORK/r.log" | grep -c -- "$1")
	echo "srv6d's log lines about $1 since it went away: $n (expected 1 or 2):"
	tail -n +"$2" "$NET_WORK/r.log" | sed 's/^/    /'
	[ "$n" -ge 1 ] && [ "$n" -le 2 ]
}

cap_def h1 h1 h1a
cap_def h2 h2 h2a
for drv in $(net_drivers); do
	[ -e "/sys/class/net/e3" ] || nsx r test -e /sys/class/net/e3 || host_link
	srv6d_up r r "$(conf "$drv")" "$drv" || continue

	case_begin "config lines refused via srv6ctl; srv6d unaffected [$drv]"
	before=$(sctl r show routes)
	check "route add with a bad prefix" refused route add bogus via 2001:db8:2::1
	check "sid add End.X without nh6/oif" refused sid add fc00:e::1 action End.X
	check "interface add on a missing device" refused interface add e9 driver "$drv" dev nosuch0
	check "address add on a missing interface" refused address add 2001:db8:9::1/64 dev nosuch0
	check "route del of a route that is not there" refused route del 2001:db8:77::/64
	check "the routing table did not change" bash -c "[ '$before' = \"\$($SRV6CTL -s ${NET_SRV6D[r]} show routes)\" ]"
	check "the interfaces did not change" bash -c \
		"[ \"\$($SRV6CTL -s ${NET_SRV6D[r]} show interfaces | wc -l)\" -eq 4 ]"
	check "each refusal is in srv6d's log" bash -c "grep -c 'bogus' $NET_WORK/r.log &&
		grep -q 'nosuch0' $NET_WORK/r.log"
	check "srv6d still forwards (h1 <-> h2)" ping6 h1 2001:db8:2::1
	check "a good line after the bad ones applies" sctl r route add 2001:db8:55::/64 via 2001:db8:2::1
	check "... and is there" bash -c "$SRV6CTL -s ${NET_SRV6D[r]} show routes | grep -q 2001:db8:55::/64"
	case_end

	case_begin "unresolved neighbor: solicited, then counted as neigh_unresolved [$drv]"
	base=$(counter r neigh_unresolved)
	ns_base=$(counter r nd_ns_sent)
	check "pings via the silent next hop get no answer" ping6_lost h1 2001:db8:99::1
	check "5 packets counted as neigh_unresolved (within 6 s)" \
		counter_reaches r neigh_unresolved $((base + 5)) 6
	check "srv6d solicited 2001:db8:2::99 (3 tries, as the kernel's mcast_solicit)" \
		counter_reaches r nd_ns_sent $((ns_base + 3)) 2
	check "srv6d still forwards (h1 <-> h2)" ping6 h1 2001:db8:2::1
	caps_stop
	check "h2's link saw NS for 2001:db8:2::99 to its solicited-node group" cap_match h2 \
		"^2001:db8:2::2\|ff02::1:ff00:99\|\|\|ipv6:icmpv6\|icmp6:135/0$"
	case_end

	NET_KEEPCAP=1 case_begin \
		"unresolved neighbor: the sender gets ICMPv6 Address Unreachable (RFC 4861 §7.2.2) [$drv]"
	check "h1 got Destination Unreachable, code 3 (srv6d: src/dp/held.c drops silently)" \
		cap_match h1 "\|2001:db8:1::1,2001:db8:99::1\|.*\|icmp6:1/3$"
	case_end

	case_begin "interface deleted under srv6d: keeps running and forwarding, drops counted [$drv]"
	check "h1 -> h3 works first" ping6 h1 2001:db8:3::1
	drops_mark tx_full if_down
	logged0=$(wc -l <"$NET_WORK/r.log")
	nsx r ip link del e3
	check "pings to h3 now fail" ping6_lost h1 2001:db8:3::1
	check "srv6d is alive" alive r
	check "srv6d answers (show interfaces)" sctl r show interfaces
	check "srv6d still forwards (h1 <-> h2)" ping6 h1 2001:db8:2::1
	check "the 5 packets towards e3 are counted as drops" drops_grew tx_full if_down 5
	case_end

	NET_KEEPCAP=1 case_begin "interface deleted under srv6d: drops named if_down, logged once [$drv]"
	check "drops towards the deleted device are if_down (src/dp/worker.c txq_flush says tx_full)" \
		eval 'drops_grew if_down 5 && ! drops_grew tx_full 1'
	check "srv6d logged the lost device (once)" logged_once e3 $((logged0 + 1))
	case_end

	case_begin "interface put back without a restart: interface del + add [$drv]"
	check "recreate the veth" host_link
	check "interface del e3 (device already gone)" sctl r interface del e3
	check "interface add e3 on the new device" sctl r interface add e3 driver "$drv" dev e3
	check "address add on it" sctl r address add 2001:db8:3::2/64 dev e3
	check "h1 -> h3 works again" ping6 h1 2001:db8:3::1
	check "h1 -> h2 still works" ping6 h1 2001:db8:2::1
	case_end

	srv6d_stop r
done
net_finish
