# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# Shared helpers for the network tests (DESIGN.md §3, tier 3): namespaces
# joined by veth pairs, srv6d and the Linux kernel's seg6/seg6local as
# peers, real traffic, captures read back with tshark.
#
#   source "$(dirname "$0")/lib.sh" "$@"     # $1 = the build dir (ctest passes it)
#
# Rules every test keeps, and this file enforces where it can:
#  - root only; anything missing (tools, namespaces, seg6local) is a SKIP
#    (exit 77) with the reason, never a failure;
#  - every namespace is named s6-<pid>-<role>, every veth lives only inside
#    our namespaces (created there, never in the default namespace), and
#    the EXIT trap kills what we started (by pid) and deletes the namespaces
#    (which takes their veths with them);
#  - every wait is bounded (net_wait), so a broken srv6d fails, never hangs;
#  - a failed check prints what happened: srv6d's log, `srv6ctl show
#    counters` and `show neighbors`, and a tshark summary of each capture.
#
# Checks are recorded, not fatal: a test runs every case on every backend
# and ends with one line per case (PASS/FAIL/SKIP) from net_finish, which
# exits 1 if anything failed.

set -uo pipefail

NET_BUILD=$(realpath "${1:-build}")
SRV6D=$NET_BUILD/srv6d
SRV6CTL=$NET_BUILD/srv6ctl
PY=/usr/bin/python3
NET_ID=$$
NET_TEST=$(basename "$0" .sh)
NET_NS=()                 # namespaces we made
declare -A NET_PID=()     # name -> pid of a background process we started
declare -A NET_SRV6D=()   # srv6d name -> control socket
declare -A NET_CAP=()     # capture name -> pcap file
NET_RESULTS=()
NET_FAILS=0
NET_CASE=""
NET_WORK=""
NET_HTTP_PORT=8080

net_skip() {
	echo "SKIP: $NET_TEST: $*"
	exit 77
}

# Namespace name for a role ("r1" -> s6-1234-r1).
ns() { echo "s6-$NET_ID-$1"; }

# Run a command in a role's namespace.
nsx() {
	local n=$1
	shift
	ip netns exec "$(ns "$n")" "$@"
}

# Poll "$@" every 0.1 s until it succeeds or SECONDS_MAX pass. 0 or 1.
net_wait() {
	local max=$1
	shift
	local end=$((SECONDS + max + 1)) t0
	t0=$(date +%s%N)
	while :; do
		"$@" >/dev/null 2>&1 && return 0
		(($(date +%s%N) - t0 >= max * 1000000000)) && return 1
		((SECONDS > end)) && return 1
		sleep 0.1
	done
}

net_require() {
	[ "$(id -u)" -eq 0 ] || net_skip "needs root (network namespaces, AF_PACKET, XDP)"
	local t
	for t in ip ethtool tcpdump tshark curl "$@"; do
		command -v "$t" >/dev/null 2>&1 ||
			net_skip "$t is missing (scripts/bootstrap.sh installs it)"
	done
	[ -x "$PY" ] || net_skip "$PY is missing"
	[ -x "$SRV6D" ] && [ -x "$SRV6CTL" ] || {
		echo "FAIL: $NET_TEST: no $SRV6D or $SRV6CTL (build first; the argument is the build dir)"
		exit 1
	}
	local probe="s6-$NET_ID-probe"
	ip netns add "$probe" 2>/dev/null || net_skip "cannot create network namespaces"
	ip -n "$probe" link set lo up
	if ! ip -n "$probe" -6 route add fc00::1/128 encap seg6local action End dev lo 2>/dev/null; then
		ip netns del "$probe"
		net_skip "kernel has no seg6local (CONFIG_IPV6_SEG6_LWTUNNEL)"
	fi
	ip netns del "$probe"
}

