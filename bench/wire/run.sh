#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Wire benchmark (issue #6 §2): the same packets through the Linux kernel's
# seg6/seg6local and through srv6d (afpacket, afxdp), namespaces and veth:
#
#   ns gen            ns dut                           ns sink
#   gen0 ──veth── dut0 [kernel seg6 | srv6d] dut1 ──veth── sink0
#   genb0 ─────────────────── veth ────────────────────── sinkb0   (DUT bypassed)
#
# Placement: generator and sink on GEN_CPU (0), the DUT on DUT_CPU (1):
# srv6d under taskset, the kernel path by RPS on dut0 (rps_cpus), sink0's
# receive work by RPS on GEN_CPU. All veths have offloads off (ethtool -K:
# tx/rx checksum, GRO, GSO, TSO) so every frame is complete. IPv6 is off on
# every veth the kernel need not route (no ND/MLD noise; in srv6d mode the
# kernel drops dut0's frames at once). The DUT sends to a neighbour MAC the
# sink does not own, so the sink's kernel drops frames right after its
# AF_PACKET tap has counted them.
#
# Per (case, DUT): one step at full generator speed gives the DUT's
# overload throughput F; then steps at F x 1.0, 0.9, 0.8 ... until one
# loses < 0.1 % (sink count vs frames sent); that rate is the result.
# Each step sends rate x STEP_SECS frames. CPU per forwarded packet, two ways:
#  - all CPUs: busy jiffies of both CPUs from /proc/stat (user+nice+system+
#    irq+softirq+steal) over the passing step, minus those of the generator
#    and sink alone at the same rate and count (genb0 -> sinkb0: the DUT
#    bypassed), divided by the frames forwarded. Every other process on the
#    machine is in it: meaningful only on a quiet machine.
#  - attributed: irq+softirq jiffies of the DUT's CPU (the kernel's
#    forwarding, or its delivery to srv6d's socket: RPS puts it there) plus
#    srv6d's own utime+stime, minus the DUT CPU's irq+softirq of the bypassed
#    run. Other processes stay out of it. Not in it: work the kernel does on
#    the generator's CPU (veth NAPI, so native-mode XDP and its redirect to
#    an AF_XDP socket). A softirq tick that lands while srv6d runs counts
#    twice (tick accounting charges both), so it is an upper bound for srv6d.
#
# The first frame the sink counts in each passing step is checked
# (frames.py check): a step that forwards the wrong thing is not a result.
#
# Usage: bench/wire/run.sh BUILD_DIR [--quick] [--cases "end dx6 ..."]
#                                    [--duts "kernel afpacket afxdp"]
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
build=${1:?usage: run.sh BUILD_DIR [--quick] [--cases LIST] [--duts LIST]}
shift
cases="end dx6 encaps1 encaps4 un"
duts="kernel afpacket afxdp"
step_secs=2
while [ $# -gt 0 ]; do
	case $1 in
	--quick) step_secs=1; cases="end encaps4"; shift ;;
	--cases) cases=$2; shift 2 ;;
	--duts) duts=$2; shift 2 ;;
	--step-secs) step_secs=$2; shift 2 ;;
	*) echo "run.sh: unknown option $1" >&2; exit 2 ;;
	esac
done

if [ "$(id -u)" -ne 0 ]; then
	echo "wire bench: SKIP (needs root for namespaces)"
	exit 0
fi
for tool in ip ethtool taskset; do
	command -v $tool >/dev/null || { echo "wire bench: SKIP (no $tool)"; exit 0; }
done
py=/usr/bin/python3
[ -x $py ] || py=python3
if ! $py -c "import scapy" 2>/dev/null; then
	echo "wire bench: SKIP (python3-scapy missing)"
	exit 0
fi
build=$(cd "$build" && pwd)
trafgen=$build/wire_trafgen
srv6d=$build/srv6d
[ -x "$trafgen" ] && [ -x "$srv6d" ] || { echo "run.sh: build $build first" >&2; exit 1; }

