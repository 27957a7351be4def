%% A parallel ETS mix: one process per scheduler online reads and writes a shared public set
%% with read and write concurrency, 90% reads, on keys spread over the table.
-module(bench_par_ets).
-export([run/1]).

run(quick) -> mix(20000);
run(default) -> mix(400000).

mix(Ops) ->
    T = ets:new(t, [set, public, {read_concurrency, true}, {write_concurrency, true}]),
    ets:insert(T, [{K, 0} || K <- lists:seq(0, 9999)]),
    Self = self(),
    Workers = erlang:system_info(schedulers_online),
    Pids = [spawn(fun() -> Self ! {done, self(), work(T, W, Ops, 0)} end) || W <- lists:seq(1, Workers)],
    Writes = lists:sum([receive {done, P, N} -> N end || P <- Pids]),
    check(lists:sum([V || {_, V} <- ets:tab2list(T)]), Writes).

work(_, _, 0, Writes) -> Writes;
work(T, W, Ops, Writes) ->
    K = (Ops * 7919 + W) rem 10000,
    case Ops rem 10 of
        0 -> ets:update_counter(T, K, 1), work(T, W, Ops - 1, Writes + 1);
        _ -> [{K, _}] = ets:lookup(T, K), work(T, W, Ops - 1, Writes)
    end.

check(Expected, Expected) -> ok;
check(Got, _) -> erlang:error({wrong_result, par_ets, Got}).
