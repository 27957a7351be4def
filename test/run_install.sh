#!/usr/bin/env bash
# `cmake --install` of a build runs from wherever it is put: erl there boots OTP, and -bare finds
# ember's own modules in the install's lib/ember/ebin.
#
#   test/run_install.sh BUILD_DIR OUT_DIR
set -euo pipefail
if [[ $# -ne 2 ]]; then
  echo "usage: $0 BUILD_DIR OUT_DIR" >&2
  exit 2
fi
build=$1
rm -rf "$2" && mkdir -p "$2"
out=$(cd "$2" && pwd)
cmake --install "$build" --prefix "$out/prefix" > "$out/install.log"
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
erlc -o "$out" "$here/../examples/hello.erl"
fail=0
check() {  # name, expected, actual
  if [[ $3 == "$2" ]]; then echo "ok $1"; else printf 'FAIL %s: printed\n%s\n' "$1" "$3"; fail=1; fi
}
check "installed erl" "6" "$(cd / && "$out/prefix/bin/erl" -noshell -eval 'io:format("~p~n", [lists:sum([1,2,3])]), halt().' 2>&1)"
check "installed ember -bare" "Hello from ember!" \
  "$(cd / && "$out/prefix/bin/ember" -bare -pa "$out" -s hello main 2>&1 | head -1)"
exit $fail