GEN_CPU=${GEN_CPU:-0}
DUT_CPU=${DUT_CPU:-1}
GEN_MAC=02:00:00:00:01:10 DUT0_MAC=02:00:00:00:01:01 DUT1_MAC=02:00:00:00:02:01
SINK_MAC=02:00:00:00:02:02 OUT_MAC=02:00:00:00:02:99
GENB_MAC=02:00:00:00:03:10 SINKB_MAC=02:00:00:00:03:02
id=$$
ns_gen=sr6w-gen-$id ns_dut=sr6w-dut-$id ns_sink=sr6w-sink-$id
tmp=$(mktemp -d /tmp/sr6wire.XXXXXX)
srv6d_pid=
rx_pid=

cleanup() {
	for pid in $srv6d_pid $rx_pid; do
		{ kill "$pid" && wait "$pid"; } 2>/dev/null || true
	done
	for ns in $ns_gen $ns_dut $ns_sink; do
		ip netns del "$ns" 2>/dev/null || true
	done
	rm -rf "$tmp"
}
trap cleanup EXIT

in_ns() {
	local ns=$1
	shift
	ip netns exec "$ns" "$@"
}

cpu_mask() { printf '%x' $((1 << $1)); }

veth_prep() { # ns dev mac [rps_cpu]
	in_ns "$1" ip link set "$2" address "$3"
	in_ns "$1" ethtool -K "$2" tx off rx off gro off gso off tso off >/dev/null 2>&1 || true
	in_ns "$1" ip link set "$2" up
	if [ $# -ge 4 ]; then
		in_ns "$1" sh -c "echo $(cpu_mask "$4") > /sys/class/net/$2/queues/rx-0/rps_cpus"
	fi
}

ipv6_off() { in_ns "$1" sysctl -qw "net.ipv6.conf.$2.disable_ipv6=1"; }

topology() {
	ip netns add $ns_gen
	ip netns add $ns_dut
	ip netns add $ns_sink
	for ns in $ns_gen $ns_dut $ns_sink; do
		in_ns $ns sysctl -qw net.ipv6.conf.default.accept_dad=0
		in_ns $ns sysctl -qw net.ipv6.conf.all.accept_dad=0
		in_ns $ns sysctl -qw net.ipv6.conf.default.disable_ipv6=1
		in_ns $ns ip link set lo up
	done
	ip link add gen0 netns $ns_gen type veth peer name dut0 netns $ns_dut
	ip link add dut1 netns $ns_dut type veth peer name sink0 netns $ns_sink
	ip link add genb0 netns $ns_gen type veth peer name sinkb0 netns $ns_sink
	veth_prep $ns_gen gen0 $GEN_MAC
	veth_prep $ns_gen genb0 $GENB_MAC
	veth_prep $ns_dut dut0 $DUT0_MAC "$DUT_CPU"
	veth_prep $ns_dut dut1 $DUT1_MAC
	veth_prep $ns_sink sink0 $SINK_MAC "$GEN_CPU"
	veth_prep $ns_sink sinkb0 $SINKB_MAC "$GEN_CPU"
	for d in "$ns_gen gen0" "$ns_gen genb0" "$ns_sink sink0" "$ns_sink sinkb0"; do
		# shellcheck disable=SC2086
		ipv6_off $d
	done
}

kernel_up() {
	in_ns $ns_dut sysctl -qw net.ipv6.conf.dut0.disable_ipv6=0
	in_ns $ns_dut sysctl -qw net.ipv6.conf.dut1.disable_ipv6=0
	in_ns $ns_dut sysctl -qw net.ipv6.conf.all.forwarding=1
	in_ns $ns_dut sysctl -qw net.ipv6.conf.all.seg6_enabled=1
	in_ns $ns_dut sysctl -qw net.ipv6.conf.dut0.seg6_enabled=1
	in_ns $ns_dut ip -6 addr add fd00:1::1/64 dev dut0 nodad
	in_ns $ns_dut ip -6 addr add fd00:2::1/64 dev dut1 nodad
	in_ns $ns_dut ip -6 neigh replace fd00:2::2 lladdr $OUT_MAC dev dut1 nud permanent
	in_ns $ns_dut ip -6 route add fc00::/16 via fd00:2::2 dev dut1
	in_ns $ns_dut ip -6 route add fcbb:bbbb::/32 via fd00:2::2 dev dut1
	in_ns $ns_dut ip sr tunsrc set fd00:2::1
	in_ns $ns_dut ip -6 route add fc00:e::1/128 encap seg6local action End dev dut1
	in_ns $ns_dut ip -6 route add fc00:d6::1/128 encap seg6local action End.DX6 \
		nh6 fd00:2::2 dev dut1
	in_ns $ns_dut ip -6 route add fcbb:bbbb:100::/48 encap seg6local action End \
		flavors next-csid lblen 32 nflen 16 dev dut1
	in_ns $ns_dut ip -6 route add 2001:db8:100::/48 encap seg6 mode encap \
		segs fc00:1::1 dev dut1
	in_ns $ns_dut ip -6 route add 2001:db8:104::/48 encap seg6 mode encap \
		segs fc00:1::1,fc00:2::1,fc00:3::1,fc00:4::1 dev dut1
}

kernel_down() {
	in_ns $ns_dut sysctl -qw net.ipv6.conf.all.forwarding=0
	ipv6_off $ns_dut dut0 # drops addresses and routes through them
	ipv6_off $ns_dut dut1
}

srv6d_up() { # driver
	cat >"$tmp/srv6d.conf" <<EOF
interface add wan driver $1 dev dut0
interface add core driver $1 dev dut1
address add fd00:1::1/64 dev wan
address add fd00:2::1/64 dev core
neighbor add fd00:2::2 lladdr $OUT_MAC dev core
encap source fd00:2::1
route add fc00::/16 via fd00:2::2
route add fcbb:bbbb::/32 via fd00:2::2
sid add fc00:e::1 action End
sid add fc00:d6::1 action End.DX6 nh6 fd00:2::2
sid add fcbb:bbbb:100:: action End flavors next-csid lblen 32 nflen 16
route add 2001:db8:100::/48 encap seg6 mode encap segs fc00:1::1
route add 2001:db8:104::/48 encap seg6 mode encap segs fc00:1::1,fc00:2::1,fc00:3::1,fc00:4::1
EOF
	# ip netns exec and taskset exec: $! is srv6d itself
	ip netns exec $ns_dut $rt taskset -c "$DUT_CPU" "$srv6d" -c "$tmp/srv6d.conf" \
		-s "$tmp/srv6d.sock" >"$tmp/srv6d.log" 2>&1 &
	srv6d_pid=$!
	for _ in $(seq 100); do
		[ -S "$tmp/srv6d.sock" ] && return 0
		kill -0 $srv6d_pid 2>/dev/null || break
		sleep 0.05
	done
	echo "srv6d ($1) did not start:" >&2
	cat "$tmp/srv6d.log" >&2
	srv6d_pid=
	return 1
}

srv6d_down() {
	echo "  srv6d counters:" >&2
	"$build/srv6ctl" -s "$tmp/srv6d.sock" show counters 2>&1 | sed 's/^/    /' >&2 || true
	kill "$srv6d_pid" 2>/dev/null || true
	wait "$srv6d_pid" 2>/dev/null || true
	srv6d_pid=
}

proc_jiffies() { # utime + stime of a process, all threads
	[ -n "$1" ] && awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0
}

dut_irq() { # irq + softirq jiffies of the DUT's CPU
	awk -v c="cpu$DUT_CPU" '$1 == c { print $7 + $8 }' /proc/stat
}

busy() { # busy jiffies of all CPUs
	awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat
}

kv() { # key file
	sed -n "s/.*\\b$1=\\([^ ]*\\).*/\\1/p" "$2"
}

# step DEV_GEN DEV_SINK PCAP RATE COUNT -> sets sent got rdrops busy_j proc_j irq_j secs
step() {
	local b0 p0 i0
	rm -f "$tmp/rx.out" "$tmp/first.hex"
	ip netns exec $ns_sink $rt_sink taskset -c "$GEN_CPU" "$trafgen" rx "$2" 300 \
		$((step_secs * 4 + 10)) "$tmp/first.hex" >"$tmp/rx.out" &
	rx_pid=$!
	for _ in $(seq 100); do
		grep -q ready "$tmp/rx.out" 2>/dev/null && break
		sleep 0.02
	done
	b0=$(busy)
	p0=$(proc_jiffies "$srv6d_pid")
	i0=$(dut_irq)
	in_ns $ns_gen $rt taskset -c "$GEN_CPU" "$trafgen" tx "$1" "$3" "$5" "$4" >"$tmp/tx.out"
	wait $rx_pid
	rx_pid=
	busy_j=$(($(busy) - b0))
	proc_j=$(($(proc_jiffies "$srv6d_pid") - p0))
	irq_j=$(($(dut_irq) - i0))
	sent=$(kv sent "$tmp/tx.out")
	secs=$(kv secs "$tmp/tx.out")
	got=$(kv got "$tmp/rx.out")
	rdrops=$(kv ring_drops "$tmp/rx.out")
}

lossless() { [ "$got" -ge $((sent - sent / 1000)) ] && [ "$rdrops" -eq 0 ]; }

hz=$(getconf CLK_TCK)
# The generator and srv6d run at nice -15, the sink at -19 (WIRE_NICE=0:
# not): the kernel path runs in softirq, which preempts tasks anyway, so
# other load on the machine would otherwise slow down only srv6d and the
# traffic tools. (Not SCHED_FIFO: a spinning generator would starve the
# rest of the machine.)
rt=''
rt_sink=''
if [ "${WIRE_NICE:-1}" != 0 ]; then
	rt="nice -n -15" rt_sink="nice -n -19"
fi

ratio() { # kernel srv6d -> "k/s x" or -
	awk -v k="$1" -v s="$2" \
		'BEGIN { if (k == "-" || s == "-" || s <= 0 || k <= 0) print "-"; else printf "%.2fx", k / s }'
}
declare -A res_pps res_cpu res_note res_proc

# run_dut DUT: every case through the configured DUT
run_dut() {
	local dut=$1 case pcap rate count f pass_rate pass_busy pass_got pass_proc pass_irq note
	for case in $cases; do
		pcap=$tmp/$case.pcap
		note=
		# overload throughput
		step gen0 sink0 "$pcap" 0 $((step_secs * ceiling))
		f=$(awk -v g="$got" -v s="$secs" 'BEGIN { printf "%d", (s > 0 ? g / s : 0) }')
		if [ "$got" -eq 0 ]; then
			res_pps[$dut,$case]=0
			res_cpu[$dut,$case]=-
			res_note[$dut,$case]="nothing forwarded"
			echo "  $dut $case: nothing forwarded" >&2
			continue
		fi
		pass_rate=0
		for pct in 100 90 80 70 60 50 40 30 20 10; do
			rate=$((f * pct / 100))
			[ $rate -lt 1000 ] && break
			count=$((rate * step_secs))
			step gen0 sink0 "$pcap" $rate $count
			echo "  $dut $case: offered $rate pps, sent $sent, got $got, sink ring drops $rdrops" >&2
			if lossless; then
				pass_rate=$rate pass_busy=$busy_j pass_got=$got pass_proc=$proc_j
				pass_irq=$irq_j
				if ! $py "$here/frames.py" check "$case" "$tmp/first.hex" $OUT_MAC >&2; then
					note="wrong output"
				fi
				break
			fi
		done
		if [ $pass_rate -eq 0 ]; then
			res_pps[$dut,$case]=0
			res_cpu[$dut,$case]=-
			res_note[$dut,$case]="no lossless step"
			continue
		fi
		# generator + sink alone at the same rate and count
		step genb0 sinkb0 "$pcap" $pass_rate $((pass_rate * step_secs))
		res_pps[$dut,$case]=$pass_rate
		res_cpu[$dut,$case]=$(awk -v d="$pass_busy" -v b="$busy_j" -v n="$pass_got" -v hz="$hz" \
			'BEGIN { printf "%.2f", (d - b) / hz / n * 1e6 }')
		res_note[$dut,$case]="$note"
		res_proc[$dut,$case]=$(awk -v p="$pass_proc" -v i="$pass_irq" -v b="$irq_j" \
			-v n="$pass_got" -v hz="$hz" 'BEGIN { printf "%.2f", (p + i - b) / hz / n * 1e6 }')
		echo "  $dut $case: $pass_rate pps lossless, ${res_cpu[$dut,$case]} us CPU/packet" \
			"(busy $pass_busy jiffies, baseline $busy_j), attributed ${res_proc[$dut,$case]}" \
			"us (srv6d $pass_proc + DUT CPU irq/softirq $pass_irq - baseline $irq_j)" >&2
	done
}

echo "## Wire benchmark"
echo
echo "CPU: $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1), $(nproc) CPUs;" \
	"kernel $(uname -r); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "Generator and sink on CPU $GEN_CPU, DUT on CPU $DUT_CPU; $step_secs s per step;" \
	"srv6d $(git -C "$here" rev-parse --short HEAD 2>/dev/null || echo '?')"
echo

topology
$py "$here/frames.py" write "$tmp" $GEN_MAC $DUT0_MAC

# what the generator and sink manage with nothing in between
step genb0 sinkb0 "$tmp/encaps4.pcap" 0 $((step_secs * 1500000))
ceiling=$(awk -v g="$got" -v s="$secs" 'BEGIN { printf "%d", (s > 0 ? g / s : 0) }')
echo "Generator -> sink with the DUT bypassed: sent $sent at $(kv pps "$tmp/tx.out") pps," \
	"sink counted $got (ring drops $rdrops): ceiling ~$ceiling pps"
echo

for dut in $duts; do
	echo "running $dut ..." >&2
	case $dut in
	kernel)
		kernel_up
		run_dut kernel
		kernel_down
		;;
	afpacket | afxdp)
		if ! srv6d_up $dut; then
			for c in $cases; do
				res_pps[$dut,$c]=0 res_cpu[$dut,$c]=- res_note[$dut,$c]="srv6d did not start"
			done
			continue
		fi
		run_dut $dut
		srv6d_down
		;;
	esac
done

printf '| case |'
for dut in $duts; do printf ' %s pps | %s us/pkt all CPUs | %s us/pkt attributed |' \
	"$dut" "$dut" "$dut"; done
for dut in $duts; do [ "$dut" != kernel ] && printf ' kernel/%s (all, attributed) |' "$dut"; done
echo
printf '|---|'
for dut in $duts; do printf -- '---:|---:|---:|'; done
for dut in $duts; do [ "$dut" != kernel ] && printf -- '---:|'; done
echo
for case in $cases; do
	printf '| %s |' "$case"
	for dut in $duts; do
		n=${res_note[$dut,$case]:-}
		printf ' %s%s | %s | %s |' "${res_pps[$dut,$case]}" "${n:+ ($n)}" \
			"${res_cpu[$dut,$case]}" "${res_proc[$dut,$case]:--}"
	done
	for dut in $duts; do
		[ "$dut" = kernel ] && continue
		printf ' %s, %s |' "$(ratio "${res_cpu[kernel,$case]:--}" "${res_cpu[$dut,$case]}")" \
			"$(ratio "${res_proc[kernel,$case]:--}" "${res_proc[$dut,$case]:--}")"
	done
	echo
done
echo
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
