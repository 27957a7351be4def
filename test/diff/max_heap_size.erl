%% max_heap_size as erts has it: set by spawn_opt, process_flag and
%% system_flag, read back by process_info and system_info; a process whose
%% heap grows past it is killed (no catch sees it) and reported to the system
%% logger, or only reported when kill is false.
-module(max_heap_size).
-export([main/0]).

main() ->
    settings(),
    kills(),
    report(),
    ok.

grow(0, Acc) -> length(Acc);
grow(N, Acc) -> grow(N - 1, [N | Acc]).

settings() ->
    io:format("default: ~p~n", [erlang:system_info(max_heap_size)]),
    io:format("process: ~p~n", [process_info(self(), max_heap_size)]),
    {garbage_collection, GC} = process_info(self(), garbage_collection),
    io:format("in garbage_collection: ~p~n", [proplists:get_value(max_heap_size, GC)]),
    {Pid, Ref} = spawn_monitor(fun() ->
        Old = process_flag(max_heap_size, 1000000),
        Mid = process_flag(max_heap_size, #{size => 2000000, kill => false}),
        New = process_info(self(), max_heap_size),
        Bad = [catch process_flag(max_heap_size, V) || V <- [-1, #{}, #{size => -1}, #{size => 5000, kill => maybe},
                                                               #{size => 5000, error_logger => 1}, huge, 1.5]],
        exit({Old, Mid, New, [element(1, element(2, B)) || B <- Bad]})
    end),
    receive {'DOWN', Ref, process, Pid, Flags} -> io:format("process_flag: ~p~n", [Flags]) end,
    Opts = [catch spawn_opt(fun() -> ok end, [{max_heap_size, V}]) || V <- [-1, #{kill => true}, none]],
    io:format("bad spawn_opt: ~p~n", [[element(1, element(2, O)) || O <- Opts]]),
    Old = erlang:system_flag(max_heap_size, #{size => 3000000, error_logger => false}),
    Now = erlang:system_info(max_heap_size),
    Back = erlang:system_flag(max_heap_size, Old),
    [io:format("system_flag: ~p~n", [V]) || V <- [Old, Now, Back, erlang:system_info(max_heap_size)]],
    io:format("bad system_flag: ~p~n", [element(1, element(2, catch erlang:system_flag(max_heap_size, -5)))]).

%% Quiet limits: error_logger => false, so nothing reaches the logger.
kills() ->
    Quiet = #{size => 20000, error_logger => false},
    show(spawn_opt, run([{max_heap_size, Quiet}], fun() -> grow(100000, []) end)),
    show(within_limit, run([{max_heap_size, Quiet}], fun() -> grow(100, []) end)),
    show(process_flag, run([], fun() -> process_flag(max_heap_size, Quiet), grow(100000, []) end)),
    show(catch_does_not_help, run([{max_heap_size, Quiet}], fun() ->
        try grow(100000, []) catch Class:Reason -> {caught, Class, Reason} end
    end)),
    show(no_kill, run([{max_heap_size, Quiet#{kill => false}}], fun() -> grow(100000, []) end)),
    show(message_queue_data, run([{message_queue_data, off_heap}], fun() -> process_info(self(), message_queue_data) end)),
    Old = erlang:system_flag(max_heap_size, Quiet),
    show(system_default, run([], fun() -> grow(100000, []) end)),
    erlang:system_flag(max_heap_size, Old),
    process_flag(trap_exit, true),
    Linked = spawn_opt(fun() -> grow(100000, []) end, [link, {max_heap_size, Quiet}]),
    receive {'EXIT', Linked, Why} -> io:format("linked: ~p~n", [Why]) end,
    process_flag(trap_exit, false).

run(Options, Fun) ->
    {Pid, Ref} = spawn_opt(fun() -> exit({returned, Fun()}) end, [monitor | Options]),
    receive {'DOWN', Ref, process, Pid, Reason} -> Reason end.

show(Name, Reason) -> io:format("~p: ~p~n", [Name, Reason]).

%% With error_logger => true the system logger hears of the kill, in the form
%% OTP's logger takes from erts.
report() ->
    Old = erlang:system_flag(system_logger, self()),
    Killed = run([{max_heap_size, #{size => 20000}}], fun() -> grow(100000, []) end),
    Event = receive E -> E after 2000 -> none end,
    erlang:system_flag(system_logger, Old),
    io:format("reported kill: ~p~n", [Killed]),
    {log, Level, Format, Args, Meta} = Event,
    [Pid, Max, Total, Kill, ErrorLogger, QueueLen, GcInfo] = Args,
    io:format("~p~n~s~n", [Level, Format]),
    io:format("~p ~p ~p ~p ~p ~p~n", [is_pid(Pid), Max, Total > Max, Kill, ErrorLogger, QueueLen]),
    io:format("~p~n", [[K || {K, _} <- GcInfo]]),
    io:format("~p ~p~n", [lists:sort(maps:keys(Meta)), maps:get(error_logger, Meta)]),
    io:format("pid is the killed one: ~p~n", [maps:get(pid, Meta) =:= Pid]),
    io:format("system_logger back: ~p~n", [erlang:system_info(system_logger) =:= Old]).
