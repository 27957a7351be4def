%% The gb_trees module as shipped, including the internal tree shape (which
%% is part of its printed form) after inserts, deletes and balancing.
-module(lib_gb_trees).
-import(diff_util, [catching/1]).
-export([main/0]).

main() ->
    Keys = [50, 20, 80, 10, 30, 70, 90, 25, 35, 5],
    T = lists:foldl(fun(K, Acc) -> gb_trees:insert(K, {v, K}, Acc) end, gb_trees:empty(), Keys),
    Cases =
        [{empty, fun() -> gb_trees:empty() end},
         {tree, fun() -> T end},
         {size, fun() -> {gb_trees:size(T), gb_trees:is_empty(T), gb_trees:is_empty(gb_trees:empty())} end},
         {lookup, fun() -> [gb_trees:lookup(K, T) || K <- [25, 99]] end},
         {get, fun() -> gb_trees:get(80, T) end},
         {is_defined, fun() -> [gb_trees:is_defined(K, T) || K <- [5, 6]] end},
         {enter, fun() -> gb_trees:to_list(gb_trees:enter(30, new, gb_trees:enter(31, added, T))) end},
         {update, fun() -> gb_trees:get(10, gb_trees:update(10, changed, T)) end},
         {delete, fun() -> gb_trees:delete(50, T) end},
         {delete_any, fun() -> gb_trees:size(gb_trees:delete_any(999, T)) end},
         {take, fun() -> {element(1, gb_trees:take(20, T)), gb_trees:size(element(2, gb_trees:take(20, T)))} end},
         {take_any, fun() -> gb_trees:take_any(999, T) end},
         {keys_values, fun() -> {gb_trees:keys(T), gb_trees:values(T)} end},
         {smallest_largest, fun() -> {gb_trees:smallest(T), gb_trees:largest(T)} end},
         {take_smallest, fun() -> element(1, gb_trees:take_smallest(T)) end},
         {take_largest, fun() -> element(1, gb_trees:take_largest(T)) end},
         {from_orddict, fun() -> gb_trees:from_orddict([{I, I * I} || I <- lists:seq(1, 7)]) end},
         {balance, fun() -> gb_trees:balance(gb_trees:delete(10, gb_trees:delete(5, T))) end},
         {map, fun() -> gb_trees:to_list(gb_trees:map(fun(K, {v, V}) -> K + V end, T)) end},
         {iterator, fun() -> walk(gb_trees:next(gb_trees:iterator(T))) end},
         {iterator_from, fun() -> walk(gb_trees:next(gb_trees:iterator_from(28, T))) end},
         {big, fun() ->
                       Big = lists:foldl(fun(I, A) -> gb_trees:insert((I * 37) rem 1009, I, A) end,
                                         gb_trees:empty(), lists:seq(1, 1000)),
                       Del = lists:foldl(fun(I, A) -> gb_trees:delete_any(I, A) end, Big, lists:seq(1, 1009, 2)),
                       {gb_trees:size(Big), gb_trees:size(Del), lists:sum(gb_trees:keys(Del)),
                        gb_trees:smallest(Del), gb_trees:largest(Del)}
               end},
         {err_insert_dup, fun() -> gb_trees:insert(50, dup, T) end},
         {err_get_missing, fun() -> gb_trees:get(999, T) end},
         {err_update_missing, fun() -> gb_trees:update(999, x, T) end},
         {err_delete_missing, fun() -> gb_trees:delete(999, T) end},
         {err_smallest_empty, fun() -> gb_trees:smallest(gb_trees:empty()) end}],
    lists:foreach(fun({L, F}) -> show(L, catching(F)) end, Cases).

walk(none) -> [];
walk({K, _V, I}) -> [K | walk(gb_trees:next(I))].

show(Label, Value) ->
    io:format("~p: ~p~n", [Label, Value]).
