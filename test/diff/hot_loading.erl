%% Hot code loading through erts' own BIFs, with module binaries compiled at run time: a
%% process looping in old code keeps running it until its next fully qualified call, new code
%% cannot be loaded over unpurged old code, purging kills the processes still in old code,
%% and funs of purged code raise badfun or undef.
-module(hot_loading).
-import(diff_util, [catching/1]).
-export([main/0, block/0]).

main() ->
    diff_util:quiet_logger(),
    upgrade_a_running_process(),
    delete_and_purge(),
    soft_purge(),
    old_code_on_the_stack(),
    fun_called_during_a_purge(false),
    fun_called_during_a_purge(true),
    bad_arguments(),
    ok.

%% hl_mod in version V: loop/0 stays in its version through local calls and moves to the
%% current one on `upgrade`; make_fun/0 makes a fun of this version. The code holds no
%% literal terms, so that its binary needs no compressed literal chunk.
binary(V) -> binary(hl_mod, V).

binary(Module, V) ->
    Source = io_lib:format(
        "-module(~w).~n"
        "-export([loop/0, version/0, make_fun/0, hold/0]).~n"
        "loop() ->~n"
        "    receive~n"
        "        {From, version} -> From ! {version, version()}, loop();~n"
        "        {From, upgrade} -> From ! upgraded, ~w:loop();~n"
        "        stop -> ok~n"
        "    end.~n"
        "version() -> erlang:monotonic_time() * 0 + ~w.~n"
        "make_fun() -> fun() -> [fun_of | version()] end.~n"
        "hold() -> [held | hot_loading:block()].~n", [Module, Module, V]),
    {ok, Module, Bin} = compile:forms(forms(lists:flatten(Source)), [binary]),
    Bin.

forms(Source) ->
    {ok, Tokens, _} = erl_scan:string(Source),
    split(Tokens, []).

split([], []) -> [];
split([{dot, _} = Dot | Rest], Acc) ->
    {ok, Form} = erl_parse:parse_form(lists:reverse([Dot | Acc])),
    [Form | split(Rest, [])];
split([T | Rest], Acc) -> split(Rest, [T | Acc]).

ask(P) ->
    P ! {self(), version},
    receive {version, V} -> V end.

upgrade(P) ->
    P ! {self(), upgrade},
    receive upgraded -> ok end.

show(Label, Value) -> io:format("~s: ~p~n", [Label, Value]).

upgrade_a_running_process() ->
    show("load v1", erlang:load_module(hl_mod, binary(1))),
    show("loaded", {erlang:module_loaded(hl_mod), lists:member(hl_mod, erlang:loaded())}),
    show("exported", erlang:function_exported(hl_mod, make_fun, 0)),
    P = spawn(hl_mod, loop, []),
    show("process runs", ask(P)),
    show("old code", erlang:check_old_code(hl_mod)),
    F1 = hl_mod:make_fun(),
    show("load v2", erlang:load_module(hl_mod, binary(2))),
    show("old code", erlang:check_old_code(hl_mod)),
    show("current", hl_mod:version()),
    show("process still runs", ask(P)),
    show("process in old code", erlang:check_process_code(P, hl_mod)),
    show("self in old code", erlang:check_process_code(self(), hl_mod)),
    show("asked asynchronously", erlang:check_process_code(P, hl_mod, [{async, req}, {allow_gc, false}])),
    receive {check_process_code, req, InOld} -> show("answer", InOld) end,
    Dead = spawn(fun() -> ok end),
    Mon = monitor(process, Dead),
    receive {'DOWN', Mon, process, Dead, _} -> ok end,
    show("dead process in old code", erlang:check_process_code(Dead, hl_mod)),
    show("fun of old code", F1()),
    show("load v3 over old code", erlang:load_module(hl_mod, binary(3))),
    show("current after refusal", hl_mod:version()),
    upgrade(P),
    show("process after a qualified call", ask(P)),
    show("process in old code", erlang:check_process_code(P, hl_mod)),
    show("purge", erlang:purge_module(hl_mod)),
    show("alive", is_process_alive(P)),
    show("old code", erlang:check_old_code(hl_mod)),
    show("fun of purged code", error_class(catching(F1))),
    F2 = hl_mod:make_fun(),
    show("load v3", erlang:load_module(hl_mod, binary(3))),
    show("process runs", ask(P)),
    show("fun of old code", F2()),
    Ref = monitor(process, P),
    show("purge with a process in old code", erlang:purge_module(hl_mod)),
    receive {'DOWN', Ref, process, P, Reason} -> show("process ended", Reason) end,
    show("fun of purged code", error_class(catching(F2))),
    show("current", hl_mod:version()).

