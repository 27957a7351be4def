#!/usr/bin/env bash
# Runs the Google Benchmark micro-benchmarks of ember's internals (bench/micro/). Every argument
# goes to the benchmark binary. Exits non-zero if any benchmark failed its own result check.
# Usage: bench/micro.sh [google-benchmark flags]
#   bench/micro.sh                                  full run, default settings
#   bench/micro.sh --benchmark_min_time=0.01        quick smoke run
#   bench/micro.sh --benchmark_filter='Map|Ets'     a subset, by regular expression
#   bench/micro.sh --benchmark_format=json          machine-readable results
# BUILD_DIR names an existing build to use; without it, this checkout is set up and built
# (incrementally) into build/ first.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -n "${BUILD_DIR:-}" ] || bash scripts/build.sh > /dev/null
exec "${BUILD_DIR:-build}/ember_micro" "$@"
