#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# Faults under load (issue #7 item 5): with traffic flowing through srv6d,
#   (a) the egress veth is deleted and put back (interface del/add, live:
#       after srv6d dropped the capabilities it does not need),
#   (b) 100k malformed packets arrive (malformed.py: truncated SRH, SL > LE,
#       Hdr Ext Len lies, nested SRHs, a fragment behind an SRH, 9000-byte
#       packets too big once encapsulated),
#   (d) the control socket is overloaded (ctlflood.py: 56 pipelining clients,
#       one that never reads, an over-long line, more clients than allowed),
#   (c) srv6d is killed with SIGKILL and started again on its config.
# srv6d must keep forwarding good traffic (≤ 1 % loss while (b) and (d) run),
# count every bad packet under its reason (exactly), keep its RSS flat
# across (a), (b) and (d) (≤ 4 MiB growth), and answer its socket after each.
#
#   h1 [h1a]────────[e1] r (srv6d) [e2]────────[h2a] h2
#   2001:db8:1::1   mtu 9000        mtu 1500   2001:db8:2::1, b::1 (lo)
#        ^ generator (AF_PACKET)
#
#   srv6d: End fc00:e::1 (the malformed SRHs' target), steer
#   2001:db8:b::/64 into H.Encaps to 2001:db8:2::1 (h2 decapsulates: SL 0)
#
# afpacket only: AF_XDP refuses MTUs above 3822 and (b) needs 9000.
# Bounded: about 40 s.
source "$(dirname "$0")/lib.sh" "$@"
net_init ping ss

HERE=$(cd "$(dirname "$0")" && pwd)
PER_KIND=16667 # x 6 kinds = 100002 packets
RATE=25000     # packets per second: a burst the afpacket ring takes whole

net_setup_begin
ns_add h1 kernel
ns_add r srv6d
ns_add h2 kernel
link_add h1 h1a r e1 9000
h2_link() {
	link_add r e2 h2 h2a || return 1
	nsx h2 ip -6 addr add 2001:db8:2::1/64 dev h2a nodad
	nsx h2 ip -6 route add default via 2001:db8:2::2
}
h2_link
nsx h1 ip -6 addr add 2001:db8:1::1/64 dev h1a nodad
nsx h1 ip -6 route add default via 2001:db8:1::2
nsx h2 ip -6 addr add 2001:db8:b::1/128 dev lo
net_setup_done

CONF="interface add e1 driver afpacket dev e1
interface add e2 driver afpacket dev e2
address add 2001:db8:1::2/64 dev e1
address add 2001:db8:2::2/64 dev e2
encap source 2001:db8:2::2
sid add fc00:e::1 action End
policy add TUN segs 2001:db8:2::1
steer add 2001:db8:b::/64 policy TUN"

KINDS="ip6_exthdr srh_segments_left srh_last_entry sr_upper_layer sr_fragment ip6_too_big"

rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/${NET_PID[r]}/status"; }

# ping_start NAME DST COUNT: COUNT pings at 100/s from h1 in the background.
ping_start() { bg "$1" h1 ping -6 -n -q -i 0.01 -c "$3" -W 1 "$2"; }

# ping_done NAME: wait (bounded) for it; PING_SENT, PING_GOT.
ping_done() {
	local log="$NET_WORK/$1.log"
	net_wait 60 bash -c "! kill -0 ${NET_PID[$1]}"
	stop "$1"
	PING_SENT=$(sed -n 's/^\([0-9]*\) packets transmitted.*/\1/p' "$log")
	PING_GOT=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' "$log")
	echo "  pings: ${PING_GOT:-?} of ${PING_SENT:-?} answered"
}

# loss_at_most MAX%: of the last ping_done.
loss_at_most() {
	[ -n "$PING_SENT" ] && [ "${PING_GOT:-0}" -gt 0 ] &&
		[ $(((PING_SENT - PING_GOT) * 100)) -le $(($1 * PING_SENT)) ]
}

answers() { sctl r show counters >/dev/null; }

srv6d_start r r "$CONF" || net_finish
E1_MAC=$(mac_of r e1)
check "warm-up: ping h2 and the steered prefix" ping6 h1 2001:db8:b::1

