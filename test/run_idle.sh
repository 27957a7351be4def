#!/usr/bin/env bash
# An idle VM sleeps: ember boots with -noshell and one process waiting in `receive after
# infinity`; after a second to settle, the context switches of all its threads (schedulers,
# the standard-input reader) are counted from /proc over 5 seconds, and must be at most 5 in
# all: no scheduler spins or ticks when no timer is due. bench/idle.sh compares with erl.
#
#   test/run_idle.sh EMBER_BINARY [EMULATOR_FLAGS...]
set -euo pipefail
if [[ $# -lt 1 ]]; then
  echo "usage: $0 EMBER_BINARY [EMULATOR_FLAGS...]" >&2
  exit 2
fi
ember=$1
shift
switches() { cat /proc/"$1"/task/*/status 2>/dev/null | awk '/ctxt_switches/ { n += $2 } END { print n + 0 }'; }

"$ember" "$@" -noshell -eval 'receive after infinity -> ok end' > /dev/null 2>&1 < /dev/null &
pid=$!
trap 'kill $pid 2> /dev/null || true' EXIT
sleep 1
before=$(switches $pid)
sleep 5
after=$(switches $pid)
threads=$(ls /proc/$pid/task | wc -l)
count=$((after - before))
if (( count > 5 )); then
  echo "FAIL idle: $count context switches in 5 s over $threads threads ($*)"
  exit 1
fi
echo "ok idle: $count context switches in 5 s over $threads threads ($*)"
