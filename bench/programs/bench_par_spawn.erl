%% A spawn storm: one spawner per scheduler online, each starting short processes that answer
%% and end.
-module(bench_par_spawn).
-export([run/1]).

run(quick) -> storms(5000);
run(default) -> storms(100000).

storms(Count) ->
    Self = self(),
    Spawners = erlang:system_info(schedulers_online),
    Pids = [spawn(fun() -> Self ! {done, self(), storm(Count)} end) || _ <- lists:seq(1, Spawners)],
    [receive {done, P, N} -> check(N, Count) end || P <- Pids],
    ok.

storm(Count) ->
    Self = self(),
    [spawn(fun() -> Self ! one end) || _ <- lists:seq(1, Count)],
    collect(Count, 0).

collect(0, N) -> N;
collect(K, N) -> receive one -> collect(K - 1, N + 1) end.

check(Expected, Expected) -> ok;
check(Got, _) -> erlang:error({wrong_result, par_spawn, Got}).
