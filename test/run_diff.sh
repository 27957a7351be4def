#!/usr/bin/env bash
# Differential tests: run each test/diff/NAME.erl on the reference BEAM (erl) and on ember,
# compare stdout byte for byte and the exit status.
#
#   test/run_diff.sh [--boot] EMBER_BINARY BUILD_DIR [NAME...]
#
# ember runs each program in -bare mode; with --boot both VMs boot OTP and run it as
# `-noshell -pa BUILD_DIR -s NAME main -s init stop`.
# Without NAMEs every test/diff/*.erl runs (test/diff/pending/ is skipped). A NAME may also
# name a pending test (pending/NAME or just NAME when only pending/NAME.erl exists), which is
# handy when teaching the VM something new. A test whose first line is `%% flags: FLAGS` runs
# with those emulator flags (such as `+P 400000`) on both VMs; one with a line `%% boot` among
# its first two always boots. See test/diff/README.md.
# EMBER_EMULATOR, when set, is a command that runs EMBER_BINARY for another architecture (such
# as `qemu-aarch64 -L SYSROOT`); the reference runs stay on the host's erl. EMBER_FLAGS, when
# set, are emulator flags for ember's runs alone (such as `+S 4:4`): the output must not
# depend on them.
# What does not depend on ember, the compiled modules and erl's runs, is kept in DIFF_CACHE
# (by default build/diff-cache in the checkout; `none` keeps nothing), keyed by the test's
# source, the support modules, erl's version and the mode: the suite's later runs (on other
# schedulers, under the sanitizers, by other compilers) run ember alone.
set -euo pipefail

mode=bare
if [[ ${1:-} == --boot ]]; then
  mode=boot
  shift
