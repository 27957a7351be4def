%% erts' series of heap sizes: system_info(heap_sizes), and min_heap_size settings rounded up to
%% it (spawn_opt, process_flag, system_flag), never below the system's minimum for a process.
-module(heap_sizes).
-export([main/0]).

main() ->
    Sizes = erlang:system_info(heap_sizes),
    io:format("~p~n~p~n", [length(Sizes), lists:sublist(Sizes, 30)]),
    io:format("~p~n", [lists:nthtail(130, Sizes)]),
    [io:format("~p: ~p~n", [N, spawned(N)]) || N <- [0, 10, 233, 234, 1000, 10000, 100000]],
    io:format("default: ~p~n", [erlang:system_info(min_heap_size)]),
    io:format("~p~n", [[erlang:system_flag(min_heap_size, 100), erlang:system_info(min_heap_size)]]),
    [io:format("~p: ~p~n", [N, spawned(N)]) || N <- [10, 150]],
    io:format("~p~n", [[erlang:system_flag(min_bin_vheap_size, 100), erlang:system_info(min_bin_vheap_size)]]),
    erlang:system_flag(min_heap_size, 233),
    erlang:system_flag(min_bin_vheap_size, 46422),
    Old = process_flag(min_heap_size, 5000),
    {garbage_collection, GC} = process_info(self(), garbage_collection),
    io:format("~p ~p~n", [Old, lists:keyfind(min_heap_size, 1, GC)]),
    io:format("~p~n", [[try spawn_opt(fun() -> ok end, [{min_heap_size, B}]) catch error:R -> R end || B <- [-1, x]]]).

spawned(Min) ->
    P = spawn_opt(fun() -> receive stop -> ok end end, [{min_heap_size, Min}]),
    {garbage_collection, GC} = process_info(P, garbage_collection),
    {heap_size, Heap} = process_info(P, heap_size),
    P ! stop,
    {lists:keyfind(min_heap_size, 1, GC), Heap}.
