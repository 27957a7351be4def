%% Links and monitors across schedulers in cascades of crashes: chains of linked processes
%% whose head crashes; every member dies with the head's reason, each watcher gets one 'DOWN'
%% per member, and a trapping supervisor gets one 'EXIT' per chain.
-module(smp_links).
-export([main/0]).

-define(CHAINS, 200).
-define(LENGTH, 50).

main() ->
    process_flag(trap_exit, true),
    Self = self(),
    Heads = [spawn_link(fun() -> chain(Self, C, ?LENGTH) end) || C <- lists:seq(1, ?CHAINS)],
    Members = lists:append([receive {chain, C, Pids} -> Pids end || C <- lists:seq(1, ?CHAINS)]),
    Refs = [monitor(process, P) || P <- Members],
    [H ! crash || H <- Heads],
    Downs = [receive {'DOWN', R, process, _, Reason} -> Reason end || R <- Refs],
    Exits = [receive {'EXIT', H, Reason} -> Reason end || H <- Heads],
    io:format("downs: ~p, all {boom, _}: ~p~n", [length(Downs), lists:all(fun is_boom/1, Downs)]),
    io:format("exits: ~p, all {boom, _}: ~p~n", [length(Exits), lists:all(fun is_boom/1, Exits)]),
    io:format("alive after: ~p~n", [length([P || P <- Members, is_process_alive(P)])]),
    Killed = [spawn(fun() -> receive after infinity -> ok end end) || _ <- lists:seq(1, 1000)],
    KRefs = [monitor(process, P) || P <- Killed],
    [spawn(fun() -> exit(P, kill) end) || P <- Killed],
    Reasons = [receive {'DOWN', R, process, _, Why} -> Why end || R <- KRefs],
    io:format("kill storm: ~p~n", [lists:usort(Reasons)]).

is_boom({boom, _}) -> true;
is_boom(_) -> false.

chain(Parent, C, 1) ->
    Parent ! {chain, C, [self()]},
    wait();
chain(Parent, C, N) ->
    Self = self(),
    spawn_link(fun() -> chain(Self, C, N - 1) end),
    receive {chain, C, Pids} -> Parent ! {chain, C, [self() | Pids]} end,
    wait().

wait() ->
    receive crash -> exit({boom, self()}) end.
