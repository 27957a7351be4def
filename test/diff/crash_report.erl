%% The report erts' emulator sends the system logger when a process ends with an error or a
%% throw that nothing caught: {log, error, "Error in process ~p with exit value:~n~p~n",
%% [Pid, ExitValue], Meta}. An exit, however raised, is not reported. The test makes itself the
%% system logger (erlang:system_flag(system_logger, Pid)), so the events come to it whether or
%% not OTP's logger runs, and prints them without pids and times. erts sends them
%% asynchronously: each wait ends only when the event is there or long after it should be.
-module(crash_report).
-export([main/0, id/1]).

id(X) -> X.

main() ->
    Old = erlang:system_flag(system_logger, self()),
    [run(Name, F) || {Name, F} <- cases()],
    group_leader_in_metadata(),
    erlang:system_flag(system_logger, Old),
    ok.

cases() ->
    [{error, fun() -> erlang:error(id(boom)) end},
     {error_with_args, fun() -> erlang:error(id(boom), [id(1)]) end},
     {badarith, fun() -> id(1) / id(0) end},
     {badmatch, fun() -> {ok, _} = id(nope) end},
     {throw, fun() -> throw(id(ball)) end},
     {exit, fun() -> exit(id(bye)) end},
     {exit_normal, fun() -> exit(normal) end},
     {return, fun() -> id(done) end},
     {caught_then_returns, fun() -> catch erlang:error(id(boom)) end},
     {raise_error, fun() -> erlang:raise(error, id(boom), [{m, f, 1, []}]) end},
     {raise_error_empty_stack, fun() -> erlang:raise(error, id(boom), []) end},
     {raise_throw, fun() -> erlang:raise(throw, id(ball), [{m, f, 2, [{line, 3}]}]) end},
     {raise_exit, fun() -> erlang:raise(exit, id(bye), []) end},
     {registered, fun() -> register(crash_report_victim, self()), erlang:error(id(named)) end},
     {trapping_exits, fun() -> process_flag(trap_exit, true), erlang:error(id(trapped)) end}].

run(Name, F) ->
    {Pid, Ref} = spawn_monitor(F),
    Reason = receive {'DOWN', Ref, process, Pid, R} -> R end,
    Report = receive
                 {log, Level, Format, [Pid, Value], Meta} when is_map(Meta) ->
                     {Level, Format, strip(Value), Value =:= Reason, maps:get(pid, Meta) =:= Pid}
             after wait(Reason) -> none
             end,
    io:format("~p: ~p~n", [Name, Report]).

%% A report is due for an error or a throw; for other endings the wait shows none comes.
wait(Reason) ->
    case Reason of
        {_, Stack} when is_list(Stack) -> 10000;
        _ -> 300
    end.

group_leader_in_metadata() ->
    {Pid, Ref} = spawn_monitor(fun() -> erlang:error(id(boom)) end),
    receive {'DOWN', Ref, process, Pid, _} -> ok end,
    receive
        {log, error, _, [Pid, _], Meta} ->
            io:format("metadata keys: ~p~n", [lists:sort(maps:keys(Meta))]),
            io:format("error_logger: ~p~n", [maps:get(error_logger, Meta)]),
            io:format("gl is the group leader: ~p~n", [maps:get(gl, Meta) =:= group_leader()]),
            io:format("time is an integer: ~p~n", [is_integer(maps:get(time, Meta))])
    after 10000 -> io:format("no report~n")
    end.

%% Frames shown as {Module, Function, ArityOrArgs}: locations name files by path.
strip({Reason, Stack}) when is_list(Stack) ->
    {Reason, [{M, F, A} || {M, F, A, _} <- Stack]};
strip(Other) -> Other.
