#!/usr/bin/env bash
# Stand-in for ember that runs the reference BEAM instead: accepts the ember
# command line the runner uses (-bare [+FLAG VALUE]... -pa DIR... -s M F) and
# runs erl.
# Running the suite with it checks that a test is deterministic (its output
# must be identical across two erl runs):
#   test/run_diff.sh test/diff/erl_as_ember.sh /tmp/diff-build pending/NAME
set -euo pipefail
pa=()
emulator=()
m=""
f=""
while [[ $# -gt 0 ]]; do
  case $1 in
    -bare) shift ;;
    +?) emulator+=("$1" "$2"); shift 2 ;;
    +*) emulator+=("$1"); shift ;;
    -pa) pa+=(-pa "$2"); shift 2 ;;
    -s) m=$2; f=$3; shift 3 ;;
    *) echo "erl_as_ember: unsupported argument $1" >&2; exit 2 ;;
  esac
done
exec erl "${emulator[@]}" -noshell "${pa[@]}" -s "$m" "$f" -s erlang halt
