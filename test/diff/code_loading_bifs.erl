%% The BIFs under OTP's code_server, called directly: prepared code and atomic loading of a
%% batch (erlang:prepare_loading/2, finish_loading/1 and its error returns), modules with an
%% -on_load function (has_prepared_code_on_load/1, call_on_load_function/1,
%% finish_after_on_load/2), reading .beam binaries (erts_internal:beamfile_chunk/2,
%% beamfile_module_md5/1), and the lists of loaded and preloaded modules. Module binaries are
%% compiled at run time and hold no literal terms, so no compressed literal chunk is needed.
-module(code_loading_bifs).
-import(diff_util, [catching/1]).
-export([main/0]).

main() ->
    diff_util:quiet_logger(),
    batches(),
    on_load(),
    beam_files(),
    lists_of_modules(),
    ok.

binary(Module, Body) ->
    Source = lists:flatten(io_lib:format("-module(~w).~n~s", [Module, Body])),
    {ok, Tokens, _} = erl_scan:string(Source),
    {ok, Module, Bin} = compile:forms(forms(Tokens, []), [binary]),
    Bin.

forms([], []) -> [];
forms([{dot, _} = Dot | Rest], Acc) ->
    {ok, Form} = erl_parse:parse_form(lists:reverse([Dot | Acc])),
    [Form | forms(Rest, [])];
forms([T | Rest], Acc) -> forms(Rest, [T | Acc]).

versioned(Module, V) ->
    binary(Module, io_lib:format("-export([v/0]).~nv() -> erlang:monotonic_time() * 0 + ~w.~n", [V])).

show(Label, Value) -> io:format("~s: ~p~n", [Label, Value]).

batches() ->
    A1 = erlang:prepare_loading(cl_a, versioned(cl_a, 1)),
    B1 = erlang:prepare_loading(cl_b, versioned(cl_b, 1)),
    show("prepared is a reference", {is_reference(A1), is_reference(B1)}),
    show("on_load", erlang:has_prepared_code_on_load(A1)),
    show("not loaded yet", erlang:module_loaded(cl_a)),
    show("finish batch", erlang:finish_loading([A1, B1])),
    show("loaded", {cl_a:v(), cl_b:v()}),
    show("finish again", catching(fun() -> erlang:finish_loading([A1]) end)),
    A2 = erlang:prepare_loading(cl_a, versioned(cl_a, 2)),
    A2b = erlang:prepare_loading(cl_a, versioned(cl_a, 2)),
    show("duplicated", erlang:finish_loading([A2, A2b])),
    show("same code twice", erlang:finish_loading([A2, A2, A2b, A2b])),
    show("empty batch", erlang:finish_loading([])),
    B2 = erlang:prepare_loading(cl_b, versioned(cl_b, 2)),
    show("finish batch", erlang:finish_loading([A2, B2])),
    show("loaded", {cl_a:v(), cl_b:v()}),
    A3 = erlang:prepare_loading(cl_a, versioned(cl_a, 3)),
    B3 = erlang:prepare_loading(cl_b, versioned(cl_b, 3)),
    show("not purged", erlang:finish_loading([A3, B3])),
    show("purge a", erlang:purge_module(cl_a)),
    show("not purged", erlang:finish_loading([A3, B3])),
    show("purge b", erlang:purge_module(cl_b)),
    show("prepared code is kept", erlang:finish_loading([B3, A3])),
    show("loaded", {cl_a:v(), cl_b:v()}),
    show("bad batch", catching(fun() -> erlang:finish_loading([A3 | B3]) end)),
    show("badfile", erlang:prepare_loading(cl_a, <<"FOR1 not a beam">>)),
    show("wrong name", erlang:prepare_loading(cl_c, versioned(cl_a, 4))),
    show("not a binary", catching(fun() -> erlang:prepare_loading(cl_a, not_a_binary) end)),
    show("not an atom", catching(fun() -> erlang:prepare_loading("cl_a", versioned(cl_a, 4)) end)).

