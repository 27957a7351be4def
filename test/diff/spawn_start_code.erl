%% A process spawned to run M:F(Args) starts in that function's code as it is at the spawn, as
%% in erts: a version loaded before the process first runs makes it run the old one, and
%% check_process_code sees the old code in a process that has not run yet. Multi-scheduling
%% is blocked, so that no spawned process runs before the caller waits. A signal sent before a
%% check_process_code request comes before it: a process killed first is not found running
%% old code.
-module(spawn_start_code).
-export([main/0]).

-define(MOD, spawn_start_code_module).

main() ->
    blocked = erlang:system_flag(multi_scheduling, block),
    Self = self(),
    [V1, V2] = [beam(N) || N <- [1, 2]],
    {module, ?MOD} = erlang:load_module(?MOD, V1),
    P = spawn(?MOD, version, [Self]),
    {module, ?MOD} = erlang:load_module(?MOD, V2),
    First = receive {version, P, V} -> V end,
    Q = spawn(?MOD, version, [Self]),
    Again = receive {version, Q, N2} -> N2 end,
    io:format("spawned before the reload runs version ~p; after it, version ~p~n", [First, Again]),
    true = erlang:purge_module(?MOD),
    R = spawn(?MOD, loop, []),
    true = erlang:delete_module(?MOD),
    Unrun = erlang:check_process_code(R, ?MOD),
    [begin link(R), unlink(R) end || _ <- lists:seq(1, 2000)],
    exit(R, kill),
    Ref = make_ref(),
    async = erlang:check_process_code(R, ?MOD, [{async, Ref}]),
    Killed = receive {check_process_code, Ref, Res} -> Res end,
    io:format("old code in a process not yet run: ~p; once killed: ~p~n", [Unrun, Killed]),
    erlang:system_flag(multi_scheduling, unblock),
    true = erlang:purge_module(?MOD),
    ok.

%% Version N of the module: version(Pid) sends {version, self(), N}; loop() waits for ever.
beam(N) ->
    Forms = [{attribute, 1, module, ?MOD}, {attribute, 2, export, [{version, 1}, {loop, 0}]},
             {function, 3, version, 1,
              [{clause, 3, [{var, 3, 'P'}], [],
                [{op, 4, '!', {var, 4, 'P'}, {tuple, 4, [{atom, 4, version}, {call, 4, {atom, 4, self}, []}, {integer, 4, N}]}}]}]},
             {function, 5, loop, 0, [{clause, 5, [], [], [{'receive', 6, [{clause, 6, [{var, 6, '_'}], [], [{call, 6, {atom, 6, loop}, []}]}]}]}]}],
    {ok, ?MOD, Beam} = compile:forms(Forms, []),
    Beam.
