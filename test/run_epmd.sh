#!/usr/bin/env bash
# ember's epmd against erts' own: test/epmd/epmd_probe.erl (run by erl) registers names, asks
# for them, and sends garbage of every kind; its output must be the same from `ember epmd` as
# from erts' epmd. Then an erl node registers with ember's epmd, and `ember epmd -names` and
# erts' `epmd -names` must list it alike; `ember epmd -kill` ends the server.
#
#   test/run_epmd.sh EMBER_BINARY OUT_DIR
set -euo pipefail
if [[ $# -ne 2 ]]; then
  echo "usage: $0 EMBER_BINARY OUT_DIR" >&2
  exit 2
fi
ember=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
out=$2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mkdir -p "$out"
erlc -o "$out" "$here/epmd/epmd_probe.erl"

# Ports of their own, away from a developer's epmd on 4369.
ember_port=$((20000 + RANDOM % 20000))
erts_port=$((ember_port + 1))
pids=()
trap 'kill "${pids[@]}" 2> /dev/null || true' EXIT

"$ember" epmd -port "$ember_port" &
pids+=($!)
epmd -port "$erts_port" 2> "$out/erts-epmd.log" &
pids+=($!)
sleep 0.5

probe() { timeout 60 erl -noshell -pa "$out" -s epmd_probe main "$1"; }
probe "$ember_port" > "$out/probe.ember"
probe "$erts_port" > "$out/probe.erts"
if ! diff -u "$out/probe.erts" "$out/probe.ember"; then
  echo "FAIL epmd probe: ember's epmd answers otherwise than erts'"
  exit 1
fi

ERL_EPMD_PORT=$ember_port erl -sname "epmd_test_$ember_port" -noshell -eval 'receive after 20000 -> ok end' > /dev/null 2>&1 &
pids+=($!)
for _ in $(seq 50); do
  "$ember" epmd -port "$ember_port" -names | grep -q "epmd_test_$ember_port" && break
  sleep 0.2
done
"$ember" epmd -port "$ember_port" -names | sed "s/on port $ember_port /on port PORT /" > "$out/names.ember"
epmd -port "$ember_port" -names | sed "s/on port $ember_port /on port PORT /" > "$out/names.erts"
if ! grep -q "name epmd_test_$ember_port at port" "$out/names.ember" || ! diff -u "$out/names.erts" "$out/names.ember"; then
  echo "FAIL epmd names: an erl node registered with ember's epmd is not listed alike"
  cat "$out/names.ember"
  exit 1
fi
if [[ $("$ember" epmd -port "$ember_port" -kill) != "Killing not allowed - living nodes in database." ]]; then
  echo "FAIL epmd kill: allowed with a node registered"
  exit 1
fi
kill "${pids[2]}"
wait "${pids[2]}" 2> /dev/null || true
sleep 0.3
if [[ $("$ember" epmd -port "$ember_port" -kill) != Killed ]] || ! wait "${pids[0]}"; then
  echo "FAIL epmd kill: the server did not end"
  exit 1
fi
epmd -port "$erts_port" -kill > /dev/null
echo "ok epmd: the probe's $(wc -l < "$out/probe.ember") answers as erts', an erl node registered, killed"
