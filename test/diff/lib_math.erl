%% The math module: every function over a sweep of arguments, identities
%% that must hold, integer and bignum arguments, domain errors, and results
%% computed with them (numerical integration, series, geometry). Values come
%% from the C library, so they are printed to 10 significant digits.
-module(lib_math).
-import(diff_util, [catching/1]).
-export([main/0]).

main() ->
    sweep(),
    identities(),
    argument_types(),
    domain_errors(),
    computations(),
    ok.

unary() ->
    [sin, cos, tan, asin, acos, atan, sinh, cosh, tanh, asinh, acosh, atanh,
     exp, log, log2, log10, sqrt, erf, erfc, ceil, floor].

sweep() ->
    io:format("== sweep~n"),
    Args = [-10.0, -2.5, -1.0, -0.5, -0.0, 0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 10.0, 100.0],
    lists:foreach(
      fun(F) ->
              io:format("~p:~n", [F]),
              [io:format("  ~w -> ~s~n", [A, fmt(catching(fun() -> math:F(A) end))]) || A <- Args]
      end, unary()),
    Pairs = [{2.0, 0.5}, {2.0, -1.0}, {-2.0, 3.0}, {-2.0, 0.5}, {0.0, 0.0}, {0.0, -1.0},
             {10.0, 2.0}, {1.0e10, 3.0}, {-1.0, 1.0e10}, {7.0, -3.0}, {-7.0, 3.0}, {1.0, 0.0}],
    lists:foreach(
      fun(F) ->
              io:format("~p:~n", [F]),
              [io:format("  ~w ~w -> ~s~n", [A, B, fmt(catching(fun() -> math:F(A, B) end))]) || {A, B} <- Pairs]
      end, [pow, atan2, fmod]).

identities() ->
    io:format("== identities~n"),
    Xs = [0.1, 0.5, 1.0, 2.0, 3.7],
    Check = fun(Name, Fun) ->
                    io:format("~p: ~w~n", [Name, [abs(Fun(X)) < 1.0e-9 || X <- Xs]])
            end,
    Check(sin2_cos2, fun(X) -> math:pow(math:sin(X), 2) + math:pow(math:cos(X), 2) - 1 end),
    Check(exp_log, fun(X) -> math:exp(math:log(X)) - X end),
    Check(sqrt_square, fun(X) -> math:sqrt(X * X) - X end),
    Check(tan_ratio, fun(X) -> math:tan(X) - math:sin(X) / math:cos(X) end),
    Check(cosh_sinh, fun(X) -> math:pow(math:cosh(X), 2) - math:pow(math:sinh(X), 2) - 1 end),
    Check(log_bases, fun(X) -> math:log2(X) * math:log(2) - math:log(X) end),
    Check(erf_erfc, fun(X) -> math:erf(X) + math:erfc(X) - 1 end),
    Check(asinh_inverse, fun(X) -> math:asinh(math:sinh(X)) - X end),
    io:format("pi: ~s, 4*atan(1): ~s, equal: ~w~n", [fmt(math:pi()), fmt(4 * math:atan(1)),
                                                    math:pi() == 4 * math:atan(1)]),
    io:format("exact: ~w~n", [[math:sqrt(16), math:pow(2, 10), math:log2(8), math:log10(0.001),
                               math:floor(-0.5), math:ceil(-0.5), math:floor(3), math:ceil(3),
                               math:fmod(7.5, 2), math:exp(0), math:sin(0), math:cos(0)]]).

argument_types() ->
    io:format("== argument types~n"),
    Args = [2, -3, 1 bsl 70, 1.0e300, 0],
    [io:format("~p(~w) = ~s~n", [F, A, fmt(catching(fun() -> math:F(A) end))])
     || F <- [sqrt, log, exp, floor, ceil, atan], A <- Args],
    io:format("pow(int, int) = ~w~n", [math:pow(2, 3)]),
    io:format("pow(big, 0.5) = ~s~n", [fmt(math:pow(1 bsl 80, 0.5))]).

domain_errors() ->
    io:format("== domain errors~n"),
    Cases = [{sqrt, [-1]}, {log, [0]}, {log, [-1]}, {log2, [0.0]}, {log10, [-5]},
             {acos, [1.5]}, {asin, [-1.5]}, {acosh, [0.5]}, {atanh, [1]}, {atanh, [-1.0]},
             {pow, [-8, 1 / 3]}, {pow, [0.0, -1]}, {pow, [10.0, 1000]}, {exp, [710]},
             {sinh, [1000]}, {cosh, [-1000]}, {fmod, [1, 0]}, {fmod, [1.0, 0.0]},
             {sqrt, [a]}, {sin, ["1"]}, {pow, [1 bsl 1100, 1]}, {floor, [x]}],
    [io:format("~p~w: ~w~n", [F, A, catching(fun() -> apply(math, F, A) end)]) || {F, A} <- Cases].

computations() ->
    io:format("== computations~n"),
    Simpson = fun(F, A, B, N) ->
                      H = (B - A) / N,
                      S = lists:foldl(fun(I, Acc) ->
                                              W = if I =:= 0; I =:= N -> 1; I rem 2 =:= 1 -> 4; true -> 2 end,
                                              Acc + W * F(A + I * H)
                                      end, 0.0, lists:seq(0, N)),
                      S * H / 3
              end,
    io:format("integral sin 0..pi: ~s~n", [fmt(Simpson(fun math:sin/1, 0, math:pi(), 100))]),
    io:format("integral exp(-x^2) -3..3: ~s~n", [fmt(Simpson(fun(X) -> math:exp(-X * X) end, -3, 3, 200))]),
    io:format("sqrt(pi): ~s~n", [fmt(math:sqrt(math:pi()))]),
    io:format("e series: ~s~n", [fmt(lists:sum([1 / fact(N) || N <- lists:seq(0, 20)]))]),
    io:format("e: ~s~n", [fmt(math:exp(1))]),
    io:format("leibniz pi: ~s~n", [fmt(4 * lists:sum([math:pow(-1, K) / (2 * K + 1) || K <- lists:seq(0, 9999)]))]),
    Points = [{0.0, 0.0}, {3.0, 4.0}, {-1.0, 1.0}, {5.0, -12.0}],
    io:format("polar: ~s~n", [string:join([fmt(math:sqrt(X * X + Y * Y)) ++ "/" ++ fmt(math:atan2(Y, X))
                                           || {X, Y} <- Points], " ")]),
    io:format("compound interest: ~s~n", [fmt(1000 * math:pow(1 + 0.05 / 12, 12 * 30))]),
    io:format("newton sqrt2: ~s~n", [fmt(newton(fun(X) -> X * X - 2 end, fun(X) -> 2 * X end, 1.0, 20))]).

newton(_, _, X, 0) -> X;
newton(F, DF, X, N) -> newton(F, DF, X - F(X) / DF(X), N - 1).

fact(0) -> 1;
fact(N) -> N * fact(N - 1).

%% 10 significant digits: enough to catch a wrong function, tolerant of
%% last-bit differences between C libraries.
fmt(F) when is_float(F) -> lists:flatten(io_lib:format("~.10g", [F]));
fmt(Other) -> lists:flatten(io_lib:format("~w", [Other])).