case_begin "(a) egress veth deleted and put back under load"
rss0=$(rss_kb)
before=$(counter r if_down)
ping_start pa 2001:db8:b::1 500
sleep 1
nsx r ip link del e2
check "srv6d keeps running with e2 gone" alive r
check "drops towards the missing device are counted (if_down)" \
	counter_reaches r if_down $((${before:-0} + 1)) 3
h2_link
check "interface del e2" sctl r interface del e2
check "interface add e2 (live, capabilities dropped)" \
	sctl r interface add e2 driver afpacket dev e2
check "address add on the new e2" sctl r address add 2001:db8:2::2/64 dev e2
check "steered traffic flows again" ping6 h1 2001:db8:b::1
check "plain traffic flows again" ping6 h1 2001:db8:2::1
ping_done pa
case_end

case_begin "(b) 100k malformed packets: each counted under its reason"
declare -A base
for k in $KINDS icmp6_error_sent icmp_error_rate_limited_peer; do base[$k]=$(counter r "$k"); done
ping_start pb 2001:db8:b::1 1000
sent=$(nsx h1 "$PY" "$HERE/malformed.py" send h1a "$E1_MAC" 2001:db8:1::1 fc00:e::1 \
	2001:db8:b::1 "$PER_KIND" "$RATE")
echo "  sent: $sent"
for k in $KINDS; do
	check "$k: $PER_KIND more" counter_reaches r "$k" $((${base[$k]:-0} + PER_KIND)) 5
	check "$k: exactly $PER_KIND more" \
		test "$(counter r "$k")" -eq $((${base[$k]:-0} + PER_KIND))
done
ping_done pb
check "good traffic kept flowing (≤ 1 % loss)" loss_at_most 1
# four kinds earn a Parameter Problem or Packet Too Big, all to h1: its
# bucket (20, then 10/s) lets a few dozen out and counts the rest
errs=$(($(counter r icmp6_error_sent) - ${base[icmp6_error_sent]:-0}))
limited=$(($(counter r icmp_error_rate_limited_peer) - ${base[icmp_error_rate_limited_peer]:-0}))
echo "  ICMPv6 errors: $errs sent, $limited held back by h1's bucket"
check "at most 100 errors went to h1" test "$errs" -le 100
check "the rest were counted as rate-limited" test $((errs + limited)) -eq $((4 * PER_KIND))
check "srv6d answers its socket" answers
case_end

case_begin "(d) control socket overloaded"
ping_start pd 2001:db8:b::1 1000
flood=$(timeout 90 "$PY" "$HERE/ctlflood.py" "${NET_SRV6D[r]}" 56 60)
echo "  flood: $flood"
ping_done pd
check "good traffic kept flowing (≤ 1 % loss)" loss_at_most 1
check "every pipelined request got its reply (56 x 60 x 3, all 200)" \
	grep -q '"requests": 10080, "replies_200": 10080, "replies_400": 0' <<<"$flood"
check "the over-long line was refused" grep -q '"long_line_refused": true' <<<"$flood"
check "connections past the limit were turned away" \
	grep -Eq '"turned_away": [1-9]' <<<"$flood"
check "srv6d answers its socket" answers
check "no flood route is left" bash -c "! $SRV6CTL -s ${NET_SRV6D[r]} show routes | grep -q 2001:db8:f:"
rss1=$(rss_kb)
echo "  RSS: ${rss0} kB before (a), ${rss1} kB after (d)"
check "RSS flat across (a), (b), (d): ≤ 4 MiB growth" test $((rss1 - rss0)) -le 4096
case_end

case_begin "(c) kill -9 and restart on its config"
ping_start pc 2001:db8:b::1 600
sleep 1
stop r KILL
check "the stale control socket is still there" test -S "${NET_SRV6D[r]}"
srv6d_start r r "$CONF"
check "srv6d started again on the same config and socket" alive r
check "steered traffic flows again" ping6 h1 2001:db8:b::1
check "counters start from zero" test "$(counter r ip6_exthdr)" -eq 0
ping_done pc
case_end

srv6d_stop r
net_finish
