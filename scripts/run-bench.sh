#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `make bench`: every benchmark of BENCHMARKS.md, in the order of that file,
# from a Release build (BUILD_DIR). The wire benchmark needs root (network
# namespaces); without root it prints SKIP. Nothing here is a test: slow
# machines give slow numbers, never a failure. A benchmark that finds its
# own set-up broken (a case that drops or forwards the wrong thing) does
# fail, because its numbers would be meaningless.
#
# Usage: scripts/run-bench.sh BUILD_DIR [--quick]
#   --quick (or BENCH_QUICK=1, e.g. `make bench BENCH_QUICK=1`): small counts
#   everywhere, a smoke run of a few minutes
set -euo pipefail

build=${1:?usage: run-bench.sh BUILD_DIR [--quick]}
quick=
if [ "${2:-}" = --quick ] || [ -n "${BENCH_QUICK:-}" ]; then
	quick=--quick
fi
root=$(cd "$(dirname "$0")/.." && pwd)

echo "# srv6d benchmarks ($(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?'))"
echo
echo "## FIB lookup (bench/fib_bench)"
echo
"$build/fib_bench" $quick
echo
echo "## Core (bench/core_bench)"
echo
"$build/core_bench" $quick
echo
echo "## Control plane and memory (bench/ctl_bench)"
echo
"$build/ctl_bench" $quick
echo
"$root/bench/wire/run.sh" "$build" $quick
