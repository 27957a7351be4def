#!/usr/bin/env bash
# The whole-program comparison of ember against the reference BEAM (erl). Every program in
# bench/programs (Erlang) and bench/elixir (Elixir: name.ex defines Bench.Name, compiled by
# elixirc) runs on both VMs, interleaved, for several rounds; each program checks its own
# result and a wrong one fails the run. Printed per program: the median wall time of the
# workload on each VM (timed inside the VM, so start-up is left out), the ratio ember/erl, the
# ratio of CPU times and the peak RSS of each VM; then the geometric mean of the ratios per
# group, start-up times and the words of a freshly spawned process.
#
# Usage: bench/run.sh [--quick] [--rounds N] [--schedulers N] [--ember PATH] [--no-save]
#   --quick         small sizes and one round: a smoke run of a few seconds
#   --rounds N      rounds per program (default 5, or 1 with --quick)
#   --schedulers N  scheduler threads of both VMs (+S N:N each)
#   --ember PATH    the ember to measure (default: this checkout's, set up and built first)
#   --no-save       do not write bench/results/DATE-COMMIT-sN.md and its .png plot
set -euo pipefail
cd "$(dirname "$0")/.."

size=default rounds="" schedulers=1 ember="" save=1
while [ $# -gt 0 ]; do
  case $1 in
    --quick) size=quick ;;
    --rounds) rounds=$2; shift ;;
    --schedulers) schedulers=$2; shift ;;
    --ember) ember=$2; shift ;;
    --no-save) save=0 ;;
    *) sed -n '/^# Usage/,/^set /p' "$0" | sed '$d' >&2; exit 2 ;;
  esac
  shift
done
[ -n "$rounds" ] || rounds=$([ $size = quick ] && echo 1 || echo 5)
if [ -z "$ember" ]; then  # without --ember: set up and build (incrementally) the checkout's own
  bash scripts/build.sh > /dev/null
  ember=build/ember
fi

groups=(
  "compute fib tak nrev fannkuch nbody spectral_norm mandelbrot"
  "memory binary_trees big_message"
  "concurrency ring ping_pong spawn fan_out exit_cascade mailbox_scan"
  "data maps ets binaries strings"
  "otp gen_server supervisor"
  "elixir Enum String GenServer Stream JsonEncode"
  "parallel par_fib par_ets par_rings par_spawn par_pmap"
)

