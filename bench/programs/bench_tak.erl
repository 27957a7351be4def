%% Takeuchi function: deeply nested non-tail calls with three integer arguments and
%% comparisons.
-module(bench_tak).
-export([run/1]).

%% tak(24, 16, 8) = 9, checked against an independent implementation.
run(quick) -> run({24, 16, 8}, 2, 9);
run(default) -> run({24, 16, 8}, 100, 9).

run({X, Y, Z}, Reps, Expected) ->
    check(repeat(Reps, X, Y, Z, []), lists:duplicate(Reps, Expected)).

repeat(0, _, _, _, Acc) -> Acc;
repeat(Reps, X, Y, Z, Acc) -> repeat(Reps - 1, X, Y, Z, [tak(X, Y, Z) | Acc]).

tak(X, Y, Z) when Y < X ->
    tak(tak(X - 1, Y, Z), tak(Y - 1, Z, X), tak(Z - 1, X, Y));
tak(_, _, Z) ->
    Z.

check(Expected, Expected) -> ok;
check(Got, _) -> erlang:error({wrong_result, tak, Got}).
