#!/usr/bin/env bash
# A million processes at once (bench/million_processes.erl) on erl and on ember, both with
# +P 2000000: the time to spawn them and to have each answer and exit (timed inside the VM),
# and the whole OS process's wall time and peak RSS (/usr/bin/time -v). Not part of run.sh:
# erl needs about 2.7 GB for it.
# Usage: bench/million_processes.sh [--rounds N] [--ember PATH]
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=1 ember=""
while [ $# -gt 0 ]; do
  case $1 in
    --rounds) rounds=$2; shift ;;
    --ember) ember=$2; shift ;;
    *) sed -n '/^# Usage/p' "$0" >&2; exit 2 ;;
  esac
  shift
done
if [ -z "$ember" ]; then  # without --ember: set up and build (incrementally) the checkout's own
  bash scripts/build.sh > /dev/null
  ember=build/ember
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
erlc -o "$work" bench/million_processes.erl

# One run: the program's own line, then wall time and peak RSS from /usr/bin/time -v.
measure() {
  local vm=$1
  shift
  /usr/bin/time -v -o "$work/time" "$@" > "$work/out" 2>&1 || { cat "$work/out" >&2; return 1; }
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/time")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time")
  printf '%-6s %s  wall %s  peak_rss_mb %d\n' "$vm" "$(grep '^spawn_ms' "$work/out")" "$wall" $((rss / 1024))
}

for ((round = 0; round < rounds; round++)); do
  measure erl erl +P 2000000 -noshell -pa "$work" -s million_processes main -s erlang halt
  measure ember "$ember" -bare +P 2000000 -pa "$work" -s million_processes main
done
