%% A ring of 10,000 processes passing a token around 10 times: message passing and context
%% switches.
-module(bench_ring).
-export([main/0]).

-define(PROCESSES, 10000).
-define(LAPS, 10).

main() -> bench_timer:report(fun ring/0, ?PROCESSES * ?LAPS).

ring() ->
    Self = self(),
    First = lists:foldl(fun(_, Next) -> spawn(fun() -> relay(Next) end) end, Self, lists:seq(2, ?PROCESSES)),
    First ! {token, 1},
    count(First, 1).

count(First, Hops) ->
    receive
        {token, N} when N >= ?PROCESSES * ?LAPS ->
            First ! stop,
            N;
        {token, N} ->
            First ! {token, N + 1},
            count(First, Hops + 1)
    end.

relay(Next) ->
    receive
        {token, N} -> Next ! {token, N + 1}, relay(Next);
        stop -> Next ! stop
    end.
