#!/usr/bin/env bash
# Resource-exhaustion cases: each test/stress/NAME.sh runs ember (and, where erts can run under
# the same limits, erl) under a memory cap and checks that it ends as erts ends: a clear
# message and an exit status, never a signal. See test/stress/lib.sh.
#
#   test/run_stress.sh EMBER_BINARY BUILD_DIR [NAME...]
set -euo pipefail

if [[ $# -lt 2 ]]; then
  echo "usage: $0 EMBER_BINARY BUILD_DIR [NAME...]" >&2
  exit 2
fi
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
EMBER=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
work=$(mkdir -p "$2" && cd "$2" && pwd)
shift 2
export EMBER STRESS_TIMEOUT=${STRESS_TIMEOUT:-120}

erlc -o "$work" "$here"/stress/*.erl

names=("$@")
if [[ ${#names[@]} -eq 0 ]]; then
  for f in "$here"/stress/*.sh; do
    [[ $(basename "$f") == lib.sh ]] || names+=("$(basename "$f" .sh)")
  done
fi

passed=0
failed=0
for name in "${names[@]}"; do
  if (source "$here/stress/lib.sh" && source "$here/stress/$name.sh" && exit "$case_failed"); then
    echo "ok $name"
    passed=$((passed + 1))
  else
    echo "FAIL $name"
    failed=$((failed + 1))
  fi
done
echo "$passed passed, $failed failed"
(( failed == 0 && passed > 0 ))
