%% Process creation and teardown: many spawn_monitor calls, in batches, of processes that
%% exit at once with a reason carrying a value, each awaited through its 'DOWN' message.
-module(bench_spawn).
-export([run/1]).

-define(BATCH, 100).

run(quick) -> run_batches(100);
run(default) -> run_batches(5000).

run_batches(Batches) ->
    Sum = batches(Batches, 0, 0),
    N = Batches * ?BATCH,
    check(Sum, N * (N + 1) div 2).

batches(0, _, Sum) -> Sum;
batches(B, Base, Sum) ->
    Monitors = [spawn_monitor(fun() -> exit({done, Base + I}) end)
                || I <- lists:seq(1, ?BATCH)],
    batches(B - 1, Base + ?BATCH, await(Monitors, Sum)).

await([], Sum) -> Sum;
await([{Pid, Ref} | Rest], Sum) ->
    receive
        {'DOWN', Ref, process, Pid, {done, I}} -> await(Rest, Sum + I)
    end.

check(Expected, Expected) -> ok;
check(Got, _) -> erlang:error({wrong_result, spawn, Got}).
