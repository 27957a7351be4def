%% Two processes exchanging messages: many request/reply round trips with a selective
%% receive on a reference, the pattern of every synchronous call.
-module(bench_ping_pong).
-export([run/1]).

run(quick) -> run_trips(20000);
run(default) -> run_trips(1000000).

run_trips(RoundTrips) ->
    {Pong, Ref} = spawn_monitor(fun pong/0),
    Tag = make_ref(),
    Sum = ping(RoundTrips, Pong, Tag, 0),
    Pong ! stop,
    receive {'DOWN', Ref, process, Pong, normal} -> ok end,
    %% pong answers N with N + 1: the sum is sum(1..R) + R.
    check(Sum, RoundTrips * (RoundTrips + 1) div 2 + RoundTrips).

ping(0, _, _, Sum) -> Sum;
ping(N, Pong, Tag, Sum) ->
    Pong ! {ping, self(), Tag, N},
    receive
        {pong, Tag, M} -> ping(N - 1, Pong, Tag, Sum + M)
    end.

pong() ->
    receive
        {ping, From, Tag, N} ->
            From ! {pong, Tag, N + 1},
            pong();
        stop ->
            ok
    end.

check(Expected, Expected) -> ok;
check(Got, _) -> erlang:error({wrong_result, ping_pong, Got}).
