#!/usr/bin/env bash
# The embedding example (examples/embed/): a C host program boots OTP and Elixir through
# include/ember.h, exchanges terms with an Elixir module and stops the VM; its output must be
# test/embed/expected.txt. RUNNER words, if any, run the host (qemu-aarch64 -L SYSROOT for a
# cross build).
#
#   test/run_embed.sh BUILD_DIR OUT_DIR [RUNNER...]
set -euo pipefail
if [[ $# -lt 2 ]]; then
  echo "usage: $0 BUILD_DIR OUT_DIR [RUNNER...]" >&2
  exit 2
fi
build=$(cd "$1" && pwd)
mkdir -p "$2"
out=$(cd "$2" && pwd)
shift 2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
elixir_ebin=$(dirname "$(elixir -e 'IO.puts(:code.which(Kernel))' 2>/dev/null)")
elixirc -o "$out" "$here/../examples/embed/embed_demo.ex" > "$out/elixirc.log" 2>&1
# A VM that never ends must not hang the test command.
status=0
timeout 120 "$@" "$build/ember_embed_example" "$build/lib/ember/ebin" "$out" "$elixir_ebin" \
  > "$out/output.txt" 2> "$out/stderr.txt" || status=$?
if [[ $status -eq 0 ]] && diff -u "$here/embed/expected.txt" "$out/output.txt"; then
  echo "ok embedding example"
else
  echo "FAIL embedding example: status $status (stderr in $out/stderr.txt)"
  exit 1
fi
