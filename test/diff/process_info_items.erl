%% process_info items as erts gives them: parent (the spawner), reductions counting what the running process has used so far (bump_reductions
%% adds to it, after a yield/0 that gives way at once), and current_stacktrace empty at a
%% backtrace_depth of 0 (an exception still keeps its raising frame).
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
    io:format("depth 0: ~p, an exception's frames ~p~n", [Empty, Raised]).
