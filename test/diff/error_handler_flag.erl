%% process_flag(error_handler, Module): calls of undefined functions, and of funs whose code
%% is gone, go to Module:undefined_function/3 and undefined_lambda/3, as erts does. Between
%% setting the flag and restoring it the test calls nothing that a VM may not have loaded yet.
%% (A handler module that is not loaded is left out: erts 13.1.5 dies of it.)
-module(error_handler_flag).
-export([main/0, undefined_function/3, undefined_lambda/3]).

undefined_function(Module, Function, Args) -> {handled, Module, Function, Args}.

undefined_lambda(Module, Fun, Args) -> {lambda, Module, is_function(Fun), Args}.

main() ->
    Fun = fun_of_purged_module(),
    Default = process_flag(error_handler, ?MODULE),
    Info = process_info(self(), error_handler),
    Call = eh_nonexistent:foo(1, 2),
    Apply = apply(eh_nonexistent, bar, [x]),
    Export = (fun eh_nonexistent:baz/1)(y),
    Local = ?MODULE:not_here(z),
    Lambda = Fun(3),
    Back = process_flag(error_handler, error_handler),
    io:format("default: ~p~n", [Default]),
    io:format("process_info: ~p~n", [Info]),
    io:format("call: ~p~n", [Call]),
    io:format("apply: ~p~n", [Apply]),
    io:format("export fun: ~p~n", [Export]),
    io:format("local module: ~p~n", [Local]),
    io:format("fun of purged code: ~p~n", [Lambda]),
    io:format("restored: ~p~n", [Back]),
    io:format("now: ~p~n", [process_info(self(), error_handler)]),
    io:format("bad value: ~p~n", [try process_flag(error_handler, "x") catch C2:R2 -> {C2, R2} end]),
    Parent = self(),
    process_flag(error_handler, ?MODULE),
    spawn(fun() -> Parent ! {child, process_flag(error_handler, error_handler)} end),
    process_flag(error_handler, error_handler),
    receive {child, Child} -> io:format("a new process starts with: ~p~n", [Child]) end,
    ok.

%% A fun of a module loaded from a binary, then deleted and purged: no code is left for it.
fun_of_purged_module() ->
    Source = "-module(eh_gone).\n-export([make/0]).\nmake() -> fun(X) -> [gone | X] end.\n",
    {ok, Tokens, _} = erl_scan:string(Source),
    {ok, eh_gone, Bin} = compile:forms(forms(Tokens, []), [binary]),
    {module, eh_gone} = erlang:load_module(eh_gone, Bin),
    Fun = eh_gone:make(),
    true = erlang:delete_module(eh_gone),
    true = erlang:purge_module(eh_gone),
    Fun.

forms([], []) -> [];
forms([{dot, _} = Dot | Rest], Acc) ->
    {ok, Form} = erl_parse:parse_form(lists:reverse([Dot | Acc])),
    [Form | forms(Rest, [])];
forms([T | Rest], Acc) -> forms(Rest, [T | Acc]).
