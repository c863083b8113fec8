#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Run every libFuzzer target BUILD_DIR/fuzz_* for SECONDS each, one after
# the other, and print a summary. Exits non-zero when any target crashed,
# leaked, timed out or broke an invariant (libFuzzer's own exit status).
#
#   scripts/run-fuzzers.sh BUILD_DIR SECONDS
#
# Seeds come from fuzz/corpus/<target>/ and fuzz/regressions/<target>/ (inputs
# that once crashed it) when they exist and are only read: new inputs go to
# BUILD_DIR/fuzz-corpus/<target>/, crash reproducers to
# BUILD_DIR/fuzz-artifacts/, full logs to BUILD_DIR/fuzz-logs/<target>.log.
# A crash found becomes a regression: copy its reproducer into
# fuzz/regressions/<target>/ with the fix (ordinary builds replay that
# directory as a unit test: fuzz/CMakeLists.txt).
set -uo pipefail

if [ $# -ne 2 ]; then
	echo "usage: $0 BUILD_DIR SECONDS" >&2
	exit 2
fi
build=$1
secs=$2
case $secs in
'' | *[!0-9]*)
	echo "$0: SECONDS must be a whole number, not '$secs'" >&2
	exit 2
	;;
esac
root=$(cd "$(dirname "$0")/.." && pwd)

targets=()
for f in "$build"/fuzz_*; do
	[ -f "$f" ] && [ -x "$f" ] && targets+=("$f")
done
if [ ${#targets[@]} -eq 0 ]; then
	echo "$0: no fuzz_* executables in $build (build with -DSR6_FUZZ=ON)" >&2
	exit 1
fi

mkdir -p "$build/fuzz-corpus" "$build/fuzz-artifacts" "$build/fuzz-logs"
failed=0
summary=()
for f in "${targets[@]}"; do
	name=$(basename "$f")
	work="$build/fuzz-corpus/$name"
	seeds="$root/fuzz/corpus/$name"
	log="$build/fuzz-logs/$name.log"
	mkdir -p "$work"
	dirs=("$work")
	[ -d "$seeds" ] && dirs+=("$seeds")
	[ -d "$root/fuzz/regressions/$name" ] && dirs+=("$root/fuzz/regressions/$name")

	echo "== $name: ${secs}s, corpus ${dirs[*]}"
	"$f" -max_total_time="$secs" -max_len=4096 -timeout=10 -print_final_stats=1 \
		-artifact_prefix="$build/fuzz-artifacts/$name-" "${dirs[@]}" >"$log" 2>&1
	rc=$?
	execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | awk '{print $2}')
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | awk '{print $2}')
	corpus=$(find "$work" -type f | wc -l)
	if [ $rc -eq 0 ]; then
		status=ok
	else
		status="FAILED (exit $rc)"
		failed=1
		grep -E 'ERROR: |invariant broken|SUMMARY|Test unit written' "$log" | head -20
	fi
	summary+=("$(printf '%-24s %-18s %12s execs  cov %-6s corpus %s' \
		"$name" "$status" "$execs" "${cov:-?}" "$corpus")")
done

echo
echo "== fuzz summary (${secs}s per target, logs in $build/fuzz-logs)"
printf '%s\n' "${summary[@]}"
exit $failed