# Does this kernel + iproute2 take `ip -6 route add ... $*`? (feature probe)
net_kernel_has() {
	local probe="s6-$NET_ID-probe" ok=1
	ip netns add "$probe" 2>/dev/null || return 1
	ip -n "$probe" link set lo up
	ip -n "$probe" -6 route add fc00::1/128 "$@" dev lo 2>/dev/null && ok=0
	ip netns del "$probe"
	return $ok
}

net_cleanup() {
	local rc=$? name pid n p
	trap - EXIT INT TERM
	for name in "${!NET_PID[@]}"; do
		kill -TERM "${NET_PID[$name]}" 2>/dev/null
	done
	for name in "${!NET_PID[@]}"; do
		pid=${NET_PID[$name]}
		net_wait 3 bash -c "! kill -0 $pid" || kill -KILL "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
	for n in "${NET_NS[@]}"; do
		# anything still running in our namespace is ours (e.g. a child of
		# a process killed above); end it by pid before deleting
		for p in $(ip netns pids "$n" 2>/dev/null); do kill -KILL "$p" 2>/dev/null; done
		ip netns del "$n" 2>/dev/null
	done
	if [ -n "$NET_WORK" ]; then
		if [ "$rc" -ne 0 ] && [ "$rc" -ne 77 ] && [ -n "${NET_KEEP:-}" ]; then
			echo "kept $NET_WORK (NET_KEEP set)"
		else
			rm -rf "$NET_WORK"
		fi
	fi
	exit "$rc"
}

# Start: checks, work dir, cleanup trap.
net_init() {
	net_require "$@"
	NET_WORK=$(mktemp -d "/tmp/srv6d-$NET_TEST-$NET_ID.XXXXXX")
	trap net_cleanup EXIT
	trap 'exit 130' INT TERM
}

# Between net_setup_begin and net_setup_done, any command that fails ends
# the test with a FAIL naming it: a topology that is not what the test
# draws proves nothing.
net_setup_begin() {
	set -E
	trap 'net_setup_error "$BASH_COMMAND" "$LINENO"' ERR
}

net_setup_error() {
	local i=0 frame line=$2
	# the line of the test script that called down to the failed command
	while frame=$(caller $i); do
		[ "${frame##* }" = "$0" ] && line=${frame%% *}
		i=$((i + 1))
	done
	echo "FAIL: $NET_TEST: setup failed at line $line: $(sed -n "${line}p" "$0" | sed 's/^[[:space:]]*//')"
	echo "      (the failed command: $1)"
	exit 1
}

# The topology is built: from here on, failures are checks' business.
net_setup_done() {
	trap - ERR
	set +E
}

# A namespace for a role. kind: "kernel" (an IPv6 node: forwarding, SRv6 on)
# or "srv6d" (the kernel keeps off IPv6 on its devices: srv6d alone answers
# ND and routes there; the kernel only hands frames over).
ns_add() {
	local role=$1 kind=$2 n
	n=$(ns "$role")
	ip netns add "$n" || return 1
	NET_NS+=("$n")
	ip -n "$n" link set lo up
	nsx "$role" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
	if [ "$kind" = srv6d ]; then
		nsx "$role" sysctl -qw net.ipv6.conf.default.disable_ipv6=1
	else
		nsx "$role" sysctl -qw net.ipv6.conf.all.forwarding=1 net.ipv4.ip_forward=1 \
			net.ipv6.conf.all.seg6_enabled=1 net.ipv6.conf.default.seg6_enabled=1 \
			net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0 \
			net.ipv6.conf.default.accept_ra=0
	fi
}

