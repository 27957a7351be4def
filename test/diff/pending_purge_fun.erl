%% A process that calls a fun of a module being purged waits, suspended in
%% erts_code_purger:pending_purge_lambda/3, until the purge ends: a soft purge that fails gives
%% the funs back and the calls go on; a purge that completes leaves them undefined (undef). The
%% purge is driven step by step through erts_code_purger's test requests, as OTP's code_SUITE
%% does (call_purged_fun_*).
-module(pending_purge_fun).
-export([main/0]).

-define(MOD, pending_purge_fun_module).

main() ->
    [run(Type) || Type <- [code_there, code_gone]],
    ok.

run(Type) ->
    load(),
    T = ets:new(funs, [public]),
    ets:insert(T, {my_fun, ?MOD:make_fun(4711)}),
    ets:insert(T, {my_fun2, ?MOD:make_fun2()}),
    Papa = self(),
    %% P0 runs the old code while it is purged.
    {P0, M0} = spawn_monitor(fun() ->
                                     [{my_fun2, F2}] = ets:lookup(T, my_fun2),
                                     F2(fun() ->
                                                Papa ! {self(), going_to_sleep},
                                                receive {Papa, wake_up} -> ok end
                                        end,
                                        fun() -> ok end),
                                     exit(completed)
                             end),
    true = erlang:delete_module(?MOD),
    receive {P0, going_to_sleep} -> ok end,
    Purge = start_purge(Type =:= code_gone),
    Callers = [caller(T, N) || N <- [1, 2]],
    Suspended = [wait_until(fun() -> process_info(P, status) =:= {status, suspended} end) || {P, _} <- Callers],
    Where = [process_info(P, current_function) || {P, _} <- Callers],
    ok = continue_purge(Purge),
    Late = caller(T, 3),
    LateSuspended = wait_until(fun() -> process_info(element(1, Late), status) =:= {status, suspended} end),
    Completed = complete_purge(Purge),
    case Type of
        code_there -> P0 ! {self(), wake_up};
        code_gone -> ok
    end,
    Holder = down(P0, M0),
    Results = [down(P, M) || {P, M} <- Callers ++ [Late]],
    io:format("~w: suspended ~w ~w, in ~w, purge ~w, holder ~w, callers ~w~n",
              [Type, Suspended, LateSuspended, Where, Completed, Holder, Results]),
    catch erlang:purge_module(?MOD),
    catch erlang:delete_module(?MOD),
    catch erlang:purge_module(?MOD),
    ets:delete(T).

%% A process calling my_fun(N): 4711 + N, and fun_info before and after.
caller(T, N) ->
    spawn_monitor(fun() ->
                          [{my_fun, F}] = ets:lookup(T, my_fun),
                          Before = erlang:fun_info(F, name),
                          R = F(N),
                          After = erlang:fun_info(F, name),
                          exit({completed, R, Before, is_atom(element(2, After))})
                  end).

load() ->
    Forms = [{attribute, 1, module, ?MOD}, {attribute, 2, export, [{make_fun, 1}, {make_fun2, 0}]},
             {function, 3, make_fun, 1,
              [{clause, 3, [{var, 3, 'A'}], [],
                [{'fun', 4, {clauses, [{clause, 4, [{var, 4, 'X'}], [], [{op, 4, '+', {var, 4, 'A'}, {var, 4, 'X'}}]}]}}]}]},
             {function, 5, make_fun2, 0,
              [{clause, 5, [], [],
                [{'fun', 6, {clauses, [{clause, 6, [{var, 6, 'F1'}, {var, 6, 'F2'}], [],
                                        [{call, 7, {var, 7, 'F1'}, []}, {call, 8, {var, 8, 'F2'}, []}]}]}}]}]}],
    {ok, ?MOD, Beam} = compile:forms(Forms, []),
    {module, ?MOD} = erlang:load_module(?MOD, Beam).

start_purge(Hard) ->
    Ref = make_ref(),
    erts_code_purger ! {test_purge, ?MOD, self(), Hard, Ref},
    receive {started, Ref} -> Ref end.

continue_purge(Ref) ->
    erts_code_purger ! {continue, Ref},
    receive {continued, Ref} -> ok end.

complete_purge(Ref) ->
    erts_code_purger ! {complete, Ref},
    receive {test_purge, Result, Ref} -> Result end.

down(P, M) ->
    receive
        {'DOWN', M, process, P, {undef, [{_Fun, Args, []} | _]}} -> {undef, Args};
        {'DOWN', M, process, P, Reason} -> Reason
    after 2000 -> timeout
    end.

wait_until(F) -> wait_until(F, 200).

wait_until(F, 0) -> F();
wait_until(F, N) ->
    case F() of
        true -> true;
        false -> receive after 10 -> ok end, wait_until(F, N - 1)
    end.
