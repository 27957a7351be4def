%% N message rings, one per scheduler online, each passing a token around its own processes
%% for a number of laps.
-module(bench_par_rings).
-export([run/1]).

run(quick) -> run(100, 100);
run(default) -> run(1000, 500).

run(Size, Laps) ->
    Self = self(),
    Rings = erlang:system_info(schedulers_online),
    Pids = [spawn(fun() -> Self ! {done, self(), ring(Size, Laps)} end) || _ <- lists:seq(1, Rings)],
    [receive {done, P, Done} -> check(Done, Laps) end || P <- Pids],
    ok.

ring(Size, Laps) ->
    First = self(),
    Next = lists:foldl(fun(_, To) -> spawn(fun() -> relay(To) end) end, First, lists:seq(2, Size)),
    Next ! {token, Laps - 1},
    wait(Next, 1).

%% The token comes back once a lap.
wait(Next, Done) ->
    receive
        {token, 0} -> Next ! stop, Done;
        {token, N} -> Next ! {token, N - 1}, wait(Next, Done + 1)
    end.

relay(To) ->
    receive
        stop -> To ! stop;
        {token, N} -> To ! {token, N}, relay(To)
    end.

check(Expected, Expected) -> ok;
check(Got, Want) -> erlang:error({wrong_result, par_rings, Got, Want}).
