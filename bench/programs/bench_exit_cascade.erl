%% Exits spreading through links and monitors: a chain of linked processes brought down from
%% its far end, a hub trapping exits from many linked processes that die, a hub whose death
%% takes its linked processes down, and one process monitoring many that exit.
-module(bench_exit_cascade).
-export([run/1]).

run(quick) -> cascade(2000);
run(default) -> cascade(25000).

cascade(N) ->
    check([chain(N), trapping_hub(N), dying_hub(N), monitors(N)], [{chain, boom}, N, N, N]).

%% Root (trapping) - P1 - ... - PN: PN exits and the cascade reaches the root.
chain(N) ->
    process_flag(trap_exit, true),
    Root = self(),
    First = spawn_link(fun() -> chain(N - 1, Root) end),
    Last = receive {last, L} -> L end,
    Last ! go,
    Reason = receive {'EXIT', First, R} -> R end,
    process_flag(trap_exit, false),
    {chain, Reason}.

chain(0, Root) ->
    Root ! {last, self()},
    receive go -> exit(boom) end;
chain(K, Root) ->
    spawn_link(fun() -> chain(K - 1, Root) end),
    receive after infinity -> ok end.

trapping_hub(N) ->
    process_flag(trap_exit, true),
    Pids = [spawn_link(fun() -> receive go -> exit(boom) end end) || _ <- lists:seq(1, N)],
    [P ! go || P <- Pids],
    Count = count_exits(N, 0),
    process_flag(trap_exit, false),
    Count.

count_exits(0, K) -> K;
count_exits(N, K) -> receive {'EXIT', _, boom} -> count_exits(N - 1, K + 1) end.

%% The hub's linked processes each tell us when the hub's exit reached them.
dying_hub(N) ->
    Root = self(),
    Hub = spawn(fun() ->
                        [spawn_link(fun() -> process_flag(trap_exit, true), member(Root) end)
                         || _ <- lists:seq(1, N)],
                        Root ! ready,
                        receive go -> exit(hub_down) end
                end),
    receive ready -> ok end,
    Hub ! go,
    count(N, {hub_exit, hub_down}, 0).

member(Root) ->
    receive {'EXIT', _, R} -> Root ! {hub_exit, R} end.

count(0, _, K) -> K;
count(N, Msg, K) -> receive Msg -> count(N - 1, Msg, K + 1) end.

monitors(N) ->
    Pids = [spawn_monitor(fun() -> receive go -> exit(boom) end end) || _ <- lists:seq(1, N)],
    [P ! go || {P, _} <- Pids],
    count_downs(N, 0).

count_downs(0, K) -> K;
count_downs(N, K) -> receive {'DOWN', _, process, _, boom} -> count_downs(N - 1, K + 1) end.

check(Expected, Expected) -> ok;
check(Got, _) -> erlang:error({wrong_result, exit_cascade, Got}).
