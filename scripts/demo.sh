#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# The main job, live (`make demo`): stateless ingress through real network
# namespaces. A client on the "internet" fetches a web page from a public
# address; srv6d at the edge steers the public prefix into a segment list
# (H.Encaps, one FIB entry, no per-flow state); a transit router that knows
# nothing of SRv6 forwards plain IPv6; srv6d on the "laptop" decapsulates
# (End.DX6) into a TAP device where the laptop's own stack serves the page.
#
#   client            edge (srv6d)                 transit (Linux)             laptop
#   2001:db8:cafe::10 ──[inet] srv6d [core]──── plain IPv6 forwarding ────[wan] srv6d [tap sr6tap0]── web app
#                     steer 2001:db8:beef::/48     routes fc00:1::/48,         End.DX6 fc00:1::d6    2001:db8:beef::80
#                       -> policy segs fc00:1::d6    fc00:e::/48 only          replies: encap
#                     End.DT6 fc00:e::d6 (replies)   (no route to beef::)        segs fc00:e::d6
#
#   scripts/demo.sh [BUILD-DIR]        (root: namespaces, AF_PACKET, TAP)
#
# Prints the configs, the page the client got, the first packet on every
# link (tshark), srv6d's per-SID and per-policy counters, and removes every
# namespace, process and file it made, however it exits. The no-root pcap
# demo is scripts/demo-pcap.sh. DEMO_DRIVER=afxdp uses AF_XDP at both ends.
set -uo pipefail

build=$(realpath "${1:-build}")
driver=${DEMO_DRIVER:-afpacket}
srv6d=$build/srv6d
srv6ctl=$build/srv6ctl
id=$$

if [ "$(id -u)" -ne 0 ]; then
	cat >&2 <<EOF
demo: needs root: it builds network namespaces joined by veth pairs, runs
srv6d on them (AF_PACKET, TAP) and captures with tcpdump. Run it as root:

    sudo make demo          (or: sudo scripts/demo.sh ${1:-build})

Without root, the pcap demo shows srv6d on packets from files:

    scripts/demo-pcap.sh ${1:-build}
EOF
	exit 1
fi
for t in ip ethtool tcpdump tshark curl /usr/bin/python3; do
	command -v "$t" >/dev/null 2>&1 || {
		echo "demo: $t is missing; scripts/bootstrap.sh (as root) installs what the demo needs" >&2
		exit 1
	}
done
[ -x "$srv6d" ] && [ -x "$srv6ctl" ] || {
	echo "demo: no $srv6d; build first (make)" >&2
	exit 1
}

work=$(mktemp -d /tmp/srv6d-demo.XXXXXX)
nss=()
pids=()
ns() { echo "s6demo-$id-$1"; }
nsx() {
	local n=$1
	shift
	ip netns exec "$(ns "$n")" "$@"
}

