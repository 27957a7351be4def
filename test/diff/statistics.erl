%% statistics/1 measures: reductions, context switches, collections and port
%% I/O move as work is done; run queue figures are counts; wall_clock counts
%% from the VM's start, system_info(start_time); and system_flag(backtrace_depth)
%% sets how many frames a stack trace keeps.
-module(statistics).
-export([main/0]).

main() ->
    reductions(),
    context_switches(),
    garbage_collection(),
    io(),
    run_queues(),
    wall_clock(),
    backtrace_depth(),
    ok.

wall_clock() ->
    [begin
         erlang:yield(),
         {WallClock, _} = statistics(wall_clock),
         Now = erlang:monotonic_time(),
         Start = erlang:system_info(start_time),
         Time = erlang:convert_time_unit(Now - Start, native, millisecond),
         io:format("wall_clock from start_time: ~p~n", [{is_integer(Start), Start < Now, WallClock =< Time,
                                                         Time - 100 =< WallClock}])
     end || _ <- lists:seq(1, 3)].

work(0, Acc) -> Acc;
work(N, Acc) -> work(N - 1, Acc + N).

reductions() ->
    [begin
         {Total0, _} = statistics(Item),
         work(100000, 0),
         {Total1, Since} = statistics(Item),
         io:format("~p: grows ~p, since last ~p~n", [Item, Total1 - Total0 >= 100000, Since >= 100000])
     end || Item <- [reductions, exact_reductions]].

context_switches() ->
    {Before, 0} = statistics(context_switches),
    Self = self(),
    Pids = [spawn(fun() -> Self ! done end) || _ <- lists:seq(1, 10)],
    [receive done -> ok end || _ <- Pids],
    {After, Zero} = statistics(context_switches),
    io:format("context switches: ~p ~p~n", [After - Before >= 10, Zero]).

garbage_collection() ->
    {Count0, Words0, 0} = statistics(garbage_collection),
    _ = lists:seq(1, 100000),
    erlang:garbage_collect(),
    {Count1, Words1, Zero} = statistics(garbage_collection),
    io:format("collections: ~p, words reclaimed: ~p, ~p~n", [Count1 > Count0, Words1 - Words0 >= 100000, Zero]).

io() ->
    {{input, In0}, {output, Out0}} = statistics(io),
    io:format("twenty bytes of text~n"),
    {{input, In1}, {output, Out1}} = statistics(io),
    io:format("output: ~p, input: ~p~n", [Out1 - Out0 >= 21, In1 >= In0]).

run_queues() ->
    Counts = [{Item, statistics(Item)} || Item <- [run_queue, total_run_queue_lengths, total_run_queue_lengths_all,
                                                    total_active_tasks, total_active_tasks_all]],
    io:format("~p~n", [[{Item, is_integer(N) andalso N >= 0} || {Item, N} <- Counts]]),
    io:format("active: ~p~n", [statistics(total_active_tasks) >= 1]),
    Lists = [{Item, statistics(Item)} || Item <- [run_queue_lengths, run_queue_lengths_all, active_tasks, active_tasks_all]],
    io:format("~p~n", [[{Item, lists:all(fun(N) -> is_integer(N) andalso N >= 0 end, L)} || {Item, L} <- Lists]]).

%% Ten distinct frames deep (a recursion would show once in a stack trace;
%% c10/1 may return, so the compiler keeps every frame).
c1() -> [c2()].
c2() -> [c3()].
c3() -> [c4()].
c4() -> [c5()].
c5() -> [c6()].
c6() -> [c7()].
c7() -> [c8()].
c8() -> [c9()].
c9() -> [c10()].
c10() ->
    case get(never_set) of
        undefined -> error(deep);
        Value -> Value
    end.

%% The length of a stack trace from a fresh process, so that the frames of
%% whoever called main/0 do not count.
frames() ->
    Self = self(),
    spawn(fun() -> Self ! {frames, try c1() catch error:deep:Stack -> length(Stack) end} end),
    receive {frames, N} -> N end.

backtrace_depth() ->
    Default = erlang:system_flag(backtrace_depth, 100),
    Clamped = erlang:system_flag(backtrace_depth, 3),
    Short = frames(),
    Three = erlang:system_flag(backtrace_depth, 30),
    Long = frames(),
    erlang:system_flag(backtrace_depth, Default),
    io:format("backtrace_depth: ~p ~p ~p ~p ~p ~p~n", [Default, Clamped, Short, Three, Long, frames()]),
    [io:format("~p~n", [try erlang:system_flag(Flag, Value) catch error:R:S -> {R, element(4, hd(S))} end])
     || {Flag, Value} <- [{backtrace_depth, -1}, {backtrace_depth, deep}, {no_such_flag, 1}]].
