#!/usr/bin/env bash
# OTP's own test suites as the conformance oracle: each suite runs under OTP's real common_test
# (ct_run's command line, without its -sname: ember has no distribution yet) once on erl and
# once on ember through the build's bin/, and the passes are printed side by side. Suites that
# need peer nodes, tracing or erts_debug:set_internal_state are run too but counted apart.
#
#   test/run_otp_suites.sh [--baseline FILE] [--timeout S] BUILD_DIR OUT_DIR [SUITE...]
#
# SUITEs are names such as stdlib/lists_SUITE (when none is given, the baseline's suites or
# else all suites of the emulator, stdlib and compiler). erl's runs are kept in OUT_DIR and
# reused by the next run into it.
# With --baseline FILE, whose lines are "SUITE ERL_PASSES EMBER_PASSES" as this script prints
# them, only ember runs (erl's figure is the file's) and fewer ember passes than the file has is
# a failure (exit 1).
set -euo pipefail

baseline=""
limit=600
while [[ $# -gt 0 && $1 == --* ]]; do
  case $1 in
    --baseline) baseline=$2; shift 2 ;;
    --timeout) limit=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
if [[ $# -lt 2 ]]; then
  echo "usage: $0 [--baseline FILE] [--timeout S] BUILD_DIR OUT_DIR [SUITE...]" >&2
  exit 2
fi
build=$(cd "$1" && pwd)
bin=$build/bin
mkdir -p "$2"
out=$(cd "$2" && pwd)
shift 2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
src=$(bash "$here/../scripts/fetch_otp_suites.sh" "$build/otp-suites")
export ERL_CRASH_DUMP_SECONDS=0

declare -A dirs=([emulator]=erts/emulator/test [stdlib]=lib/stdlib/test [compiler]=lib/compiler/test)
needs_more='\?CT_PEER|peer:start|test_server:start_node|ct_slave|slave:start|start_peer|erlang:trace\(|erlang:trace_pattern|dbg:|set_internal_state'

# Suites are compiled once, by erlc, into a copy of their directory (ct looks for a suite's
# data beside it); both VMs then run the same .beam files.
prepare() {
  local app=$1 work=$out/src/$1
  [[ -f $work/.compiled ]] && return
  rm -rf "$work" && mkdir -p "$work"
  cp -r "$src/${dirs[$app]}/." "$work/"
  (cd "$work" && erlc -I . -I "$src/lib/common_test/test_server" \
     -I /usr/lib/erlang/lib/kernel-*/include -I /usr/lib/erlang/lib/stdlib-*/include \
     +nowarn_export_all ./*.erl > "$out/compile_$app.log" 2>&1) || true
  touch "$work/.compiled"
}
mkdir -p "$out/ts"
erlc -o "$out/ts" "$src"/lib/common_test/test_server/{ts_install_cth,ts_lib}.erl

if [[ $# -eq 0 && -n $baseline ]]; then
  set -- $(awk '!/^#/ && NF { print $1 }' "$baseline")
elif [[ $# -eq 0 ]]; then
  for app in emulator stdlib compiler; do
    for f in "$src/${dirs[$app]}"/*_SUITE.erl; do set -- "$@" "$app/$(basename "$f" .erl)"; done
  done
fi

# passes VM SUITE: runs one suite, prints how many of its cases passed.
passes() {
  local vm=$1 app=${2%%/*} suite=${2##*/} path=$PATH
  [[ $vm == ember ]] && path=$bin:$PATH
  local log=$out/logs/$vm/$app/$suite
  if [[ $vm == ember || ! -f $log/.done ]]; then
    rm -rf "$log" && mkdir -p "$log"
    (cd "$log" && PATH=$path timeout "$limit" erl -noshell -pa "$out/ts" -s ct_run script_start \
       -s erlang halt -suite "$out/src/$app/$suite" -logdir "$log" < /dev/null > "$log/stdout" 2>&1) || true
    touch "$log/.done"
  fi
  # suite.log grows case by case, so a run cut short by the time limit keeps what passed.
  find "$log" -name suite.log -exec awk '
    /^=case/ { config = $2 ~ /:(init|end)_per_(suite|group)$/ }
    /^=result +ok/ && !config { n++ }
    END { print n + 0 }' {} + | awk '{ n += $1 } END { print n + 0 }'
}

printf '%-40s %8s %8s %6s %6s  %s\n' SUITE erl ember "erl s" "emb s" needs > "$out/results.txt"
regressed=0
declare -A total=()
for name in "$@"; do
  prepare "${name%%/*}"
  needs=""
  grep -q -E "$needs_more" "$out/src/$name.erl" && needs="peers/tracing"
  start=$SECONDS
  if [[ -n $baseline ]]; then
    ref=$(awk -v s="$name" '$1 == s { print $2 }' "$baseline")
  else
    ref=$(passes erl "$name")
  fi
  middle=$SECONDS
  emb=$(passes ember "$name")
  printf '%-40s %8s %8s %6s %6s  %s\n' "$name" "$ref" "$emb" $((middle - start)) $((SECONDS - middle)) \
    "$needs" | tee -a "$out/results.txt"
  group=${needs:+other}
  group=${group:-eligible}
  total[$group.erl]=$(( ${total[$group.erl]:-0} + ref ))
  total[$group.ember]=$(( ${total[$group.ember]:-0} + emb ))
  if [[ -n $baseline ]]; then
    want=$(awk -v s="$name" '$1 == s { print $3 }' "$baseline")
    if [[ -n $want && $emb -lt $want ]]; then
      echo "REGRESSION $name: ember passes $emb, the baseline has $want"
      regressed=1
    fi
  fi
done
for group in eligible other; do
  [[ -n ${total[$group.erl]:-} ]] || continue
  printf '%-40s %8s %8s\n' "total ($group)" "${total[$group.erl]}" "${total[$group.ember]}" | tee -a "$out/results.txt"
done
exit $regressed
