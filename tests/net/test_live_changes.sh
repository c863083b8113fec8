#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# Live changes while traffic flows (issue #5): srv6d's control socket
# adds, replaces and deletes policies, steers, SIDs and routes under two
# bounded ping streams; the flow a change moves switches paths without
# loss, the flow no change touches loses nothing.
#
#                                  ┌─[a1] a (Linux: End fc00:a::e) [a2]─┐
#   h1 [h1a]──[edge] r1 (srv6d) [pa]                                    [ra] r2 (Linux:     [r2h]──[h2a] h2
#   2001:db8:1::1    2001:db8:1::2 [pb]─[b1] b (Linux: End fc00:b::e) [b2]─[rb]  End.DX6 fc00:2::d6)    2001:db8:2::10 (flow X)
#                                                                                                      2001:db8:2::20 (flow Y)
#   r1: steer 2001:db8:2::10/128 -> policy X (segs fc00:a::e,fc00:2::d6)
#       steer 2001:db8:2::20/128 -> policy Y (segs fc00:a::e,fc00:2::d6)
#   replies: h2 -> r2 -> a -> r1 -> h1 as plain IPv6
#
# Phase 1, both streams running: X moves to b (policy replace), a SID, a
# route and a policy with a steer come and go, X gets two segment lists.
# Both streams: 0 lost; X's packets seen leaving on pb and on pa.
# Phase 2: `policy del X force` under stream Y: Y loses nothing, X's steer
# is gone. Once per backend.
source "$(dirname "$0")/lib.sh" "$@"
net_init ping

ns_add h1 kernel
ns_add r1 srv6d
ns_add a kernel
ns_add b kernel
ns_add r2 kernel
ns_add h2 kernel
link_add h1 h1a r1 edge
link_add r1 pa a a1
link_add r1 pb b b1
link_add a a2 r2 ra
link_add b b2 r2 rb
link_add r2 r2h h2 h2a

nsx h1 ip -6 addr add 2001:db8:1::1/64 dev h1a nodad
nsx h1 ip -6 route add default via 2001:db8:1::2

nsx a ip -6 addr add 2001:db8:1a::2/64 dev a1 nodad
nsx a ip -6 addr add 2001:db8:2a::1/64 dev a2 nodad
nsx a ip -6 route add fc00:a::e/128 encap seg6local action End dev a1
nsx a ip -6 route add fc00:2::/48 via 2001:db8:2a::2
nsx a ip -6 route add 2001:db8:1::/64 via 2001:db8:1a::1

nsx b ip -6 addr add 2001:db8:1b::2/64 dev b1 nodad
nsx b ip -6 addr add 2001:db8:2b::1/64 dev b2 nodad
nsx b ip -6 route add fc00:b::e/128 encap seg6local action End dev b1
nsx b ip -6 route add fc00:2::/48 via 2001:db8:2b::2

nsx r2 ip -6 addr add 2001:db8:2a::2/64 dev ra nodad
nsx r2 ip -6 addr add 2001:db8:2b::2/64 dev rb nodad
nsx r2 ip -6 addr add 2001:db8:2::1/64 dev r2h nodad
nsx r2 ip -6 route add fc00:2::d6/128 encap seg6local action End.DX6 nh6 2001:db8:2::10 dev r2h
nsx r2 ip -6 route add 2001:db8:1::/64 via 2001:db8:2a::1

nsx h2 ip -6 addr add 2001:db8:2::10/64 dev h2a nodad
nsx h2 ip -6 addr add 2001:db8:2::20/64 dev h2a nodad
nsx h2 ip -6 route add default via 2001:db8:2::1

conf() {
	cat <<EOF
interface add edge driver $1 dev edge
interface add pa driver $1 dev pa
interface add pb driver $1 dev pb
address add 2001:db8:1::2/64 dev edge
address add 2001:db8:1a::1/64 dev pa
address add 2001:db8:1b::1/64 dev pb
encap source 2001:db8:1a::1
route add fc00:a::/48 via 2001:db8:1a::2
route add fc00:b::/48 via 2001:db8:1b::2
policy add X segs fc00:a::e,fc00:2::d6
policy add Y segs fc00:a::e,fc00:2::d6
steer add 2001:db8:2::10/128 policy X
steer add 2001:db8:2::20/128 policy Y
EOF
}

