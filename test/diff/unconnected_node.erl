%% Signals to pids, ports and names of another node, which this node is not connected to (it
%% is not even distributed): erts makes the link and breaks it at once with a noconnection exit
%% signal, answers a monitor with a noconnection 'DOWN', drops messages, and raises badarg for
%% links to remote ports and monitors of remote names; monitor_node/2,3 answer as a node that
%% is not alive. Pids and refs are compared, not printed.
-module(unconnected_node).
-import(diff_util, [id/1]).
-export([main/0]).

main() ->
    diff_util:quiet_logger(),
    links(),
    monitors(),
    sends(),
    node_monitors(),
    ok.

%% monitor_node/2,3: this node never goes down; other nodes are out of reach (notalive).
node_monitors() ->
    Cases = [{node(), true, []}, {node(), false, []}, {node(), true, [allow_passive_connect]},
             {'other@host', true, []}, {'other@host', false, []}, {'other@host', true, [allow_passive_connect]},
             {"node", true, []}, {node(), maybe, []}, {node(), true, [bogus]}, {node(), true, improper}],
    show(monitor_node, [try erlang:monitor_node(N, F, O) catch error:R -> R end || {N, F, O} <- Cases]),
    show(monitor_node_2, [try monitor_node(N, F) catch error:R -> R end || {N, F} <- [{node(), true}, {x@y, true}, {1, true}]]),
    show(no_nodedown, receive M -> M after 50 -> none end).

remote_pid() -> binary_to_term(<<131, 88, 119, 7, "foo@bar", 0:32, 5:32, 3:32>>).
remote_port() -> binary_to_term(<<131, 89, 119, 7, "foo@bar", 5:32, 3:32>>).
remote_ref() -> binary_to_term(<<131, 90, 0, 2, 119, 7, "foo@bar", 3:32, 1:32, 2:32>>).

links() ->
    io:format("== links~n"),
    E = remote_pid(),
    process_flag(trap_exit, true),
    show(link_trapping, link(E)),
    show(exit_message, next_message(E)),
    show(linked_after, lists:member(E, element(2, process_info(self(), links)))),
    show(link_twice, {link(E), link(E), lists:member(E, element(2, process_info(self(), links)))}),
    show(one_exit_message, [next_message(E), next_message(E)]),
    show(link_then_unlink, {link(E), unlink(E)}),
    show(no_exit_message, next_message(E)),
    show(link_remote_port, catch_error(fun() -> link(remote_port()) end)),
    process_flag(trap_exit, false),
    Self = self(),
    {Pid, Ref} = spawn_monitor(fun() -> Self ! {linked, link(E)}, receive never -> ok end end),
    show(link_not_trapping, receive {linked, R} -> R after 2000 -> timeout end),
    show(ended_by, receive {'DOWN', Ref, process, Pid, Why} -> Why after 2000 -> timeout end),
    show(unlink, unlink(E)),
    show(exit_2, exit(E, kill)).

monitors() ->
    io:format("== monitors~n"),
    E = remote_pid(),
    Ref = monitor(process, E),
    show(down, receive {'DOWN', Ref, process, Obj, Why} -> {Obj =:= E, Why} after 2000 -> timeout end),
    Ref2 = monitor(process, E),
    show(demonitor_first, demonitor(Ref2)),
    show(no_down, receive {'DOWN', Ref2, _, _, _} -> down after 100 -> none end),
    show(remote_name, catch_error(fun() -> monitor(process, {nm, 'foo@bar'}) end)),
    show(remote_name_bad_node, catch_error(fun() -> monitor(process, {nm, "foo@bar"}) end)),
    Ref3 = monitor(process, {nm, node()}),
    show(local_name, receive {'DOWN', Ref3, process, Obj3, Why3} -> {Obj3, Why3} after 2000 -> timeout end).

sends() ->
    io:format("== sends~n"),
    E = remote_pid(),
    show(send_pid, E ! m),
    show(send_name, {nm, 'foo@bar'} ! m),
    show(send_ref, remote_ref() ! m),
    show(send_bad_node, catch_error(fun() -> {nm, id("foo@bar")} ! m end)),
    [show({send_3, Opts}, catch_error(fun() -> erlang:send(To, m, Opts) end))
     || To <- [E, {nm, 'foo@bar'}, remote_ref()], Opts <- [[], [noconnect], [nosuspend], [nosuspend, noconnect]]],
    show(send_3_local_name, erlang:send({nm, node()}, m, [noconnect])),
    show(send_3_bad_option, catch_error(fun() -> erlang:send(self(), m, [bad]) end)),
    show(send_3_improper, catch_error(fun() -> erlang:send(self(), m, [noconnect | bad]) end)),
    show(mailbox, process_info(self(), message_queue_len)).

next_message(E) ->
    receive
        {'EXIT', From, Why} -> {'EXIT', From =:= E, Why}
    after 100 -> none
    end.

%% The error and the error_info of the top frame.
catch_error(F) ->
    try F() of
        V -> V
    catch
        error:R:St ->
            {_, _, _, Loc} = hd(St),
            {R, proplists:get_value(error_info, Loc)}
    end.

show(Label, Value) ->
    io:format("~p: ~p~n", [Label, Value]).
