# Sourced by the tests that run nodes (run_dist.sh, run_push.sh, run_kv_store.sh): an epmd of
# their own (ember's, on a random ERL_EPMD_PORT, away from a developer's on 4369), the OS
# processes they start, killed at exit (stopped ones resumed first), and failures counted.
#
#   ember=/path/to/ember; source "$here/dist_harness.sh"; harness_begin NAME
#   ... pids+=($!) for each process started; fail "what" ...
#   harness_end "ok line"          # exits 1 if anything failed

harness_begin() {  # NAME
  harness_name=$1
  failed=0
  pids=()
  host=$(hostname -s)
  export ERL_EPMD_PORT=$((20000 + RANDOM % 20000))
  trap harness_cleanup EXIT
  "$ember" epmd &
  pids+=($!)
  disown $!
  sleep 0.3
}

harness_cleanup() {
  kill -CONT "${pids[@]}" 2> /dev/null || true
  kill -9 "${pids[@]}" 2> /dev/null || true
  "$ember" epmd -kill > /dev/null 2>&1 || true
}

fail() {
  echo "FAIL $harness_name: $*"
  failed=1
}

harness_end() {  # OK_LINE
  if (( failed )); then
    exit 1
  fi
  echo "$1"
}
