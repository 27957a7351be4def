#!/usr/bin/env bash
# Crash dumps: erlang:halt/1 with a slogan and a failed boot make ember write erl_crash.dump as
# erts does. Each case runs on erl and on ember (through the build's bin/); their exit status and
# stderr must be identical. ember's dump must have erts' header and sections, and OTP's
# crashdump_viewer must read it without a warning. ERL_CRASH_DUMP_SECONDS=0 and
# ERL_CRASH_DUMP_BYTES=0 ask for no dump; ERL_CRASH_DUMP_BYTES cuts one short.
#
#   test/run_crash_dump.sh BUILD_DIR OUT_DIR
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 BUILD_DIR OUT_DIR" >&2
  exit 2
fi
build=$(cd "$1" && pwd)
out=$2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
rm -rf "$out" && mkdir -p "$out/erl" "$out/ember"
out=$(cd "$out" && pwd)
unset ERL_CRASH_DUMP ERL_CRASH_DUMP_SECONDS ERL_CRASH_DUMP_BYTES
erlc -o "$out" "$here/crash_dump/cdv_check.erl"
passed=0
failed=0

fail() {
  echo "FAIL $1: $2"
  failed=$((failed + 1))
}

# run_both NAME ENV... -- COMMAND...: runs COMMAND with the environment assignments ENV in
# $out/erl and, with ember's bin/ first on PATH, in $out/ember; exit status and stderr must be
# the same. Returns non-zero (after reporting) if they differ.
run_both() {
  local name=$1
  shift
  local env=()
  while [[ $1 != -- ]]; do env+=("$1"); shift; done
  shift
  local erl_rc=0 ember_rc=0
  (cd "$out/erl" && env "${env[@]}" timeout -k 5 60 "$@" < /dev/null > "$name.out" 2> "$name.err") || erl_rc=$?
  (cd "$out/ember" && PATH=$build/bin:$PATH env "${env[@]}" timeout -k 5 60 "$@" < /dev/null > "$name.out" 2> "$name.err") ||
    ember_rc=$?
  if [[ $erl_rc -ne $ember_rc ]] || ! cmp -s "$out/erl/$name.err" "$out/ember/$name.err"; then
    fail "$name" "exit status erl $erl_rc, ember $ember_rc; stderr:"
    diff "$out/erl/$name.err" "$out/ember/$name.err" | head -10 | sed 's/^/  /' || true
    return 1
  fi
}

