#!/usr/bin/env bash
# Distribution between two nodes on this host, ember<->ember against erl<->erl in one run
# (bench/dist/dist_bench.erl): small-message round trip, 1 KB and 1 MB throughput, rpc:call rate,
# connection set-up. Prints a table with ember's figure over erl's (a ratio in erl's favour
# when above 1 for times, below 1 for rates).
#
#   bench/dist.sh [--ember FILE] [--rounds N]      (ember: build/ember; N: 3, medians kept)
set -euo pipefail
cd "$(dirname "$0")/.."
ember=build/ember
rounds=3
while [[ $# -gt 0 ]]; do
  case $1 in
    --ember) ember=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    *) echo "usage: $0 [--ember FILE] [--rounds N]" >&2; exit 2 ;;
  esac
done
[[ $ember == build/ember ]] && bash scripts/build.sh > /dev/null
ember=$(cd "$(dirname "$ember")" && pwd)/$(basename "$ember")
out=$(mktemp -d)
trap 'rm -rf "$out"; "$ember" epmd -kill > /dev/null 2>&1 || true' EXIT
erlc -o "$out" bench/dist/dist_bench.erl
export ERL_EPMD_PORT=$((20000 + RANDOM % 20000))
"$ember" epmd &
disown $!
sleep 0.3
host=$(hostname -s)

run() {  # VM ROUND -> figures in $out/VM.ROUND
  local vm=$1 round=$2 name=bench_$(basename "$1")_$2_$$
  "$vm" -sname "peer_$name" -setcookie bench -noshell -pa "$out" -eval 'receive after infinity -> ok end' &
  local peer=$!
  disown $peer
  sleep 1
  "$vm" -sname "$name" -setcookie bench -noshell -pa "$out" -s dist_bench main "peer_$name@$host" \
    > "$out/$(basename "$vm").$round"
  kill -9 $peer
}
for round in $(seq "$rounds"); do
  run erl "$round"
  run "$ember" "$round"
done

median() {  # VM NAME
  cat "$out/$1".* | awk -v n="$2" '$1 == n { print $2 }' | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}
printf '%-18s %12s %12s %8s\n' figure erl ember ember/erl
for name in round_trip throughput_1kb throughput_1mb rpc_call connection_setup; do
  e=$(median erl "$name")
  m=$(median "$(basename "$ember")" "$name")
  unit=$(awk -v n="$name" '$1 == n { print $3; exit }' "$out/erl.1")
  printf '%-18s %12s %12s %8.2f  %s\n' "$name" "$e" "$m" "$(awk -v a="$m" -v b="$e" 'BEGIN { print a / b }')" "$unit"
done
