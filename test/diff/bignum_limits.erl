%% The largest integer erts holds has 2^19 - 1 digits of 64 bits (33554368 bits): arithmetic
%% whose result fits succeeds even when its operands are at the limit, a larger result raises
%% system_limit, and a bit-syntax match of a larger integer fails.
-module(bignum_limits).
-import(diff_util, [id/1]).
-export([main/0]).

-define(MAX_BITS, 33554368).

main() ->
    shifts(),
    near_the_limit(),
    matching(),
    ok.

%% An integer as its bit length and lowest bits, so that huge results print small.
digest(V) when is_integer(V) -> {bits(abs(V)), V < 0, V band 16#FFFF};
digest(V) -> V.

bits(0) -> 0;
bits(V) -> bit_size(binary:encode_unsigned(V)) - leading_zeros(binary:first(binary:encode_unsigned(V))).

leading_zeros(B) -> 8 - length(integer_to_list(B, 2)).

show(Label, F) ->
    R = try digest(F()) catch C:E -> {C, E} end,
    io:format("~s: ~p~n", [Label, R]).

shifts() ->
    [show(io_lib:format("1 bsl ~p", [N]), fun() -> id(1) bsl id(N) end)
     || N <- [?MAX_BITS - 1, ?MAX_BITS, ?MAX_BITS + 63, ?MAX_BITS + 64, 1 bsl 26, 1 bsl 40, 1 bsl 64]],
    [show(io_lib:format("-1 bsl ~p", [N]), fun() -> id(-1) bsl id(N) end)
     || N <- [?MAX_BITS - 1, ?MAX_BITS, 1 bsl 40, 1 bsl 64]],
    [show(io_lib:format("3 bsr ~p", [-N]), fun() -> id(3) bsr id(-N) end)
     || N <- [?MAX_BITS - 2, ?MAX_BITS - 1, 1 bsl 40, 1 bsl 64]],
    [show(io_lib:format("big bsl ~p", [N]), fun() -> id(1 bsl 100) bsl id(N) end)
     || N <- [?MAX_BITS - 101, ?MAX_BITS - 100]],
    [show(io_lib:format("~p bsr ~p", [A, N]), fun() -> id(A) bsr id(N) end)
     || A <- [-5, 5, 1 bsl 100, -(1 bsl 100)], N <- [?MAX_BITS, 1 bsl 40, 1 bsl 64]],
    [show(io_lib:format("0 bsl ~p", [N]), fun() -> id(0) bsl id(N) end) || N <- [1 bsl 40, 1 bsl 64]].

near_the_limit() ->
    X = id(1) bsl (?MAX_BITS - 1),
    Y = X - 1,
    show("X + X", fun() -> X + X end),
    show("X * 2", fun() -> X * 2 end),
    show("-X - X", fun() -> -X - X end),
    show("Y + X", fun() -> Y + X end),
    show("-Y - X", fun() -> -Y - X end),
    show("Y + 1", fun() -> Y + 1 end),
    show("bnot X", fun() -> bnot X end),
    show("bnot -(X+Y)", fun() -> bnot (-(X + Y)) end),
    show("Y bor X", fun() -> Y bor X end),
    show("-Y band -X", fun() -> -Y band -X end),
    show("-Y bxor X", fun() -> -Y bxor X end),
    show("(Y bsr 1) * 2", fun() -> (Y bsr 1) * 2 end),
    show("(X bsr 1) * 4", fun() -> (X bsr 1) * 4 end),
    show("abs(-X)", fun() -> abs(-X) end),
    show("etf", fun() -> binary_to_term(term_to_binary(X + Y)) end).

matching() ->
    Ones = id(<<(-1):(?MAX_BITS + 1)>>),
    S = id(?MAX_BITS + 1),
    show("unsigned max", fun() -> case Ones of <<V:?MAX_BITS, _/bits>> -> V; _ -> nomatch end end),
    show("unsigned max+1", fun() -> case Ones of <<V:S>> -> V; _ -> nomatch end end),
    show("signed max+1", fun() -> case Ones of <<V:S/signed>> -> V; _ -> nomatch end end),
    show("little max+1", fun() -> case Ones of <<V:S/little>> -> V; _ -> nomatch end end),
    show("next clause", fun() -> case Ones of <<V:S>> -> V; <<_:1, W:?MAX_BITS>> -> W end end).
