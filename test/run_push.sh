#!/usr/bin/env bash
# `ember push` against a running node (ember's, or erl's with TARGET erl), whose long-running
# process push_kv (test/push/push_kv.erl) loops through a fully qualified call and answers with
# its code's version:
#  - v2 pushed: the output names push_kv's process as on the old code; the process answers once
#    more from v1, and from v2 after that call.
#  - v3 pushed while v1 is still there as old code: soft_purge takes it, as no process runs it;
#    a missing file in the same push is an error of its own (status 1, v3 loaded all the same).
#  - v1 pushed while push_kv still runs v2 (old code): not loaded, the process named; with
#    --purge, loaded, and push_kv killed as code:purge does.
#  - A wrong cookie, a node not running and a bad command line fail with one line (status 1, 1
#    and 2).
# Nodes use an epmd port of their own (ember's; test/dist_harness.sh).
#
#   test/run_push.sh EMBER_BINARY OUT_DIR [ember|erl]
set -euo pipefail
if [[ $# -lt 2 || $# -gt 3 || ! ${3:-ember} =~ ^(ember|erl)$ ]]; then
  echo "usage: $0 EMBER_BINARY OUT_DIR [ember|erl]" >&2
  exit 2
fi
ember=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
out=$2
target_vm=${3:-ember}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mkdir -p "$out"
out=$(cd "$out" && pwd)
for v in 1 2 3; do
  mkdir -p "$out/v$v"
  erlc -DVERSION=$v -o "$out/v$v" "$here/push/push_kv.erl"
done
source "$here/dist_harness.sh"
harness_begin push
target=push_target_$$@$host

vm=$ember
[[ $target_vm == erl ]] && vm=erl
$vm -sname "${target%@*}" -setcookie pushcookie -noshell -pa "$out/v1" -eval 'push_kv:start()' \
  > "$out/target.log" 2>&1 &
pids+=($!)
disown $!

# The version push_kv answers with, asked from a node of its own (named anew each time: the
# target may not yet have seen the last one go); none when it does not answer.
asked=0
ask() {
  asked=$((asked + 1))
  "$ember" -sname "ask_${asked}_$$" -setcookie pushcookie -noinput -pa "$out/v1" -s push_kv ask "$target" 2>&1
}

# `ember push ARGS...`: its status, its standard output and its standard error, each in a file.
push() {
  local status=0
  "$ember" push "$@" > "$out/push.out" 2> "$out/push.err" || status=$?
  echo "$status" > "$out/push.status"
}

# Checks the last push: STATUS, and an output and an error output that match the glob patterns.
pushed() {  # WHAT STATUS OUT_PATTERN ERR_PATTERN
  local status output errors
  status=$(cat "$out/push.status") output=$(cat "$out/push.out") errors=$(cat "$out/push.err")
  # shellcheck disable=SC2053 # the patterns are globs
  [[ $status == "$2" && $output == $3 && $errors == $4 ]] ||
    fail "$1: status $status, output [$output], errors [$errors]"
}

# Half a minute for the target's boot, as under the sanitizers a node boots slowly: push_kv is
# started after distribution, at the boot's end.
for _ in $(seq 300); do
  "$ember" epmd -names 2> /dev/null | grep -q "name ${target%@*} at" && break
  sleep 0.1
done
for _ in $(seq 30); do
  first=$(ask)
  [[ $first == none ]] || break
done
[[ $first == 1 ]] || fail "the target's push_kv answers $first, not 1"
old_process="1 process on the old code: <0.*.0> (push_kv)"

push -setcookie pushcookie "$target" "$out/v2/push_kv.beam"
pushed "push v2" 0 "push_kv: loaded; $old_process" ""
[[ $(ask) == 1 ]] || fail "push_kv left v1 before its next fully qualified call"
[[ $(ask) == 2 ]] || fail "push_kv does not answer with v2 after its next fully qualified call"

push --cookie pushcookie "$target" "$out/v3/push_kv.beam" "$out/missing.beam"
pushed "push v3 with a missing file" 1 "push_kv: loaded; $old_process" \
  "ember push: $out/missing.beam: cannot read: no such file or directory"

push -setcookie pushcookie "$target" "$out/v1/push_kv.beam"
pushed "push v1 while push_kv runs the old v2" 1 "" \
  "ember push: push_kv: not loaded: 1 process still on the code of an earlier load: <0.*.0> (push_kv); --purge kills such processes"
push -setcookie pushcookie --purge "${target%@*}" "$out/v1/push_kv.beam"
pushed "push --purge v1" 0 \
  "push_kv: purged the code of an earlier load; 1 process killed: <0.*.0> (push_kv)"$'\n'"push_kv: loaded; no process on the old code" ""
[[ $(ask) == none ]] || fail "push_kv still answers after --purge"

push -setcookie wrong "$target" "$out/v2/push_kv.beam"
pushed "a wrong cookie" 1 "" "ember push: cannot connect to $target: it refused the connection (a different cookie?)"
push -setcookie pushcookie "absent_$$@$host" "$out/v2/push_kv.beam"
pushed "a node not running" 1 "" \
  "ember push: cannot connect to absent_$$@$host: it is not running (epmd on $host knows no absent_$$)"
push "$target"
pushed "no file" 2 "" "ember push: no BEAM file"$'\n'"usage: ember push *"

harness_end "ok push: v2 pushed to a running $target_vm node and answered after push_kv's next fully qualified call; soft purge, --purge, a missing file, a wrong cookie and a node not running"
