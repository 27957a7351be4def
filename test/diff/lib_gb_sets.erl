%% The gb_sets module as shipped.
-module(lib_gb_sets).
-import(diff_util, [catching/1]).
-export([main/0]).

main() ->
    S1 = gb_sets:from_list([5, 3, 8, 1, 9, 3, 7]),
    S2 = gb_sets:from_list([2, 3, 4, 5, 6]),
    Cases =
        [{sets, fun() -> {S1, S2} end},
         {to_list, fun() -> {gb_sets:to_list(S1), gb_sets:to_list(S2)} end},
         {size, fun() -> {gb_sets:size(S1), gb_sets:is_empty(S1), gb_sets:is_empty(gb_sets:new())} end},
         {add, fun() -> gb_sets:to_list(gb_sets:add(4, S1)) end},
         {add_existing, fun() -> gb_sets:size(gb_sets:add_element(5, S1)) end},
         {insert, fun() -> gb_sets:to_list(gb_sets:insert(100, S1)) end},
         {delete, fun() -> gb_sets:to_list(gb_sets:delete(8, S1)) end},
         {delete_any, fun() -> gb_sets:to_list(gb_sets:delete_any(99, S1)) end},
         {member, fun() -> [gb_sets:is_member(X, S1) || X <- [1, 2, 9]] end},
         {union, fun() -> gb_sets:to_list(gb_sets:union(S1, S2)) end},
         {union_list, fun() -> gb_sets:to_list(gb_sets:union([S1, S2, gb_sets:singleton(100)])) end},
         {intersection, fun() -> gb_sets:to_list(gb_sets:intersection(S1, S2)) end},
         {subtract, fun() -> gb_sets:to_list(gb_sets:subtract(S1, S2)) end},
         {is_subset, fun() -> {gb_sets:is_subset(gb_sets:from_list([3, 5]), S1), gb_sets:is_subset(S2, S1)} end},
         {is_disjoint, fun() -> gb_sets:is_disjoint(S1, gb_sets:from_list([2, 4, 6])) end},
         {smallest_largest, fun() -> {gb_sets:smallest(S1), gb_sets:largest(S1)} end},
         {take_smallest, fun() -> {element(1, gb_sets:take_smallest(S1)), gb_sets:to_list(element(2, gb_sets:take_smallest(S1)))} end},
         {take_largest, fun() -> element(1, gb_sets:take_largest(S1)) end},
         {filter, fun() -> gb_sets:to_list(gb_sets:filter(fun(X) -> X rem 2 =:= 1 end, S1)) end},
         {fold, fun() -> gb_sets:fold(fun(X, A) -> [X | A] end, [], S1) end},
         {iterator, fun() -> walk(gb_sets:next(gb_sets:iterator(S1))) end},
         {iterator_from, fun() -> walk(gb_sets:next(gb_sets:iterator_from(6, S1))) end},
         {from_ordset, fun() -> gb_sets:from_ordset([a, b, c, d]) end},
         {balance, fun() -> gb_sets:balance(gb_sets:delete(1, gb_sets:delete(3, S1))) end},
         {singleton, fun() -> gb_sets:singleton(x) end},
         {big, fun() ->
                       B = gb_sets:from_list([(I * 7919) rem 4001 || I <- lists:seq(1, 3000)]),
                       E = gb_sets:filter(fun(X) -> X rem 3 =:= 0 end, B),
                       {gb_sets:size(B), gb_sets:size(E), gb_sets:smallest(E), gb_sets:largest(E),
                        gb_sets:fold(fun(X, A) -> X + A end, 0, E)}
               end},
         {err_insert_dup, fun() -> gb_sets:insert(5, S1) end},
         {err_delete_missing, fun() -> gb_sets:delete(99, S1) end},
         {err_smallest_empty, fun() -> gb_sets:smallest(gb_sets:empty()) end}],
    lists:foreach(fun({L, F}) -> show(L, catching(F)) end, Cases).

walk(none) -> [];
walk({X, I}) -> [X | walk(gb_sets:next(I))].

show(Label, Value) ->
    io:format("~p: ~p~n", [Label, Value]).
