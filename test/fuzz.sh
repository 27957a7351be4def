#!/usr/bin/env bash
# A longer fuzzing run of one target, under AddressSanitizer and UBSan, with a random seed:
#
#   bash test/fuzz.sh TARGET [--seconds N] [other ember_fuzz options]
#
# Builds build-asan/ (as `scripts/test.sh --sanitize` does), then runs ember_fuzz there for 10
# minutes unless told otherwise. An input that crashes or hangs is saved as
# test/fuzz/regressions/TARGET/crash-HASH (or timeout-HASH): give it a name that says what it
# shows and commit it with the fix; every test run replays it from then on. FUZZ_SEED=N
# repeats a run. `build-asan/ember_fuzz --list` names the targets.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ $# -lt 1 || $1 == -* ]]; then
  echo "usage: $0 TARGET [--seconds N] [ember_fuzz options]" >&2
  exit 2
fi
target=$1
shift
BUILD_DIR=build-asan bash scripts/build.sh -DEMBER_SANITIZE=ON
build-asan/ember_fuzz --list | grep -x "$target" > /dev/null || {
  echo "no fuzz target $target; there are: $(build-asan/ember_fuzz --list | tr '\n' ' ')" >&2
  exit 2
}
seed=${FUZZ_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
save=test/fuzz/regressions/$target
mkdir -p "$save"
budget=(--seconds 600)
for a in "$@"; do
  [[ $a == --seconds || $a == --runs ]] && budget=()
done
export ASAN_OPTIONS=detect_leaks=1
exec build-asan/ember_fuzz "$target" --seed "$seed" --save "$save" "${budget[@]}" "$@"