cleanup() {
	local rc=$? p n
	trap - EXIT INT TERM
	for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null; done
	for p in "${pids[@]}"; do
		for _ in $(seq 30); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
		kill -KILL "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	for n in "${nss[@]}"; do
		for p in $(ip netns pids "$n" 2>/dev/null); do kill -KILL "$p" 2>/dev/null; done
		ip netns del "$n" 2>/dev/null
	done
	rm -rf "$work"
	[ "$rc" -eq 0 ] && echo "== cleaned up: namespaces, processes and files are gone" ||
		echo "== demo failed (exit $rc); cleaned up" >&2
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

die() {
	echo "demo: $*" >&2
	exit 1
}

# Wait up to $1 seconds for "$@" to succeed.
wait_for() {
	local n=$(($1 * 10))
	shift
	while ! "$@" >/dev/null 2>&1; do
		n=$((n - 1))
		[ $n -gt 0 ] || return 1
		sleep 0.1
	done
}

bg() {
	local name=$1 role=$2
	shift 2
	ip netns exec "$(ns "$role")" "$@" >"$work/$name.log" 2>&1 &
	pids+=($!)
}

ns_add() {
	ip netns add "$(ns "$1")" || die "cannot create namespace $(ns "$1")"
	nss+=("$(ns "$1")")
	ip -n "$(ns "$1")" link set lo up
	nsx "$1" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
}

# veth between two namespaces; offloads off (srv6d reads whole frames with
# finished checksums), MTU as given, up.
link() {
	ip -n "$(ns "$1")" link add name "$2" mtu "$5" type veth peer name "$4" mtu "$5" \
		netns "$(ns "$3")" || die "cannot create veth $1/$2 - $3/$4"
	nsx "$1" ethtool -K "$2" tx off rx off gso off gro off tso off >/dev/null
	nsx "$3" ethtool -K "$4" tx off rx off gso off gro off tso off >/dev/null
	ip -n "$(ns "$1")" link set "$2" up
	ip -n "$(ns "$3")" link set "$4" up
}

start_srv6d() {
	local name=$1 sock="$work/$1.sock"
	printf '%s\n' "$2" >"$work/$name.conf"
	bg "$name" "$name" "$srv6d" -c "$work/$name.conf" -s "$sock"
	wait_for 10 test -S "$sock" || {
		cat "$work/$name.log" >&2
		die "srv6d on the $name did not start"
	}
}

echo "== building the topology (namespaces s6demo-$id-*, driver $driver)"
ns_add client
ns_add edge
ns_add transit
ns_add laptop
# srv6d owns these devices: the kernel keeps IPv6 off them
nsx edge sysctl -qw net.ipv6.conf.default.disable_ipv6=1
link client eth0 edge inet 1500
link edge core transit west 1600
nsx edge sysctl -qw net.ipv6.conf.default.disable_ipv6=0
nsx laptop sysctl -qw net.ipv6.conf.default.disable_ipv6=1
link transit east laptop wan 1600
nsx laptop sysctl -qw net.ipv6.conf.default.disable_ipv6=0

nsx client ip -6 addr add 2001:db8:cafe::10/64 dev eth0 nodad
nsx client ip -6 route add default via 2001:db8:cafe::1

# transit: an ordinary IPv6 router, SRv6 off, routes to the two locators only
nsx transit sysctl -qw net.ipv6.conf.all.forwarding=1 net.ipv6.conf.all.seg6_enabled=0
nsx transit ip -6 addr add 2001:db8:e::2/64 dev west nodad
nsx transit ip -6 addr add 2001:db8:1::2/64 dev east nodad
nsx transit ip -6 route add fc00:e::/48 via 2001:db8:e::1
nsx transit ip -6 route add fc00:1::/48 via 2001:db8:1::1

# laptop: its stack sits behind a TAP that srv6d serves; the web app binds
# the public address
nsx laptop ip tuntap add dev sr6tap0 mode tap
nsx laptop ip link set sr6tap0 mtu 1500
nsx laptop ip -6 addr add 2001:db8:beef::80/64 dev sr6tap0 nodad
nsx laptop ip link set sr6tap0 up
nsx laptop ip -6 route add default via 2001:db8:beef::1
mkdir -p "$work/www"
cat >"$work/www/index.html" <<'EOF'
<h1>Hello from the laptop</h1>
<p>Served at 2001:db8:beef::80 through an SRv6 tunnel that no router along the way keeps state for.</p>
EOF
bg app laptop /usr/bin/python3 -m http.server --bind 2001:db8:beef::80 --directory "$work/www" 80

edge_conf="interface add inet driver $driver dev inet
interface add core driver $driver dev core
address add 2001:db8:cafe::1/64 dev inet
address add 2001:db8:e::1/64 dev core
encap source 2001:db8:e::1
route add fc00::/16 via 2001:db8:e::2
policy add to-laptop segs fc00:1::d6
steer add 2001:db8:beef::/48 policy to-laptop
sid add fc00:e::d6 action End.DT6 table 0"
laptop_conf="interface add wan driver $driver dev wan
interface add app driver tap dev sr6tap0
address add 2001:db8:1::1/64 dev wan
address add 2001:db8:beef::1/64 dev app
encap source 2001:db8:1::1
route add fc00::/16 via 2001:db8:1::2
sid add fc00:1::d6 action End.DX6 nh6 2001:db8:beef::80
route add ::/0 encap seg6 mode encap segs fc00:e::d6"
echo "== edge srv6d config (stateless ingress: one steer line for the whole public prefix)"
sed 's/^/   /' <<<"$edge_conf"
echo "== laptop srv6d config (End.DX6 into the laptop's stack; replies go back encapsulated)"
sed 's/^/   /' <<<"$laptop_conf"
start_srv6d edge "$edge_conf"
start_srv6d laptop "$laptop_conf"
wait_for 5 bash -c "ip netns exec $(ns laptop) ss -Hltn 'sport = :80' | grep -q ." ||
	die "the web app on the laptop did not start"

# one capture per link, on the kernel-owned end
cap() {
	bg "cap-$1" "$2" tcpdump -i "$3" -n -U --immediate-mode -s 256 -w "$work/$1.pcap" ip6
	wait_for 5 grep -q "listening on" "$work/cap-$1.log" || die "tcpdump on $2/$3 did not start"
	capids+=("${pids[-1]}")
}
capids=()
cap client client eth0
cap transit-in transit west
cap transit-out transit east
cap laptop laptop sr6tap0

echo
echo "== client: curl http://[2001:db8:beef::80]/"
page=$(nsx client curl -sS -g --max-time 10 --retry 2 --retry-connrefused 'http://[2001:db8:beef::80]/') ||
	die "the client could not fetch the page"
sed 's/^/   /' <<<"$page"
for i in 1 2 3; do
	nsx client curl -sS -g --max-time 5 -o /dev/null 'http://[2001:db8:beef::80]/' ||
		die "fetch $((i + 1)) failed"
done
echo "   (and 3 more fetches, each a new TCP connection: new flows, no new state anywhere)"

for p in "${capids[@]}"; do kill -INT "$p" 2>/dev/null; done
for p in "${capids[@]}"; do wait "$p" 2>/dev/null; done

# first CAPTURE [tshark args]: the client's first SYN in that capture
syn='tcp.flags.syn == 1 && tcp.flags.ack == 0'
first() {
	local n
	n=$(tshark -r "$work/$1.pcap" -n -Y "$syn" -T fields -e frame.number 2>/dev/null | head -1)
	[ -n "$n" ] || return 0
	tshark -r "$work/$1.pcap" -n -Y "frame.number == $n" "${@:2}" 2>/dev/null
}
hops() {
	first "$1" -T fields -E occurrence=a -E aggregator=' ' -e ipv6.src -e ipv6.dst \
		-e ipv6.hlim -e ipv6.routing.segleft -e ipv6.routing.srh.addr |
		awk -F'\t' '{
			split($1, s, " "); split($2, d, " "); split($3, h, " ")
			if (d[2] == "") printf "%s -> %s, hop limit %s (plain IPv6)\n", s[1], d[1], h[1]
			else printf "outer %s -> %s hop limit %s, SRH segments [%s] SL %s | inner %s -> %s hop limit %s\n",
				s[1], d[1], h[1], $5, $4, s[2], d[2], h[2]
		}'
}
echo
echo "== the path of the first packet (the client's TCP SYN), link by link"
printf '   %-28s %s\n' "client -> edge:" "$(hops client)"
printf '   %-28s %s\n' "edge -> transit (H.Encaps):" "$(hops transit-in)"
printf '   %-28s %s\n' "transit -> laptop:" "$(hops transit-out)"
printf '   %-28s %s\n' "laptop tap (End.DX6):" "$(hops laptop)"
echo
echo "== tshark on the transit link: the encapsulated SYN"
first transit-in | sed 's/^ *//; s/^/   /'
first transit-in -O ipv6 -V | grep -E 'Internet Protocol|Routing Header|Segments Left|Address\[|Source Address|Destination Address' |
	sed 's/^/   /'
echo
echo "== transit's IPv6 routes: no SRv6, and no route to 2001:db8:beef::/48 or the client"
nsx transit ip -6 route show | grep -v '^fe80' | sed 's/^/   /'
echo
echo "== edge: srv6ctl show policies / show sids / show routes"
"$srv6ctl" -s "$work/edge.sock" show policies | sed 's/^/   /'
"$srv6ctl" -s "$work/edge.sock" show sids | sed 's/^/   /'
"$srv6ctl" -s "$work/edge.sock" show routes | sed 's/^/   /'
echo
echo "== laptop: srv6ctl show sids"
"$srv6ctl" -s "$work/laptop.sock" show sids | sed 's/^/   /'
echo
echo "== stopping"
