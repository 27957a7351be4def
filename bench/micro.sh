#!/usr/bin/env bash
# Runs the Google Benchmark micro-benchmarks of ember's internals (bench/micro/) from an
# existing build; it builds nothing, so run `ninja -C build` first. Every argument goes to the
# benchmark binary. Exits non-zero if any benchmark failed its own result check.
# Usage: bench/micro.sh [google-benchmark flags]
#   bench/micro.sh                                  full run, default settings
#   bench/micro.sh --benchmark_min_time=0.01        quick smoke run
#   bench/micro.sh --benchmark_filter='Map|Ets'     a subset, by regular expression
#   bench/micro.sh --benchmark_format=json          machine-readable results
# BUILD_DIR chooses another build directory (default: build).
set -euo pipefail
cd "$(dirname "$0")/.."
exec "${BUILD_DIR:-build}/ember_micro" "$@"
