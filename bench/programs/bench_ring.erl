%% A ring of processes passing a token around many times: message send and receive and a
%% context switch per hop.
-module(bench_ring).
-export([run/1]).

run(quick) -> run(1000, 20);
run(default) -> run(10000, 150).

run(Processes, Laps) ->
    Self = self(),
    First = lists:foldl(fun(_, Next) -> spawn(fun() -> relay(Next) end) end,
                        Self, lists:seq(2, Processes)),
    Hops = Processes * Laps,
    First ! {token, 1},
    Got = count(First, Hops),
    %% Every relay passes stop on and exits; the last one sends it back to us.
    First ! stop,
    receive stop -> ok end,
    check(Got, Hops).

count(First, Hops) ->
    receive
        {token, N} when N >= Hops -> N;
        {token, N} ->
            First ! {token, N + 1},
            count(First, Hops)
    end.

relay(Next) ->
    receive
        {token, N} ->
            Next ! {token, N + 1},
            relay(Next);
        stop ->
            Next ! stop
    end.

check(Expected, Expected) -> ok;
check(Got, _) -> erlang:error({wrong_result, ring, Got}).
