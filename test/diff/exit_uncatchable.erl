%% An exit signal that ends a process cannot be caught: exit(self(), kill) and
%% exit(self(), Reason) without trap_exit end the process inside try and catch,
%% demonitor(Ref, [flush]) acts on a kill that arrived before it, and kill is
%% untrappable even for a process trapping exits. exit(self(), normal) ends the
%% process too.
-module(exit_uncatchable).
-export([main/0]).

main() ->
    show(try_kill, fun() ->
        try exit(self(), kill) catch exit:R -> io:format("caught ~p~n", [R]) end
    end),
    show(catch_kill, fun() -> catch exit(self(), kill) end),
    show(catch_reason, fun() -> catch exit(self(), some_reason) end),
    show(trapped_kill, fun() ->
        process_flag(trap_exit, true),
        catch exit(self(), kill)
    end),
    show(trapped_reason, fun() ->
        process_flag(trap_exit, true),
        true = exit(self(), some_reason),
        receive {'EXIT', _, R} -> io:format("trapped ~p~n", [R]) end
    end),
    show(normal_to_self, fun() -> catch exit(self(), normal) end),
    show(flush_after_kill, fun() ->
        Self = self(),
        {Pid, Ref} = spawn_monitor(fun() -> receive go -> exit(Self, kill) end end),
        Pid ! go,
        receive after 50 -> ok end,
        catch demonitor(Ref, [flush])
    end),
    show(kill_from_other, fun() ->
        Self = self(),
        spawn(fun() -> exit(Self, kill) end),
        try receive after 1000 -> timeout end catch exit:R -> io:format("caught ~p~n", [R]) end
    end).

show(Name, F) ->
    {Pid, Ref} = spawn_monitor(fun() -> F(), io:format("~p: survived~n", [Name]) end),
    receive {'DOWN', Ref, process, Pid, Why} -> io:format("~p: down ~p~n", [Name, Why]) end.