# Programs ember cannot run yet, and why: they still run on both VMs, but a failure on ember is
# reported rather than failing the run.
declare -A pending=(
  [supervisor]="ember -bare starts no logger or application controller yet (they come with booting OTP)"
)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/ebin"
erlc -o "$work/ebin" bench/bench_run.erl bench/programs/*.erl
elixirc -o "$work/ebin" bench/elixir/*.ex > /dev/null
# Both VMs find Elixir's own library where the elixir script's installation keeps it.
elixir_ebin=$(dirname "$(readlink -f "$(command -v elixir)")")/../lib/elixir/ebin

erl_cmd=(erl +S "$schedulers:$schedulers" -noshell -pa "$elixir_ebin")
ember_cmd=("$ember" -bare +S "$schedulers:$schedulers" -pa "$elixir_ebin")

# One run of `program` on `vm`; appends "wall_us cpu_ms rss_kb" to $work/VM.PROGRAM. A failure
# is printed unless the program is pending on that VM.
run_once() {
  local vm=$1 program=$2 out="$work/$1.$2.log" cmd
  if [ "$vm" = erl ]; then
    cmd=("${erl_cmd[@]}" -pa "$work/ebin" -s bench_run main "$program" $size -s erlang halt)
  else
    cmd=("${ember_cmd[@]}" -pa "$work/ebin" -s bench_run main "$program" $size)
  fi
  if ! /usr/bin/time -f '%M' -o "$work/rss" "${cmd[@]}" > "$out" 2>&1 ||
     ! grep -q '^ok wall_us' "$out"; then
    if [ "$vm" = erl ] || [ -z "${pending[$program]:-}" ]; then
      echo "$program failed on $vm:" >&2
      sed 's/^/  /' "$out" | head -20 >&2
    fi
    return 1
  fi
  echo "$(awk '/^ok wall_us/ {print $3, $5}' "$out") $(tail -1 "$work/rss")" >> "$work/$vm.$program"
}

median() { sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
column_of() { awk -v c="$2" '{print $c}' "$1"; }

failed=0
: > "$work/pending"
table="$work/table"  # group program erl_ms ember_ms ratio cpu_ratio erl_rss_mb ember_rss_mb
: > "$table"
printf '%-12s %-14s %10s %10s %7s %7s %9s %9s\n' group program "erl ms" "ember ms" ratio "cpu x" "erl MB" "ember MB"
for line in "${groups[@]}"; do
  read -r group programs <<< "$line"
  for program in $programs; do
    failure=""
    for ((round = 0; round < rounds; round++)); do
      run_once erl "$program" || { failure=erl; break; }
      run_once ember "$program" || { failure=ember; break; }
    done
    if [ "$failure" = ember ] && [ -n "${pending[$program]:-}" ]; then
      printf '%-12s %-14s %s\n' "$group" "$program" "pending on ember: ${pending[$program]}"
      echo "$group $program ${pending[$program]}" >> "$work/pending"
      continue
    elif [ -n "$failure" ]; then
      failed=1
      printf '%-12s %-14s %s\n' "$group" "$program" "FAILED on $failure"
      continue
    elif [ -n "${pending[$program]:-}" ]; then
      echo "$program passes on ember now: take it out of bench/run.sh's pending list" >&2
      failed=1
    fi
    erl_wall=$(column_of "$work/erl.$program" 1 | median)
    ember_wall=$(column_of "$work/ember.$program" 1 | median)
    erl_cpu=$(column_of "$work/erl.$program" 2 | median)
    ember_cpu=$(column_of "$work/ember.$program" 2 | median)
    erl_rss=$(column_of "$work/erl.$program" 3 | sort -n | tail -1)
    ember_rss=$(column_of "$work/ember.$program" 3 | sort -n | tail -1)
    awk -v g="$group" -v p="$program" -v ew="$erl_wall" -v mw="$ember_wall" -v ec="$erl_cpu" \
        -v mc="$ember_cpu" -v er="$erl_rss" -v mr="$ember_rss" 'BEGIN {
      cpu = (ec > 0 && mc > 0) ? sprintf("%.2f", mc / ec) : "-"
      printf "%s %s %.1f %.1f %.2f %s %.1f %.1f\n", g, p, ew / 1000, mw / 1000, mw / ew, cpu, er / 1024, mr / 1024
    }' | tee -a "$table" | awk '{printf "%-12s %-14s %10s %10s %7s %7s %9s %9s\n", $1, $2, $3, $4, $5, $6, $7, $8}'
  done
done

echo
echo "geometric mean of the ratios ember/erl per group:"
geomeans="$work/geomeans"
awk '{n[$1]++; s[$1] += log($5)} END {for (g in n) printf "%s %.2f %d\n", g, exp(s[g] / n[g]), n[g]}' "$table" |
  sort > "$geomeans"
awk '{printf "  %-12s %6s  (%d programs)\n", $1, $2, $3}' "$geomeans"

# Start-up: the whole OS process, from exec to exit, and its peak RSS; ember boots OTP (and
# Elixir) through the build's bin/, as erl does.
startup() {
  local start end
  start=$(date +%s%N)
  /usr/bin/time -f '%M' -o "$work/rss" "$@" > /dev/null 2>&1
  end=$(date +%s%N)
  echo "$(( (end - start) / 1000 )) $(tail -1 "$work/rss")"
}
bin=$(cd "$(dirname "$ember")/bin" && pwd)
: > "$work/startup"
for case in erl_boot elixir; do
  : > "$work/erl.$case" && : > "$work/ember.$case"
  for ((round = 0; round < rounds; round++)); do
    if [ $case = erl_boot ]; then
      startup erl -noshell -eval 'halt().' >> "$work/erl.$case"
      startup env PATH="$bin:$PATH" erl -noshell -eval 'halt().' >> "$work/ember.$case"
    else
      startup elixir -e 'IO.puts(1)' >> "$work/erl.$case"
      startup env PATH="$bin:$PATH" elixir -e 'IO.puts(1)' >> "$work/ember.$case"
    fi
  done
  echo "$case $(column_of "$work/erl.$case" 1 | median) $(column_of "$work/erl.$case" 2 | median)" \
    "$(column_of "$work/ember.$case" 1 | median) $(column_of "$work/ember.$case" 2 | median)" >> "$work/startup"
done
echo
echo "start-up (exec to exit, median; peak RSS):             erl               ember"
awk '{printf "  %-45s %7.1f ms %4d MB  %7.1f ms %4d MB\n", ($1 == "erl_boot" ? "erl -noshell -eval '"'"'halt().'"'"'" : "elixir -e '"'"'IO.puts(1)'"'"'"), $2 / 1000, $3 / 1024, $4 / 1000, $5 / 1024}' "$work/startup"

erl_words=$("${erl_cmd[@]}" -pa "$work/ebin" -s bench_process_words main -s erlang halt | awk '{print $2}')
ember_words=$("${ember_cmd[@]}" -pa "$work/ebin" -s bench_process_words main | awk '{print $2}')
echo
echo "words per freshly spawned process: erl $erl_words, ember $ember_words"

if [ $save = 1 ]; then
  # One file per scheduler count, so that the runs at +S 1 and +S 2 of one commit both stay.
  name="bench/results/$(date +%F)-$(git rev-parse --short HEAD)-s$schedulers"
  bash bench/report.sh "$table" "$geomeans" "$work/pending" "$work/startup" "$erl_words $ember_words" \
    "size $size, $rounds rounds, $schedulers scheduler(s)" "$name"
  echo
  echo "wrote $name.md and $name.png"
fi
exit $failed
