%% Blocking multi-scheduling: system_flag(multi_scheduling, block | unblock | block_normal |
%% unblock_normal) answers the state after the call, a block lasts until as many unblocks or
%% until the blocking process exits, system_info(multi_scheduling) and the blocker lists follow
%% it, and bad values are badarg.
-module(multi_scheduling).
-export([main/0]).
-import(diff_util, [catching/1]).

main() ->
    Self = self(),
    show(start, []),
    show(block, [erlang:system_flag(multi_scheduling, block)]),
    show(block_again, [erlang:system_flag(multi_scheduling, block)]),
    show(unblock, [erlang:system_flag(multi_scheduling, unblock)]),
    show(unblock_last, [erlang:system_flag(multi_scheduling, unblock)]),
    show(unblock_not_blocked, [erlang:system_flag(multi_scheduling, unblock)]),
    show(block_normal, [erlang:system_flag(multi_scheduling, block_normal)]),
    show(block_over_normal, [erlang:system_flag(multi_scheduling, block)]),
    show(unblock_over_normal, [erlang:system_flag(multi_scheduling, unblock)]),
    show(unblock_normal, [erlang:system_flag(multi_scheduling, unblock_normal)]),
    {Pid, Ref} = spawn_monitor(fun() ->
                                   erlang:system_flag(multi_scheduling, block),
                                   erlang:system_flag(multi_scheduling, block_normal),
                                   Self ! blocked,
                                   receive go -> ok end
                               end),
    receive blocked -> ok end,
    show(other_blocks, [erlang:system_info(multi_scheduling_blockers) =:= [Pid],
                        erlang:system_info(normal_multi_scheduling_blockers) =:= [Pid],
                        erlang:system_flag(multi_scheduling, unblock)]),
    Pid ! go,
    receive {'DOWN', Ref, process, Pid, _} -> ok end,
    show(blocker_exited, []),
    show(bad, [catching(fun() -> erlang:system_flag(multi_scheduling, V) end) || V <- [foo, true, 1]]).

show(Label, Extra) ->
    io:format("~p: ~p ~p ~p ~p~n", [Label, Extra, erlang:system_info(multi_scheduling),
                                    blockers(multi_scheduling_blockers),
                                    blockers(normal_multi_scheduling_blockers)]).

blockers(Item) ->
    Self = self(),
    [case P of Self -> self; _ -> other end || P <- erlang:system_info(Item)].
