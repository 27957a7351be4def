%% The maps module function by function, on small maps and on large ones
%% (results of large maps are printed both in native order and sorted),
%% plus the error terms each function raises.
%% Keys added to the large map are integers: erts orders a large map's atom keys by atom-table
%% index, an accident of what was loaded before.
-module(maps_module).
-import(diff_util, [id/1, catching/1]).
-export([main/0]).

main() ->
    lists:foreach(fun(M) -> functions(M) end,
                  [#{a => 1, b => 2, c => 3},
                   maps:from_list([{I, I * 10} || I <- lists:seq(1, 40)])]),
    builders(),
    errors(),
    ok.

functions(M) ->
    io:format("== map of size ~w~n", [map_size(M)]),
    [K1, K2 | _] = lists:sort(maps:keys(M)),
    show(get, {maps:get(K1, M), maps:get(missing, M, default)}),
    show(find, {maps:find(K2, M), maps:find(missing, M)}),
    show(is_key, {maps:is_key(K1, M), maps:is_key(missing, M)}),
    show(put, maps:put(4001, value, M)),
    show(put_existing, maps:put(K1, replaced, M)),
    show(remove, maps:remove(K1, M)),
    show(remove_missing, maps:remove(missing, M) =:= M),
    show(update, maps:update(K2, updated, M)),
    show(update_with, maps:update_with(K1, fun(V) -> {old, V} end, M)),
    show(update_with_init, maps:update_with(4002, fun(V) -> V end, init, M)),
    show(take, maps:take(K1, M)),
    show(take_missing, maps:take(missing, M)),
    show(with, maps:with([K1, K2, missing], M)),
    show(without, maps:without([K1, missing], M)),
    show(filter, maps:filter(fun(_, V) -> is_integer(V) andalso V rem 20 =:= 0 end, M)),
    show(filtermap, maps:filtermap(fun(K, V) when K =:= K1 -> {true, {was, V}};
                                      (_, V) -> V rem 3 =:= 0
                                   end, M)),
    show(map, maps:map(fun(K, V) -> {K, V} end, M)),
    show(fold_sum, maps:fold(fun(_, V, Acc) -> V + Acc end, 0, M)),
    show(fold_order, maps:fold(fun(K, _, Acc) -> [K | Acc] end, [], M)),
    Self = self(),
    maps:foreach(fun(K, V) -> Self ! {kv, K, V} end, M),
    show(foreach, drain([])),
    show(merge, maps:merge(M, #{K1 => from_right, 4003 => z})),
    show(merge_with, maps:merge_with(fun(K, A, B) -> {K, A, B} end, M, #{K1 => r, K2 => s, 4004 => t})),
    show(intersect, maps:intersect(M, #{K1 => other, nope => 1})),
    show(intersect_with, maps:intersect_with(fun(_, A, B) -> [A, B] end, M, #{K2 => x})),
    show(keys, maps:keys(M)),
    show(values, maps:values(M)),
    show(to_list, maps:to_list(M)),
    show(size, {maps:size(M), map_size(M)}),
    show(iterator, iterate(maps:iterator(M), 3)).

drain(Acc) ->
    receive {kv, K, V} -> drain([{K, V} | Acc])
    after 0 -> lists:reverse(Acc)
    end.

iterate(_, 0) -> more;
iterate(I, N) ->
    case maps:next(I) of
        none -> [];
        {K, V, I2} -> [{K, V} | iterate(I2, N - 1)]
    end.

builders() ->
    io:format("== builders~n"),
    show(new, maps:new()),
    show(from_list_dups, maps:from_list([{a, 1}, {b, 2}, {a, 3}])),
    show(from_keys, maps:from_keys([x, y, z], 0)),
    show(from_keys_big, maps:from_keys(lists:seq(1, 35), v)),
    show(groups_from_list, maps:groups_from_list(fun(X) -> X rem 3 end, lists:seq(1, 10))),
    show(groups_from_list_3, maps:groups_from_list(fun erlang:length/1, fun lists:reverse/1,
                                                   ["ab", "cd", "e", "fgh", "i"])),
    Words = string:lexemes("the quick brown fox jumps over the lazy dog the end", " "),
    Counts = lists:foldl(fun(W, Acc) -> maps:update_with(W, fun(C) -> C + 1 end, 1, Acc) end,
                         #{}, Words),
    show(word_counts, lists:sort(maps:to_list(Counts))),
    Inverted = maps:fold(fun(K, V, Acc) -> Acc#{V => [K | maps:get(V, Acc, [])]} end, #{}, Counts),
    show(inverted, maps:map(fun(_, L) -> lists:sort(L) end, Inverted)),
    Nested = lists:foldl(fun({A, B, C}, Acc) ->
                                 maps:update_with(A, fun(Inner) -> Inner#{B => C} end,
                                                  #{B => C}, Acc)
                         end, #{}, [{x, 1, a}, {y, 2, b}, {x, 3, c}, {x, 1, d}]),
    show(nested, Nested).

errors() ->
    io:format("== errors~n"),
    Cases = [{"get missing", fun() -> maps:get(missing, id(#{a => 1})) end},
             {"get badmap", fun() -> maps:get(a, id(notmap)) end},
             {"get/3 badmap", fun() -> maps:get(a, id(notmap), d) end},
             {"find badmap", fun() -> maps:find(a, id([])) end},
             {"update missing", fun() -> maps:update(missing, 1, #{a => 1}) end},
             {"update_with missing", fun() -> maps:update_with(missing, fun(V) -> V end, #{}) end},
             {"update_with not fun", fun() -> maps:update_with(a, id(notfun), #{a => 1}) end},
             {"remove badmap", fun() -> maps:remove(a, id(1)) end},
             {"take badmap", fun() -> maps:take(a, id(1)) end},
             {"merge badmap", fun() -> maps:merge(#{}, id(x)) end},
             {"from_list bad", fun() -> maps:from_list(id([a])) end},
             {"from_list improper", fun() -> maps:from_list(id([{a, 1} | b])) end},
             {"with not list", fun() -> maps:with(id(a), #{}) end},
             {"map bad fun", fun() -> maps:map(id(fun(X) -> X end), #{a => 1}) end},
             {"fold bad fun", fun() -> maps:fold(id(notfun), 0, #{}) end},
             {"filter badmap", fun() -> maps:filter(fun(_, _) -> true end, id(x)) end},
             {"keys badmap", fun() -> maps:keys(id(x)) end},
             {"values badmap", fun() -> maps:values(id(x)) end},
             {"to_list badmap", fun() -> maps:to_list(id(x)) end},
             {"size badmap", fun() -> maps:size(id(x)) end},
             {"next bad iterator", fun() -> maps:next(id(bad)) end},
             {"iterator badmap", fun() -> maps:iterator(id(x)) end},
             {"intersect badmap", fun() -> maps:intersect(id(x), #{}) end}],
    lists:foreach(fun({L, F}) -> show(L, catching(F)) end, Cases).

%% Native order with ~w, and a sorted view for maps so a pure ordering bug
%% and a content bug are told apart.
show(Label, Value) when is_map(Value) ->
    io:format("~p: ~w~n", [Label, Value]),
    io:format("  sorted: ~w~n", [lists:sort(maps:to_list(Value))]);
show(Label, Value) ->
    io:format("~p: ~w~n", [Label, Value]),
    io:format("  ~p~n", [Value]).
