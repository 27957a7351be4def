%% The memory of a freshly spawned process waiting in receive, in words (process_info memory).
-module(bench_process_words).
-export([main/0]).

main() ->
    P = spawn(fun() -> receive stop -> ok end end),
    erlang:yield(),
    {memory, Bytes} = process_info(P, memory),
    P ! stop,
    io:format("words ~p~n", [Bytes div erlang:system_info(wordsize)]).
