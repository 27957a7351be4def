%% fib(30): calls and small-integer arithmetic.
-module(bench_fib).
-export([main/0]).

main() -> bench_timer:report(fun() -> fib(30) end, 832040).

fib(N) when N < 2 -> N;
fib(N) -> fib(N - 1) + fib(N - 2).
