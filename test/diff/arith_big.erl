%% Bignum arithmetic: + - * div rem, bitwise operators with negative
%% (two's complement) operands, shifts, conversions to and from text in every
%% base, factorials with thousands of digits, mixed big/float comparisons.
-module(arith_big).
-import(diff_util, [id/1, catching/1]).
-export([main/0]).

main() ->
    basic_ops(),
    bitwise(),
    shifts(),
    bases(),
    big_numbers(),
    conversions(),
    errors(),
    ok.

bigs() ->
    [1 bsl 64, -(1 bsl 64), (1 bsl 64) - 1, 1 bsl 100, -(1 bsl 100) + 12345,
     12345678901234567890123456789, -98765432109876543210, 3 bsl 200 + 7,
     -((1 bsl 130) - 1), 99999999999999999999999999999999999999].

others() ->
    [0, 1, -1, 7, -13, 1 bsl 59, 1 bsl 64, -(1 bsl 64), 1 bsl 100, 12345678901234567890123456789].

basic_ops() ->
    Ops = [{'+', fun(A, B) -> A + B end},
           {'-', fun(A, B) -> A - B end},
           {'*', fun(A, B) -> A * B end},
           {'div', fun(A, B) -> A div B end},
           {'rem', fun(A, B) -> A rem B end},
           {'cmp', fun(A, B) -> {A < B, A == B, A > B} end}],
    lists:foreach(
      fun({Name, F}) ->
              io:format("== ~p~n", [Name]),
              [io:format("~w ~w ~w~n", [A, B, catching(fun() -> F(A, B) end)])
               || A <- bigs(), B <- others()]
      end, Ops).

bitwise() ->
    io:format("== bitwise~n"),
    Vals = [0, -1, 5, -6, 1 bsl 64, -(1 bsl 64), (1 bsl 70) - 3, -(1 bsl 70) + 3,
            16#FFFFFFFFFFFFFFFFFFFF, -16#123456789ABCDEF0123456789],
    [io:format("~w ~w -> ~w ~w ~w~n", [A, B, A band B, A bor B, A bxor B])
     || A <- Vals, B <- Vals],
    [io:format("bnot ~w = ~w~n", [A, bnot A]) || A <- Vals].

shifts() ->
    io:format("== shifts~n"),
    Vals = [1 bsl 64, -(1 bsl 64), 16#DEADBEEFCAFEBABE1234, -16#DEADBEEFCAFEBABE1234,
            (1 bsl 128) - 1, -(1 bsl 128) + 1],
    Shifts = [1, 4, 31, 63, 64, 65, 127, 128, 129, 200, -1, -64, -100],
    [io:format("~w ~w: ~w ~w~n", [A, S, A bsl S, A bsr S]) || A <- Vals, S <- Shifts].

bases() ->
    io:format("== bases~n"),
    Vals = [0, 35, -35, 255, 1 bsl 64, -(1 bsl 64) - 1, 12345678901234567890123456789,
            fact(30)],
    lists:foreach(
      fun(V) ->
              lists:foreach(
                fun(Base) ->
                        S = integer_to_list(V, Base),
                        Back = list_to_integer(S, Base),
                        LowerBack = list_to_integer(string:lowercase(S), Base),
                        Bin = integer_to_binary(V, Base),
                        io:format("~w/~w: ~s ~w ~w~n",
                                  [V, Base, S, Back =:= V andalso LowerBack =:= V,
                                   binary_to_integer(Bin, Base) =:= V])
                end, lists:seq(2, 36))
      end, Vals),
    show(plus_sign, list_to_integer("+123456789012345678901234567890")),
    show(minus_sign, list_to_integer("-000123456789012345678901234567890")),
    show(binary_to_integer, binary_to_integer(<<"-99999999999999999999999999">>)),
    io:format("hex_upper: ~s~n", [integer_to_list(16#ABCDEF0123456789ABCDEF, 16)]),
    show(zz_36, list_to_integer("zzzzzzzzzzzzzzzzzzzzzz", 36)).

big_numbers() ->
    io:format("== big numbers~n"),
    F1000 = fact(1000),
    S = integer_to_list(F1000),
    show(fact1000_digits, length(S)),
    io:format("fact1000 = ~s~n", [S]),
    show(fact1000_mod, F1000 rem 1000000007),
    show(fact1000_div_fact998, F1000 div fact(998)),
    show(fact1000_trailing_zeros, trailing_zeros(F1000, 0)),
    show(digit_sum, lists:sum([D - $0 || D <- S])),
    F2000 = fact(2000),
    show(fact2000_digits, length(integer_to_list(F2000))),
    show(fact2000_rem_fact1000, F2000 rem F1000),
    show(fact2000_div_fact1000_mod, (F2000 div F1000) rem 998244353),
    P = pow(3, 5000),
    show(pow3_5000_digits, length(integer_to_list(P))),
    show(pow3_5000_mod, P rem 4294967291),
    Sq = isqrt(pow(10, 200) * 2),
    io:format("sqrt2 = ~w~n", [Sq]),
    show(fib_1000, fib(1000, 0, 1)),
    show(gcd, gcd(fact(200), pow(6, 150) + 0)),
    show(neg_div, [{A div B, A rem B} || A <- [-pow(10, 30) - 7, pow(10, 30) + 7],
                                         B <- [pow(10, 15) + 3, -pow(10, 15) - 3, 7, -7]]),
    show(mul_sign, [A * B || A <- [pow(2, 100), -pow(2, 100)], B <- [pow(3, 80), -pow(3, 80)]]),
    show(self_cancel, pow(7, 300) - pow(7, 300)),
    show(back_to_small, (pow(2, 100) + 5) - pow(2, 100)),
    show(is_integer, [is_integer(pow(2, 200)), is_number(-pow(2, 200))]),
    show(abs, abs(-pow(2, 130))),
    show(max_min, {max(pow(2, 70), pow(3, 44)), min(-pow(2, 70), -pow(3, 44))}).

conversions() ->
    io:format("== conversions~n"),
    show(float_of_big, [float(pow(2, 64)), float(-pow(10, 30)), float(pow(2, 1023))]),
    show(trunc_big_float, [trunc(1.0e20), trunc(-1.0e25), round(1.0e300) rem 1000000,
                           trunc(1.7976931348623157e308) bsr 1000]),
    show(big_vs_float, [pow(2, 64) == 18446744073709551616.0,
                        pow(2, 64) =:= 18446744073709551616.0,
                        pow(2, 64) + 1 > 18446744073709551616.0,
                        pow(10, 400) > 1.0e308,
                        -pow(10, 400) < -1.0e308,
                        pow(2, 53) + 1 > float(pow(2, 53))]),
    show(big_plus_float, pow(2, 70) + 0.5),
    show(big_div_float, pow(10, 30) / 3),
    show(sort_mixed, lists:sort([pow(2, 64), 1.0e19, -pow(2, 64), -1.0e19, 1.8446744073709552e19, 0])).

errors() ->
    io:format("== errors~n"),
    Cases = [{"big div 0", fun() -> pow(2, 100) div id(0) end},
             {"big rem 0", fun() -> pow(2, 100) rem id(0) end},
             {"float(2^1024)", fun() -> float(pow(2, 1024)) end},
             {"2^1024 / 1", fun() -> pow(2, 1024) / 1 end},
             {"2^1024 + 0.0", fun() -> pow(2, 1024) + 0.0 end},
             {"big band atom", fun() -> pow(2, 100) band id(x) end},
             {"list_to_integer bad", fun() -> list_to_integer(id("12a")) end},
             {"list_to_integer base 37", fun() -> list_to_integer("1", id(37)) end},
             {"list_to_integer base 1", fun() -> list_to_integer("1", id(1)) end},
             {"list_to_integer digit > base", fun() -> list_to_integer(id("129"), 9) end},
             {"list_to_integer empty", fun() -> list_to_integer(id("")) end},
             {"list_to_integer sign only", fun() -> list_to_integer(id("-")) end},
             {"integer_to_list base 0", fun() -> integer_to_list(10, id(0)) end},
             {"integer_to_list float", fun() -> integer_to_list(id(1.0)) end},
             {"binary_to_integer space", fun() -> binary_to_integer(id(<<" 1">>)) end},
             {"bsl huge", fun() -> 1 bsl id(1 bsl 64) end},
             {"big bsr huge", fun() -> pow(2, 100) bsr id(1 bsl 64) end},
             {"neg big bsr huge", fun() -> -pow(2, 100) bsr id(1 bsl 64) end}],
    lists:foreach(fun({L, F}) -> show(L, catching(F)) end, Cases).

fact(0) -> 1;
fact(N) -> N * fact(N - 1).

pow(_, 0) -> 1;
pow(B, N) when N rem 2 =:= 0 -> H = pow(B, N div 2), H * H;
pow(B, N) -> B * pow(B, N - 1).

fib(0, A, _) -> A;
fib(N, A, B) -> fib(N - 1, B, A + B).

gcd(A, 0) -> A;
gcd(A, B) -> gcd(B, A rem B).

trailing_zeros(N, Acc) when N rem 10 =:= 0 -> trailing_zeros(N div 10, Acc + 1);
trailing_zeros(_, Acc) -> Acc.

%% Integer square root by Newton's method.
isqrt(N) -> isqrt(N, N).
isqrt(N, X) ->
    Y = (X + N div X) div 2,
    if Y >= X -> X;
       true -> isqrt(N, Y)
    end.

show(Label, Value) ->
    io:format("~p: ~w~n", [Label, Value]).
