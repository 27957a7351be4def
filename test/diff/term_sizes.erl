%% erts_debug:flat_size/1 and erts_debug:size/1 (kernel's Erlang code, on erts_debug:same/2 and
%% the erts_internal BIFs term_type/1, map_to_tuple_keys/1 and map_hashmap_children/1).
%% Only terms that ember lays out as erts does are measured with both: not funs, references,
%% off-heap binaries and slices of them, the empty tuple or the empty map (bif/erts_debug.cpp
%% says why). A large map's trie nodes take a word more on ember, so for large maps only
%% size/1, which counts nodes by erts' formula, is printed.
-module(term_sizes).
-export([main/0, id/1]).

id(X) -> X.

main() ->
    sizes(),
    sharing(),
    large_maps(),
    term_types(),
    map_internals(),
    ok.

show(Label, Value) -> io:format("~p: ~p~n", [Label, Value]).

sizes() ->
    Big = binary:copy(<<1>>, 100),
    Terms = [{atom, id(ok)},
             {small, id(42)},
             {nil, id([])},
             {pid, self()},
             {port, hd(erlang:ports() ++ [self()])},
             {tuple3, id({a, b, c})},
             {tuple_of_tuples, id({{1}, {2, 3}, {[]}})},
             {list3, id([1, 2, 3])},
             {improper, id([1 | 2])},
             {string, id("hello")},
             {float, id(1.5)},
             {big_64, id(1 bsl 64)},
             {big_200, id(1 bsl 200)},
             {neg_big, id(-(1 bsl 64))},
             {largest_small, id((1 bsl 59) - 1)},
             {smallest_big, id(1 bsl 59)},
             {map2, id(#{a => 1, b => 2})},
             {map32, maps:from_list([{I, I} || I <- lists:seq(1, 32)])},
             {map_nested, id(#{k => {x, [y]}, l => 1.0})},
             {bin_empty, id(<<>>)},
             {bin10, list_to_binary(lists:seq(1, 10))},
             {bin64, binary:copy(<<1>>, 64)},
             {bin_part_small, binary:part(Big, 1, 50)},
             {deep, lists:foldl(fun(I, Acc) -> {I, Acc} end, nil, lists:seq(1, 1000))},
             {long_list, lists:seq(1, 10000)}],
    [show(Name, {erts_debug:flat_size(T), erts_debug:size(T)}) || {Name, T} <- Terms].

%% size/1 counts a shared subterm once; flat_size/1 counts it as a copy would.
sharing() ->
    T = id({a, b, c}),
    show(same_tuple_three_times, sizes_of([T, T, T])),
    L = id([1, 2]),
    show(same_list_twice, sizes_of([L, L])),
    show(shared_tail, sizes_of({L, [0 | L]})),
    Doubling = lists:foldl(fun(_, Acc) -> {Acc, Acc} end, id(leaf), lists:seq(1, 20)),
    show(doubling_tuples, sizes_of(Doubling)),
    F = id(1.5),
    show(same_float_twice, sizes_of({F, F})),
    M = id(#{a => T}),
    show(map_sharing_a_tuple, sizes_of({M, T})),
    %% A literal is built by the compiler without sharing.
    show(literal, sizes_of([{1, 2}, {1, 2}])),
    show(literal_nested, sizes_of({[a, b], [a, b], "abc"})),
    show(literal_shared_at_run_time, sizes_of([lit(), lit(), lit()])).

lit() -> {literal, tuple}.

sizes_of(T) -> {erts_debug:flat_size(T), erts_debug:size(T)}.

large_maps() ->
    [show({map_of, N}, erts_debug:size(maps:from_list([{I, I * I} || I <- lists:seq(1, N)])))
     || N <- [33, 100, 1000]],
    M = maps:from_list([{I, {I}} || I <- lists:seq(1, 50)]),
    show(large_map_twice, erts_debug:size({M, M}) - erts_debug:size(M)).

term_types() ->
    Big = binary:copy(<<1>>, 100),
    Terms = [ok, 1, 1 bsl 64, 1.0, [], [a], {a}, self(), make_ref(), #{}, #{a => 1},
             maps:from_list([{I, I} || I <- lists:seq(1, 40)]),
             <<1, 2>>, Big, element(2, split_binary(Big, 10)), fun lists:map/2,
             fun() -> ok end],
    show(term_types, [erts_internal:term_type(id(T)) || T <- Terms]).

map_internals() ->
    Large = maps:from_list([{I, I} || I <- lists:seq(1, 40)]),
    show(tuple_keys, erts_internal:map_to_tuple_keys(id(#{b => 2, a => 1}))),
    show(tuple_keys_of_large, catching(fun() -> erts_internal:map_to_tuple_keys(id(Large)) end)),
    show(tuple_keys_of_non_map, catching(fun() -> erts_internal:map_to_tuple_keys(id(x)) end)),
    Children = erts_internal:map_hashmap_children(id(Large)),
    show(children, [child(C) || C <- Children]),
    show(children_of_flat, catching(fun() -> erts_internal:map_hashmap_children(id(#{})) end)),
    show(children_of_non_map, catching(fun() -> erts_internal:map_hashmap_children(id([])) end)),
    T = id({x}),
    show(same, [erts_debug:same(T, T), erts_debug:same(T, id({x})), erts_debug:same(1, 1)]).

%% A leaf is a [Key | Value] cell; a node is shown by its children.
child([K | V]) -> {K, V};
child(Node) -> {erts_internal:term_type(Node), is_map(Node), [child(C) || C <- erts_internal:map_hashmap_children(Node)]}.

catching(F) ->
    try F() catch C:R -> {C, R} end.
