#!/usr/bin/env bash
# Builds ember and runs every test: the Catch2 unit tests, smoke runs of the benchmarks, the
# differential suite (each program under test/diff/ run by erl and by ember, outputs compared),
# the instruction-coverage check and the stress cases (memory exhaustion under a cap).
# With --sanitize everything but the stress cases is built and run under AddressSanitizer and
# UBSan instead (the sanitizers' shadow memory does not fit under the stress cases' caps).
set -euo pipefail
cd "$(dirname "$0")/.."
cmake_args=()
export BUILD_DIR=build
sanitize=false
if [ "${1:-}" = "--sanitize" ]; then
  sanitize=true
  export BUILD_DIR=build-asan
  cmake_args+=(-DEMBER_SANITIZE=ON)
  export ASAN_OPTIONS=detect_leaks=1
fi
bash scripts/build.sh "${cmake_args[@]}"
"$BUILD_DIR/ember_tests"
# Needs a fresh atom table, so it runs in a process of its own.
"$BUILD_DIR/ember_tests" "[.atom-index]"
# Smoke runs of the benchmarks: every result is checked, no time is judged.
bench/micro.sh --benchmark_min_time=0.01 > "$BUILD_DIR/micro.log"
bash bench/run.sh --quick --no-save --ember "$BUILD_DIR/ember"
coverage_dir="$BUILD_DIR/coverage"
rm -rf "$coverage_dir" && mkdir -p "$coverage_dir"
EMBER_COVERAGE_DIR="$coverage_dir" test/run_diff.sh "$BUILD_DIR/ember" "$BUILD_DIR/diff"
test/coverage_report.sh "$coverage_dir"
$sanitize || test/run_stress.sh "$BUILD_DIR/ember" "$BUILD_DIR/stress"
