%% Independent work: one fib per scheduler online, each in a process of its own. With N
%% schedulers the processes run side by side; the work per process is fixed, so the speedup
%% over +S 1 is the wall time at +S 1 divided by this one times N.
-module(bench_par_fib).
-export([run/1]).

run(quick) -> run(25, 1);
run(default) -> run(30, 8).

run(N, Reps) ->
    Self = self(),
    Workers = erlang:system_info(schedulers_online),
    Pids = [spawn(fun() -> Self ! {done, self(), repeat(Reps, N, 0)} end) || _ <- lists:seq(1, Workers)],
    Expected = Reps * fib_iter(N, 0, 1),
    [receive {done, P, Sum} -> check(Sum, Expected) end || P <- Pids],
    ok.

repeat(0, _, Sum) -> Sum;
repeat(Reps, N, Sum) -> repeat(Reps - 1, N, Sum + fib(N)).

fib(N) when N < 2 -> N;
fib(N) -> fib(N - 1) + fib(N - 2).

fib_iter(0, A, _) -> A;
fib_iter(N, A, B) -> fib_iter(N - 1, B, A + B).

check(Expected, Expected) -> ok;
check(Got, _) -> erlang:error({wrong_result, par_fib, Got}).
