#!/usr/bin/env bash
# ember booting OTP and Elixir as erl does, through the build's bin/ (erl, erlc, escript on
# ember): each case runs on erl and on ember, and stdout and exit status must be identical.
# The Elixir programs of test/elixir/ run with `elixir` the same way; `mix new`, `mix test`
# and `mix run` must work on ember; and OTP's compiler, running on ember, must compile every
# differential test to the bytes erlc writes.
#
#   test/run_boot.sh BUILD_DIR OUT_DIR
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 BUILD_DIR OUT_DIR" >&2
  exit 2
fi
bin=$(cd "$1/bin" && pwd)
out=$2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
rm -rf "$out" && mkdir -p "$out"
out=$(cd "$out" && pwd)
export ERL_CRASH_DUMP_SECONDS=0
passed=0
failed=0

# check NAME COMMAND...: runs COMMAND with erl's bin/ first on PATH, then with ember's.
check() {
  local name=$1
  shift
  local ref_rc=0 emb_rc=0
  (cd "$out" && timeout 60 "$@" < /dev/null > "$out/$name.erl.out" 2> "$out/$name.erl.err") || ref_rc=$?
  (cd "$out" && PATH=$bin:$PATH timeout 60 "$@" < /dev/null > "$out/$name.ember.out" 2> "$out/$name.ember.err") || emb_rc=$?
  if [[ $ref_rc -eq $emb_rc ]] && cmp -s "$out/$name.erl.out" "$out/$name.ember.out"; then
    echo "ok $name"
    passed=$((passed + 1))
  else
    echo "FAIL $name (exit status: erl $ref_rc, ember $emb_rc)"
    diff "$out/$name.erl.out" "$out/$name.ember.out" | head -20 | sed 's/^/  /' || true
    sed 's/^/  ember stderr: /' "$out/$name.ember.err" | head -10
    failed=$((failed + 1))
  fi
}

check eval_print erl -noshell -eval 'io:format("~p~n", [{node(), lists:seq(1, 5), <<"bin">>, 1.5}]), halt().'
check arguments erl -noshell -kernel foo bar -eval 'io:format("~p~n~p~n", [init:get_plain_arguments(), application:get_env(kernel, foo)]), halt().' -extra x -- y
check run_and_s erl -noshell -run io format "run~n" -s erlang halt
check halt_status erl -noshell -eval 'halt(7).'
check missing_boot_file erl -noshell -boot /nonexistent
check crash_in_eval erl -noshell -eval 'erlang:error(oops).'
check undefined_start erl -noshell -s no_such_module
check elixir_eval elixir -e 'IO.puts(1 + 1); IO.inspect(Enum.map(1..3, &(&1 * 2)))'
check elixir_regex elixir -e 'IO.inspect(String.split("a,b;c", ~r/[,;]/)); IO.inspect(Regex.run(~r/(\d+)-(\d+)/, "x 12-34"))'
# Elixir differential programs: test/elixir/*.exs.
for script in "$here"/elixir/*.exs; do
  check "elixir_$(basename "$script" .exs)" elixir "$script"
done

# Without an OTP tree there is nothing to boot: a message and status 1, never a signal.
missing_rc=0
"$bin/../ember" --otp-root /nonexistent -noshell > /dev/null 2> "$out/missing_otp.err" || missing_rc=$?
if [[ $missing_rc -eq 1 ]] && grep -q "preloaded modules" "$out/missing_otp.err"; then
  echo "ok missing_otp_tree"
  passed=$((passed + 1))
else
  echo "FAIL missing_otp_tree (exit status $missing_rc)"
  failed=$((failed + 1))
fi

# -detached returns at once and the node goes on in the background.
detached_file=$out/detached.txt
PATH=$bin:$PATH erl -detached -eval "file:write_file(\"$detached_file\", \"ran\"), halt()." < /dev/null
for _ in $(seq 50); do [[ -s $detached_file ]] && break; sleep 0.1; done
if [[ "$(cat "$detached_file" 2> /dev/null)" == ran ]]; then
  echo "ok detached"
  passed=$((passed + 1))
else
  echo "FAIL detached"
  failed=$((failed + 1))
fi

# mix on ember: a new project's tests pass and `mix run` runs its code (mix test prints
# timings and a random seed, so its output is checked, not compared with erl's).
if (cd "$out" && export PATH=$bin:$PATH && timeout 300 mix new demo > mix.log 2>&1 && cd demo &&
    timeout 300 mix test >> ../mix.log 2>&1 && timeout 300 mix run -e 'IO.puts(Demo.hello())' >> ../mix.log 2>&1) &&
   grep -q "1 doctest, 1 test, 0 failures" "$out/mix.log" && grep -qx "world" "$out/mix.log"; then
  echo "ok mix_new_test_run"
  passed=$((passed + 1))
else
  echo "FAIL mix_new_test_run"
  tail -20 "$out/mix.log" | sed 's/^/  /'
  failed=$((failed + 1))
fi

# OTP's compiler on ember writes the same .beam files as erlc.
mkdir -p "$out/erlc" "$out/erlc-ember"
identical=0
different=()
for src in "$here"/diff/*.erl; do
  name=$(basename "$src" .erl)
  erlc -o "$out/erlc" "$src" > /dev/null 2>&1 || continue
  if PATH=$bin:$PATH erlc -o "$out/erlc-ember" "$src" > "$out/$name.erlc-ember.log" 2>&1 &&
     cmp -s "$out/erlc/$name.beam" "$out/erlc-ember/$name.beam"; then
    identical=$((identical + 1))
  else
    different+=("$name")
  fi
done
if [[ ${#different[@]} -eq 0 ]]; then
  echo "ok erlc_on_ember ($identical modules byte-identical)"
  passed=$((passed + 1))
else
  echo "FAIL erlc_on_ember: ${different[*]} differ ($identical identical)"
  failed=$((failed + 1))
fi

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
