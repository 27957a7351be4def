%% The maps module used the way applications use it: building indexes,
%% grouping, merging configuration, nested updates, and converting between
%% representations, on maps that cross the 32-key flat/hashed boundary.
-module(lib_maps).
-export([main/0]).

main() ->
    inventory(),
    graph(),
    config_merge(),
    boundary(),
    ok.

inventory() ->
    io:format("== inventory~n"),
    Items = [{apple, fruit, 3}, {carrot, veg, 5}, {banana, fruit, 2}, {leek, veg, 1},
             {cherry, fruit, 40}, {salt, spice, 1}, {apple, fruit, 4}],
    Stock = lists:foldl(fun({Name, _, N}, M) -> maps:update_with(Name, fun(C) -> C + N end, N, M) end,
                        #{}, Items),
    show(stock, Stock),
    ByKind = maps:groups_from_list(fun({_, Kind, _}) -> Kind end, fun({Name, _, _}) -> Name end, Items),
    show(by_kind, ByKind),
    show(kinds, lists:sort(maps:keys(ByKind))),
    Low = maps:filter(fun(_, N) -> N < 3 end, Stock),
    show(low_stock, Low),
    show(total, maps:fold(fun(_, N, Acc) -> N + Acc end, 0, Stock)),
    Priced = maps:map(fun(K, N) -> N * price(K) end, Stock),
    show(value, Priced),
    {Taken, Rest} = maps:take(cherry, Stock),
    show(take, {Taken, Rest}),
    show(with_without, {maps:with([apple, salt, nope], Stock), maps:without([apple, salt], Stock)}),
    show(filtermap, maps:filtermap(fun(K, N) when N > 4 -> {true, {K, many}};
                                      (_, _) -> false end, Stock)).

price(apple) -> 2;
price(banana) -> 1;
price(cherry) -> 5;
price(_) -> 3.

graph() ->
    io:format("== graph~n"),
    Edges = [{a, b}, {a, c}, {b, d}, {c, d}, {d, e}, {e, a}, {f, g}],
    G = lists:foldl(fun({From, To}, M) ->
                            M1 = maps:update_with(From, fun(S) -> [To | S] end, [To], M),
                            maps:update_with(To, fun(S) -> S end, [], M1)
                    end, #{}, Edges),
    Sorted = maps:map(fun(_, V) -> lists:sort(V) end, G),
    show(adjacency, Sorted),
    show(reachable_from_a, reach([a], Sorted, #{})),
    show(reachable_from_f, reach([f], Sorted, #{})),
    InDeg = maps:fold(fun(_, Tos, Acc) ->
                              lists:foldl(fun(T, A) -> maps:update_with(T, fun(C) -> C + 1 end, 1, A) end,
                                          Acc, Tos)
                      end, maps:from_keys(maps:keys(G), 0), Sorted),
    show(in_degree, InDeg).

reach([], _, Seen) -> lists:sort(maps:keys(Seen));
reach([N | Rest], G, Seen) when is_map_key(N, Seen) -> reach(Rest, G, Seen);
reach([N | Rest], G, Seen) -> reach(maps:get(N, G, []) ++ Rest, G, Seen#{N => true}).

config_merge() ->
    io:format("== config~n"),
    Defaults = #{port => 8080, host => "localhost", opts => #{timeout => 5000, retries => 3},
                 tags => [default]},
    User = #{port => 9090, opts => #{retries => 5, verbose => true}, tags => [user]},
    show(shallow, maps:merge(Defaults, User)),
    Deep = deep_merge(Defaults, User),
    show(deep, Deep),
    show(merge_with_tags, maps:merge_with(fun(tags, A, B) -> A ++ B;
                                             (_, _, B) -> B end, Defaults, User)),
    show(intersect, maps:intersect_with(fun(_, A, B) -> {A, B} end, Defaults, User)),
    show(get_path, get_path([opts, timeout], Deep)),
    show(get_path_missing, get_path([opts, nope], Deep)),
    show(put_path, put_path([opts, nested, level], 3, Deep)).

deep_merge(A, B) ->
    maps:fold(fun(K, V, Acc) when is_map(V) ->
                      case maps:find(K, Acc) of
                          {ok, Old} when is_map(Old) -> Acc#{K => deep_merge(Old, V)};
                          _ -> Acc#{K => V}
                      end;
                 (K, V, Acc) -> Acc#{K => V}
              end, A, B).

get_path([], V) -> {ok, V};
get_path([K | Rest], M) when is_map(M) ->
    case maps:find(K, M) of
        {ok, V} -> get_path(Rest, V);
        error -> {error, {missing, K}}
    end.

put_path([K], V, M) -> M#{K => V};
put_path([K | Rest], V, M) -> M#{K => put_path(Rest, V, maps:get(K, M, #{}))}.

%% Keys are atom-free: erts orders a large map's atom keys by atom-table index, an accident of
%% what was loaded before.
boundary() ->
    io:format("== flat/hashed boundary~n"),
    lists:foreach(
      fun(N) ->
              M = maps:from_list([{{7, I}, I} || I <- lists:seq(1, N)]),
              Grown = M#{-1 => 1000},
              Shrunk = maps:remove({7, 1}, M),
              io:format("~w: ~w ~w ~w~n", [N, map_size(Grown), map_size(Shrunk),
                                           maps:keys(Shrunk)]),
              io:format("  ~w~n", [maps:to_list(maps:map(fun(_, V) -> V * 2 end, Grown))]),
              io:format("  ~w~n", [maps:fold(fun(_, V, A) -> A + V end, 0, Grown) ])
      end, [31, 32, 33, 34]),
    Small = maps:from_list([{I, I} || I <- lists:seq(1, 32)]),
    Big = Small#{33 => 33},
    show(back_to_small, maps:to_list(maps:remove(33, Big))),
    show(equal_after_roundtrip, maps:remove(33, Big) =:= Small).

show(Label, Value) ->
    io:format("~p: ~p~n", [Label, Value]),
    io:format("  ~w~n", [Value]).
