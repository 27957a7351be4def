%% Floating point: operators, conversions, rounding BIFs, badarith cases,
%% float_to_list/binary with every option, list_to_float, printing with
%% ~p ~w ~f ~e ~g, and the math module printed at limited precision.
-module(arith_float).
-import(diff_util, [id/1, catching/1]).
-export([main/0]).

main() ->
    operators(),
    rounding(),
    errors(),
    to_text(),
    from_text(),
    printing(),
    math_funs(),
    ok.

floats() ->
    [0.0, -0.0, 1.0, -1.0, 0.5, -2.5, 3.14159, 1.0e10, -1.0e-10, 123456.789,
     1.7976931348623157e308, 2.2250738585072014e-308, 5.0e-324, 0.1, 1/3, 100.0].

operators() ->
    io:format("== operators~n"),
    Vs = [0.0, 1.5, -2.25, 1.0e300, 1.0e-300, 3, -7, 0.1],
    Ops = [{'+', fun(A, B) -> A + B end},
           {'-', fun(A, B) -> A - B end},
           {'*', fun(A, B) -> A * B end},
           {'/', fun(A, B) -> A / B end},
           {'<', fun(A, B) -> A < B end},
           {'==', fun(A, B) -> A == B end}],
    lists:foreach(
      fun({Name, F}) ->
              [io:format("~w ~w ~w = ~w~n", [A, Name, B, catching(fun() -> F(A, B) end)])
               || A <- Vs, B <- Vs]
      end, Ops),
    show(unary, [{-F, abs(F), float(F)} || F <- [0.0, -0.0, 2.5, -2.5]]),
    %% '-'/1 on an untyped value flips the sign (-(0.0) is -0.0); the fnegate instruction, used
    %% where the compiler knows a float, computes 0.0 - X (-(0.0) is 0.0).
    show(negate_any, [{-(id(F)), erlang:'-'(id(F)), <<(-(id(F)))/float>>} || F <- [0.0, -0.0, 2.5]]),
    show(negate_float, [negate_float(id(F)) || F <- [0.0, -0.0, 2.5]]),
    show(float_of_int, [float(I) || I <- [0, 1, -1, 1 bsl 52, (1 bsl 53) + 1, 123456789012345678]]),
    show(zero_compare, [0.0 == -0.0, 0.0 =:= -0.0, 0 == 0.0, 0 =:= 0.0, -0.0 < 0.0]),
    show(int_float_eq, [1 == 1.0, 1 =:= 1.0, 1 < 1.0, 1.0 < 1, 2 > 1.5]),
    show(sum_tenths, lists:foldl(fun(_, Acc) -> Acc + 0.1 end, 0.0, lists:seq(1, 10))),
    show(harmonic, lists:foldl(fun(I, Acc) -> Acc + 1 / I end, 0.0, lists:seq(1, 1000))),
    show(is_float, [is_float(1.0), is_float(1), is_number(1.0), is_integer(1.0)]).

negate_float(F) when is_float(F) -> G = F * 1.0, {-G, <<(-G)/float>>}.

rounding() ->
    io:format("== rounding~n"),
    Vs = [0.0, -0.0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 0.49999999999999994, 2.675,
          -3.7, 3.7, 1.0e15 + 0.5, 4503599627370497.0, 1.0e20, -1.0e20, 7, -7,
          %% around the largest small integer, 2^59 - 1, and 2^60, 2^63, 2^64
          5.764607523034234e17, -5.764607523034234e17, 5.7646075230342349e17, 6.322856899696564e17,
          -6.322856899696564e17, 1.152921504606847e18, 9.223372036854776e18, 1.8446744073709552e19],
    lists:foreach(
      fun(V) -> show(V, {round(V), trunc(V), ceil(V), floor(V)}) end, Vs).

errors() ->
    io:format("== errors~n"),
    Cases = [{"1.0 / 0", fun() -> id(1.0) / 0 end},
             {"0.0 / 0.0", fun() -> id(0.0) / id(0.0) end},
             {"1 / 0.0", fun() -> 1 / id(0.0) end},
             {"1.0e308 * 10", fun() -> id(1.0e308) * 10 end},
             {"-1.0e308 * 10.0", fun() -> id(-1.0e308) * 10.0 end},
             {"1.0e308 + 1.0e308", fun() -> id(1.0e308) + 1.0e308 end},
             {"1.0e-308 / 1.0e308", fun() -> id(1.0e-308) / 1.0e308 end},
             {"float(a)", fun() -> float(id(a)) end},
             {"round(a)", fun() -> round(id(a)) end},
             {"trunc(\"1\")", fun() -> trunc(id("1")) end},
             {"1.5 rem 1", fun() -> id(1.5) rem 1 end},
             {"1.0 band 1", fun() -> id(1.0) band 1 end},
             {"a / 2", fun() -> id(a) / 2 end}],
    lists:foreach(fun({L, F}) -> show(L, catching(F)) end, Cases).

