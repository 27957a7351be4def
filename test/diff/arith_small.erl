%% Small-integer arithmetic: every operator over a grid of values around the
%% small/big boundary (60-bit immediates on a 64-bit BEAM), unary operators,
%% errors, guard behaviour, and calls through apply.
-module(arith_small).
-import(diff_util, [id/1, catching/1]).
-export([main/0]).

-define(SMALL_MAX, 576460752303423487).   % (1 bsl 59) - 1
-define(SMALL_MIN, -576460752303423488).  % -(1 bsl 59)

main() ->
    grid(),
    shifts(),
    unary(),
    errors(),
    guards(),
    loops(),
    via_apply(),
    ok.

values() ->
    [0, 1, -1, 2, -3, 7, -10, 255, -256, 65536, 1 bsl 31, -(1 bsl 32),
     ?SMALL_MAX, ?SMALL_MIN, ?SMALL_MAX + 1, ?SMALL_MIN - 1].

binops() ->
    [{'+', fun(A, B) -> A + B end},
     {'-', fun(A, B) -> A - B end},
     {'*', fun(A, B) -> A * B end},
     {'div', fun(A, B) -> A div B end},
     {'rem', fun(A, B) -> A rem B end},
     {'band', fun(A, B) -> A band B end},
     {'bor', fun(A, B) -> A bor B end},
     {'bxor', fun(A, B) -> A bxor B end},
     {'<', fun(A, B) -> A < B end},
     {'>=', fun(A, B) -> A >= B end},
     {'==', fun(A, B) -> A == B end},
     {'max', fun(A, B) -> max(A, B) end},
     {'min', fun(A, B) -> min(A, B) end}].

grid() ->
    Vs = values(),
    lists:foreach(
      fun({Name, F}) ->
              io:format("== ~p~n", [Name]),
              lists:foreach(
                fun(A) ->
                        Row = [catching(fun() -> F(A, B) end) || B <- Vs],
                        io:format("~w ~w~n", [A, Row])
                end, Vs)
      end, binops()).

shifts() ->
    io:format("== shifts~n"),
    Shifts = [0, 1, 3, 7, 31, 32, 58, 59, 60, 63, 64, 65, 100, -1, -5, -64, -200],
    lists:foreach(
      fun(A) ->
              L = [{S, A bsl S, A bsr S} || S <- Shifts],
              io:format("~w: ~w~n", [A, L])
      end, [0, 1, -1, 5, -5, 12345, -12345, ?SMALL_MAX, ?SMALL_MIN]).

unary() ->
    io:format("== unary~n"),
    lists:foreach(
      fun(A) ->
              show(A, {-A, +A, bnot A, abs(A), A * A, sign(A)})
      end, values()).

sign(A) when A > 0 -> pos;
sign(A) when A < 0 -> neg;
sign(_) -> zero.

errors() ->
    io:format("== errors~n"),
    Cases = [{"1 div 0", fun() -> id(1) div id(0) end},
             {"1 rem 0", fun() -> id(1) rem id(0) end},
             {"0 div 0", fun() -> id(0) div id(0) end},
             {"a + 1", fun() -> id(a) + 1 end},
             {"1 - []", fun() -> 1 - id([]) end},
             {"1.5 div 1", fun() -> id(1.5) div 1 end},
             {"7 rem 2.0", fun() -> 7 rem id(2.0) end},
             {"1 band 1.0", fun() -> 1 band id(1.0) end},
             {"1 bsl a", fun() -> 1 bsl id(a) end},
             {"1.0 bsl 1", fun() -> id(1.0) bsl 1 end},
             {"bnot 1.0", fun() -> bnot id(1.0) end},
             {"-foo", fun() -> -id(foo) end},
             {"abs(x)", fun() -> abs(id(x)) end},
             {"{} * 2", fun() -> id({}) * 2 end},
             {"\"1\" + 1", fun() -> id("1") + 1 end},
             {"1 + 1.0", fun() -> id(1) + 1.0 end},
             {"3 / 2", fun() -> id(3) / 2 end},
             {"4 / 2", fun() -> id(4) / 2 end},
             {"1 / 0", fun() -> id(1) / id(0) end}],
    lists:foreach(fun({L, F}) -> show(L, catching(F)) end, Cases).

guards() ->
    io:format("== guards~n"),
    lists:foreach(
      fun(X) ->
              show(X, {classify(X), guard_arith(X)})
      end, [0, 3, -4, 10, 1.0, a, [], ?SMALL_MAX, ?SMALL_MAX + 1]).

classify(X) when is_integer(X), X band 1 =:= 0 -> even;
classify(X) when is_integer(X), X rem 2 =/= 0 -> odd;
classify(X) when is_number(X) -> number;
classify(_) -> other.

%% An arithmetic error inside a guard just makes the guard fail.
guard_arith(X) when X div 2 > 1 -> big_half;
guard_arith(X) when X * 2 < 0 -> negative;
guard_arith(X) when (X bsl 1) =:= 0 -> zero;
guard_arith(_) -> fallthrough.

loops() ->
    io:format("== loops~n"),
    show(sum_to_100000, sum(1, 100000, 0)),
    show(alt_sum, alt_sum(1, 100001, 0)),
    show(fact_20, fact(20)),
    show(fact_21, fact(21)),
    show(collatz_27, collatz(27, 0)),
    show(gcd, [gcd(A, B) || {A, B} <- [{12, 18}, {17, 5}, {1071, 462}, {0, 9}, {-12, 8}]]),
    show(pow3, [pow(3, N) || N <- lists:seq(0, 40, 5)]),
    show(fib_90, fib(90, 0, 1)).

sum(I, N, Acc) when I > N -> Acc;
sum(I, N, Acc) -> sum(I + 1, N, Acc + I).

alt_sum(I, N, Acc) when I > N -> Acc;
alt_sum(I, N, Acc) when I rem 2 =:= 0 -> alt_sum(I + 1, N, Acc - I);
alt_sum(I, N, Acc) -> alt_sum(I + 1, N, Acc + I).

fact(0) -> 1;
fact(N) -> N * fact(N - 1).

collatz(1, Steps) -> Steps;
collatz(N, Steps) when N rem 2 =:= 0 -> collatz(N div 2, Steps + 1);
collatz(N, Steps) -> collatz(3 * N + 1, Steps + 1).

gcd(A, 0) -> abs(A);
gcd(A, B) -> gcd(B, A rem B).

pow(_, 0) -> 1;
pow(B, N) -> B * pow(B, N - 1).

fib(0, A, _) -> A;
fib(N, A, B) -> fib(N - 1, B, A + B).

via_apply() ->
    io:format("== apply~n"),
    Ops = ['+', '-', '*', 'div', 'rem', 'band', 'bor', 'bxor', 'bsl', 'bsr', '<', '=<', '=:=', '=/='],
    Pairs = [{17, 5}, {-17, 5}, {17, -5}, {-17, -5}, {0, 3}, {?SMALL_MAX, 2}, {3, 0}],
    lists:foreach(
      fun(Op) ->
              R = [catching(fun() -> erlang:Op(A, B) end) || {A, B} <- Pairs],
              io:format("~p ~w~n", [Op, R])
      end, Ops),
    show(unary_apply, [catching(fun() -> erlang:Op(-9) end) || Op <- ['-', '+', 'bnot', abs]]).

show(Label, Value) ->
    io:format("~p: ~w~n", [Label, Value]).
