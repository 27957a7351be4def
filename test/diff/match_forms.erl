%% Pattern tests the loader specialises: equality with an immediate constant (atoms, small
%% integers, []), tuple type-and-arity tests, and tuple element reads, each against values of
%% every other kind, including the ones that print alike (1 and 1.0, big and small integers).
-module(match_forms).
-export([main/0]).
-import(diff_util, [id/1]).

values() ->
    [ok, error, 1, 0, -1, 1.0, 0.0, -0.0, 1 bsl 64, -(1 bsl 64), [], [ok], {}, {ok}, {ok, 1},
     {error, 1}, {ok, 1, 2}, <<>>, <<"ok">>, #{}, #{ok => 1}, self(), make_ref(), fun diff_util:id/1,
     "ok", 16#FFFFFFFFFFFFFFF, -16#1000000000000000].

main() ->
    io:format("~p~n", [[{classify(V), kind(V), shape(V)} || V <- id(values())]]),
    io:format("~p~n", [[{V =:= ok, V =/= 1, V =:= [], V =/= 0} || V <- id(values())]]),
    io:format("~p~n", [[tuple_sum(V) || V <- id(values())]]).

classify(ok) -> atom_ok;
classify(1) -> one;
classify(0) -> zero;
classify([]) -> nil;
classify(16#FFFFFFFFFFFFFFF) -> largest_small;
classify(-16#1000000000000000) -> smallest_small;
classify(_) -> other.

kind(V) when V =:= error -> is_error;
kind(V) when V =/= -1 -> not_minus_one;
kind(_) -> minus_one.

shape({A, B}) -> {pair, A, B};
shape({A, B, C}) -> {triple, A, B, C};
shape({A}) -> {single, A};
shape(_) -> none.

tuple_sum({_, N}) when is_integer(N) -> N;
tuple_sum({_, N, M}) -> N + M;
tuple_sum(_) -> 0.