to_text() ->
    io:format("== float_to_list~n"),
    Opts = [[], [short], [{decimals, 0}], [{decimals, 2}], [{decimals, 10}],
            [{decimals, 4}, compact], [{decimals, 20}, compact], [{scientific, 0}],
            [{scientific, 3}], [{scientific, 15}]],
    lists:foreach(
      fun(F) ->
              Texts = [catching(fun() -> float_to_list(F, O) end) || O <- Opts],
              io:format("~w:~n", [F]),
              [io:format("  ~w -> ~p~n", [O, T]) || {O, T} <- lists:zip(Opts, Texts)],
              io:format("  /1 -> ~s~n", [float_to_list(F)]),
              io:format("  bin -> ~p~n", [catching(fun() -> float_to_binary(F, [{decimals, 3}]) end)])
      end, floats() ++ [0.125, 2.5, 1.0e-5, 1.0e21, 1.0e22, 123.456e-7]),
    show(big_decimals, catching(fun() -> float_to_list(1.0, [{decimals, 254}]) end)),
    show(too_many_decimals, catching(fun() -> float_to_list(1.0, [{decimals, 254 + id(1)}]) end)),
    show(bad_option, catching(fun() -> float_to_list(1.0, [id(bogus)]) end)),
    show(not_float, catching(fun() -> float_to_list(id(1)) end)),
    show(huge_decimals, catching(fun() -> float_to_list(1.0e300, [{decimals, 2}]) end)).

from_text() ->
    io:format("== list_to_float~n"),
    Strs = ["1.0", "-1.5", "0.0", "-0.0", "1.5e10", "1.5E-10", "+2.5", "1.0e308",
            "1.0e309", "1", "1.", ".5", "1e5", "1.0e", "0.1e-400", "abc", "1.5x",
            "123456789012345678901234567890.5", " 1.0", "1.0 ", "1_000.0"],
    lists:foreach(
      fun(S) ->
              show(S, {catching(fun() -> list_to_float(S) end),
                       catching(fun() -> binary_to_float(list_to_binary(S)) end)})
      end, Strs),
    Rt = [F =:= list_to_float(float_to_list(F)) andalso
          F =:= binary_to_float(float_to_binary(F, [short]))
          || F <- floats(), F =/= -0.0],
    show(round_trip, Rt).

printing() ->
    io:format("== printing~n"),
    Fmts = ["~p", "~w", "~f", "~.2f", "~.1f", "~10.3f", "~-10.3f|", "~e", "~.3e", "~g",
            "~.3g", "~.10g", "~12.4e|"],
    lists:foreach(
      fun(F) ->
              Out = [lists:flatten(io_lib:format(Fmt, [F])) || Fmt <- Fmts],
              io:format("~w: ~p~n", [F, Out])
      end, floats() ++ [1.0e100, 9.999999, 0.000123, 12345678.9]),
    show(shortest, [0.1 + 0.2, 1.0e23, 9007199254740993.0, 4.35, 0.3, 2.0e-7,
                    1.0e16, 123456789.0, 1.0e15, 1.0e-4]).

math_funs() ->
    io:format("== math~n"),
    Unary = [sqrt, sin, cos, tan, asin, acos, atan, sinh, cosh, tanh, asinh, acosh,
             atanh, exp, log, log2, log10, erf, erfc, ceil, floor],
    Args = [0.0, 0.5, 1.0, 2, -0.5, 10.0, -3.0, 100],
    lists:foreach(
      fun(Fn) ->
              R = [fmt(catching(fun() -> math:Fn(A) end)) || A <- Args],
              io:format("~p ~s~n", [Fn, lists:join(" ", R)])
      end, Unary),
    Binary = [pow, atan2, fmod],
    Pairs = [{2.0, 10}, {2, 0.5}, {-8.0, 1 / 3}, {0.0, 0.0}, {1.0, -1.0}, {-1.0, -0.0},
             {10.0, 3.0}, {1.0e10, 7.5}],
    lists:foreach(
      fun(Fn) ->
              R = [fmt(catching(fun() -> math:Fn(A, B) end)) || {A, B} <- Pairs],
              io:format("~p ~s~n", [Fn, lists:join(" ", R)])
      end, Binary),
    io:format("pi ~s~n", [fmt(math:pi())]),
    show(exact, [math:sqrt(4), math:sqrt(2.25), math:pow(2, 10), math:log2(1024),
                 math:log10(1000), math:exp(0), math:floor(-2.5), math:ceil(-2.5)]),
    show(math_errors, [catching(fun() -> math:sqrt(id(-1)) end),
                       catching(fun() -> math:log(id(0)) end),
                       catching(fun() -> math:log(id(-1.0)) end),
                       catching(fun() -> math:acos(id(2)) end),
                       catching(fun() -> math:pow(id(10.0), 400) end),
                       catching(fun() -> math:exp(id(1000)) end),
                       catching(fun() -> math:sqrt(id(a)) end)]).

%% Results of libm calls printed to 10 decimals (10 digits for large values) so last-bit differences between
%% C libraries do not matter.
fmt(F) when is_float(F), abs(F) >= 1.0e6 -> io_lib:format("~.10e", [F]);
fmt(F) when is_float(F) -> io_lib:format("~.10f", [F]);
fmt(Other) -> io_lib:format("~w", [Other]).

show(Label, Value) ->
    io:format("~p: ~w~n", [Label, Value]).
