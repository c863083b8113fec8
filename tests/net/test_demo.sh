#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# The stateless-tunnel demo (`make demo`, scripts/demo.sh) runs, delivers
# the page, shows the tunnel on the transit link, and leaves nothing behind.
#
#   client ── edge (srv6d H.Encaps) ── transit (plain IPv6) ── laptop (srv6d End.DX6 -> TAP -> web app)
#
# (the topology is scripts/demo.sh's; this test only runs it, once per
# backend, and reads what it printed)
source "$(dirname "$0")/lib.sh" "$@"
net_init
DEMO="$(dirname "$(realpath "$0")")/../../scripts/demo.sh"

# demo_ok LOG: what the demo printed proves the tunnel worked.
demo_ok() {
	local log=$1 rc=0
	grep -q "Hello from the laptop" "$log" || {
		echo "no page from the laptop"
		rc=1
	}
	grep -Eq "edge -> transit .*outer 2001:db8:e::1 -> fc00:1::d6 .*SRH segments \[fc00:1::d6\] SL 0 \| inner 2001:db8:cafe::10 -> 2001:db8:beef::80" "$log" || {
		echo "no encapsulated SYN on the transit link"
		rc=1
	}
	grep -Eq "laptop tap .*2001:db8:cafe::10 -> 2001:db8:beef::80, .*plain IPv6" "$log" || {
		echo "no decapsulated SYN on the laptop's tap"
		rc=1
	}
	grep -Eq "^ +fc00:1::d6/128 +End.DX6 .* [1-9][0-9]* +[0-9]+ +0$" "$log" || {
		echo "the laptop's End.DX6 counted nothing (or dropped)"
		rc=1
	}
	grep -q "cleaned up: namespaces, processes and files are gone" "$log" || {
		echo "no clean exit"
		rc=1
	}
	[ $rc -eq 0 ] || sed 's/^/    /' "$log"
	return $rc
}

# leftovers PID: no namespace of the demo run PID is left.
leftovers() {
	local left
	left=$(ip netns list | grep -E "^s6demo-$1-" || true)
	[ -z "$left" ] && return 0
	echo "namespaces left behind: $left"
	return 1
}

for drv in $(net_drivers); do
	case_begin "make demo: client fetches a page through the stateless tunnel [$drv]"
	log="$NET_WORK/demo-$drv.log"
	DEMO_DRIVER=$drv timeout 60 "$DEMO" "$NET_BUILD" >"$log" 2>&1 &
	pid=$!
	wait $pid
	rc=$?
	check "the demo exits 0" test $rc -eq 0
	check "it printed the page, the path and the counters" demo_ok "$log"
	check "no namespace left behind" leftovers $pid
	case_end
done
net_finish
