#!/usr/bin/env bash
# Runs the programs in bench/programs on erl and on ember -bare, interleaved, ROUNDS times
# each, and prints per program the median of the workload's own time on each VM and the ratio
# ember/erl (each program times its workload in-VM, so start-up is excluded), then the words
# of a freshly spawned process on each. Usage: bench/compare.sh [EMBER] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
ember=${1:-build/ember}
rounds=${2:-5}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
erlc -o "$out" bench/programs/*.erl

median() { sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
micros() { grep -o 'microseconds [0-9]*' | awk '{print $2}'; }

printf '%-10s %12s %12s %8s\n' program "erl (ms)" "ember (ms)" ratio
for program in fib nrev ring spawn; do
  : > "$out/erl.$program" && : > "$out/ember.$program"
  for ((round = 0; round < rounds; round++)); do
    erl -noshell -pa "$out" -s "bench_$program" main -s erlang halt | micros >> "$out/erl.$program"
    "$ember" -bare -pa "$out" -s "bench_$program" main | micros >> "$out/ember.$program"
  done
  erl_us=$(median < "$out/erl.$program")
  ember_us=$(median < "$out/ember.$program")
  awk -v p="$program" -v e="$erl_us" -v m="$ember_us" \
    'BEGIN {printf "%-10s %12.1f %12.1f %8.2f\n", p, e / 1000, m / 1000, m / e}'
done
erl_words=$(erl -noshell -pa "$out" -s bench_process_words main -s erlang halt | awk '{print $2}')
ember_words=$("$ember" -bare -pa "$out" -s bench_process_words main | awk '{print $2}')
printf 'words per fresh process: erl %s, ember %s\n' "$erl_words" "$ember_words"
