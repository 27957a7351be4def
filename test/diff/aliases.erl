%% Process aliases (OTP 24): alias/0,1, unalias/1, monitor/3 with the
%% {alias, Mode} option, and sends to an alias that is or is no longer active.
%% Also the smaller BIFs added alongside: unique_integer/1, nodes/0,1,
%% erlang:append/2 and subtract/2, iolist_to_iovec/1, fun_info_mfa/1, make_fun/3.
-module(aliases).
-export([main/0, add/2]).

main() ->
    plain_alias(),
    reply_demonitor(),
    explicit_unalias(),
    demonitor_mode(),
    alias_from_other_process(),
    small_bifs(),
    ok.

add(A, B) -> A + B.

show(Label, Value) -> io:format("~s: ~p~n", [Label, Value]).

err(F) ->
    try F() catch C:R -> {C, R} end.

%% The error_info a failing BIF's frame carries: which argument erts blames.
cause(F) ->
    try F() catch error:R:Stack ->
        [{_, _, _, Location} | _] = Stack,
        {R, proplists:get_value(error_info, Location)}
    end.

drain() ->
    receive M -> [M | drain()] after 50 -> [] end.

plain_alias() ->
    A = alias(),
    show("alias is ref", is_reference(A)),
    A ! one,
    A ! two,
    show("received via alias", drain()),
    show("unalias active", unalias(A)),
    A ! three,
    show("after unalias", drain()),
    show("unalias again", unalias(A)),
    show("unalias badarg", err(fun() -> unalias(self()) end)).

reply_demonitor() ->
    A = alias([reply]),
    A ! first,
    A ! second,
    show("reply alias only first", drain()),
    show("reply alias already gone", unalias(A)),
    show("alias badarg", err(fun() -> alias([bogus]) end)).

explicit_unalias() ->
    Parent = self(),
    Pid = spawn(fun() -> receive go -> ok end end),
    M = monitor(process, Pid, [{alias, explicit_unalias}]),
    M ! before_down,
    Pid ! go,
    Msgs = drain(),
    show("explicit: messages", [strip(X, M, Pid) || X <- Msgs]),
    M ! after_down,
    show("explicit: alias survives DOWN", drain()),
    show("explicit: unalias", unalias(M)),
    M ! after_unalias,
    show("explicit: after unalias", drain()),
    Parent.

demonitor_mode() ->
    Pid = spawn(fun() -> receive go -> ok end end),
    M = monitor(process, Pid, [{alias, demonitor}]),
    M ! one,
    show("demonitor mode: active", drain()),
    Pid ! go,
    Msgs = drain(),
    show("demonitor mode: down", [strip(X, M, Pid) || X <- Msgs]),
    M ! after_down,
    show("demonitor mode: after DOWN", drain()),
    Pid2 = spawn(fun() -> receive go -> ok end end),
    M2 = monitor(process, Pid2, [{alias, demonitor}]),
    show("demonitor/1", demonitor(M2)),
    M2 ! after_demonitor,
    show("demonitor mode: after demonitor", drain()),
    Pid2 ! go,
    M3 = monitor(process, Pid2, [{alias, reply_demonitor}]),
    show("reply_demonitor on dead", [strip(X, M3, Pid2) || X <- drain()]),
    show("monitor bad alias mode", cause(fun() -> monitor(process, self(), [{alias, bogus}]) end)),
    show("monitor bad options", cause(fun() -> monitor(process, self(), [{alias, demonitor} | x]) end)),
    show("monitor bad type", cause(fun() -> monitor(bogus, self(), []) end)),
    show("monitor bad target", cause(fun() -> monitor(process, 42) end)),
    show("alias bad option", cause(fun() -> alias([bogus]) end)).

alias_from_other_process() ->
    Parent = self(),
    A = alias(),
    Pid = spawn(fun() -> A ! {from_child, self()}, Parent ! done end),
    receive done -> ok end,
    show("alias from child", [strip(X, A, Pid) || X <- drain()]),
    %% An alias only reaches the process that created it while it is alive.
    Child = spawn(fun() -> B = alias(), Parent ! {alias, B} end),
    B = receive {alias, X} -> X end,
    Ref = monitor(process, Child),
    receive {'DOWN', Ref, process, Child, _} -> ok end,
    show("send to dead alias", B ! hello),
    unalias(A).

strip(X, Ref, Pid) ->
    replace(replace(X, Ref, ref), Pid, pid).

replace(X, X, New) -> New;
replace(T, Old, New) when is_tuple(T) ->
    list_to_tuple([replace(E, Old, New) || E <- tuple_to_list(T)]);
replace(X, _, _) -> X.

small_bifs() ->
    U1 = erlang:unique_integer([positive]),
    U2 = erlang:unique_integer([positive]),
    show("unique positive", U1 > 0 andalso U2 > 0 andalso U1 =/= U2),
    M1 = erlang:unique_integer([monotonic]),
    M2 = erlang:unique_integer([monotonic]),
    show("unique monotonic", M2 > M1),
    show("unique badarg", err(fun() -> erlang:unique_integer([bogus]) end)),
    show("unique improper", err(fun() -> erlang:unique_integer(nope) end)),
    show("nodes", {nodes(), nodes(connected), nodes([visible, hidden])}),
    show("nodes badarg", {err(fun() -> nodes(bogus) end), err(fun() -> nodes([this | x]) end)}),
    show("nodes this", {nodes(this), nodes([known, visible])}),
    show("append", erlang:append([1, 2], [3])),
    show("append improper", erlang:append([1], x)),
    show("append badarg", err(fun() -> erlang:append(x, [1]) end)),
    show("subtract", erlang:subtract([1, 2, 3, 2], [2])),
    show("subtract badarg", err(fun() -> erlang:subtract([1], x) end)),
    show("iovec", erlang:iolist_to_iovec([<<"ab">>, $c, [<<"de">>]])),
    show("iovec empty", erlang:iolist_to_iovec([])),
    show("iovec badarg", err(fun() -> erlang:iolist_to_iovec([foo]) end)),
    show("fun_info_mfa", erlang:fun_info_mfa(fun lists:map/2)),
    show("make_fun", {(erlang:make_fun(?MODULE, add, 2))(1, 2),
                      erlang:fun_info(erlang:make_fun(lists, seq, 2), arity)}),
    show("make_fun badarg", err(fun() -> erlang:make_fun(?MODULE, add, -1) end)).