# stream NAME DST: 400 echo requests 10 ms apart from h1 (4 s), in the background.
stream() {
	bg "$1" h1 ping -6 -n -q -i 0.01 -c 400 -W 2 "$2"
}

# stream_end NAME: wait for the stream (in this shell: check runs its command
# in a subshell, which cannot wait for our children).
stream_end() {
	local pid=${NET_PID[$1]:-}
	[ -n "$pid" ] && net_wait 15 bash -c "! kill -0 $pid"
	stop "$1"
}

# lossless NAME: every request of the ended stream got its reply.
lossless() {
	local sent got
	sent=$(grep -o '[0-9]* packets transmitted' "$NET_WORK/$1.log" | cut -d' ' -f1)
	got=$(grep -o '[0-9]* received' "$NET_WORK/$1.log" | cut -d' ' -f1)
	echo "$1: sent ${sent:-?}, received ${got:-?}"
	[ -n "$sent" ] && [ "$sent" -gt 0 ] && [ "$sent" = "$got" ]
}

# changes NAME LINE...: run each line through srv6ctl 0.25 s apart; all must succeed.
changes() {
	local name=$1 line
	shift
	for line in "$@"; do
		sleep 0.25
		# shellcheck disable=SC2086 # a config line is words
		sctl "$name" $line || return 1
	done
}

tx_of() { counter r1 "$1.tx_packets"; }

# list_pkts POLICY LIST: packets counted on one segment list of r1's policy.
list_pkts() {
	sctl r1 show policies --json | "$PY" -c '
import json, sys
p = [p for p in json.load(sys.stdin) if p["name"] == sys.argv[1]][0]
print(p["lists"][int(sys.argv[2])]["packets"])' "$1" "$2"
}

for drv in $(net_drivers); do
	srv6d_up r1 r1 "$(conf "$drv")" "$drv" || continue

	case_begin "changes under traffic: moved flow switches paths, other flow untouched [$drv]"
	check "warm-up: both destinations answer" eval 'ping6 h1 2001:db8:2::10 && ping6 h1 2001:db8:2::20'
	pb0=$(tx_of pb)
	stream sx 2001:db8:2::10
	stream sy 2001:db8:2::20
	check "live changes accepted" changes r1 \
		"policy add X segs fc00:b::e,fc00:2::d6" \
		"sid add fc00:1::99 action End" \
		"route add 2001:db8:77::/48 via 2001:db8:1b::2" \
		"policy add Z segs fc00:b::e,fc00:2::d6" \
		"steer add 2001:db8:2::30/128 policy Z" \
		"sid del fc00:1::99" \
		"route del 2001:db8:77::/48" \
		"steer del 2001:db8:2::30/128" \
		"policy del Z" \
		"policy add X segs fc00:b::e,fc00:2::d6 segs fc00:b::e,fc00:2::d6 weight 2"
	stream_end sx
	stream_end sy
	check "flow X (moved a -> b) lost nothing" lossless sx
	check "flow Y (not touched) lost nothing" lossless sy
	check "X's packets left on pb after the switch" eval "[ \$(tx_of pb) -ge \$((pb0 + 100)) ]"
	check "X's policy counts its packets per segment list" \
		eval '[ $(($(list_pkts X 0) + $(list_pkts X 1))) -gt 0 ]'
	check "Y still took list 0 of its policy" eval '[ $(list_pkts Y 0) -ge 400 ]'
	case_end

	case_begin "policy del force under traffic: the other flow loses nothing [$drv]"
	stream sy 2001:db8:2::20
	check "policy del X force" changes r1 "policy del X force"
	check "X's steer went with it" eval '! sctl r1 show running-config | grep -q "2001:db8:2::10"'
	stream_end sy
	check "flow Y lost nothing" lossless sy
	check "X no longer reaches h2 (no route on r1)" eval '! ping6 h1 2001:db8:2::10'
	check "srv6d still answers and forwards Y" ping6 h1 2001:db8:2::20
	case_end

	srv6d_stop r1
done
net_finish
