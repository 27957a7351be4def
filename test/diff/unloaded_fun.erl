%% A fun whose module is gone: fun_info gives name [] (and fun_info_mfa [] with the arity
%% without free variables), as for any unloaded fun in erts, and a call raises undef with the
%% fun and its arguments as the top frame, the caller of a tail call left out.
-module(unloaded_fun).
-export([main/0]).

main() ->
    F = gone_fun(unloaded_fun_module),
    io:format("fun_info: ~p~n", [[erlang:fun_info(F, I) || I <- [module, name, arity]]]),
    io:format("fun_info_mfa: ~p~n", [erlang:fun_info_mfa(F)]),
    [io:format("~p: ~p~n", [How, outcome(F, Call)])
     || {How, Call} <- [{tail, fun tail/1}, {body, fun body/1}, {apply, fun(G) -> apply(G, [3]) end},
                        {tail_apply, fun tail_apply/1}]],
    ok.

%% A fun of a module made here, deleted and purged.
gone_fun(Module) ->
    Forms = [{attribute, 1, module, Module}, {attribute, 2, export, [{make_fun, 1}]},
             {function, 3, make_fun, 1,
              [{clause, 3, [{var, 3, 'A'}], [],
                [{'fun', 4, {clauses, [{clause, 4, [{var, 4, 'X'}], [], [{op, 4, '+', {var, 4, 'A'}, {var, 4, 'X'}}]}]}}]}]}],
    {ok, Module, Beam} = compile:forms(Forms, []),
    {module, Module} = erlang:load_module(Module, Beam),
    F = Module:make_fun(4711),
    io:format("loaded: ~p~n", [[erlang:fun_info(F, I) || I <- [name, arity]]]),
    true = erlang:delete_module(Module),
    true = erlang:purge_module(Module),
    F.

tail(F) -> F(1).
body(F) -> X = F(2), {X}.
tail_apply(F) -> apply(F, [4]).

%% The fun itself is not printed, only where it stands.
outcome(F, Call) ->
    try Call(F) of
        V -> {value, V}
    catch
        Class:Reason:Stack ->
            [{Top, Args, Location} | Rest] = Stack,
            {Class, Reason, Top =:= F, Args, Location, [{M, Fn, A} || {M, Fn, A, _} <- lists:sublist(Rest, 1)]}
    end.
