#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Where the core benchmark's cycles and instructions go, per case: the
# evidence the fast-path work starts from (BENCHMARKS.md, "Profiles").
#
#   callgrind  instructions of the timed region only (--toggle-collect on
#              sr6_poller_process and sr6_poller_flush), FIB of 1k prefixes,
#              16k packets: exact and independent of machine load. Top
#              functions by self instructions, per packet.
#   perf       cycles sampled during the timed runs only (perf record -D -1
#              --control fifo, driven by core_bench through SR6_PERF_CTL),
#              FIB of FIB prefixes (default 1M): where the time goes once the
#              table no longer fits in cache. Needs a working cycles event.
#
# Usage: bench/profile.sh BUILD_DIR [--cases "fwd end ..."] [--fib N] [--top N]
#                                   [--no-perf] [--no-callgrind]
set -euo pipefail

build=${1:?usage: profile.sh BUILD_DIR [--cases LIST] [--fib N] [--top N]}
shift
bench=$(cd "$build" && pwd)/core_bench
cases=$("$bench" --list | awk '{ print $1 }' | tr '\n' ' ')
fib=1000000
top=8
do_perf=1
do_cg=1
while [ $# -gt 0 ]; do
	case $1 in
	--cases) cases=$2; shift 2 ;;
	--fib) fib=$2; shift 2 ;;
	--top) top=$2; shift 2 ;;
	--no-perf) do_perf=; shift ;;
	--no-callgrind) do_cg=; shift ;;
	*) echo "profile.sh: unknown option $1" >&2; exit 2 ;;
	esac
done
tmp=$(mktemp -d /tmp/sr6prof.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
pkts=16384

if [ -n "$do_cg" ] && command -v valgrind >/dev/null; then
	echo "### callgrind: self instructions per packet, FIB 1000, $pkts packets"
	echo
	for c in $cases; do
		valgrind --tool=callgrind --callgrind-out-file="$tmp/cg" \
			--toggle-collect=sr6_poller_process --toggle-collect=sr6_poller_flush \
			"$bench" --callgrind --case "$c" --fib 1000 --packets $pkts \
			>/dev/null 2>"$tmp/cg.err" || { echo "$c: callgrind failed"; cat "$tmp/cg.err"; continue; }
		callgrind_annotate --inclusive=no "$tmp/cg" 2>/dev/null |
			awk -v c="$c" -v n=$pkts -v top="$top" '
			/PROGRAM TOTALS/ { gsub(",", "", $1); total = $1 }
			/^ *[0-9,]+ .*:/ && seen < top {
				ir = $1; gsub(",", "", ir)
				fn = $0; sub(/^ *[0-9,]+ +(\([^)]*\) +)?/, "", fn)
				sub(/^.*:/, "", fn); sub(/ .*/, "", fn)
				list = list sprintf("%s %.0f, ", fn, ir / n); seen++
			}
			END { printf "- **%s**: %.0f instructions/packet: %s\n", c, total / n, substr(list, 1, length(list) - 2) }'
	done
	echo
fi

if [ -n "$do_perf" ] && perf stat -e cycles true >/dev/null 2>&1; then
	echo "### perf: share of cycles in the timed runs, FIB $fib"
	echo
	for c in $cases; do
		rm -f "$tmp/ctl" "$tmp/ack"
		mkfifo "$tmp/ctl" "$tmp/ack"
		SR6_PERF_CTL="$tmp/ctl,$tmp/ack" perf record -q -e cycles -D -1 \
			--control "fifo:$tmp/ctl,$tmp/ack" -o "$tmp/perf.data" -- \
			"$bench" --case "$c" --fib "$fib" --steer 1 --runs 3 >/dev/null 2>&1 ||
			{ echo "$c: perf record failed"; continue; }
		perf report -i "$tmp/perf.data" --no-children --stdio -g none --sort sym \
			--percent-limit 1 2>/dev/null |
			awk -v c="$c" -v top="$top" '
			/^ +[0-9.]+%/ && seen < top {
				fn = $NF; list = list sprintf("%s %s, ", fn, $1); seen++
			}
			END { printf "- **%s**: %s\n", c, substr(list, 1, length(list) - 2) }'
	done
	echo
fi
