%% garbage_collect/1,2, check_process_code/2, is_process_alive/1 and a purge reach processes
%% that never wait: one beside a requester that often sleeps, then twice as many busy loops as
%% schedulers, so that each scheduler takes one up again the moment its slice ends. A busy
%% target gets each request as a signal (a system task, answered when its slice ends; an
%% is_alive request); catching it between two slices instead can take minutes. The loops run
%% the old code of a module reloaded under them, and the purge that then kills them goes
%% through the literal area collector, which asks each process for a copy of the literals it
%% still holds.
-module(system_task_busy).
-export([main/0]).
-import(diff_util, [wait_collector/0]).

-define(MOD, system_task_busy_loop).

main() ->
    one_busy(),
    many_busy().

%% As OTP's process_SUITE garb_other_running: one process that never waits, collected 500
%% times, the requester sleeping a millisecond each time, so that a scheduler is often idle.
one_busy() ->
    Stop = make_ref(),
    {Pid, Mon} = spawn_monitor(fun() -> counter(0, Stop) end),
    Grew = lists:foldl(fun(_, {Old, Ok}) ->
                               true = garbage_collect(Pid),
                               receive after 1 -> ok end,
                               Pid ! {self(), count},
                               receive {count, New, Pid} -> {New, Ok andalso New > Old} end
                       end, {0, true}, lists:seq(1, 500)),
    Pid ! {self(), Stop},
    receive {'DOWN', Mon, process, Pid, Reason} -> ok end,
    io:format("one busy: ~p ~p~n", [element(2, Grew), Reason]).

counter(N, Stop) ->
    receive
        {From, count} -> From ! {count, N, self()}, counter(N + 1, Stop);
        {_, Stop} -> exit(stopped)
    after 0 -> counter(N + 1, Stop)
    end.

many_busy() ->
    load(1),
    N = erlang:system_info(schedulers_online),
    Parent = self(),
    Loops = [spawn(fun() -> Parent ! {self(), ?MOD:literal()}, ?MOD:loop(0) end) || _ <- lists:seq(1, N)],
    [receive {P, {literal, 1}} -> ok end || P <- Loops],
    Spinners = [spawn(fun() -> spin(0) end) || _ <- lists:seq(1, N)],
    load(2),
    Monitors = [monitor(process, P) || P <- Loops],
    Rounds = 10,
    Answers = [{garbage_collect(P), garbage_collect(P, [{type, minor}]),
                erlang:check_process_code(P, ?MOD), erlang:check_process_code(P, lists), async_gc(P)}
               || _ <- lists:seq(1, Rounds), P <- Loops ++ Spinners],
    io:format("all answered: ~p, ~p~n", [length(Answers) =:= Rounds * 2 * N, lists:usort(Answers)]),
    io:format("alive: ~p~n", [lists:usort([is_process_alive(P) || _ <- lists:seq(1, Rounds), P <- Loops ++ Spinners])]),
    Killed = [begin P = spawn(fun() -> spin(0) end), exit(P, kill), is_process_alive(P) end || _ <- Loops],
    io:format("killed, then alive: ~p~n", [lists:usort(Killed)]),
    %% The purge kills the loops; its literal area collection asks the spinners.
    io:format("purge: ~p~n", [erts_code_purger:purge(?MOD)]),
    io:format("downs: ~p~n", [lists:usort([receive {'DOWN', M, process, _, R} -> R end || M <- Monitors])]),
    wait_collector(),
    io:format("new code: ~p~n", [?MOD:literal()]),
    [exit(P, kill) || P <- Spinners],
    ok.

spin(N) -> spin(N + 1).

async_gc(P) ->
    Ref = make_ref(),
    async = garbage_collect(P, [{async, Ref}]),
    receive {garbage_collect, Ref, Result} -> Result end.

%% Version V of a module whose loop/1 never waits and makes garbage as it goes.
load(V) ->
    Forms = [{attribute, 1, module, ?MOD}, {attribute, 2, export, [{loop, 1}, {literal, 0}]},
             {function, 3, literal, 0, [{clause, 3, [], [], [{tuple, 3, [{atom, 3, literal}, {integer, 3, V}]}]}]},
             {function, 4, loop, 1,
              [{clause, 4, [{var, 4, 'N'}], [],
                [{match, 5, {var, 5, '_'}, {call, 5, {remote, 5, {atom, 5, lists}, {atom, 5, seq}},
                                             [{integer, 5, 1}, {integer, 5, 20}]}},
                 {call, 6, {atom, 6, loop}, [{op, 6, '+', {var, 6, 'N'}, {integer, 6, 1}}]}]}]}],
    {ok, ?MOD, Beam} = compile:forms(Forms, []),
    {module, ?MOD} = erlang:load_module(?MOD, Beam).