fi
if [[ $# -lt 2 ]]; then
  echo "usage: $0 [--boot] EMBER_BINARY BUILD_DIR [NAME...]" >&2
  exit 2
fi

ember=$1
build=$2

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
diff_dir=$here/diff
timeout_s=${DIFF_TIMEOUT:-60}
# Elixir's own library (compiled by OTP 24) is on both VMs' code path, so a test can call it.
elixir_pa=""
if elixir_bin=$(command -v elixir); then
  elixir_ebin=$(dirname "$(readlink -f "$elixir_bin")")/../lib/elixir/ebin
  [ -d "$elixir_ebin" ] && elixir_pa="-pa $(cd "$elixir_ebin" && pwd)"
fi

# ember writes instruction-coverage counts there when asked; just pass it through
# (as an absolute path, since the VMs run in BUILD_DIR/out).
if [[ -n "${EMBER_COVERAGE_DIR:-}" ]]; then
  [[ "$EMBER_COVERAGE_DIR" == /* ]] || EMBER_COVERAGE_DIR=$PWD/$EMBER_COVERAGE_DIR
  export EMBER_COVERAGE_DIR
fi
# No erl_crash.dump files when a reference run crashes.
export ERL_CRASH_DUMP_SECONDS=0

# Runs happen in BUILD_DIR/out, so make the binary's path absolute.
if [[ "$ember" == */* ]]; then
  ember=$(cd "$(dirname "$ember")" 2>/dev/null && pwd)/$(basename "$ember") || true
else
  ember=$(command -v "$ember" || true)
fi
if [[ -z "$ember" || ! -x "$ember" || -d "$ember" ]]; then
  echo "ember binary not found or not executable: $1" >&2
  exit 2
fi
shift 2
read -r -a emulator <<< "${EMBER_EMULATOR:-}"
mkdir -p "$build"
build=$(cd "$build" && pwd)
out_dir=$build/out
mkdir -p "$out_dir"

# Modules the tests use but that are not tests themselves (no main/0).
shopt -s nullglob
support=("$diff_dir"/support/*.erl)
shopt -u nullglob
if [[ ${#support[@]} -gt 0 ]] && ! erlc -o "$build" "${support[@]}" > "$out_dir/support.erlc.log" 2>&1; then
  echo "FAIL support modules (erlc failed)"
  cat "$out_dir/support.erlc.log"
  exit 1
fi

# Resolve the list of source files.
sources=()
if [[ $# -eq 0 ]]; then
  shopt -s nullglob
  sources=("$diff_dir"/*.erl)
  shopt -u nullglob
else
  for name in "$@"; do
    name=${name%.erl}
    if [[ -f "$diff_dir/$name.erl" ]]; then
      sources+=("$diff_dir/$name.erl")
    elif [[ -f "$diff_dir/pending/$name.erl" ]]; then
      sources+=("$diff_dir/pending/$name.erl")
    else
      echo "no such test: $name" >&2
      exit 2
    fi
  done
fi

cache=${DIFF_CACHE:-$here/../build/diff-cache}
if [[ $cache != none ]]; then
  mkdir -p "$cache"
  cache=$(cd "$cache" && pwd)
fi
# What every key depends on besides the test's own source.
common_key=$( {
  erl -noshell -eval 'io:put_chars([erlang:system_info(otp_release), $/, erlang:system_info(version)]), halt().'
  echo "$elixir_pa"
  cat "$diff_dir"/support/* 2> /dev/null || true
} | sha1sum | cut -c1-16)
key_of() {  # SOURCE
  { echo "$common_key"; cat "$1"; } | sha1sum | cut -c1-16
}

# One erlc for every module not in the cache (an erlc starts in half a second; the suite
# compiles in 3 s so, 26 s one by one). erlc stops at a module that fails; that one and the
# rest are compiled one by one below, which reports the failure.
fresh=$build/fresh-beams
rm -rf "$fresh" && mkdir -p "$fresh"
to_compile=()
for src in "${sources[@]}"; do
  [[ $cache != none && -f $cache/$(basename "$src" .erl)-$(key_of "$src").beam ]] || to_compile+=("$src")
done
if [[ ${#to_compile[@]} -gt 0 ]]; then
  erlc -o "$fresh" "${to_compile[@]}" > "$out_dir/erlc.log" 2>&1 || true
fi

# Puts NAME's module in BUILD_DIR: from the cache, from the batch, or compiled now.
compile() {  # SOURCE NAME KEY
  local src=$1 name=$2 key=$3
  if [[ $cache != none && -f $cache/$name-$key.beam ]]; then
    cp "$cache/$name-$key.beam" "$build/$name.beam"
    return
  fi
  if [[ -f $fresh/$name.beam ]]; then
    mv "$fresh/$name.beam" "$build/$name.beam"
  else
    erlc -o "$build" "$src" > "$out_dir/$name.erlc.log" 2>&1 || return 1
  fi
  [[ $cache == none ]] || cp "$build/$name.beam" "$cache/$name-$key.beam"
}

passed=0
failed=0

# Print at most N lines of a file, indented.
excerpt() {
  local file=$1 n=$2
  head -n "$n" "$file" | sed 's/^/    /'
  local total
  total=$(wc -l < "$file")
  if (( total > n )); then
    echo "    ... ($((total - n)) more lines)"
  fi
}

# Exit status as text; 124 is timeout(1)'s.
describe() {
  case $1 in
    124) echo "124 (timeout after ${timeout_s}s)" ;;
    *) echo "$1" ;;
  esac
}

for src in "${sources[@]}"; do
  name=$(basename "$src" .erl)
  ref_out=$out_dir/$name.erl.stdout
  ref_err=$out_dir/$name.erl.stderr
  emb_out=$out_dir/$name.ember.stdout
  emb_err=$out_dir/$name.ember.stderr

  key=$(key_of "$src")
  if ! compile "$src" "$name" "$key"; then
    echo "FAIL $name (erlc failed)"
    excerpt "$out_dir/$name.erlc.log" 20
    failed=$((failed + 1))
    continue
  fi

  flags=()
  if [[ $(head -n 1 "$src") =~ ^%%\ flags:\ (.*)$ ]]; then
    read -r -a flags <<< "${BASH_REMATCH[1]}"
  fi
  read -r -a ember_flags <<< "${EMBER_FLAGS:-}"

  # -bare runs main and exits when it returns; a boot runs it after init's boot script, as erl.
  # A test that needs OTP's applications (networking needs kernel's inet_db) says `%% boot`
  # on one of its first two lines, and boots in either mode.
  test_mode=$mode
  head -n 2 "$src" | grep -qx '%% boot' && test_mode=boot
  if [[ $test_mode == boot ]]; then
    ref_cmd=(erl "${flags[@]}" -noshell -pa "$build" $elixir_pa -s "$name" main -s init stop)
    emb_cmd=("${emulator[@]}" "$ember" "${ember_flags[@]}" "${flags[@]}" -noshell -pa "$build" $elixir_pa -s "$name" main -s init stop)
  else
    ref_cmd=(erl "${flags[@]}" -noshell -pa "$build" $elixir_pa -s "$name" main -s erlang halt)
    emb_cmd=("${emulator[@]}" "$ember" -bare "${ember_flags[@]}" "${flags[@]}" -pa "$build" $elixir_pa -s "$name" main)
  fi
  ref_cached=$cache/$name-$key-$test_mode
  if [[ $cache != none && -f $ref_cached.rc ]]; then
    cp "$ref_cached.stdout" "$ref_out"
    ref_rc=$(< "$ref_cached.rc")
  else
    ref_rc=0
    (cd "$out_dir" && timeout -k 5 "$timeout_s" "${ref_cmd[@]}" < /dev/null > "$ref_out" 2> "$ref_err") || ref_rc=$?
    # A run that timed out is not kept: a loaded machine may have slowed it.
    if [[ $cache != none && $ref_rc -ne 124 && $ref_rc -ne 137 ]]; then
      cp "$ref_out" "$ref_cached.stdout"
      echo "$ref_rc" > "$ref_cached.rc"
    fi
  fi
  emb_rc=0
  (cd "$out_dir" && timeout -k 5 "$timeout_s" "${emb_cmd[@]}" < /dev/null > "$emb_out" 2> "$emb_err") || emb_rc=$?

  if [[ $ref_rc -eq $emb_rc ]] && cmp -s "$ref_out" "$emb_out"; then
    echo "ok $name"
    passed=$((passed + 1))
  else
    echo "FAIL $name"
    echo "  exit status: erl $(describe "$ref_rc"), ember $(describe "$emb_rc")"
    if ! cmp -s "$ref_out" "$emb_out"; then
      diff -u -a --label "erl/$name" --label "ember/$name" "$ref_out" "$emb_out" \
        | head -n 40 | sed 's/^/  /' || true
    fi
    if [[ -s "$emb_err" ]]; then
      echo "  ember stderr:"
      excerpt "$emb_err" 10
    fi
    failed=$((failed + 1))
  fi
done

echo "$passed passed, $failed failed"
if (( failed > 0 || passed == 0 )); then
  exit 1
fi
