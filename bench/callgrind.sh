#!/usr/bin/env bash
# Instruction counts of the benchmark programs on ember under valgrind's callgrind: figures
# that do not depend on the machine's load, for spotting regressions between commits. Each
# count is the whole run (start-up and loading included) minus that of an empty run.
# Usage: bench/callgrind.sh [--quick] [--ember PATH] [PROGRAM...]   (default: every program)
set -euo pipefail
cd "$(dirname "$0")/.."

size=default ember="" programs=()
while [ $# -gt 0 ]; do
  case $1 in
    --quick) size=quick ;;
    --ember) ember=$2; shift ;;
    -*) sed -n '/^# Usage/p' "$0" >&2; exit 2 ;;
    *) programs+=("$1") ;;
  esac
  shift
done
if [ ${#programs[@]} -eq 0 ]; then
  for file in bench/programs/bench_*.erl; do
    name=$(basename "$file" .erl)
    name=${name#bench_}
    [ "$name" = process_words ] || [ "$name" = timer ] || programs+=("$name")
  done
  for file in bench/elixir/*.ex; do  # name.ex defines Bench.Name
    programs+=("$(basename "$file" .ex | sed -E 's/(^|_)(.)/\U\2/g')")
  done
fi

if [ -z "$ember" ]; then  # without --ember: set up and build (incrementally) the checkout's own
  bash scripts/build.sh > /dev/null
  ember=build/ember
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
erlc -o "$work" bench/bench_run.erl bench/programs/*.erl
elixirc -o "$work" bench/elixir/*.ex > /dev/null
elixir_ebin=$(dirname "$(readlink -f "$(command -v elixir)")")/../lib/elixir/ebin

# Instructions executed by one ember run of `-s ARGS...`.
instructions() {
  valgrind --tool=callgrind --callgrind-out-file="$work/out" \
    "$ember" -bare -pa "$elixir_ebin" -pa "$work" -s "$@" > "$work/log" 2>&1 ||
    { cat "$work/log" >&2; return 1; }
  awk '/^summary:/ {print $2}' "$work/out"
}

empty=$(instructions erlang halt)
printf '%-14s %16s\n' program instructions
for program in "${programs[@]}"; do
  total=$(instructions bench_run main "$program" $size)
  printf '%-14s %16d\n' "$program" $((total - empty))
done
