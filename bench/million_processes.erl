%% A million processes at once, each waiting in receive (run with +P 2000000): prints the time
%% to spawn them and the time for each to answer a message and exit. Checks that all million
%% were there and answered; a wrong count exits with 1.
-module(million_processes).
-export([main/0]).

-define(N, 1000000).

main() ->
    Self = self(),
    Start = erlang:monotonic_time(microsecond),
    Pids = spawn_idle(?N, Self, []),
    Spawned = erlang:monotonic_time(microsecond),
    Alive = erlang:system_info(process_count),
    lists:foreach(fun(P) -> P ! ping end, Pids),
    Answers = collect(?N, 0),
    Done = erlang:monotonic_time(microsecond),
    io:format("spawn_ms ~p answer_ms ~p alive ~p~n",
              [(Spawned - Start) div 1000, (Done - Spawned) div 1000, Alive]),
    case Alive >= ?N andalso Answers =:= ?N of
        true -> ok;
        false -> io:format("wrong: alive ~p, answers ~p~n", [Alive, Answers]), erlang:halt(1)
    end.

spawn_idle(0, _, Acc) -> Acc;
spawn_idle(K, Parent, Acc) ->
    spawn_idle(K - 1, Parent, [spawn(fun() -> receive ping -> Parent ! pong end end) | Acc]).

collect(0, Count) -> Count;
collect(K, Count) -> receive pong -> collect(K - 1, Count + 1) end.
