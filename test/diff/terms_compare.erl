%% Term order across all types, == versus =:=, sorting mixed lists, and
%% comparison of maps with mixed (integer/float) keys. Refs, funs, ports and
%% pids take part in comparisons but only their type name is printed.
-module(terms_compare).
-export([main/0]).

main() ->
    type_order(),
    equality(),
    numbers(),
    containers(),
    maps_order(),
    key_order(),
    sorting(),
    ok.

%% One sample of each type, listed in the documented order:
%% number < atom < reference < fun < port < pid < tuple < map < nil < list < bitstring
samples() ->
    [{number, 42}, {atom, foo}, {reference, make_ref()}, {'fun', fun() -> ok end},
     {port, hd(erlang:ports())}, {pid, self()}, {tuple, {1, 2}}, {map, #{a => 1}},
     {nil, []}, {list, [1, 2]}, {bitstring, <<1:3>>}, {binary, <<"abc">>}].

type_order() ->
    io:format("== type order~n"),
    S = samples(),
    lists:foreach(
      fun({NA, A}) ->
              Row = [cmp(A, B) || {_, B} <- S],
              io:format("~-10s ~s~n", [NA, Row])
      end, S),
    Shuffled = [V || {_, V} <- lists:reverse(S)] ++ [V || {_, V} <- S],
    show(sorted_types, [type_of(V) || V <- lists:sort(Shuffled)]),
    show(max_min, {type_of(lists:max(Shuffled)), type_of(lists:min(Shuffled))}).

cmp(A, B) when A < B -> $<;
cmp(A, B) when A > B -> $>;
cmp(A, B) when A == B -> $=.

type_of(X) when is_number(X) -> number;
type_of(X) when is_atom(X) -> atom;
type_of(X) when is_reference(X) -> reference;
type_of(X) when is_function(X) -> 'fun';
type_of(X) when is_port(X) -> port;
type_of(X) when is_pid(X) -> pid;
type_of(X) when is_tuple(X) -> tuple;
type_of(X) when is_map(X) -> map;
type_of([]) -> nil;
type_of(X) when is_list(X) -> list;
type_of(X) when is_binary(X) -> binary;
type_of(X) when is_bitstring(X) -> bitstring.

equality() ->
    io:format("== equality~n"),
    Pairs = [{1, 1.0}, {0, -0.0}, {0.0, -0.0}, {1, 1}, {a, a}, {"a", <<"a">>},
             {[1], [1.0]}, {{1, a}, {1.0, a}}, {#{1 => a}, #{1.0 => a}},
             {#{a => 1}, #{a => 1.0}}, {<<1>>, <<1:8>>}, {<<>>, []},
             {1 bsl 64, float(1 bsl 64)}, {(1 bsl 64) + 1, float(1 bsl 64)},
             {[a | b], [a | b]}, {{}, {}}, {#{}, #{}}, {"", []}],
    lists:foreach(
      fun({A, B}) ->
              show({A, B}, {A == B, A =:= B, A /= B, A =/= B, A < B, A >= B})
      end, Pairs).

numbers() ->
    io:format("== numbers~n"),
    Ns = [-1.0e300, -(1 bsl 100), -5, -5.0, -1.5, -0.0, 0, 0.0, 1, 1.0, 2.5,
          9007199254740992, 9007199254740993, 9007199254740992.0, 1 bsl 100,
          float(1 bsl 100), 1.0e300],
    lists:foreach(
      fun(A) -> io:format("~w: ~s~n", [A, [cmp(A, B) || B <- Ns]]) end, Ns),
    show(sorted, lists:sort(lists:reverse(Ns))),
    show(usort, lists:usort([1, 1.0, 2, 2.0, 1, 0.0, 0, -0.0])),
    show(usort_rev, lists:usort([1.0, 1, 2.0, 2])).

containers() ->
    io:format("== containers~n"),
    Ts = [{}, {a}, {b}, {a, a}, {1, 2, 3}, {0, 9, 9}, {{}, z}, {[], a},
          [], [a], [a, b], [b], [a | b], [1 | 2], [1, 2 | 3], "abc", "abd", "ab",
          <<>>, <<0>>, <<1>>, <<1, 2>>, <<1:1>>, <<0:1>>, <<128>>, <<1:7>>, <<255, 1:2>>],
    lists:foreach(
      fun(A) -> io:format("~-12w ~s~n", [A, [cmp(A, B) || B <- Ts]]) end, Ts),
    show(sorted, lists:sort(Ts)).

maps_order() ->
    io:format("== maps~n"),
    Ms = [#{}, #{a => 1}, #{b => 0}, #{a => 2}, #{1 => x}, #{1.0 => x},
          #{1 => x, 2 => y}, #{a => 1, b => 2}, #{2 => a}, #{1 => a, 1.0 => b},
          #{<<"k">> => v}, #{[] => v}, #{{} => v}, #{0 => v}, #{-0.0 => v}],
    lists:foreach(
      fun(A) -> io:format("~-22w ~s~n", [A, [cmp(A, B) || B <- Ms]]) end, Ms),
    show(sorted, lists:sort(Ms)),
    Mixed = #{1 => int, 1.0 => float, a => atom, "s" => string, <<"b">> => bin,
              {t} => tuple, [l] => list, -1 => neg, 2.5 => f2, #{k => v} => map},
    show(mixed_size, maps:size(Mixed)),
    show(mixed_get, [maps:get(K, Mixed) || K <- [1, 1.0, a, "s", <<"b">>, {t}, [l], -1, 2.5, #{k => v}]]),
    show(mixed_keys_sorted, lists:sort(maps:keys(Mixed))),
    show(find_1_vs_1_0, {maps:find(1, #{1.0 => a}), maps:find(1.0, #{1 => a})}),
    show(match_int_key, case #{1 => a} of #{1 := V} -> V; _ -> nomatch end),
    show(match_float_key, case #{1 => a} of #{1.0 := V2} -> V2; _ -> nomatch end).

sorting() ->
    io:format("== sorting~n"),
    Mixed = [<<"bin">>, "list", [], #{}, {2}, {1, 1}, atom, 'Atom', 3, 2.0, -1,
             {a}, [0 | 1], <<1:1>>, z, 'B', aa, 1 bsl 70],
    show(sort, lists:sort(Mixed)),
    show(rsort, lists:reverse(lists:sort(Mixed))),
    show(sort_fun, lists:sort(fun(A, B) -> A >= B end, Mixed)),
    show(keysort, lists:keysort(2, [{x, 3}, {y, 1.0}, {z, 1}, {w, a}, {v, "s"}])),
    show(ukeysort, lists:ukeysort(1, [{1, a}, {1.0, b}, {2, c}, {1, d}])),
    show(atoms, lists:sort([zeta, alpha, 'Zeta', '_x', 'hello world', '', 'ä', a, aa, ab])),
    show(strings, lists:sort(["b", "a", "ab", "", "aa", [255], [256], "B"])),
    show(tuples, lists:sort([{b, 1}, {a, 2}, {a, 1, 0}, {a}, {a, 1.0}, {a, 1}])),
    Keys = [{3, -1}, {3, -2}, {0, 5}, {3, -1}, {0, 5.0}, {0, 1 bsl 62}, {0, -(1 bsl 62)},
            {1, a}, {1, 7}, {1, {2}}, {1, 2, 3}, {2}, {3, -1.5}, {-1, 0}, {0, 5, 0}],
    show(small_tuples, {lists:sort(Keys), lists:sort(fun(A, B) -> A >= B end, Keys),
                        [{A < B, A == B, A =:= B} || A <- [{1, 2}, {1, 2.0}, {1, a}],
                                                      B <- [{1, 2}, {1, 3}, {0, 9}]]}),
    show(merge, lists:merge([1, 3, 5.0], [2, 3.0, 4])),
    show(min_max, {lists:min([3, 2.0, 2, a]), lists:max([3, 2.0, 2, a, "x", <<>>])}),
    show(max_bif, {max(1, 1.0), max(1.0, 1), min(1, 1.0), min(1.0, 1), max(a, 1)}).

show(Label, Value) ->
    io:format("~w: ~w~n", [Label, Value]),
    io:format("  ~p~n", [Value]).

%% erts_internal:cmp_term/2, the compiler's order of map keys: an integer before an equal float.
key_order() ->
    Pairs = [{1, 1.0}, {1.0, 1}, {1, 1}, {2, 1.0}, {a, 1}, {<<"b">>, "b"}, {{1, 2.0}, {1, 2}},
             {[1 | 2], [1 | 2.0]}, {#{1 => a}, #{1.0 => a}}, {-0.0, 0.0}],
    io:format("cmp_term: ~p~n", [[erts_internal:cmp_term(A, B) || {A, B} <- Pairs]]).