delete_and_purge() ->
    F3 = hl_mod:make_fun(),
    show("delete", erlang:delete_module(hl_mod)),
    show("loaded", {erlang:module_loaded(hl_mod), lists:member(hl_mod, erlang:loaded())}),
    show("old code", erlang:check_old_code(hl_mod)),
    show("exported", erlang:function_exported(hl_mod, version, 0)),
    show("call deleted", catching(fun() -> hl_mod:version() end)),
    show("fun of deleted code", F3()),
    show("delete again", catching(fun() -> erlang:delete_module(hl_mod) end)),
    show("purge", erlang:purge_module(hl_mod)),
    show("loaded", lists:member(hl_mod, erlang:loaded())),
    show("fun of purged code", catching(F3)),
    show("delete purged", erlang:delete_module(hl_mod)),
    show("purge nothing", catching(fun() -> erlang:purge_module(hl_mod) end)),
    show("delete unknown", erlang:delete_module(hl_never_loaded)),
    show("load after delete", erlang:load_module(hl_mod, binary(4))),
    show("current", hl_mod:version()).

%% erts_code_purger's soft purge: refused while a process runs the old code.
soft_purge() ->
    show("load v5", erlang:load_module(hl_mod, binary(5))),
    show("purge", erlang:purge_module(hl_mod)),
    P = spawn(hl_mod, loop, []),
    show("process runs", ask(P)),
    show("load v6", erlang:load_module(hl_mod, binary(6))),
    show("soft purge", erts_code_purger:soft_purge(hl_mod)),
    show("old code", erlang:check_old_code(hl_mod)),
    show("process runs", ask(P)),
    upgrade(P),
    show("soft purge", erts_code_purger:soft_purge(hl_mod)),
    show("old code", erlang:check_old_code(hl_mod)),
    show("process runs", ask(P)),
    P ! stop.

%% A fun of the code being purged, called while the purge is under way (erts_code_purger's
%% test_purge request stops between the phases): the call waits for the purge to end, then
%% runs if the purge was refused (soft purge with a process in old code) or fails if the code
%% is gone.
fun_called_during_a_purge(Hard) ->
    Module = case Hard of false -> pp_soft; true -> pp_hard end,
    show("load v1", erlang:load_module(Module, binary(Module, 1))),
    Fun = Module:make_fun(),
    P = spawn(Module, loop, []),
    show("load v2", erlang:load_module(Module, binary(Module, 2))),
    Ref = make_ref(),
    erts_code_purger ! {test_purge, Module, self(), Hard, Ref},
    receive {started, Ref} -> ok end,
    Self = self(),
    spawn(fun() -> Self ! {fun_result, catching(Fun)} end),
    erts_code_purger ! {continue, Ref},
    receive {continued, Ref} -> ok end,
    erts_code_purger ! {complete, Ref},
    receive {test_purge, Result, Ref} -> show("purge", {Hard, Result}) end,
    receive {fun_result, FunResult} -> show("fun called meanwhile", error_class(FunResult)) end,
    show("process alive", is_process_alive(P)),
    P ! stop.

block() -> receive release -> ok end.

%% A process whose old code waits for a call to return is still in the old code.
old_code_on_the_stack() ->
    show("load v1", erlang:load_module(stack_mod, binary(stack_mod, 1))),
    Self = self(),
    P = spawn(fun() -> Self ! {held, stack_mod:hold()} end),
    Q = spawn(fun() -> Self ! {held, stack_mod:hold()} end),
    show("load v2", erlang:load_module(stack_mod, binary(stack_mod, 2))),
    show("in old code", {erlang:check_process_code(P, stack_mod), erlang:check_process_code(Q, stack_mod)}),
    Q ! release,
    receive {held, Held} -> show("returned into old code", Held) end,
    Ref = monitor(process, P),
    show("soft purge", erts_code_purger:soft_purge(stack_mod)),
    show("purge", erts_code_purger:purge(stack_mod)),
    receive {'DOWN', Ref, process, P, Reason} -> show("process ended", Reason) end.

bad_arguments() ->
    show("load junk", erlang:load_module(hl_junk, <<"junk">>)),
    show("load under another name", erlang:load_module(hl_other, binary(7))),
    show("load a list", catching(fun() -> erlang:load_module(hl_mod, "junk") end)),
    show("check_old_code", catching(fun() -> erlang:check_old_code("hl_mod") end)),
    show("delete_module", catching(fun() -> erlang:delete_module(1) end)),
    show("check_process_code", catching(fun() -> erlang:check_process_code(self(), 1) end)),
    show("check_process_code", catching(fun() -> erlang:check_process_code(self(), hl_mod, [bad]) end)),
    show("purge_module", catching(fun() -> erts_internal:purge_module(hl_mod, complete) end)),
    show("finish_loading", catching(fun() -> erlang:finish_loading([make_ref()]) end)),
    show("finish_loading", catching(fun() -> erlang:finish_loading(junk) end)),
    show("has_prepared_code_on_load", catching(fun() -> erlang:has_prepared_code_on_load(make_ref()) end)).

error_class({error, {Tag, _}}) -> {error, Tag};
error_class(Other) -> Other.

