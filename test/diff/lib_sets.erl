%% The sets module as shipped, in both representations: version 1 (the
%% original hash-table record, whose printed form and to_list order are
%% visible) and version 2 (maps).
-module(lib_sets).
-import(diff_util, [catching/1]).
-export([main/0]).

main() ->
    lists:foreach(fun run/1, [[{version, 1}], [{version, 2}]]),
    mixing(),
    ok.

run(Opts) ->
    io:format("== sets ~p~n", [Opts]),
    New = sets:new(Opts),
    S1 = sets:from_list([5, 3, 8, 1, 9, 3, 7, a, "str", {t}], Opts),
    S2 = sets:from_list([2, 3, 4, 5, 6, a], Opts),
    Big = sets:from_list(lists:seq(1, 200), Opts),
    Cases =
        [{new, fun() -> New end},
         {small_set, fun() -> S1 end},
         {to_list_raw, fun() -> sets:to_list(S1) end},
         {to_list_sorted, fun() -> lists:sort(sets:to_list(S1)) end},
         {size, fun() -> {sets:size(S1), sets:is_empty(New), sets:is_empty(S1)} end},
         {is_set, fun() -> {sets:is_set(S1), sets:is_set([1]), sets:is_set(#{})} end},
         {add_element, fun() -> sets:size(sets:add_element(100, S1)) end},
         {add_existing, fun() -> sets:add_element(5, S1) =:= S1 end},
         {del_element, fun() -> lists:sort(sets:to_list(sets:del_element(a, S1))) end},
         {is_element, fun() -> [sets:is_element(X, S1) || X <- [a, b, "str", 3, 3.0]] end},
         {union, fun() -> lists:sort(sets:to_list(sets:union(S1, S2))) end},
         {union_list, fun() -> sets:size(sets:union([S1, S2, Big])) end},
         {intersection, fun() -> lists:sort(sets:to_list(sets:intersection(S1, S2))) end},
         {intersection_list, fun() -> lists:sort(sets:to_list(sets:intersection([S1, S2, Big]))) end},
         {subtract, fun() -> lists:sort(sets:to_list(sets:subtract(S1, S2))) end},
         {is_subset, fun() -> {sets:is_subset(sets:from_list([a, 3], Opts), S1), sets:is_subset(S2, S1)} end},
         {is_disjoint, fun() -> sets:is_disjoint(S1, sets:from_list([x, y], Opts)) end},
         {filter, fun() -> lists:sort(sets:to_list(sets:filter(fun is_integer/1, S1))) end},
         {map, fun() -> lists:sort(sets:to_list(sets:map(fun(X) when is_integer(X) -> X rem 3; (X) -> X end, S1))) end},
         {filtermap, fun() -> lists:sort(sets:to_list(sets:filtermap(fun(X) when is_integer(X), X > 4 -> {true, -X};
                                                                       (_) -> false end, S1))) end},
         {fold_sum, fun() -> sets:fold(fun(X, A) when is_integer(X) -> X + A; (_, A) -> A end, 0, S1) end},
         {fold_order, fun() -> sets:fold(fun(X, A) -> [X | A] end, [], S1) end},
         {big_size, fun() -> {sets:size(Big), lists:sum(sets:to_list(Big))} end},
         {big_to_list_raw, fun() -> sets:to_list(Big) end},
         {big_after_delete, fun() -> D = lists:foldl(fun sets:del_element/2, Big, lists:seq(1, 200, 3)),
                                     {sets:size(D), sets:to_list(D)} end},
         {equal_reorder, fun() -> sets:from_list([1, 2, 3], Opts) =:= sets:from_list([3, 2, 1], Opts) end}],
    lists:foreach(fun({L, F}) -> show(L, catching(F)) end, Cases).

mixing() ->
    io:format("== mixing versions~n"),
    V1 = sets:from_list([1, 2, 3]),
    V2 = sets:from_list([3, 4], [{version, 2}]),
    show(default_is_v1, is_tuple(V1)),
    show(v2_is_map, is_map(V2)),
    show(union_mixed, lists:sort(sets:to_list(sets:union(V1, V2)))),
    show(subtract_mixed, lists:sort(sets:to_list(sets:subtract(V1, V2)))),
    show(err_bad_version, catching(fun() -> sets:new([{version, 3}]) end)).

show(Label, Value) ->
    io:format("~p: ~p~n", [Label, Value]).