on_load() ->
    Ok = binary(cl_ok, "-on_load(init/0).\n-export([f/0]).\ninit() -> erlang:put(cl_ok_ran, erlang:self()), ok.\n"
                       "f() -> erlang:get(cl_ok_ran) =:= erlang:self().\n"),
    P = erlang:prepare_loading(cl_ok, Ok),
    show("on_load", erlang:has_prepared_code_on_load(P)),
    Other = erlang:prepare_loading(cl_a, versioned(cl_a, 5)),
    show("batch with on_load", catching(fun() -> erlang:finish_loading([P, Other]) end)),
    show("finish", erlang:finish_loading([P])),
    show("loaded", erlang:module_loaded(cl_ok)),
    show("call on_load", erlang:call_on_load_function(cl_ok)),
    show("call on_load again", erlang:call_on_load_function(cl_ok)),
    show("finish after on_load", erlang:finish_after_on_load(cl_ok, true)),
    show("loaded", erlang:module_loaded(cl_ok)),
    show("ran here", cl_ok:f()),
    show("no on_load waiting", catching(fun() -> erlang:call_on_load_function(cl_ok) end)),
    show("finish bad value", catching(fun() -> erlang:finish_after_on_load(cl_ok, maybe) end)),
    show("finish nothing", catching(fun() -> erlang:finish_after_on_load(cl_ok, true) end)),
    Bad = binary(cl_bad, "-on_load(init/0).\n-export([f/0]).\ninit() -> refused.\nf() -> erlang:self().\n"),
    show("finish", erlang:finish_loading([erlang:prepare_loading(cl_bad, Bad)])),
    show("call on_load", erlang:call_on_load_function(cl_bad)),
    show("finish after on_load", erts_code_purger:finish_after_on_load(cl_bad, false)),
    show("loaded", {erlang:module_loaded(cl_bad), erlang:check_old_code(cl_bad)}),
    show("load_module with on_load", erlang:load_module(cl_bad, Bad)),
    show("call on_load", erlang:call_on_load_function(cl_bad)),
    show("finish after on_load", erts_code_purger:finish_after_on_load(cl_bad, false)),
    show("loaded", erlang:module_loaded(cl_bad)).

beam_files() ->
    Bin = versioned(cl_d, 1),
    show("Attr chunk", binary_to_term(erts_internal:beamfile_chunk(Bin, "Attr")) =:= cl_a:module_info(attributes)),
    show("missing chunk", erts_internal:beamfile_chunk(Bin, "Xyzw")),
    show("not a beam", erts_internal:beamfile_chunk(<<"junk">>, "Attr")),
    show("bad chunk name", catching(fun() -> erts_internal:beamfile_chunk(Bin, "Attrs") end)),
    show("bad chunk name", catching(fun() -> erts_internal:beamfile_chunk(Bin, attr) end)),
    {module, cl_d} = erlang:load_module(cl_d, Bin),
    show("md5", erts_internal:beamfile_module_md5(Bin) =:= cl_d:module_info(md5)),
    show("native", [cl_d:module_info(native), lists:module_info(native),
                    cl_d:module_info(native_addresses), erlang:get_module_info(lists, native_addresses),
                    try erlang:get_module_info(lists, bogus) catch error:R -> R end]),
    show("md5 of junk", erts_internal:beamfile_module_md5(<<"junk">>)),
    show("md5 of non-binary", catching(fun() -> erts_internal:beamfile_module_md5(junk) end)).

lists_of_modules() ->
    Loaded = erlang:loaded(),
    show("loaded", [M || M <- [cl_a, cl_b, cl_d, cl_ok, cl_bad, cl_c], lists:member(M, Loaded)]),
    show("all atoms", lists:all(fun erlang:is_atom/1, Loaded)),
    show("pre_loaded", lists:sort(erlang:pre_loaded())).

