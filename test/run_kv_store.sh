#!/usr/bin/env bash
# The replicated key-value store of examples/kv_store/, compiled by the reference elixirc and
# run on two nodes, for each pairing of primary and secondary (ember + ember, erl + ember; and
# erl + erl first, as the reference):
#  - the primary starts with 50 keys, then the secondary joins (and copies them);
#  - a client on a third node (test/kv_store/kv_client.ex; on ember with an ember secondary)
#    writes until 2,000 writes are acknowledged; after the 1,000th the primary is killed with
#    SIGKILL, while writes go on;
#  - the secondary must have taken the global name over, the client's writes must have gone on
#    through it, and every acknowledged key (and the 50 first ones) must be read back from the
#    secondary with its value.
# Nodes use an epmd port of their own (ember's; test/dist_harness.sh).
#
#   test/run_kv_store.sh EMBER_BINARY OUT_DIR
set -euo pipefail
if [[ $# -ne 2 ]]; then
  echo "usage: $0 EMBER_BINARY OUT_DIR" >&2
  exit 2
fi
ember=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
bin=$(dirname "$ember")/bin  # erl, erlc... on ember: with it first on PATH, elixir runs on ember
if [[ ! -x $ember || ! -x $bin/erl ]]; then
  echo "FAIL kv_store: no $ember, or no $bin/erl (the build makes it beside ember)"
  exit 1
fi
out=$2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
example=$here/../examples/kv_store
mkdir -p "$out"
out=$(cd "$out" && pwd)
rm -rf "$out/ebin"
if ! elixirc -o "$out/ebin" "$example"/lib/kv.ex "$example"/lib/kv/server.ex \
       "$here/kv_store/kv_client.ex" > "$out/elixirc.log" 2>&1; then
  cat "$out/elixirc.log"
  echo "FAIL kv_store: elixirc"
  exit 1
fi
source "$here/dist_harness.sh"
harness_begin kv_store
tag=$$
writes=2000
kill_after=1000
seeds=50
# Runs elixir ARGS... on VM (ember|erl) in the background, as $! (the scripts exec the VM),
# or under timeout if LIMIT_S is not 0.
run_elixir() {  # VM LIMIT_S LOG ARGS...
  local v=$1 limit=$2 log=$3
  shift 3
  local cmd=(elixir --cookie kv_test -pa "$out/ebin" "$@")
  (( limit == 0 )) || cmd=(timeout -s KILL "$limit" "${cmd[@]}")
  (
    [[ $v == ember ]] && export PATH=$bin:$PATH
    exec "${cmd[@]}"
  ) < /dev/null > "$log" 2>&1 &
  pids+=($!)
}

# Starts node NAME on VM, running EXPR and then printing "ready", and waits up to 30 s for
# that line; its OS pid is then in node_pid. It is disowned: bash says nothing when it is
# killed.
start_node() {  # VM NAME EXPR
  run_elixir "$1" 0 "$out/$2.log" --sname "$2" --no-halt -e "$3; IO.puts(\"ready\")"
  node_pid=$!
  disown "$node_pid"
  for _ in $(seq 300); do
    grep -qsx ready "$out/$2.log" && return
    sleep 0.1
  done
  fail "$2 ($1) did not start:"
  tail -n 20 "$out/$2.log"
  return 1
}

pairing() {  # PRIMARY_VM SECONDARY_VM CLIENT_VM
  local p=$1 s=$2 c=$3
  local primary=alice_${p}_${s}_$tag secondary=bob_${p}_${s}_$tag client=carol_${p}_${s}_$tag
  start_node "$p" "$primary" "
    {:ok, _} = KV.start_primary()
    for i <- 1..$seeds, do: :ok = KV.put(\"seed#{i}\", i)" || return 0
  local primary_pid=$node_pid
  start_node "$s" "$secondary" "{:ok, _} = KV.start_secondary(:\"$primary@$host\")" || return 0
  local secondary_pid=$node_pid
  local log=$out/$client.log
  run_elixir "$c" 30 "$log" --sname "$client" -e 'KVClient.main(System.argv())' -- \
    "$primary@$host" "$secondary@$host" "$writes" "$seeds"
  local client_pid=$!
  # tail -F wakes at each line the client writes: polling the log let the client run
  # hundreds of writes further on a loaded machine.
  if ! timeout 30 grep -m 1 -qx "acked $kill_after" \
       < <(tail -n +1 -F --pid="$client_pid" "$log" 2> /dev/null); then
    fail "$p + $s: the client did not reach $kill_after acks:"
    tail -n 20 "$log"
    return 0
  fi
  kill -9 "$primary_pid"
  local rc=0
  wait "$client_pid" || rc=$?  # 137 if it ran out of time (30 s, where it needs 1 or 2)
  kill -9 "$secondary_pid"
  local down
  down=$(sed -n 's/^primary down after \([0-9]*\) acks$/\1/p' "$log")
  if (( rc != 0 )) || [[ -z $down ]] || (( down < kill_after || down >= writes )) ||
     ! grep -qx "acked $writes, gave up on 0, .*" "$log" ||
     ! grep -qx "KV is on $secondary@$host" "$log"; then
    fail "$p primary + $s secondary, client on $c (exit $rc), the client's last lines:"
    tail -n 12 "$log"
    echo "the secondary's last lines:"
    tail -n 6 "$out/$secondary.log"
    return 0
  fi
  summary+="; $p + $s: primary down after $down acks, $(grep -o 'longest put .*' "$log")"
}

summary=
start=$SECONDS
pairing erl erl erl  # the reference: if this fails, the example or the test is wrong
pairing ember ember ember
pairing erl ember ember

harness_end "ok kv_store: 2,000 acknowledged writes, primary SIGKILLed mid-way, all read back from the secondary ($((SECONDS - start)) s$summary)"
