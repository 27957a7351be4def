#!/usr/bin/env bash
# An idle VM, as a phone sees it: each VM boots with -noshell and nothing to do; after it has
# settled (3 s), the context switches of all its threads are counted over a window (wake-ups
# per second: battery), and its resident and virtual memory and thread count are read.
#
#   bench/idle.sh [--ember FILE] [--seconds N]      (ember: build/ember; N: 10)
set -euo pipefail
cd "$(dirname "$0")/.."
ember=build/ember
seconds=10
while [[ $# -gt 0 ]]; do
  case $1 in
    --ember) ember=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    *) echo "usage: $0 [--ember FILE] [--seconds N]" >&2; exit 2 ;;
  esac
done
[[ $ember == build/ember ]] && bash scripts/build.sh > /dev/null

switches() { cat /proc/"$1"/task/*/status 2>/dev/null | awk '/ctxt_switches/ { n += $2 } END { print n + 0 }'; }
status_kb() { awk -v k="$2:" '$1 == k { print $2 }' /proc/"$1"/status; }

measure() {  # name, command...
  local name=$1
  shift
  "$@" -noshell > /dev/null 2>&1 < /dev/null &
  local pid=$!
  sleep 3
  local before after
  before=$(switches $pid)
  sleep "$seconds"
  after=$(switches $pid)
  printf '%-6s %12s %10s %12s %8s\n' "$name" \
    "$(awk -v n=$((after - before)) -v s="$seconds" 'BEGIN { printf "%.1f", n / s }')" \
    "$(status_kb $pid VmRSS)" "$(status_kb $pid VmSize)" "$(ls /proc/$pid/task | wc -l)"
  kill $pid
  wait $pid 2> /dev/null || true
}

printf '%-6s %12s %10s %12s %8s\n' VM "wake-ups/s" "RSS KB" "virtual KB" threads
measure ember "$ember"
measure erl erl
