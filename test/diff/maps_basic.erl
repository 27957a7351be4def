%% Maps: literal syntax, => and := updates, matching in heads and case,
%% guards, errors, and iteration/printing order for small (flat) and large
%% (hashed, > 32 keys) maps with integer, atom, tuple and mixed keys.
-module(maps_basic).
-import(diff_util, [id/1, catching/1]).
-export([main/0]).

main() ->
    syntax(),
    matching(),
    errors(),
    small_order(),
    large_order(),
    iterators(),
    ok.

syntax() ->
    io:format("== syntax~n"),
    M0 = #{},
    M1 = M0#{a => 1, b => 2},
    M2 = M1#{a := 10, c => 3},
    M3 = M2#{"str" => [1, 2], {t, 1} => tuple, 1 => one, 1.0 => float_one},
    show(m1, M1),
    show(m2, M2),
    show(m3, M3),
    show(sizes, [map_size(M) || M <- [M0, M1, M2, M3]]),
    show(dup_keys, #{id(a) => 1, a => 2}),
    K = key,
    show(var_key, #{K => value, {K, K} => pair}),
    show(nested, #{outer => #{inner => #{deep => [1, 2, 3]}}}),
    show(update_nested, update_deep(#{outer => #{inner => 1}})),
    show(is_map, [is_map(X) || X <- [#{}, M3, [], {}]]),
    show(map_get, [map_get(a, M2), map_get("str", M3)]),
    show(is_map_key, [is_map_key(a, M2), is_map_key(z, M2), is_map_key(1.0, M3)]),
    show(equal, [#{a => 1, b => 2} =:= #{b => 2, a => 1}, #{a => 1} == #{a => 1.0},
                 #{a => 1} =:= #{a => 1.0}]),
    Big = maps:from_list([{I, I * I} || I <- lists:seq(1, 50)]),
    show(big_update_exact, maps:get(25, Big#{25 := updated})),
    show(big_add, map_size(Big#{51 => new, 1 => changed})),
    Forward = maps:from_list([{I, {I}} || I <- lists:seq(1, 40)]),
    Backward = maps:from_list([{I, {I}} || I <- lists:seq(40, 1, -1)]),
    Floaty = Forward#{7 => {7.0}},
    Nested = #{a => Forward, b => [Backward]},
    show(big_equal, [Forward =:= Backward, Forward == Floaty, Forward =:= Floaty,
                     Floaty < Forward, Forward#{41 => x} =:= Backward#{41 => x},
                     Nested =:= #{a => Backward, b => [Forward]}, Forward =:= Forward#{40 => y}]),
    Rec = id(#{name => "x", count => 1, "key" => {k}, 2.0 => float, 2 => int}),
    show(update_several, [Rec#{count := 2, name := "y", 2 := i, 2.0 := f},
                          Rec#{count => 3, 2 => j}, Rec#{count => 4, new => n},
                          Rec#{count := 5, count := 6}]),
    show(update_several_missing, [catching(fun() -> Rec#{count := 7, id(missing) := m} end),
                                  catching(fun() -> Rec#{id(3) := x, count := 8} end)]).

update_deep(M = #{outer := Inner = #{inner := V}}) ->
    M#{outer := Inner#{inner := V + 1, added => true}}.

matching() ->
    io:format("== matching~n"),
    Ms = [#{type => circle, r => 2}, #{type => rect, w => 3, h => 4},
          #{type => square, side => 5}, #{type => unknown}, #{r => 1}, #{}],
    show(area, [area(M) || M <- Ms]),
    show(guard_size, [size_class(M) || M <- Ms]),
    #{a := A, b := B} = #{a => 1, b => 2, c => 3},
    show(bind, {A, B}),
    Key = b,
    #{Key := Val} = #{a => 1, b => 2},
    show(bound_key, Val),
    show(case_match, [case M of
                          #{type := T, r := R} when R > 1 -> {T, big};
                          #{type := T} -> {T, other};
                          _ -> none
                      end || M <- Ms]),
    show(in_comprehension, [V || #{v := V} <- [#{v => 1}, #{w => 2}, #{v => 3, w => 4}]]),
    show(map_in_fun_head, (fun(#{x := X}) -> X * 2 end)(#{x => 21})).

area(#{type := circle, r := R}) -> {circle, R * R * 3};
area(#{type := rect, w := W, h := H}) -> {rect, W * H};
area(#{type := square, side := S}) -> {square, S * S};
area(#{type := T}) -> {unsupported, T};
area(_) -> invalid.

size_class(M) when map_size(M) =:= 0 -> empty;
size_class(M) when map_size(M) < 3 -> small;
size_class(_) -> larger.

errors() ->
    io:format("== errors~n"),
    M = #{a => 1},
    Cases = [{"update missing key", fun() -> (id(M))#{b := 2} end},
             {"update non-map", fun() -> (id(notmap))#{a => 1} end},
             {"exact update non-map", fun() -> (id([]))#{a := 1} end},
             {"badmatch", fun() -> #{b := _} = id(M), ok end},
             {"map_get missing", fun() -> map_get(b, id(M)) end},
             {"map_get non-map", fun() -> map_get(a, id(x)) end},
             {"map_size non-map", fun() -> map_size(id([])) end},
             {"is_map_key non-map", fun() -> is_map_key(a, id(x)) end},
             {"badarith in clause body", fun() -> area(id(#{type => circle, r => a})) end},
             {"function clause", fun() -> update_deep(id(#{outer => 1})) end},
             {"big update missing", fun() ->
                                            Big = maps:from_list([{I, I} || I <- lists:seq(1, 40)]),
                                            (id(Big))#{41 := x}
                                    end}],
    lists:foreach(fun({L, F}) -> show(L, catching(F)) end, Cases),
    several_missing().

%% With several keys missing, an exact update reports the first of them in map-key order
%% (integers before floats, then atoms, tuples, nil, lists), whatever order they are written in.
several_missing() ->
    Small = id(#{a => 1}),
    Empty = id(#{}),
    Large = id(maps:from_list([{I, I} || I <- lists:seq(1, 40)])),
    Cases = [{"float then integer", fun() -> Small#{42.0 := v, 42 := w} end},
             {"integer then float", fun() -> Small#{42 := w, 42.0 := v} end},
             {"atoms", fun() -> Small#{c := 1, b := 2} end},
             {"atom then integer", fun() -> Small#{z := 1, 7 := 2} end},
             {"list, tuple, nil", fun() -> Small#{"s" := 1, {t} := 2, [] := 3} end},
             {"present and missing", fun() -> Small#{b := 1, a := 2, 3.5 := 3} end},
             {"empty map", fun() -> Empty#{b := 1, 2.0 := 2, 1 := 3} end},
             {"large: float then integer", fun() -> Large#{42.0 := v, 42 := w} end},
             {"large: atoms", fun() -> Large#{b := 1, a := 2, 1 := 3} end}],
    lists:foreach(fun({L, F}) -> show(L, catching(F)) end, Cases).

small_order() ->
    io:format("== small maps order~n"),
    Ms = [#{c => 3, a => 1, b => 2},
          #{3 => c, 1 => a, 2 => b, -1 => neg, 1.5 => f},
          #{{b} => 1, {a} => 2, [x] => 3, "str" => 4, <<"bin">> => 5, atom => 6, 7 => 7},
          maps:from_list([{I, I} || I <- lists:seq(32, 1, -1)])],
    lists:foreach(
      fun(M) ->
              show(to_list, maps:to_list(M)),
              show(keys, maps:keys(M)),
              show(values, maps:values(M)),
              show(fold, maps:fold(fun(K, V, Acc) -> [{K, V} | Acc] end, [], M))
      end, Ms).

large_order() ->
    io:format("== large maps order~n"),
    Sets = [{ints_33, [{I, I} || I <- lists:seq(1, 33)]},
            {ints_100, [{I, I * 2} || I <- lists:seq(1, 100)]},
            {neg_ints_100, [{-I * 7919, I} || I <- lists:seq(1, 100)]},
            {atoms_100, [{list_to_atom("key_" ++ integer_to_list(I)), I} || I <- lists:seq(1, 100)]},
            {tuples_100, [{{I, I rem 7}, I} || I <- lists:seq(1, 100)]},
            {strings_60, [{integer_to_list(I * 31), I} || I <- lists:seq(1, 60)]},
            {binaries_60, [{integer_to_binary(I * 17), I} || I <- lists:seq(1, 60)]},
            {floats_50, [{I / 4, I} || I <- lists:seq(1, 50)]},
            {bigs_50, [{(1 bsl 70) + I, I} || I <- lists:seq(1, 50)]},
            {mixed_80, [{mixed_key(I), I} || I <- lists:seq(1, 80)]}],
    %% erts orders large maps by a hash that, for atoms, depends on the atom's index in the atom
    %% table: an accident of what was loaded before. Maps with atom keys are printed sorted.
    Visible = fun(Name, List) ->
                      case lists:member(Name, [atoms_100, mixed_80]) of
                          true -> lists:sort(List);
                          false -> List
                      end
              end,
    lists:foreach(
      fun({Name, Pairs}) ->
              M = maps:from_list(Pairs),
              io:format("~p size=~w~n", [Name, map_size(M)]),
              io:format("  keys: ~w~n", [Visible(Name, maps:keys(M))]),
              io:format("  values: ~w~n", [Visible(Name, maps:values(M))]),
              io:format("  fold: ~w~n", [Visible(Name, maps:fold(fun(K, _, Acc) -> [K | Acc] end, [], M))]),
              io:format("  same_as_built_in_reverse: ~w~n",
                        [maps:to_list(maps:from_list(lists:reverse(Pairs))) =:= maps:to_list(M)])
      end, Sets),
    M1000 = maps:from_list([{I, I} || I <- lists:seq(1, 1000)]),
    io:format("ints_1000 keys: ~w~n", [maps:keys(M1000)]),
    A1000 = maps:from_list([{list_to_atom("a" ++ integer_to_list(I)), I} || I <- lists:seq(1, 1000)]),
    io:format("atoms_1000 values: ~w~n", [lists:sort(maps:values(A1000))]),
    T1000 = maps:from_list([{{I}, I} || I <- lists:seq(1, 1000)]),
    io:format("tuples_1000 values: ~w~n", [maps:values(T1000)]),
    M40 = maps:from_list([{I, {value, I}} || I <- lists:seq(1, 40)]),
    io:format("~p~n", [M40]),
    io:format("~w~n", [M40]),
    Removed = maps:without(lists:seq(1, 1000, 3), M1000),
    io:format("after removal: ~w~n", [maps:keys(Removed)]),
    Shrunk = maps:without(lists:seq(1, 990), M1000),
    io:format("shrunk: ~w ~w~n", [map_size(Shrunk), maps:to_list(Shrunk)]),
    Grown = lists:foldl(fun(I, Acc) -> Acc#{I => I} end, #{}, lists:seq(1, 40)),
    io:format("grown by update: ~w~n", [maps:keys(Grown)]).

mixed_key(I) when I rem 4 =:= 0 -> I;
mixed_key(I) when I rem 4 =:= 1 -> list_to_atom("m" ++ integer_to_list(I));
mixed_key(I) when I rem 4 =:= 2 -> {I};
mixed_key(I) -> integer_to_binary(I).

iterators() ->
    io:format("== iterators~n"),
    lists:foreach(
      fun(N) ->
              M = maps:from_list([{I, I * I} || I <- lists:seq(1, N)]),
              show({iterate, N}, walk(maps:next(maps:iterator(M)), []))
      end, [0, 1, 5, 33, 64]),
    I0 = maps:iterator(#{a => 1, b => 2}),
    {K1, V1, I1} = maps:next(I0),
    {K2, V2, I2} = maps:next(I1),
    show(steps, {K1, V1, K2, V2, maps:next(I2)}).

walk(none, Acc) -> lists:reverse(Acc);
walk({K, V, I}, Acc) -> walk(maps:next(I), [{K, V} | Acc]).

show(Label, Value) ->
    io:format("~p: ~w~n", [Label, Value]),
    io:format("  ~p~n", [Value]).
