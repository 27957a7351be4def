%% process_info items as erts gives them: parent (the spawner), reductions counting what the running process has used so far (bump_reductions
%% adds to it, after a yield/0 that gives way at once), and current_stacktrace empty at a
%% backtrace_depth of 0 (an exception still keeps its raising frame), and where a process
%% that has not run yet is: in erlang:apply/2 for a fun.
-module(process_info_items).
-export([main/0]).

main() ->
    Self = self(),
    Child = spawn(fun() -> receive stop -> ok end end),
    Spawner = spawn(fun() -> Self ! {grandchild, spawn(fun() -> receive stop -> ok end end)} end),
    GC = receive {grandchild, G} -> G end,
    io:format("parent: ~p ~p~n", [process_info(Child, parent) =:= {parent, Self},
                                  process_info(GC, parent) =:= {parent, Spawner}]),
    [P ! stop || P <- [Child, GC]],
    erlang:garbage_collect(),
    true = erlang:yield(),
    {reductions, R1} = process_info(self(), reductions),
    true = erlang:bump_reductions(100),
    {reductions, R2} = process_info(self(), reductions),
    io:format("bump_reductions(100) counted: ~p~n", [R2 - R1 >= 100 andalso R2 - R1 =< 110]),
    Old = erlang:system_flag(backtrace_depth, 0),
    Empty = process_info(self(), current_stacktrace),
    Raised = try error(x) catch error:x:S -> length(S) end,
    erlang:system_flag(backtrace_depth, Old),
    io:format("depth 0: ~p, an exception's frames ~p~n", [Empty, Raised]),
    not_yet_run().

%% With one scheduler taking processes, the new ones wait until this one's fresh slice ends.
not_yet_run() ->
    blocked = erlang:system_flag(multi_scheduling, block),
    true = erlang:yield(),
    Fun = spawn(fun() -> ok end),
    Where = process_info(Fun, [current_function, current_location, current_stacktrace, initial_call]),
    erlang:system_flag(multi_scheduling, unblock),
    io:format("not yet run: ~p~n", [Where]).
