%% flags: +Mea min
%% The allocator items of system_info/1 as erts gives them when its own allocators are disabled
%% (+Mea min), which is how ember allocates: malloc() serves everything, and erts_debug's
%% per-allocator figures are undefined. (erts keeps temp_alloc and literal_alloc even then:
%% ember has neither, so they are left out.)
-module(allocator_info).
-export([main/0]).

main() ->
    All = erlang:system_info(alloc_util_allocators),
    io:format("~p~n", [All]),
    Names = All -- [temp_alloc, literal_alloc],
    io:format("~p~n", [erlang:system_info({allocator_sizes, Names})]),
    io:format("~p~n", [[erlang:system_info({allocator, A}) || A <- Names]]),
    io:format("~p~n", [erlang:system_info({allocator_sizes, ets_alloc})]),
    io:format("~p~n", [erts_debug:alloc_blocks_size(ets_alloc)]),
    [{instance, 0, [{options, Options}]}] = erlang:system_info({allocator, sys_alloc}),
    io:format("~p~n", [[lists:keyfind(K, 1, Options) || K <- [e, m]]]),
    io:format("~p~n", [erlang:system_info({allocator_sizes, sys_alloc})]),
    {Malloc, Version, Features, Settings} = erlang:system_info(allocator),
    io:format("~p~n", [{Malloc, Version, lists:member(sys_alloc, Features),
                        lists:keymember(sys_alloc, 1, Settings)}]),
    [io:format("~p~n", [try erlang:system_info(Item) catch error:R -> R end])
     || Item <- [{allocator, foo}, {allocator_sizes, [ets_alloc, foo]}, {allocator_sizes, [ets_alloc | x]}]].
