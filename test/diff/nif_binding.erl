%% erlang:load_nif/2 and the built-in NIF libraries it binds: the errors load_nif returns,
%% NIFs reached by remote calls, local calls and funs, the stack frame a failing NIF leaves,
%% prim_buffer's byte queue and erl_tracer's two functions.
-module(nif_binding).
-export([main/0]).
-import(diff_util, [catching/1]).

p(Label, Value) -> io:format("~s: ~p~n", [Label, Value]).

main() ->
    load_nif_errors(),
    frames(),
    buffer(),
    tracer().

load_nif_errors() ->
    p("missing library", erlang:load_nif("/nonexistent/dir/libx", 0)),
    p("bare missing name", erlang:load_nif("no_such_nif_library", [])),
    p("binary path", erlang:load_nif(<<"/nonexistent/y">>, 0)),
    p("bad path", catching(fun() -> erlang:load_nif(diff_util:id(foo), 0) end)),
    p("deep path", erlang:load_nif(["/nonexistent/", [$z]], 0)),
    p("binary in a path list", catching(fun() -> erlang:load_nif([<<"/nonexistent/">>, "z"], 0) end)),
    p("unicode path", erlang:load_nif([960], 0)),
    p("empty path", erlang:load_nif("", 0)),
    p("built-in name from another module", erlang:load_nif("prim_buffer", 0)),
    p("through apply", apply(erlang, load_nif, ["zlib", 0])),
    %% The library is bound already (on first use in -bare, at boot on erl): a second load.
    p("prim_buffer reload", catching(fun() -> prim_buffer:on_load() end)),
    p("erl_tracer reload", catching(fun() -> erl_tracer:on_load() end)).

top(F, N) ->
    try F() of
        V -> {value, V}
    catch
        C:R:St -> {C, R, lists:sublist(St, N)}
    end.

frames() ->
    p("remote call", top(fun() -> prim_buffer:size(diff_util:id(foo)) end, 1)),
    Size = fun prim_buffer:size/1,
    p("through a fun", top(fun() -> Size(bar) end, 1)),
    p("through apply", top(fun() -> apply(prim_buffer, size, [baz]) end, 1)),
    %% prim_buffer:read/2 calls copying_read/2 locally: both frames show.
    p("local call", top(fun() -> prim_buffer:read(not_a_buffer, 3) end, 2)),
    {C, R, [{M, F, [Arg], Loc}]} = top(fun() -> prim_buffer:unlock(prim_buffer:new()) end, 1),
    p("unlock without lock", {C, R, M, F, is_reference(Arg), Loc}).

buffer() ->
    B = prim_buffer:new(),
    p("is_reference", is_reference(B)),
    p("empty size", prim_buffer:size(B)),
    p("read_iovec empty", catching(fun() -> prim_buffer:read_iovec(B, 100) end)),
    Big = binary:copy(<<"0123456789">>, 100),
    p("write", prim_buffer:write(B, [<<"ab">>, <<"c\nd">>, Big, <<>>])),
    p("size", prim_buffer:size(B)),
    p("find newline", prim_buffer:find_byte_index(B, $\n)),
    p("find missing", prim_buffer:find_byte_index(B, $z)),
    p("find bad", catching(fun() -> prim_buffer:find_byte_index(B, 256) end)),
    p("read small", prim_buffer:read(B, 4)),
    p("read", prim_buffer:read(B, 6)),
    p("read_iovec", iolist_to_binary(prim_buffer:read_iovec(B, 600)) =:= binary:part(Big, 5, 600)),
    p("size left", prim_buffer:size(B)),
    p("read small too much", catching(fun() -> prim_buffer:read(B, 40) end)),
    p("skip", prim_buffer:skip(B, 100)),
    p("skip too much", catching(fun() -> prim_buffer:skip(B, 1000) end)),
    p("wipe", prim_buffer:wipe(B)),
    p("size wiped", prim_buffer:size(B)),
    p("write bad", catching(fun() -> prim_buffer:write(B, <<"not a list">>) end)),
    p("write bad element", catching(fun() -> prim_buffer:write(B, ["abc"]) end)),
    p("write bits", catching(fun() -> prim_buffer:write(B, [<<1:3>>]) end)),
    p("write more bits", catching(fun() -> prim_buffer:write(B, [<<1, 2:3>>]) end)),
    p("locks", [prim_buffer:try_lock(B), prim_buffer:try_lock(B), prim_buffer:unlock(B),
                prim_buffer:try_lock(B), prim_buffer:unlock(B)]),
    p("negative read", catching(fun() -> prim_buffer:read(B, -1) end)),
    p("write after wipe", prim_buffer:write(B, [Big, <<"tail">>])),
    p("read across", prim_buffer:read(B, 1004) =:= <<Big/binary, "tail">>).

tracer() ->
    Self = self(),
    Dead = spawn(fun() -> ok end),
    Ref = monitor(process, Dead),
    receive {'DOWN', Ref, process, Dead, _} -> ok end,
    Other = spawn(fun() -> receive stop -> ok end end),
    p("enabled", [erl_tracer:enabled(call, Self, Other),
                  erl_tracer:enabled(call, Self, Self),
                  erl_tracer:enabled(call, Dead, Other),
                  erl_tracer:enabled(trace_status, Dead, Other),
                  erl_tracer:enabled(trace_status, not_a_pid, Other)]),
    Events = [{call, {m, f, []}, #{}},
              {call, {m, f, []}, #{extra => extra_info}},
              {return_from, {{m, f, 0}, 42}, #{match_spec_result => true, scheduler_id => 1}},
              {seq_trace, {send, 1, a, b, msg}, #{}},
              {seq_trace, {send, 1, a, b, msg}, #{extra => 1}},
              {send, hello, 17}],
    [ok = erl_tracer:trace(Tag, Self, Other, Msg, Opts) || {Tag, Msg, Opts} <- Events],
    p("messages", [receive M -> replace(M, Other) end || _ <- Events]),
    ok = erl_tracer:trace(call, Self, Other, {m, f, []}, #{timestamp => monotonic}),
    receive {trace_ts, Other, call, {m, f, []}, T} -> p("monotonic", is_integer(T)) end,
    ok = erl_tracer:trace(call, Self, Other, {m, f, []}, #{timestamp => timestamp}),
    receive {trace_ts, Other, call, {m, f, []}, {_, _, _}} -> p("timestamp", ok) end,
    Other ! stop.

replace(M, Other) when is_tuple(M) -> list_to_tuple([replace(E, Other) || E <- tuple_to_list(M)]);
replace(Other, Other) -> other;
replace(E, _) -> E.
