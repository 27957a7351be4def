%% One process scatters requests to many workers and gathers their replies, round after
%% round: many live processes, a mailbox filling with replies, and receive in arrival order.
-module(bench_fan_out).
-export([run/1]).

run(quick) -> run(200, 100);
run(default) -> run(1000, 1500).

run(Workers, Rounds) ->
    Self = self(),
    Pids = [spawn_monitor(fun() -> worker(Self, I) end) || I <- lists:seq(1, Workers)],
    Sum = rounds(Rounds, [Pid || {Pid, _} <- Pids], 0),
    [Pid ! stop || {Pid, _} <- Pids],
    [receive {'DOWN', Ref, process, Pid, normal} -> ok end || {Pid, Ref} <- Pids],
    %% Worker I answers round R with I * R + 1.
    Expected = (Workers * (Workers + 1) div 2) * (Rounds * (Rounds + 1) div 2)
        + Workers * Rounds,
    check(Sum, Expected).

rounds(0, _, Sum) -> Sum;
rounds(R, Pids, Sum) ->
    Msg = {request, R},
    lists:foreach(fun(Pid) -> Pid ! Msg end, Pids),
    rounds(R - 1, Pids, gather(length(Pids), R, Sum)).

gather(0, _, Sum) -> Sum;
gather(N, R, Sum) ->
    receive
        {reply, R, Value} -> gather(N - 1, R, Sum + Value)
    end.

worker(Master, I) ->
    receive
        {request, R} ->
            Master ! {reply, R, I * R + 1},
            worker(Master, I);
        stop ->
            ok
    end.

check(Expected, Expected) -> ok;
check(Got, _) -> erlang:error({wrong_result, fan_out, Got}).
