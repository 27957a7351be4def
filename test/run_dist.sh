#!/usr/bin/env bash
# Distribution between ember and erl nodes on this host, each pair in both roles.
#  - test/dist/dist_probe.erl on node A against an idle node B: for ember->ember, ember->erl
#    and erl->ember its output must equal erl->erl's. Then the same through process
#    controllers (erlang:dist_ctrl_*): OTP's own example gen_tcp_dist (-proto_dist gen_tcp),
#    from Debian's source package (scripts/fetch_otp_suites.sh, cached beside the binary).
#  - A wrong cookie is refused, whichever side has it (test/dist/dist_watch.erl cookie);
#    connections that send garbage instead of a handshake are dropped, and nothing else.
#  - A peer killed with SIGKILL is nodedown at once (nodedown_reason connection_closed); one
#    stopped with SIGSTOP is nodedown within net_ticktime (4 s here; net_tick_timeout); a link to it breaks with noconnection; the peer started
#    again under its name is reachable (dist_watch nodedown).
# Nodes use an epmd port of their own (ember's; test/dist_harness.sh).
#
#   test/run_dist.sh EMBER_BINARY OUT_DIR
set -euo pipefail
if [[ $# -ne 2 ]]; then
  echo "usage: $0 EMBER_BINARY OUT_DIR" >&2
  exit 2
fi
ember=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
out=$2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mkdir -p "$out"
out=$(cd "$out" && pwd)
erlc -o "$out" "$here/dist/dist_probe.erl" "$here/dist/dist_watch.erl"
source "$here/dist_harness.sh"
harness_begin dist
tag=$$

vm() {  # ember|erl -> command
  if [[ $1 == ember ]]; then echo "$ember"; else echo erl; fi
}

otp_source=$(bash "$here/../scripts/fetch_otp_suites.sh" "$(dirname "$ember")/otp-suites")
erlc -o "$out" "$otp_source/lib/kernel/examples/gen_tcp_dist/src/gen_tcp_dist.erl"

# A peer node NAME on VM with COOKIE, idle; its pid is added to pids.
start_peer() {  # VM NAME COOKIE [FLAGS...]
  local v=$1 name=$2 cookie=$3
  shift 3
  $(vm "$v") -sname "$name" -setcookie "$cookie" -noshell -pa "$out" "$@" \
    -eval 'receive after infinity -> ok end' > "$out/$name.log" 2>&1 &
  peer_pid=$!
  disown "$peer_pid"
  pids+=("$peer_pid")
  for _ in $(seq 100); do
    "$ember" epmd -names 2> /dev/null | grep -q "name $name at" && return
    sleep 0.1
  done
  fail "peer $name ($v) did not register with epmd"
}

# The probe, for each pair; erl->erl is the reference. PROTO is inet_tcp (ports) or gen_tcp
# (process controllers).
probe() {  # PROTO
  local proto=$1 pair a b name result
  for pair in erl:erl ember:ember ember:erl erl:ember; do
    a=${pair%:*} b=${pair#*:}
    name=probe_${proto}_${a}_${b}_$tag
    result=$out/probe.$proto.$a-$b
    start_peer "$b" "peer_$name" cookie -proto_dist "$proto"
    timeout 120 $(vm "$a") -sname "$name" -setcookie cookie -noshell -pa "$out" -proto_dist "$proto" \
      -s dist_probe main "peer_$name@$host" > "$result" 2> "$result.err" || true
    kill -9 "$peer_pid" 2> /dev/null || true
    if [[ $pair != erl:erl ]] && ! diff -u "$out/probe.$proto.erl-erl" "$result" > "$result.diff"; then
      fail "probe $a -> $b ($proto) differs from erl -> erl:"
      head -n 40 "$result.diff"
    fi
  done
}
probe inet_tcp
probe gen_tcp

# A wrong cookie: refused in both roles.
for pair in ember:erl erl:ember ember:ember; do
  a=${pair%:*} b=${pair#*:}
  name=cookie_${a}_${b}_$tag
  start_peer "$b" "peer_$name" right
  got=$(timeout 60 $(vm "$a") -sname "$name" -setcookie wrong -noshell -pa "$out" \
          -s dist_watch cookie "peer_$name@$host" 2> "$out/$name.err" | tr '\n' ' ')
  kill -9 "$peer_pid" 2> /dev/null || true
  [[ $got == "ping: pang nodes: [] " ]] || fail "wrong cookie $a -> $b: $got"
done

# Garbage instead of a handshake: the peer drops those connections only.
for b in ember erl; do
  name=garbage_${b}_$tag
  start_peer "$b" "peer_$name" cookie
  got=$(timeout 60 erl -sname "$name" -setcookie cookie -noshell -pa "$out" \
          -s dist_watch garbage "peer_$name@$host" 2> "$out/$name.err")
  kill -9 "$peer_pid" 2> /dev/null || true
  [[ $got == "garbage: pong [peer_$name@$host]" ]] || fail "garbage to $b: $got"
done

# A peer's end: SIGKILL (seen at once) and SIGSTOP (seen within net_ticktime), then the peer
# again under its name.
watch() {  # A B SIGNAL LIMIT_MS REASON [PEER_FLAGS...]
  local a=$1 b=$2 sig=$3 limit=$4 reason=$5
  shift 5
  local name=watch_${a}_${b}_${sig}_$tag
  start_peer "$b" "peer_$name" cookie "$@"
  local victim=$peer_pid
  local log=$out/$name.out
  timeout 90 $(vm "$a") -sname "$name" -setcookie cookie -noshell -pa "$out" "$@" \
    -s dist_watch nodedown "peer_$name@$host" "$limit" > "$log" 2> "$out/$name.err" &
  local watcher=$!
  for _ in $(seq 600); do  # a minute: under the sanitizers a node boots slowly
    grep -qs connected "$log" && break
    sleep 0.1
  done
  grep -qs connected "$log" || fail "watch $a -> $b ($sig): no connection"
  kill -"$sig" "$victim"
  if [[ $sig == STOP ]]; then
    sleep $(( limit / 1000 + 1 ))
    kill -CONT "$victim" 2> /dev/null || true
    kill -9 "$victim" 2> /dev/null || true
  fi
  start_peer "$b" "peer_$name" cookie "$@"
  wait "$watcher" || true
  kill -9 "$peer_pid" 2> /dev/null || true
  local rest
  # (the node also logs the timed-out connection, as erl does, between these lines)
  rest=$(grep -E '^(nodedown|reason|link|nodes|reconnect): ' "$log" | tr '\n' ' ')
  [[ $rest == "nodedown: true reason: $reason link: noconnection nodes: [] reconnect: pong " ]] ||
    fail "watch $a -> $b ($sig): $rest"
}
for pair in ember:erl erl:ember ember:ember; do
  watch "${pair%:*}" "${pair#*:}" KILL 2000 connection_closed
  watch "${pair%:*}" "${pair#*:}" STOP 9000 net_tick_timeout -kernel net_ticktime 4
done

harness_end "ok dist: the probe ($(wc -l < "$out/probe.inet_tcp.erl-erl") lines) as erl->erl in 3 pairings, over ports and over process controllers; wrong cookies refused; garbage handshakes dropped; SIGKILL, SIGSTOP and restart seen"
