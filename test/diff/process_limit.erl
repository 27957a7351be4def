%% flags: +P 1024
%% The process limit at its smallest (+P 1024, erts' minimum): system_info reports it, every
%% way of spawning raises system_limit once the table is full, and a slot freed by an exit can
%% be used again. How many processes the VM itself runs differs, so counts are printed only
%% relative to the limit.
-module(process_limit).
-export([main/0]).

main() ->
    diff_util:quiet_logger(),
    Limit = erlang:system_info(process_limit),
    show(process_limit, Limit),
    Self = self(),
    Idle = fun() -> receive stop -> Self ! stopped end end,
    {Pids, Error} = fill(Idle, []),
    show(first_failure, Error),
    show(full, erlang:system_info(process_count) =:= Limit),
    show(spawn_mfa, catching(fun() -> spawn(erlang, now, []) end)),
    show(spawn_link, catching(fun() -> spawn_link(Idle) end)),
    show(spawn_monitor, catching(fun() -> spawn_monitor(Idle) end)),
    show(spawn_opt, catching(fun() -> spawn_opt(Idle, [link, monitor]) end)),
    show(links_after_failures, [P || P <- links(), is_pid(P), lists:member(P, Pids)]),
    show(monitors_after_failures, element(2, process_info(self(), monitors))),
    %% One exits: its slot takes a new process, then the table is full again.
    [First | Rest] = Pids,
    First ! stop,
    receive stopped -> ok end,
    wait_dead(First),
    New = spawn(Idle),
    show(spawn_after_exit, is_pid(New) andalso is_process_alive(New)),
    show(full_again, catching(fun() -> spawn(Idle) end)),
    All = [New | Rest],
    [P ! stop || P <- All],
    [receive stopped -> ok end || _ <- All],
    [wait_dead(P) || P <- All],
    show(emptied, erlang:system_info(process_count) < Limit - length(All) + 100),
    show(spawn_again, is_pid(spawn(fun() -> ok end))),
    ok.

fill(Fun, Acc) ->
    try spawn(Fun) of
        P -> fill(Fun, [P | Acc])
    catch
        C:R -> {lists:reverse(Acc), {C, R}}
    end.

wait_dead(P) ->
    Ref = monitor(process, P),
    receive {'DOWN', Ref, process, P, _} -> ok end.

links() -> element(2, process_info(self(), links)).

catching(F) ->
    try F() catch C:R -> {C, R} end.

show(Label, Value) ->
    io:format("~p: ~w~n", [Label, Value]).
