%% Recursive Fibonacci: body (non-tail) calls, guards and small-integer arithmetic.
-module(bench_fib).
-export([run/1]).

run(quick) -> run(30, 1);
run(default) -> run(32, 40).

run(N, Reps) ->
    check(repeat(Reps, N, 0), Reps * fib_iter(N, 0, 1)).

repeat(0, _, Sum) -> Sum;
repeat(Reps, N, Sum) -> repeat(Reps - 1, N, Sum + fib(N)).

fib(N) when N < 2 -> N;
fib(N) -> fib(N - 1) + fib(N - 2).

%% The expected value, computed independently by iteration.
fib_iter(0, A, _) -> A;
fib_iter(N, A, B) -> fib_iter(N - 1, B, A + B).

check(Expected, Expected) -> ok;
check(Got, _) -> erlang:error({wrong_result, fib, Got}).