# link_add ROLE1 DEV1 ROLE2 DEV2 [MTU]: a veth pair between two namespaces,
# offloads off on both ends (else AF_PACKET sees GRO super-frames and partial
# checksums: src/io/afpacket.c), up.
link_add() {
	local r1=$1 d1=$2 r2=$3 d2=$4 mtu=${5:-1500} r d
	ip -n "$(ns "$r1")" link add name "$d1" mtu "$mtu" type veth \
		peer name "$d2" mtu "$mtu" netns "$(ns "$r2")" || return 1
	for r in "$r1:$d1" "$r2:$d2"; do
		d=${r#*:}
		r=${r%%:*}
		nsx "$r" ethtool -K "$d" tx off rx off gso off gro off tso off >/dev/null || return 1
		nsx "$r" sysctl -qw "net.ipv6.conf.$d.seg6_enabled=1" 2>/dev/null || true
		ip -n "$(ns "$r")" link set "$d" up || return 1
	done
}

# MAC of a device.
mac_of() { nsx "$1" cat "/sys/class/net/$2/address"; }

# bg NAME ROLE CMD...: run CMD in ROLE's namespace in the background,
# output to $NET_WORK/NAME.log; killed at exit. The log is emptied here,
# before CMD starts: a caller that waits for a line in it (cap_start's
# "listening on") must not find the previous run's.
bg() {
	local name=$1 role=$2
	shift 2
	: >"$NET_WORK/$name.log"
	ip netns exec "$(ns "$role")" "$@" >>"$NET_WORK/$name.log" 2>&1 &
	NET_PID[$name]=$!
}

# stop NAME [SIGNAL]: end a background process and wait (bounded) for it.
# Returns its exit status (or 137 after a KILL).
stop() {
	local name=$1 sig=${2:-TERM} pid rc
	pid=${NET_PID[$name]:-}
	[ -n "$pid" ] || return 0
	kill -"$sig" "$pid" 2>/dev/null
	if ! net_wait 5 bash -c "! kill -0 $pid"; then
		kill -KILL "$pid" 2>/dev/null
	fi
	wait "$pid" 2>/dev/null
	rc=$?
	unset "NET_PID[$name]"
	return $rc
}

alive() { [ -n "${NET_PID[$1]:-}" ] && kill -0 "${NET_PID[$1]}" 2>/dev/null; }

# srv6d_start NAME ROLE CONFIG-TEXT [SRV6D-ARGS...]: write NAME.conf, run
# srv6d on it (and the extra arguments) in ROLE's namespace, wait (≤ 10 s)
# for its control socket. 0, or 1 with its log printed.
srv6d_start() {
	local name=$1 role=$2 conf="$NET_WORK/$1.conf" sock="$NET_WORK/$1.sock"
	printf '%s\n' "$3" >"$conf"
	shift 3
	rm -f "$sock"
	bg "$name" "$role" "$SRV6D" -c "$conf" -s "$sock" "$@"
	NET_SRV6D[$name]=$sock
	if ! net_wait 10 bash -c "[ -S '$sock' ] || ! kill -0 ${NET_PID[$name]}" ||
		! [ -S "$sock" ] || ! alive "$name"; then
		echo "srv6d $name did not start; its log:"
		sed 's/^/    /' "$NET_WORK/$name.log"
		stop "$name"
		return 1
	fi
}

srv6d_stop() {
	stop "$1"
	unset "NET_SRV6D[$1]"
}

# sctl NAME ARGS...: srv6ctl against srv6d NAME.
sctl() {
	local name=$1
	shift
	"$SRV6CTL" -s "${NET_SRV6D[$name]}" "$@"
}

# counter NAME KEY: an event or drop counter ("neigh_unresolved"), or an
# interface's ("IFACE.tx_packets"), from `show counters --json`; empty when
# srv6d does not answer.
counter() {
	sctl "$1" show counters --json 2>/dev/null | "$PY" -c '
import json, sys
c, key = json.load(sys.stdin), sys.argv[1]
if "." in key:
    name, field = key.split(".", 1)
    print(sum(i[field] for i in c["interfaces"] if i["name"] == name))
else:
    print(c["events"].get(key, 0) + c["drops"].get(key, 0))' "$2"
}

counter_ge() {
	local v
	v=$(counter "$1" "$2")
	[ "${v:-0}" -ge "$3" ]
}

# counter_reaches NAME KEY MIN SECONDS: the counter reaches MIN within SECONDS.
counter_reaches() {
	net_wait "$4" counter_ge "$1" "$2" "$3" && return 0
	echo "srv6d $1: $2 is $(counter "$1" "$2"), expected at least $3 within $4 s"
	return 1
}

# cap_def NAME ROLE DEV: capture DEV during every case from now on (see
# case_begin). Capture on a kernel-side end: srv6d's afpacket TX bypasses
# the qdisc, so tcpdump on srv6d's own end would miss what it sends.
declare -A NET_CAPDEF=()
NET_NCAP=0
cap_def() { NET_CAPDEF[$1]="$2 $3"; }

# cap_start NAME ROLE DEV: tcpdump on DEV, into a new file, until cap_stop.
cap_start() {
	local name=$1 role=$2 dev=$3 f
	NET_NCAP=$((NET_NCAP + 1))
	f="$NET_WORK/$name-$NET_NCAP.pcap"
	NET_CAP[$name]=$f
	bg "cap-$name" "$role" tcpdump -i "$dev" -n -U --immediate-mode -s 512 -w "$f" 'ip6 or ip'
	net_wait 5 grep -q "listening on" "$NET_WORK/cap-$name.log" || {
		echo "tcpdump on $role/$dev did not start:"
		cat "$NET_WORK/cap-$name.log"
		return 1
	}
}

cap_stop() { stop "cap-$1" INT; }

# Stop every running capture: its file is complete after this.
caps_stop() {
	local name
	for name in "${!NET_CAP[@]}"; do
		[ -n "${NET_PID[cap-$name]:-}" ] && cap_stop "$name"
	done
	return 0
}

# cap_text NAME: the capture as text, one line per packet, decoded by
# tshark (one run per capture, after caps_stop):
#
#   src|dst|SL|segments|headers|l4
#
# src/dst list every IPv6 header's address, outer first, joined by ',';
# SL and segments are the SRH's (segments in wire order: last segment
# first), empty without one; headers is the stack after Ethernet as tshark
# decoded it (ipv6:ipv6.routing:ipv6:icmpv6); l4 is echo-request or
# echo-reply for ICMPv6/ICMP echoes, icmp6:TYPE/CODE or icmp:TYPE/CODE for
# the rest (of the outer message: an error quotes the packet it is about),
# tcp:>PORT towards our servers' port and tcp:PORT> from it. Example:
#
#   2001:db8:12::1,2001:db8:1::1|fc00:a::e,2001:db8:2::1|1|fc00:2::d6,fc00:a::e|ipv6:ipv6.routing:ipv6:icmpv6|echo-request
cap_text() {
	local f="${NET_CAP[$1]%.pcap}.txt"
	if [ ! -e "$f" ]; then
		tshark -r "${NET_CAP[$1]}" -n -T fields -E occurrence=a -E aggregator=, \
			-E separator='|' -e ipv6.src -e ipv6.dst -e ipv6.routing.segleft \
			-e ipv6.routing.srh.addr -e frame.protocols -e icmpv6.type -e icmpv6.code \
			-e icmp.type -e icmp.code -e tcp.srcport -e tcp.dstport 2>>"$NET_WORK/tshark.err" |
			awk -F'|' -v port="$NET_HTTP_PORT" '
			function icmp(t, c, kind) {
				sub(/,.*/, "", t); sub(/,.*/, "", c) # the outer message
				if (t == (kind == "icmp6" ? 128 : 8)) return "echo-request"
				if (t == (kind == "icmp6" ? 129 : 0)) return "echo-reply"
				return kind ":" t "/" c
			}
			{
				sub(/^eth:ethertype:/, "", $5); sub(/:data$/, "", $5); sub(/:tcp:.*$/, ":tcp", $5)
				l4 = ""
				if ($6 != "") l4 = icmp($6, $7, "icmp6")
				else if ($8 != "") l4 = icmp($8, $9, "icmp")
				else if ($10 == port) l4 = "tcp:" port ">"
				else if ($11 == port) l4 = "tcp:>" port
				else if ($10 != "") l4 = "tcp"
				print $1 "|" $2 "|" $3 "|" $4 "|" $5 "|" l4
			}' >"$f"
	fi
	echo "$f"
}

# Show a capture's distinct lines, most frequent first (for failures).
cap_show() {
	sort "$(cap_text "$1")" | uniq -c | sort -rn | head -"${2:-12}" | sed 's/^/    /'
}

# cap_has NAME LINE...: each LINE (exact, see cap_text) is in the capture.
cap_has() {
	local name=$1 f line rc=0
	shift
	f=$(cap_text "$name")
	for line in "$@"; do
		grep -Fxq -- "$line" "$f" && continue
		echo "capture $name has no packet"
		echo "    $line"
		rc=1
	done
	[ $rc -eq 0 ] && return 0
	echo "it has (count, line):"
	cap_show "$name"
	return 1
}

# cap_match NAME REGEX: some line of the capture matches the extended REGEX.
cap_match() {
	grep -Eq -- "$2" "$(cap_text "$1")" && return 0
	echo "capture $1 has no packet matching /$2/; it has (count, line):"
	cap_show "$1"
	return 1
}

# cap_lacks NAME REGEX: no line of the capture matches the extended REGEX.
cap_lacks() {
	local f
	f=$(cap_text "$1")
	grep -Eq -- "$2" "$f" || return 0
	echo "capture $1 has packets matching /$2/ (it must not):"
	grep -E -- "$2" "$f" | sort | uniq -c | sort -rn | head -8 | sed 's/^/    /'
	return 1
}

# Everything we know, for a failed check.
net_diag() {
	local name
	for name in "${!NET_SRV6D[@]}"; do
		echo "---- srv6d $name: log"
		sed 's/^/    /' "$NET_WORK/$name.log" | tail -20
		if alive "$name"; then
			echo "---- srv6d $name: show counters"
			sctl "$name" show counters 2>&1 | sed 's/^/    /'
			echo "---- srv6d $name: show neighbors"
			sctl "$name" show neighbors 2>&1 | sed 's/^/    /'
			echo "---- srv6d $name: show sids"
			sctl "$name" show sids 2>&1 | sed 's/^/    /'
		else
			echo "---- srv6d $name is not running"
		fi
	done
	for name in "${!NET_CAP[@]}"; do
		[ -s "${NET_CAP[$name]}" ] || continue
		echo "---- capture $name (last 8 packets)"
		tshark -r "${NET_CAP[$name]}" -n 2>/dev/null | tail -8 | sed 's/^/    /'
	done
}

# check DESC CMD...: run a check, record PASS/FAIL for the current case.
# On failure print the command's output and the diagnostics.
check() {
	local desc=$1 out rc
	shift
	out=$("$@" 2>&1)
	rc=$?
	if [ $rc -eq 0 ]; then
		echo "  ok   $desc${NET_TIME:+ ($SECONDS s)}"
		return 0
	fi
	echo "  FAIL $desc (exit $rc)"
	printf '%s\n' "$out" | tail -30 | sed 's/^/    /'
	NET_CASE_FAILED=1
	return 1
}

# case_begin NAME / case_end: a case is a list of checks; it passes when all
# do. case_begin starts a fresh capture on each cap_def link (unless
# NET_KEEPCAP is set: a case judging the previous case's traffic); call
# caps_stop after the traffic, before looking at the captures; case_end
# stops them too.
case_begin() {
	local name
	NET_CASE=$1
	NET_CASE_FAILED=0
	echo "== $NET_CASE"
	[ -n "${NET_KEEPCAP:-}" ] && return 0 # look again at the last case's captures
	for name in "${!NET_CAPDEF[@]}"; do
		# shellcheck disable=SC2086 # "ROLE DEV"
		cap_start "$name" ${NET_CAPDEF[$name]} || NET_CASE_FAILED=1
	done
}

case_end() {
	caps_stop
	if [ "$NET_CASE_FAILED" -eq 0 ]; then
		NET_RESULTS+=("PASS  $NET_CASE")
	else
		NET_RESULTS+=("FAIL  $NET_CASE")
		NET_FAILS=$((NET_FAILS + 1))
		net_diag
	fi
}

case_skip() {
	echo "== $1: SKIP ($2)"
	NET_RESULTS+=("SKIP  $1 ($2)")
}

net_finish() {
	echo "== $NET_TEST results"
	printf '   %s\n' "${NET_RESULTS[@]}"
	[ "$NET_FAILS" -eq 0 ] || exit 1
	exit 0
}

# ---- traffic ----

# ping6 ROLE DST [SRC]: 3 echo replies within 5 s.
ping6() {
	nsx "$1" ping -6 -n -q -c 3 -i 0.2 -w 5 ${3:+-I "$3"} "$2"
}

# ping6_lost ROLE DST: 5 echo requests in 1 s, none answered (1 s wait).
ping6_lost() {
	local out
	out=$(nsx "$1" ping -6 -n -q -c 5 -i 0.2 -W 1 "$2" 2>&1)
	echo "$out"
	grep -q "5 packets transmitted, 0 received" <<<"$out"
}

ping4() {
	nsx "$1" ping -4 -n -q -c 3 -i 0.2 -w 5 ${3:+-I "$3"} "$2"
}

# http_serve NAME ROLE ADDR: a small web server on $NET_HTTP_PORT with a
# 256 KiB file of random bytes (many full-size TCP segments).
http_serve() {
	local name=$1 role=$2 addr=$3 dir="$NET_WORK/www-$1"
	mkdir -p "$dir"
	head -c 262144 /dev/urandom >"$dir/blob"
	bg "$name" "$role" "$PY" -m http.server --bind "$addr" --directory "$dir" "$NET_HTTP_PORT"
	net_wait 5 bash -c "ip netns exec $(ns "$role") ss -Hltn 'sport = :$NET_HTTP_PORT' | grep -q ."
}

# http_get ROLE HOST SERVER [curl args]: fetch SERVER's file from
# http://HOST:$NET_HTTP_PORT (HOST: [v6] or v4) and compare it byte for byte.
http_get() {
	local role=$1 host=$2 server=$3 out
	shift 3
	out="$NET_WORK/got-$role-$RANDOM"
	nsx "$role" curl -sS -g --max-time 10 "$@" -o "$out" "http://$host:$NET_HTTP_PORT/blob" ||
		return 1
	cmp "$out" "$NET_WORK/www-$server/blob"
}

# The backends srv6d is tested on: NET_DRIVERS overrides (e.g. "afpacket").
net_drivers() { echo "${NET_DRIVERS:-afpacket afxdp}"; }

# srv6d_up NAME ROLE CONFIG DRIVER: srv6d_start; when it fails, record the
# backend's cases as SKIP (AF_XDP missing from this kernel) or FAIL.
# 0 when running.
srv6d_up() {
	local name=$1 drv=$4
	srv6d_start "$name" "$2" "$3" && return 0
	if [ "$drv" = afxdp ] && grep -q "AF_XDP is not supported" "$NET_WORK/$name.log"; then
		case_skip "all cases [$drv]" "srv6d $name: $(tail -1 "$NET_WORK/$name.log")"
	else
		NET_RESULTS+=("FAIL  srv6d $name did not start [$drv]")
		NET_FAILS=$((NET_FAILS + 1))
	fi
	return 1
}

# sid_pkts NAME SID/LEN: packets srv6d counted on that SID (`show sids`).
sid_pkts() {
	sctl "$1" show sids --json 2>/dev/null | "$PY" -c '
import json, sys
print(sum(s["packets"] for s in json.load(sys.stdin) if s["sid"] == sys.argv[1]))' "$2"
}

# sid_used NAME SID/LEN: the SID counted at least one packet.
sid_used() {
	local n
	n=$(sid_pkts "$1" "$2")
	[ "${n:-0}" -gt 0 ] && return 0
	echo "srv6d $1: SID $2 counted ${n:-nothing} packets"
	return 1
}
