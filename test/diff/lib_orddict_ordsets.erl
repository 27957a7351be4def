%% The orddict and ordsets modules as shipped.
-module(lib_orddict_ordsets).
-import(diff_util, [catching/1]).
-export([main/0]).

main() ->
    io:format("== orddict~n"),
    D0 = orddict:new(),
    D1 = orddict:from_list([{c, 3}, {a, 1}, {b, 2}, {a, 10}]),
    D2 = orddict:store(d, 4, D1),
    OCases =
        [{new, fun() -> D0 end},
         {from_list, fun() -> D1 end},
         {store, fun() -> D2 end},
         {fetch, fun() -> orddict:fetch(b, D2) end},
         {find, fun() -> {orddict:find(a, D2), orddict:find(z, D2)} end},
         {is_key, fun() -> {orddict:is_key(c, D2), orddict:is_key(z, D2)} end},
         {erase, fun() -> orddict:erase(a, D2) end},
         {take, fun() -> {orddict:take(a, D2), orddict:take(z, D2)} end},
         {append, fun() -> orddict:append(l, x, orddict:append(l, y, D0)) end},
         {append_list, fun() -> orddict:append_list(l, [1, 2], [{l, [0]}]) end},
         {update, fun() -> orddict:update(a, fun(V) -> V * 100 end, D2) end},
         {update_default, fun() -> orddict:update(z, fun(V) -> V end, init, D2) end},
         {update_counter, fun() -> orddict:update_counter(c, 5, orddict:update_counter(n, 1, D2)) end},
         {fetch_keys, fun() -> orddict:fetch_keys(D2) end},
         {size, fun() -> {orddict:size(D2), orddict:is_empty(D0), orddict:is_empty(D2)} end},
         {map, fun() -> orddict:map(fun(K, V) -> {K, V} end, D1) end},
         {filter, fun() -> orddict:filter(fun(_, V) -> V > 2 end, D2) end},
         {fold, fun() -> orddict:fold(fun(K, V, A) -> [{V, K} | A] end, [], D2) end},
         {merge, fun() -> orddict:merge(fun(_, A, B) -> A + B end, D2, [{a, 5}, {e, 6}]) end},
         {to_list, fun() -> orddict:to_list(D2) end},
         {err_fetch, fun() -> orddict:fetch(zz, D2) end},
         {err_update, fun() -> orddict:update(zz, fun(V) -> V end, D2) end}],
    run(OCases),
    io:format("== ordsets~n"),
    S1 = ordsets:from_list([5, 3, 1, 3, 9, 7]),
    S2 = ordsets:from_list([2, 3, 4, 5, 6]),
    SCases =
        [{from_list, fun() -> {S1, S2} end},
         {new, fun() -> ordsets:new() end},
         {add_element, fun() -> {ordsets:add_element(4, S1), ordsets:add_element(5, S1)} end},
         {del_element, fun() -> {ordsets:del_element(5, S1), ordsets:del_element(6, S1)} end},
         {is_element, fun() -> {ordsets:is_element(9, S1), ordsets:is_element(2, S1)} end},
         {union, fun() -> {ordsets:union(S1, S2), ordsets:union([S1, S2, [100]])} end},
         {intersection, fun() -> {ordsets:intersection(S1, S2), ordsets:intersection([S1, S2, [3]])} end},
         {subtract, fun() -> ordsets:subtract(S1, S2) end},
         {is_subset, fun() -> {ordsets:is_subset([3, 5], S1), ordsets:is_subset([2], S1)} end},
         {is_disjoint, fun() -> {ordsets:is_disjoint(S1, S2), ordsets:is_disjoint(S1, [2, 4])} end},
         {size, fun() -> {ordsets:size(S1), ordsets:is_empty([]), ordsets:is_set(S1),
                          ordsets:is_set([2, 1])} end},
         {filter, fun() -> ordsets:filter(fun(X) -> X > 4 end, S1) end},
         {fold, fun() -> ordsets:fold(fun(X, A) -> X + A end, 0, S1) end},
         {to_list, fun() -> ordsets:to_list(S2) end},
         {mixed_types, fun() -> ordsets:from_list([b, 1, "s", {t}, 1.0, a, <<"b">>, 1]) end},
         {union_empty, fun() -> ordsets:union([]) end},
         {err_intersection_empty, fun() -> ordsets:intersection([]) end}],
    run(SCases).

run(Cases) ->
    lists:foreach(fun({L, F}) -> show(L, catching(F)) end, Cases).

show(Label, Value) ->
    io:format("~p: ~p~n", [Label, Value]).
