#!/usr/bin/env bash
# ember booting OTP and Elixir as erl does, through the build's bin/ (erl, erlc, escript on
# ember): each case runs on erl and on ember, and stdout and exit status must be identical.
# The Elixir programs of test/elixir/ run with `elixir` the same way; `mix new`, `mix test`
# and `mix run` must work on ember; releases made with the build's erts-<vsn>/ (by mix release
# and by systools, test/release/) must run as those made with erts' own; and OTP's compiler,
# running on ember, must compile every differential test to the bytes erlc writes.
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
# A booted VM takes SIGTERM as a request to stop in order (see sigterm below), which a hung one
# may never do: each timeout(1) follows it with SIGKILL.
passed=0
failed=0

# check NAME COMMAND...: runs COMMAND with erl's bin/ first on PATH, then with ember's.
check() {
  local name=$1
  shift
  run_both "$name" "$out" "$out" timeout -k 5 60 "$@"
}

# shell_from_pipe INPUT COMMAND...: COMMAND's shell reads INPUT (printf escapes) from a pipe, not
# a terminal.
shell_from_pipe() {
  local input=$1
  shift
  printf '%b' "$input" | "$@"
}

# run_both NAME ERL_DIR EMBER_DIR COMMAND...: runs COMMAND (a program or a function of this
# script) in ERL_DIR, then in EMBER_DIR with ember's bin/ first on PATH; stdout and exit status
# must be identical. While it runs, $stdout_file names the file its stdout goes to.
run_both() {
  local name=$1 erl_dir=$2 ember_dir=$3
  shift 3
  local ref_rc=0 emb_rc=0
  (cd "$erl_dir" && stdout_file=$out/$name.erl.out && "$@" < /dev/null > "$stdout_file" 2> "$out/$name.erl.err") || ref_rc=$?
  (cd "$ember_dir" && stdout_file=$out/$name.ember.out && PATH=$bin:$PATH "$@" < /dev/null > "$stdout_file" 2> "$out/$name.ember.err") || emb_rc=$?
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
# A process that dies of an error or a throw nothing caught is reported by the emulator through
# the logger (erts sends the event asynchronously: the node waits before it stops in order).
# Times and pids differ between runs, so they are masked.
masked_report() {
  "$@" | sed -E 's/^(=ERROR REPORT====) .* ===$/\1 TIME ===/; s/<0\.[0-9]+\.0>/<PID>/g'
}
check uncaught_error_report masked_report erl -noshell -eval '
  Wait = fun(F) -> {Pid, Ref} = spawn_monitor(F), receive {'"'DOWN'"', Ref, process, Pid, _} -> ok end end,
  Wait(fun() -> erlang:error(boom) end),
  Wait(fun() -> exit(not_reported) end),
  Wait(fun() -> register(thrower, self()), throw(ball) end),
  timer:sleep(300), init:stop().'
check module_nifs erl -noshell -eval 'io:format("~p~n", [[lists:sort(M:module_info(nifs)) || M <- [prim_file, prim_buffer, zlib, lists]]]), halt().'
check elixir_eval elixir -e 'IO.puts(1 + 1); IO.inspect(Enum.map(1..3, &(&1 * 2)))'
run_both erl_shell_from_pipe "$out" "$out" shell_from_pipe 'io:format("~p~n", [1 + 1]).\nhalt().\n' \
  timeout -k 5 60 erl
run_both iex_from_pipe "$out" "$out" shell_from_pipe 'IO.puts(1 + 1)\nSystem.halt()\n' timeout -k 5 60 iex
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

# sigterm_when_printed TEXT COMMAND...: runs COMMAND in the background, sends it SIGTERM once
# its stdout holds TEXT, and returns its exit status; timeout(1) passes the signal on and ends
# a COMMAND that ignores it.
sigterm_when_printed() {
  local text=$1
  shift
  timeout -k 5 60 "$@" &
  local vm=$!
  for _ in $(seq 100); do grep -q "$text" "$stdout_file" && break; sleep 0.1; done
  kill -TERM "$vm"
  wait "$vm"
}

# SIGTERM stops a running system in order (kernel's erl_signal_handler calls init:stop/0):
# status 0.
run_both sigterm "$out" "$out" sigterm_when_printed up erl -noshell -kernel logger_level warning \
  -eval 'io:format("up~n")'

# Releases run from their own root, with the erts directory they carry. `mix release` makes the
# Elixir release of test/release/demo twice: by mix on erl with erts' own erts directory, and by
# mix on ember with the build's erts-<vsn>/; the two differ in that directory only. systools
# makes the OTP release of test/release/hello both ways as well, as a tar unpacked into a target
# system.
erts_dir=$(cd "$bin/.." && echo "$PWD"/erts-*)
erts_vsn=${erts_dir##*/erts-}
otp_erts_dir=$(erl -noshell -eval 'io:format("~s", [code:root_dir()]), halt().')/erts-$erts_vsn
mkdir -p "$out/release-erl" "$out/release-ember"
cp -r "$here/release" "$out/release-src"
if (cd "$out/release-src/demo" && MIX_ENV=prod DEMO_ERTS=$otp_erts_dir timeout -k 5 300 mix release --path "$out/release-erl/demo" > "$out/mix_release.erl.log" 2>&1) &&
   (cd "$out/release-src/demo" && PATH=$bin:$PATH MIX_ENV=prod DEMO_ERTS=$erts_dir timeout -k 5 300 mix release --path "$out/release-ember/demo" > "$out/mix_release.ember.log" 2>&1) &&
   diff -r "$out/release-erl/demo/lib" "$out/release-ember/demo/lib" > "$out/mix_release.diff" &&
   diff -r "$out/release-erl/demo/releases" "$out/release-ember/demo/releases" >> "$out/mix_release.diff"; then
  echo "ok mix_release"
  passed=$((passed + 1))
else
  echo "FAIL mix_release"
  tail -n 10 "$out/mix_release.ember.log" "$out/mix_release.diff" | sed 's/^/  /'
  failed=$((failed + 1))
fi
run_both release_eval "$out/release-erl" "$out/release-ember" timeout -k 5 60 demo/bin/demo eval \
  ':ok = Application.load(:demo); IO.inspect({Demo.hello(), Application.get_env(:demo, :greeting), :code.root_dir() == String.to_charlist(System.fetch_env!("RELEASE_ROOT"))}); System.halt(3)'
run_both release_eval_raise "$out/release-erl" "$out/release-ember" timeout -k 5 60 demo/bin/demo eval 'raise "boom"'
# SIGTERM stops a release in order; so does `bin/demo stop`, which asks the node over
# distribution, as `bin/demo rpc` does (on an epmd port of the test's own).
run_both release_start "$out/release-erl" "$out/release-ember" \
  sigterm_when_printed "demo started" env RELEASE_DISTRIBUTION=none demo/bin/demo start
release_epmd_port=$((20000 + RANDOM % 20000))
rpc_and_stop() {
  export ERL_EPMD_PORT=$release_epmd_port RELEASE_DISTRIBUTION=sname
  timeout -k 5 60 demo/bin/demo start &
  local vm=$!
  for _ in $(seq 100); do grep -q "demo started" "$stdout_file" && break; sleep 0.1; done
  timeout -k 5 30 demo/bin/demo rpc 'IO.puts("rpc: #{node() |> Atom.to_string() |> String.starts_with?("demo@")}")'
  timeout -k 5 30 demo/bin/demo stop
  wait "$vm"
}
run_both release_rpc_stop "$out/release-erl" "$out/release-ember" rpc_and_stop
epmd -port "$release_epmd_port" -kill > /dev/null 2>&1 || true

# erts' erl names the root it was installed in; installing the target system points it at its
# own root, as the build's erl finds by itself.
install_erl() {
  local root=$1
  printf '#!/bin/sh\nROOTDIR=%s BINDIR=%s EMU=beam PROGNAME=erl\nexport ROOTDIR BINDIR EMU PROGNAME\nexec "$BINDIR/erlexec" "$@"\n' \
    "$root" "$root/erts-$erts_vsn/bin" > "$root/erts-$erts_vsn/bin/erl"
}
hello=$out/release-src/hello
if erlc -o "$hello/ebin" "$hello/src/hello_app.erl" && (cd "$hello" && EMBER_BUILD="$bin/.." erl -noshell -eval '
     Vsn = fun(App) -> application:load(App), {ok, V} = application:get_key(App, vsn), V end,
     Release = {release, {"hello", "1"}, {erts, erlang:system_info(version)},
                [{kernel, Vsn(kernel)}, {stdlib, Vsn(stdlib)}, {hello, "1.0"}]},
     ok = file:write_file("hello.rel", io_lib:format("~p.~n", [Release])),
     Options = [{path, ["ebin"]}, no_warn_sasl, silent],
     {ok, _, []} = systools:make_script("hello", Options),
     Tar = fun(Erts, To) ->
             {ok, _, []} = systools:make_tar("hello", [{erts, Erts} | Options]),
             ok = file:rename("hello.tar.gz", To)
           end,
     Tar(code:root_dir(), "hello-erl.tar.gz"),
     Tar(os:getenv("EMBER_BUILD"), "hello-ember.tar.gz"),
     halt().' > "$out/systools.log" 2>&1) &&
   mkdir -p "$out/release-erl/hello" "$out/release-ember/hello" &&
   tar xzf "$hello/hello-erl.tar.gz" -C "$out/release-erl/hello" &&
   tar xzf "$hello/hello-ember.tar.gz" -C "$out/release-ember/hello" && install_erl "$out/release-erl/hello"; then
  run_both otp_release "$out/release-erl/hello" "$out/release-ember/hello" timeout -k 5 60 "erts-$erts_vsn/bin/erl" \
    -noshell -boot releases/1/start -eval '
    {ok, Root} = file:get_cwd(),
    io:format("~p~n", [{[App || {App, _, _} <- application:which_applications()], code:root_dir() =:= Root,
                        code:which(hello_app) =:= filename:join(Root, "lib/hello-1.0/ebin/hello_app.beam")}]),
    halt(4).'
else
  echo "FAIL otp_release (systools could not make it)"
  sed 's/^/  /' "$out/systools.log" | head -10
  failed=$((failed + 1))
fi

# mix on ember: a new project's tests pass and `mix run` runs its code (mix test prints
# timings and a random seed, so its output is checked, not compared with erl's).
if (cd "$out" && export PATH=$bin:$PATH && timeout -k 5 300 mix new demo > mix.log 2>&1 && cd demo &&
    timeout -k 5 300 mix test >> ../mix.log 2>&1 && timeout -k 5 300 mix run -e 'IO.puts(Demo.hello())' >> ../mix.log 2>&1) &&
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
