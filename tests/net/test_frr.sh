#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# FRRouting drives srv6d: zebra (with dplane_fpm_nl) and staticd run in
# srv6d's namespace, with their own config, pid files and vty sockets
# (never the system's FRR), and zebra connects to srv6d's FPM port.
#
#   h1 (host)            r: srv6d --fpm 2620 + zebra + staticd   k (Linux: router, SRv6)     h2 (host)
#   2001:db8:1::1 [h1a]──[e1] 2001:db8:1::2  [e2] 2001:db8:2::1 ──[k1] 2001:db8:2::2 [k2]──[h2a] 2001:db8:3::2
#   10.0.1.1/24          10.0.1.2/24         192.0.2.1/24         192.0.2.2/24                lo: 2001:db8:300::1
#                                                                 lo: 2001:db8:100::1
#                                                                     198.51.100.1
#                                                                 End.DT6 fc00:b::6 (main)
#   FRR (staticd):  ipv6 route 2001:db8:100::/48 2001:db8:2::2
#                   ip route 198.51.100.0/24 192.0.2.2
#                   ipv6 route fc00:b::/48 2001:db8:2::2
#   FRR (zebra, from r's kernel routes: Debian's FRR 8.4 has no SRv6 static
#   routes, and its FPM leaves End.DX6 out):
#                   2001:db8:300::/48 encap seg6 mode encap segs fc00:b::6  -> srv6d H.Encaps
#                   fc00:a::d6 encap seg6local End.DT6 table 254            -> srv6d End.DT6
#
# r's kernel has the same addresses as srv6d (zebra learns its connected
# networks from the kernel) but does not forward: srv6d on afpacket does.
# Cases: static routes carry pings both families; seg6 encap and seg6local
# from zebra carry pings through srv6d's headend and End.DX6; removal in
# FRR removes them; a route out of a device srv6d does not own is refused;
# zebra restarts: srv6d keeps forwarding meanwhile, and sweeps what zebra
# did not resend. About 30 s.
source "$(dirname "$0")/lib.sh" "$@"
ZEBRA=/usr/lib/frr/zebra
STATICD=/usr/lib/frr/staticd
[ "$(id -u)" -eq 0 ] || net_skip "needs root (network namespaces, AF_PACKET)"
[ -x "$ZEBRA" ] && [ -x "$STATICD" ] && command -v vtysh >/dev/null 2>&1 ||
	net_skip "FRR is not installed (scripts/bootstrap.sh installs the frr package)"