# check_dump NAME DUMP SLOGAN [LINE...]: ember's dump has erts' header, its sections (and each
# LINE, an extended regular expression), and reads in crashdump_viewer with the slogan, every
# process and no warning.
check_dump() {
  local name=$1 dump=$2 slogan=$3
  shift 3
  if [[ ! -f $dump ]]; then
    fail "$name" "no dump at $dump"
    return
  fi
  local problems=()
  [[ $(stat -c %a "$dump") == 640 ]] || problems+=("mode $(stat -c %a "$dump")")
  [[ $(sed -n 1p "$dump") == "=erl_crash_dump:0.5" ]] || problems+=("first line")
  sed -n 2p "$dump" | grep -qE '^[A-Z][a-z]{2} [A-Z][a-z]{2} [ 0-9][0-9] [0-9]{2}:[0-9]{2}:[0-9]{2} [0-9]{4}$' ||
    problems+=("date line")
  [[ $(sed -n 3p "$dump") == "Slogan: $slogan" ]] || problems+=("slogan line")
  sed -n 4p "$dump" | grep -q '^System version: Erlang/OTP 25 ' || problems+=("system version line")
  [[ $(sed -n 5p "$dump") == "Taints: " ]] || problems+=("taints line")
  sed -n 6p "$dump" | grep -qE '^Atoms: [0-9]+$' || problems+=("atoms line")
  [[ $(sed -n 7p "$dump") == "Calling Thread: scheduler:1" ]] || problems+=("calling thread line")
  local section
  for section in '=scheduler:1' '=memory' 'total: [0-9]+' '=hash_table:atom_tab' '=index_table:atom_tab' \
                 '=proc:<0\.0\.0>' 'Stack\+heap: [0-9]+' '=node:.nonode@nohost.' '=no_distribution' \
                 '=loaded_modules' '=atoms' "$@"; do
    grep -qE "^$section\$" "$dump" || problems+=("no line $section")
  done
  [[ $(tail -n 1 "$dump") == "=end" ]] || problems+=("last line")
  local procs
  procs=$(grep -c '^=proc:' "$dump")
  ERL_CRASH_DUMP_SECONDS=0 erl -noshell -pa "$out" -s cdv_check main "$dump" > "$out/$name.cdv" 2>&1 || true
  grep -qxF "slogan: $slogan" "$out/$name.cdv" || problems+=("crashdump_viewer read another slogan")
  grep -qx "processes: $procs" "$out/$name.cdv" || problems+=("crashdump_viewer did not find $procs processes")
  grep -qx "warnings: \[\]" "$out/$name.cdv" || problems+=("crashdump_viewer warned")
  if [[ ${#problems[@]} -eq 0 ]]; then
    echo "ok $name"
    passed=$((passed + 1))
  else
    fail "$name" "$(IFS=';'; echo "${problems[*]}")"
    sed 's/^/  crashdump_viewer: /' "$out/$name.cdv" | head -12
  fi
}

halt_slogan=(erl -noshell -eval 'ets:new(dumped, [named_table]), halt("Some slogan").')
booted=('Name: init' 'Spawned as: erl_init:start/2' '=mod:lists' '=ets:<0\.[0-9]+\.0>' 'Name: dumped')
if run_both halt ERL_CRASH_DUMP=halt.dump -- "${halt_slogan[@]}"; then
  check_dump halt "$out/ember/halt.dump" "Some slogan" "${booted[@]}"
fi

# The default file name, in the current directory.
if run_both default_name -- "${halt_slogan[@]}"; then
  check_dump default_name "$out/ember/erl_crash.dump" "Some slogan" "${booted[@]}"
fi

# init ends a failed boot with halt/1: its slogan names the reason.
if run_both do_boot ERL_CRASH_DUMP=do_boot.dump -- erl -noshell -s no_such_module; then
  check_dump do_boot "$out/ember/do_boot.dump" \
    "init terminating in do_boot ({undef,[{no_such_module,start,[],[]},{init,start_em,1,[]},{init,do_boot,3,[]}]})" \
    'Name: init' '=mod:lists'
fi

# ember's -bare mode ends a failed main process the same way.
(cd "$out/ember" && ERL_CRASH_DUMP=bare.dump timeout -k 5 60 "$build/ember" -bare -s no_such_module > /dev/null 2>&1) || true
check_dump bare "$out/ember/bare.dump" "init terminating in do_boot ({undef,[{no_such_module,start,[],[]}]})"

# An allocation that fails ends the VM with erts' message as the slogan. (Not under
# AddressSanitizer, whose shadow memory does not fit under the cap. Not a pipe into grep -q:
# under pipefail, ldd killed by the closed pipe would read as no match.)
if [[ $(ldd "$build/ember") == *libasan* ]]; then
  echo "skipped out_of_memory (AddressSanitizer)"
elif run_both out_of_memory ERL_CRASH_DUMP=oom.dump -- prlimit --as=3000000000 \
     erl -noshell -eval 'binary:copy(<<1>>, 8 bsl 30), halt().'; then
  check_dump out_of_memory "$out/ember/oom.dump" \
    'binary_alloc: Cannot allocate 8589934592 bytes of memory (of type "binary").' "${booted[@]:0:3}"
fi

# No dump at all.
for setting in ERL_CRASH_DUMP_SECONDS=0 ERL_CRASH_DUMP_BYTES=0; do
  name=none_${setting%%=*}
  if run_both "$name" ERL_CRASH_DUMP="$name.dump" "$setting" -- "${halt_slogan[@]}"; then
    if [[ -e $out/ember/$name.dump ]]; then
      fail "$name" "a dump was written"
    else
      echo "ok $name"
      passed=$((passed + 1))
    fi
  fi
done

# A dump cut at the size limit ends with erts' abort line (and stderr without "done").
if run_both bytes ERL_CRASH_DUMP=bytes.dump ERL_CRASH_DUMP_BYTES=1000 -- "${halt_slogan[@]}"; then
  if [[ $(stat -c %s "$out/ember/bytes.dump") -eq 1038 ]] &&
     [[ $(tail -n 1 "$out/ember/bytes.dump") == "=abort:CRASH DUMP SIZE LIMIT REACHED" ]]; then
    echo "ok bytes"
    passed=$((passed + 1))
  else
    fail bytes "size $(stat -c %s "$out/ember/bytes.dump"), last line $(tail -n 1 "$out/ember/bytes.dump")"
  fi
fi

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
