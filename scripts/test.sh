#!/usr/bin/env bash
# Builds ember and runs every test: the Catch2 unit tests, the fuzz targets (their regression
# inputs and a fixed seeded budget of mutated inputs), smoke runs of the benchmarks, the
# differential suite (each program under test/diff/ run by erl and by ember, outputs compared;
# on one and on four schedulers), an idle VM's wake-ups (test/run_idle.sh),
# the instruction-coverage check, booting OTP and Elixir (test/run_boot.sh, and the differential
# suite through a full boot), crash dumps (test/run_crash_dump.sh), the embedding example
# (test/run_embed.sh), an install and an app bundle run from their own directories
# (test/run_install.sh, test/run_bundle.sh), the stress cases (memory exhaustion under a cap)
# and a selection of OTP's own test suites under common_test.
# With --sanitize everything but the stress cases and OTP's suites is built and run under
# AddressSanitizer and UBSan instead (the sanitizers' shadow memory does not fit under the
# stress cases' caps; OTP's suites would not fit in CI's time).
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
# Each part's time, so that its share of CI's hour stays visible.
part() {
  local start=$SECONDS
  "$@"
  echo "test: '$*' took $((SECONDS - start)) s" >&2
}
part bash scripts/build.sh "${cmake_args[@]}"
part test/run_unit.sh "$BUILD_DIR"
# Mutated runs of each fuzz target, measured to take about 15 s of one core in build/ and 60 s
# in build-asan/, where a memory error is caught too; the time limit only guards a slow machine. A crashing input is saved in
# $BUILD_DIR/fuzz-crashes/TARGET/. `bash test/fuzz.sh TARGET` fuzzes longer.
fuzz_budget() {
  case "$1:$sanitize" in
    beam:false) echo 50000 ;;
    etf:false) echo 300000 ;;
    dist:false) echo 750000 ;;
    beam:true) echo 55000 ;;
    etf:true) echo 200000 ;;
    dist:true) echo 250000 ;;
  esac
}
fuzz_seconds=30
$sanitize && fuzz_seconds=60
fuzz() {
  local target runs budget
  for target in $("$BUILD_DIR/ember_fuzz" --list); do
    runs=$(fuzz_budget "$target")
    budget=(--runs "$runs" --seconds $((3 * fuzz_seconds)))
    [ -n "$runs" ] || budget=(--seconds "$fuzz_seconds")  # a new target, until it is measured
    mkdir -p "$BUILD_DIR/fuzz-crashes/$target"
    "$BUILD_DIR/ember_fuzz" "$target" --seed 1 "${budget[@]}" --save "$BUILD_DIR/fuzz-crashes/$target"
  done
}
part fuzz
# Smoke runs of the benchmarks: every result is checked, no time is judged.
part bench/micro.sh --benchmark_min_time=0.01 > "$BUILD_DIR/micro.log"
part bash bench/run.sh --quick --no-save --ember "$BUILD_DIR/ember"
coverage_dir="$BUILD_DIR/coverage"
rm -rf "$coverage_dir" && mkdir -p "$coverage_dir"
# The differential suite on one scheduler, counting the instructions it covers; its run through
# a full boot (below) is on four online (more than CI's cores, on purpose): the output must not
# depend on the schedulers. Under the sanitizers, on four only.
diff_schedulers="+S 1"
$sanitize && diff_schedulers="+S 4:4"
EMBER_FLAGS="$diff_schedulers" EMBER_COVERAGE_DIR="$coverage_dir" part test/run_diff.sh "$BUILD_DIR/ember" "$BUILD_DIR/diff"
test/coverage_report.sh "$coverage_dir"
$sanitize || part test/run_idle.sh "$BUILD_DIR/ember"
# ember's epmd against erts' own, with garbage from a misbehaving client; distribution between
# ember and erl nodes in both roles (not under AddressSanitizer, for time: ThreadSanitizer's
# run has it).
part test/run_epmd.sh "$BUILD_DIR/ember" "$BUILD_DIR/epmd"
$sanitize || part test/run_dist.sh "$BUILD_DIR/ember" "$BUILD_DIR/dist"
# `ember push`: a changed module pushed to a running node, whose looping process takes the new
# version at its next fully qualified call; soft purge, --purge, a wrong cookie.
part test/run_push.sh "$BUILD_DIR/ember" "$BUILD_DIR/push"
# The replicated key-value store of examples/kv_store: its primary SIGKILLed amid 2,000 writes,
# every acknowledged one read back from the secondary (not under AddressSanitizer, for time).
$sanitize || part test/run_kv_store.sh "$BUILD_DIR/ember" "$BUILD_DIR/kv_store"
# Booting OTP and Elixir through bin/, OTP's compiler on ember, and the differential suite
# again through a full boot, on four schedulers (the last only without the sanitizers, for
# time).
part test/run_boot.sh "$BUILD_DIR" "$BUILD_DIR/boot"
part test/run_crash_dump.sh "$BUILD_DIR" "$BUILD_DIR/crash_dump"
part test/run_embed.sh "$BUILD_DIR" "$BUILD_DIR/embed"
part test/run_install.sh "$BUILD_DIR" "$BUILD_DIR/install-test"
part test/run_bundle.sh "$BUILD_DIR/ember" "$BUILD_DIR/bundle"
$sanitize || EMBER_FLAGS="+S 4:4" part test/run_diff.sh --boot "$BUILD_DIR/ember" "$BUILD_DIR/diff-boot"
$sanitize || part test/run_stress.sh "$BUILD_DIR/ember" "$BUILD_DIR/stress"
# OTP's own suites under common_test: a fixed selection, ember alone, against the passes it had
# when test/otp_suites_ci.txt was written (a fall is a failure). Without the sanitizers, for time.
$sanitize || part test/run_otp_suites.sh --timeout 300 --baseline test/otp_suites_ci.txt "$BUILD_DIR" "$BUILD_DIR/otp-suites-run"
