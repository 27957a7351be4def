%% Tuples and lists: tuple BIFs and their errors, ++ and --, length, hd/tl,
%% improper lists, list comprehensions, and long lists.
-module(tuples_lists).
-import(diff_util, [id/1, catching/1]).
-export([main/0]).

main() ->
    tuples(),
    tuple_errors(),
    arity_limit(),
    lists_ops(),
    list_errors(),
    improper(),
    comprehensions(),
    long_lists(),
    ok.

tuples() ->
    io:format("== tuples~n"),
    T = {a, b, c, d},
    show(element, [element(I, T) || I <- lists:seq(1, 4)]),
    show(setelement, [setelement(I, T, x) || I <- lists:seq(1, 4)]),
    show(tuple_to_list, tuple_to_list(T)),
    show(list_to_tuple, list_to_tuple([1, [2], {3}, "four"])),
    show(append_element, erlang:append_element(T, e)),
    show(append_empty, erlang:append_element({}, only)),
    show(insert_element, [erlang:insert_element(I, T, new) || I <- lists:seq(1, 5)]),
    show(delete_element, [erlang:delete_element(I, T) || I <- lists:seq(1, 4)]),
    show(make_tuple, erlang:make_tuple(3, z)),
    show(make_tuple_0, erlang:make_tuple(0, z)),
    show(make_tuple_3, erlang:make_tuple(5, def, [{2, two}, {4, four}, {2, again}])),
    show(sizes, [tuple_size(X) || X <- [{}, {a}, T, erlang:make_tuple(1000, 0)]]),
    show(size_bif, [size({1, 2}), size(<<1, 2, 3>>)]),
    Big = list_to_tuple(lists:seq(1, 100000)),
    show(big_tuple, {tuple_size(Big), element(1, Big), element(100000, Big),
                     element(54321, setelement(54321, Big, changed))}),
    show(nested, element(2, element(2, {1, {2, {3, {4}}}}))),
    show(match, case {ok, {1, 2}} of {ok, {A, B}} -> A + B end),
    show(is_tuple, [is_tuple(X) || X <- [{}, {a}, [a], <<>>, #{}]]),
    show(record_guard, [is_record_like(X) || X <- [{rec, 1, 2}, {rec, 1}, {other, 1, 2}, rec]]).

is_record_like(X) when is_tuple(X), tuple_size(X) =:= 3, element(1, X) =:= rec -> true;
is_record_like(_) -> false.

tuple_errors() ->
    io:format("== tuple errors~n"),
    T = {a, b, c},
    Cases = [{"element(0)", fun() -> element(id(0), T) end},
             {"element(4)", fun() -> element(id(4), T) end},
             {"element(a)", fun() -> element(id(a), T) end},
             {"element of list", fun() -> element(1, id([a])) end},
             {"setelement(0)", fun() -> setelement(id(0), T, x) end},
             {"setelement(4)", fun() -> setelement(id(4), T, x) end},
             {"tuple_to_list(list)", fun() -> tuple_to_list(id([])) end},
             {"list_to_tuple(improper)", fun() -> list_to_tuple(id([a | b])) end},
             {"list_to_tuple(atom)", fun() -> list_to_tuple(id(a)) end},
             {"make_tuple(-1)", fun() -> erlang:make_tuple(id(-1), a) end},
             {"make_tuple bad init", fun() -> erlang:make_tuple(2, a, id([{3, x}])) end},
             {"insert_element(5)", fun() -> erlang:insert_element(id(5), T, x) end},
             {"delete_element(0)", fun() -> erlang:delete_element(id(0), T) end},
             {"tuple_size(list)", fun() -> tuple_size(id([1])) end},
             {"size(atom)", fun() -> size(id(a)) end},
             {"append_element(list)", fun() -> erlang:append_element(id([]), x) end}],
    lists:foreach(fun({L, F}) -> show(L, catching(F)) end, Cases).

%% erts' largest tuple has 2^24 - 1 elements: list_to_tuple, make_tuple and append_element stop
%% there (insert_element does not check).
arity_limit() ->
    io:format("== arity limit~n"),
    Max = id((1 bsl 24) - 1),
    Size = fun(F) -> case catching(F) of T when is_tuple(T), tuple_size(T) > 3 -> tuple_size(T); R -> R end end,
    show(make_tuple_max, Size(fun() -> erlang:make_tuple(Max, a) end)),
    show(make_tuple_over, Size(fun() -> erlang:make_tuple(Max + 1, a) end)),
    show(make_tuple_3_over, Size(fun() -> erlang:make_tuple(Max + 1, a, [{1, b}]) end)),
    show(make_tuple_3_max, Size(fun() -> erlang:make_tuple(Max, a, [{Max, b}]) end)),
    T = erlang:make_tuple(Max, a),
    show(append_element_over, Size(fun() -> erlang:append_element(T, b) end)),
    show(setelement_max, Size(fun() -> setelement(Max, T, b) end)),
    show(insert_element_over, Size(fun() -> erlang:insert_element(1, T, b) end)),
    L = [b | tuple_to_list(T)],
    show(list_to_tuple_over, Size(fun() -> list_to_tuple(L) end)),
    show(list_to_tuple_max, Size(fun() -> list_to_tuple(tl(L)) end)).

lists_ops() ->
    io:format("== list operators~n"),
    Appends = [{[], []}, {[1], []}, {[], [1]}, {[1, 2], [3, 4]}, {"abc", "def"},
               {[a], b}, {[], b}, {[[1]], [[2]]}, {[1, 2, 3], [a | b]}],
    [show({'++', A, B}, A ++ B) || {A, B} <- Appends],
    Subtracts = [{[1, 2, 3, 2, 1], [2]}, {[1, 2, 3, 2, 1], [2, 2]}, {[1, 2, 3], [4]},
                 {[a, b, a, c, a], [a, a]}, {[1, 1.0, 1], [1.0]}, {[1, 1.0, 1], [1]},
                 {"hello world", "lo"}, {[], [a]}, {[x, y], []},
                 {[{1}, {2}, {1}], [{1}]}, {[[1], [2]], [[2]]}],
    [show({'--', A, B}, A -- B) || {A, B} <- Subtracts],
    show(right_assoc, [1, 2, 3] -- [1] -- [1]),
    show(length, [length(L) || L <- [[], [a], "hello", lists:seq(1, 1000)]]),
    show(hd_tl, [{hd(L), tl(L)} || L <- [[a], [a, b], [[x] | y], "s"]]),
    show(cons, [[1 | []], [1 | [2]], [[1] | [2]], [1 | 2]]),
    show(is_list, [is_list(X) || X <- [[], [a], [a | b], "x", <<>>, {}]]),
    show(equal_strings, "abc" =:= [$a, $b, $c]),
    show(nested_append, lists:append([[1], [2, 3], [], [4]])),
    show(big_subtract, length(lists:seq(1, 5000) -- lists:seq(1, 5000, 2))),
    show(subtract_dups, lists:seq(1, 10) ++ lists:seq(1, 10) -- lists:seq(2, 10, 2)).

list_errors() ->
    io:format("== list errors~n"),
    Cases = [{"hd([])", fun() -> hd(id([])) end},
             {"tl([])", fun() -> tl(id([])) end},
             {"hd(atom)", fun() -> hd(id(a)) end},
             {"length(improper)", fun() -> length(id([1, 2 | 3])) end},
             {"length(atom)", fun() -> length(id(a)) end},
             {"improper ++", fun() -> id([1 | 2]) ++ [3] end},
             {"atom ++", fun() -> id(a) ++ [3] end},
             {"-- improper left", fun() -> id([1 | 2]) -- [1] end},
             {"-- improper right", fun() -> [1] -- id([1 | 2]) end},
             {"-- atom", fun() -> id(a) -- [] end},
             {"list_to_tuple deep", fun() -> length(tuple_to_list(list_to_tuple(id([[a]])))) end},
             {"match cons on []", fun() -> [X | _] = id([]), X end},
             {"lists:nth(0)", fun() -> lists:nth(id(0), [a]) end},
             {"lists:nth(2)", fun() -> lists:nth(id(2), [a]) end}],
    lists:foreach(fun({L, F}) -> show(L, catching(F)) end, Cases).

improper() ->
    io:format("== improper~n"),
    Ls = [[1 | 2], [1, 2 | 3], [a | {b}], [[] | []], [1 | <<2>>], ["a" | "b"], [$a | $b]],
    lists:foreach(
      fun(L) ->
              show(L, {tl(L), is_list(L), catching(fun() -> length(L) end),
                       catching(fun() -> lists:reverse(L) end)})
      end, Ls),
    show(match_improper, case [1, 2 | x] of [A, B | C] -> {A, B, C} end),
    show(iolist_improper, iolist_to_binary([<<"ab">>, $c | <<"de">>])),
    show(sum_improper, catching(fun() -> lists:sum([1, 2 | 3]) end)).

comprehensions() ->
    io:format("== comprehensions~n"),
    show(squares, [X * X || X <- lists:seq(1, 10)]),
    show(filter, [X || X <- lists:seq(1, 30), X rem 3 =:= 0, X rem 2 =:= 1]),
    show(product, [{X, Y} || X <- [a, b, c], Y <- [1, 2]]),
    show(dependent, [{X, Y} || X <- lists:seq(1, 4), Y <- lists:seq(X, 4)]),
    show(pattern, [V || {ok, V} <- [{ok, 1}, error, {ok, 2}, {error, 3}, {ok, 4}]]),
    show(from_binary, [X || <<X:4>> <= <<16#ABCD:16>>]),
    show(to_string, [C - 32 || C <- "hello", C =/= $l]),
    show(nested, [[Y || Y <- lists:seq(1, X)] || X <- lists:seq(0, 4)]),
    show(pythagorean, [{A, B, C} || C <- lists:seq(1, 30), B <- lists:seq(1, C),
                                    A <- lists:seq(1, B), A * A + B * B =:= C * C]),
    show(qsort, qsort([5, 3, 8, 1, 9, 2, 7, 3, 0, 6])),
    show(perms, perms([a, b, c])),
    show(non_list_generator, catching(fun() -> [X || X <- id(notalist)] end)),
    show(improper_generator, catching(fun() -> [X || X <- id([1, 2 | 3])] end)).

qsort([]) -> [];
qsort([P | T]) -> qsort([X || X <- T, X < P]) ++ [P] ++ qsort([X || X <- T, X >= P]).

perms([]) -> [[]];
perms(L) -> [[H | T] || H <- L, T <- perms(L -- [H])].

long_lists() ->
    io:format("== long lists~n"),
    L = lists:seq(1, 200000),
    show(length, length(L)),
    show(sum, lists:sum(L)),
    show(reverse_head, hd(lists:reverse(L))),
    show(append_len, length(L ++ L)),
    show(last, lists:last(L)),
    show(body_recursive_map, lists:sum(double(L))),
    show(deep_nest, depth(nest(10000, []), 0)),
    show(string_len, length(lists:flatten(lists:duplicate(1000, "abc")))).

double([]) -> [];
double([H | T]) -> [H * 2 | double(T)].

nest(0, Acc) -> Acc;
nest(N, Acc) -> nest(N - 1, [Acc]).

depth([], D) -> D;
depth([X], D) -> depth(X, D + 1).

show(Label, Value) ->
    io:format("~p: ~w~n", [Label, Value]),
    io:format("  ~p~n", [Value]).
