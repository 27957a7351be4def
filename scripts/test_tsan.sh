#!/usr/bin/env bash
# ThreadSanitizer: builds ember and its unit tests with -fsanitize=thread (build-tsan/) and runs
# the unit tests (among them the shared tables hammered from many threads), ember's epmd and
# distribution (test/run_epmd.sh, test/run_dist.sh: the poller, its sockets, the connections)
# and the
# differential suite's concurrency programs (test/diff/smp_*.erl, which run their processes
# across schedulers) plus a fixed sample of the others, all on four online schedulers. Any race
# ThreadSanitizer reports fails the run (halt_on_error). The whole suite under TSan is
# `TSAN_ALL=1 bash scripts/test_tsan.sh`; CI runs the named part for time.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
build=build-tsan
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DEMBER_TSAN=ON > /dev/null
cmake --build "$build" -j2 --target ember ember_beams ember_tests
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1"
test/run_unit.sh "$build"
test/run_epmd.sh "$build/ember" "$build/epmd"
test/run_dist.sh "$build/ember" "$build/dist"
tests=()
if [[ -z ${TSAN_ALL:-} ]]; then
  tests=(smp_messages smp_links smp_ets smp_timers smp_registry smp_hot_load
         aliases link_monitor_sets ets_basic ets_hash_select timers_cancelled hibernate hot_loading
         many_processes multi_scheduling otp_behaviours ports_spawn prim_file_ops priority_low
         receive_basic receive_markers scheduler_binding spawn_request stacktrace_of_other statistics
         system_task_order dirty_schedulers dirty_schedulers_online dirty_blocked code_index_batch
         literal_collection ets_select_yield process_table_churn suspend_process pending_purge_fun
         dirty_call_signals system_task_busy process_info_busy gen_tcp_echo gen_udp_echo)
fi
# TSan's shadow memory and its slower code need more than the default 60 s on a loaded machine.
DIFF_TIMEOUT=300 EMBER_FLAGS="+S 4:4" test/run_diff.sh "$build/ember" "$build/diff" "${tests[@]}"
