%% Loading a module with -on_load (and -nifs): the on_load function runs before the module's
%% functions can be called, and a module whose on_load fails stays unloaded.
-module(on_load).
-export([main/0]).

main() ->
    io:format("first call: ~p~n", [on_load_ok:hello()]),
    io:format("second call: ~p~n", [on_load_ok:hello()]),
    io:format("on_load ran in: ~p~n", [on_load_ok:loaded_by()]),
    io:format("nif stub: ~p~n", [reason(fun() -> on_load_ok:native() end)]),
    io:format("refused: ~p~n", [reason(fun() -> on_load_fails:hello() end)]),
    io:format("refused again: ~p~n", [reason(fun() -> on_load_fails:hello() end)]),
    ok.

reason(F) ->
    try F() catch Class:Reason:Stack -> {Class, Reason, hd(Stack)} end.