ls /usr/lib/*/frr/modules/dplane_fpm_nl.so >/dev/null 2>&1 ||
	net_skip "FRR has no dplane_fpm_nl module"
id frr >/dev/null 2>&1 || net_skip "no frr user (FRR's daemons run as frr)"
net_init ping

FRR=$NET_WORK/frr
FPM_PORT=2620

net_setup_begin
ns_add h1 kernel
ns_add r srv6d
ns_add k kernel
ns_add h2 kernel
link_add h1 h1a r e1
link_add r e2 k k1
link_add k k2 h2 h2a

nsx h1 ip -6 addr add 2001:db8:1::1/64 dev h1a nodad
nsx h1 ip -6 route add default via 2001:db8:1::2
nsx h1 ip addr add 10.0.1.1/24 dev h1a
nsx h1 ip route add default via 10.0.1.2

# r's kernel: the addresses (for zebra), no forwarding (srv6d forwards); dum0:
# a device srv6d has no interface for
for d in e1 e2; do
	nsx r sysctl -qw "net.ipv6.conf.$d.disable_ipv6=0" "net.ipv6.conf.$d.forwarding=0"
done
nsx r sysctl -qw net.ipv6.conf.all.forwarding=0 net.ipv4.ip_forward=0
nsx r ip -6 addr add 2001:db8:1::2/64 dev e1 nodad
nsx r ip -6 addr add 2001:db8:2::1/64 dev e2 nodad
nsx r ip addr add 10.0.1.2/24 dev e1
nsx r ip addr add 192.0.2.1/24 dev e2
nsx r ip link add dum0 type veth peer name dum1
nsx r ip link set dum0 up
nsx r ip link set dum1 up
nsx r sysctl -qw net.ipv6.conf.dum0.disable_ipv6=0

nsx k ip -6 addr add 2001:db8:2::2/64 dev k1 nodad
nsx k ip -6 addr add 2001:db8:3::1/64 dev k2 nodad
nsx k ip -6 addr add 2001:db8:100::1/128 dev lo
nsx k ip -6 route add 2001:db8:300::/48 via 2001:db8:3::2
nsx k ip addr add 192.0.2.2/24 dev k1
nsx k ip addr add 198.51.100.1/32 dev lo
nsx k ip -6 route add 2001:db8:1::/64 via 2001:db8:2::1
nsx k ip -6 route add fc00:a::/48 via 2001:db8:2::1
nsx k ip route add 10.0.1.0/24 via 192.0.2.1
nsx k ip -6 route add fc00:b::6/128 encap seg6local action End.DT6 table 254 dev k1

nsx h2 ip -6 addr add 2001:db8:3::2/64 dev h2a nodad
nsx h2 ip -6 addr add 2001:db8:300::1/128 dev lo
nsx h2 ip -6 route add default via 2001:db8:3::1

# FRR's files: its daemons run as frr and must reach them
mkdir -p "$FRR"
chmod 711 "$NET_WORK"
cat >"$FRR/zebra.conf" <<EOF
hostname r
fpm address 127.0.0.1 port $FPM_PORT
no fpm use-next-hop-groups
EOF
printf 'hostname r\n' >"$FRR/staticd.conf"
chown -R frr:frr "$FRR"
net_setup_done

conf() {
	cat <<EOF
interface add e1 driver afpacket dev e1
interface add e2 driver afpacket dev e2
address add 2001:db8:1::2/64 dev e1
address add 10.0.1.2/24 dev e1
address add 2001:db8:2::1/64 dev e2
address add 192.0.2.1/24 dev e2
encap source 2001:db8:2::1
EOF
}

# frr_start DAEMON: run it in r with our files (never /etc/frr, /run/frr), wait for its vty.
frr_start() {
	local d=$1 cmd=("$STATICD")
	[ "$d" = zebra ] && cmd=("$ZEBRA" -M dplane_fpm_nl)
	rm -f "$FRR/$d.vty"
	bg "$d" r "${cmd[@]}" -f "$FRR/$d.conf" -i "$FRR/$d.pid" --vty_socket "$FRR" \
		-z "$FRR/zserv.api" -u frr -g frr --log stdout
	net_wait 10 test -S "$FRR/$d.vty" && return 0
	echo "$d did not start; its log:"
	sed 's/^/    /' "$NET_WORK/$d.log"
	return 1
}

# vty CMD...: one configuration change through vtysh (our daemons only).
vty() {
	local args=() c
	for c in "$@"; do args+=(-c "$c"); done
	nsx r vtysh --vty_socket "$FRR" -c "configure terminal" "${args[@]}"
}

# route_is PREFIX TYPE TEXT: srv6d r's table 0 has PREFIX with that type and
# via/encap text (TEXT "" for none); route_gone PREFIX: it has not.
route_json() {
	sctl r show routes --json 2>/dev/null | "$PY" -c '
import json, sys
pfx = sys.argv[1]
for r in json.load(sys.stdin):
    if r["table"] == 0 and r["prefix"] == pfx:
        print(r["type"], r.get("via", r.get("encap", "")), r.get("packets", ""))' "$1"
}
route_is() {
	local got
	got=$(route_json "$1")
	[[ "$got" == "$2 $3"* ]] && return 0
	echo "srv6d: route $1 is '${got:-absent}', expected '$2 $3'"
	return 1
}
route_gone() {
	[ -z "$(route_json "$1")" ] && return 0
	echo "srv6d: route $1 is still there: $(route_json "$1")"
	return 1
}
# route_pkts PREFIX: packets an encap route counted.
route_pkts() { route_json "$1" | awk '{print $NF}'; }

sid_is() {
	sctl r show sids --json 2>/dev/null | "$PY" -c '
import json, sys
s = [s for s in json.load(sys.stdin) if s["sid"] == sys.argv[1]]
sys.exit(0 if s and s[0]["action"] == sys.argv[2] and s[0]["params"] == sys.argv[3] else 1)' "$@"
}
sid_gone() { ! sctl r show sids 2>/dev/null | grep -q "^$1 "; }

# fpm KEY: a field of `show fpm --json` (refused_by.REASON for a refusal).
fpm() {
	sctl r show fpm --json 2>/dev/null | "$PY" -c '
import json, sys
v = json.load(sys.stdin)
for k in sys.argv[1].split("."):
    v = v[k]
print(str(v).lower())' "$1"
}
fpm_is() { [ "$(fpm "$1")" = "$2" ]; }
fpm_ge() { [ "$(fpm "$1")" -ge "$2" ] 2>/dev/null; }

# wait_for SECONDS CMD...: CMD succeeds within SECONDS; else its last output.
wait_for() {
	local max=$1
	shift
	net_wait "$max" "$@" && return 0
	"$@"
	echo "(waited $max s)"
	return 1
}

drv=afpacket
if srv6d_start r r "$(conf)" --fpm "$FPM_PORT" --fpm-stale-time 3; then
	frr_start zebra && frr_start staticd || NET_RESULTS+=("FAIL  FRR did not start")

	case_begin "zebra connects; staticd's routes reach srv6d and carry pings [$drv]"
	check "zebra connected to srv6d's FPM port" wait_for 15 fpm_is connected true
	check "static routes accepted by FRR" vty "ipv6 route 2001:db8:100::/48 2001:db8:2::2" \
		"ip route 198.51.100.0/24 192.0.2.2" "ipv6 route fc00:b::/48 2001:db8:2::2"
	check "IPv6 route in srv6d" wait_for 10 route_is 2001:db8:100::/48 forward 2001:db8:2::2
	check "IPv4 route in srv6d" wait_for 10 route_is 198.51.100.0/24 forward 192.0.2.2
	check "locator route in srv6d" wait_for 10 route_is fc00:b::/48 forward 2001:db8:2::2
	check "ping6 through the FRR route" ping6 h1 2001:db8:100::1
	check "ping through the FRR route" ping4 h1 198.51.100.1
	check "r's connected networks, as zebra sends them, left to srv6d" fpm_ge ignored 2
	case_end

	case_begin "SRv6 routes from zebra: H.Encaps route and End.DT6 SID carry pings [$drv]"
	check "kernel seg6 route in r" nsx r ip -6 route add 2001:db8:300::/48 \
		encap seg6 mode encap segs fc00:b::6 dev e2
	check "kernel seg6local route in r" nsx r ip -6 route add fc00:a::d6/128 \
		encap seg6local action End.DT6 table 254 dev e1
	check "srv6d has the encap route" \
		wait_for 10 route_is 2001:db8:300::/48 encap "seg6 mode encap segs fc00:b::6"
	check "srv6d has the End.DT6 SID" wait_for 10 sid_is fc00:a::d6/128 End.DT6 "table 0"
	check "ping6 into the SRv6 tunnel (srv6d encapsulates, k's End.DT6 decapsulates)" \
		ping6 h1 2001:db8:300::1
	check "srv6d's encap route counted the requests" \
		eval '[ "$(route_pkts 2001:db8:300::/48)" -ge 3 ]'
	check "k encapsulates towards srv6d's End.DT6" nsx k ip -6 route add 2001:db8:1::1/128 \
		encap seg6 mode encap segs fc00:a::d6 dev k1
	check "ping6 out of the tunnel (srv6d's End.DT6 decapsulates)" \
		ping6 k 2001:db8:1::1 2001:db8:2::2
	check "srv6d's End.DT6 counted them" sid_used r fc00:a::d6/128
	nsx k ip -6 route del 2001:db8:1::1/128
	case_end

	case_begin "removal in FRR removes the route from srv6d [$drv]"
	check "static route removed in FRR" vty "no ipv6 route 2001:db8:100::/48 2001:db8:2::2"
	check "gone from srv6d" wait_for 10 route_gone 2001:db8:100::/48
	check "no more pings through it" eval '! ping6 h1 2001:db8:100::1'
	check "kernel seg6 route removed in r" nsx r ip -6 route del 2001:db8:300::/48
	check "encap route gone from srv6d" wait_for 10 route_gone 2001:db8:300::/48
	check "FRR counted deletes" fpm_ge deleted 2
	case_end

	case_begin "a route out of a device srv6d does not own is refused and counted [$drv]"
	check "kernel route via dum0 in r" nsx r ip -6 route add 2001:db8:500::/48 dev dum0
	check "refused as unmapped_ifindex" wait_for 10 fpm_ge refused_by.unmapped_ifindex 1
	check "not in srv6d" route_gone 2001:db8:500::/48
	check "srv6d logged why" grep -q "2001:db8:500::/48: next hop ifindex .* (dum0)" \
		"$NET_WORK/r.log"
	case_end

	case_begin "zebra restarts: routes stay meanwhile, what it does not resend is swept [$drv]"
	stop zebra
	check "srv6d saw it go" wait_for 5 fpm_is connected false
	check "its routes still forward" ping4 h1 198.51.100.1
	check "SID removed while zebra is away" nsx r ip -6 route del fc00:a::d6/128
	check "the SID is still in srv6d (nobody told it)" sid_is fc00:a::d6/128 End.DT6 "table 0"
	check "zebra started again" frr_start zebra
	check "zebra connected again" wait_for 15 fpm_is connected true
	check "the stale SID is swept" wait_for 15 sid_gone fc00:a::d6/128
	check "staticd's routes are back (or never left)" \
		wait_for 15 route_is 198.51.100.0/24 forward 192.0.2.2
	check "srv6d counted the sweep" fpm_ge swept 1
	check "pings still pass" ping4 h1 198.51.100.1
	case_end
else
	NET_RESULTS+=("FAIL  srv6d r did not start [$drv]")
	NET_FAILS=$((NET_FAILS + 1))
fi
net_finish
