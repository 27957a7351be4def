#!/usr/bin/env bash
# An app bundle (scripts/make_bundle.sh) of the hello-world Elixir app (examples/hello_elixir/)
# boots from its own directory with an empty environment: ember finds OTP, Elixir and the app
# beside itself. RUNNER words, if any, run ember (qemu-aarch64 -L SYSROOT for a cross build).
#
#   test/run_bundle.sh [--strip PROGRAM] EMBER OUT_DIR [RUNNER...]
set -euo pipefail
strip=(--strip strip)
if [[ ${1:-} == --strip ]]; then
  strip=(--strip "$2")
  shift 2
fi
if [[ $# -lt 2 ]]; then
  echo "usage: $0 [--strip PROGRAM] EMBER OUT_DIR [RUNNER...]" >&2
  exit 2
fi
ember=$1
mkdir -p "$2"
out=$(cd "$2" && pwd)
shift 2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mkdir -p "$out/hello/ebin"
elixirc -o "$out/hello/ebin" "$here/../examples/hello_elixir/hello.ex" > "$out/elixirc.log" 2>&1
"$here/../scripts/make_bundle.sh" "${strip[@]}" --ember "$ember" --elixir "$out/bundle" "$out/hello/ebin" \
  > "$out/size.txt"
runner=()
[[ $# -gt 0 ]] && runner=("$(command -v "$1")" "${@:2}")
want='Hello from Elixir on ember: 55 %{otp: "25"}'
got=$(cd / && timeout 120 env -i "${runner[@]}" "$out/bundle/bin/ember" -noshell \
  -eval "'Elixir.Hello':main(), halt()." 2>&1) || true
if [[ $got == "$want" ]]; then
  echo "ok app bundle ($(head -1 "$out/size.txt" | cut -d: -f2 | xargs))"
else
  printf 'FAIL app bundle: printed\n%s\ninstead of\n%s\n' "$got" "$want"
  exit 1
fi
