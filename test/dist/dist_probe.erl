%% Distribution as a user sees it, run on one node against a peer that is up and idle: the
%% same module prints the same lines whichever VM each node runs (test/run_dist.sh runs it for
%% ember and erl in both roles and compares with erl against erl). Node names, pids and refs
%% are never printed.
%%   VM -sname A -setcookie C -pa DIR -noshell -s dist_probe main PEER
-module(dist_probe).
-export([main/1, echo_loop/0, server_loop/1]).

-define(T, 5000).

main([Peer]) ->
    Cases = [fun connect/1, fun rpc/1, fun registered_send/1, fun remote_spawn/1,
             fun links/1, fun gen_server_call/1, fun global_names/1, fun process_groups/1,
             fun big_and_deep/1, fun round_trips/1, fun in_order/1, fun exits/1,
             fun group_leaders/1, fun node_monitors/1],
    [run(C, Peer) || C <- Cases],
    halt().

run(Case, Peer) ->
    {name, Name} = erlang:fun_info(Case, name),
    Self = self(),
    {Pid, Ref} = spawn_monitor(fun() -> Self ! {self(), Case(Peer)} end),
    R = receive {Pid, V} -> V; {'DOWN', Ref, process, Pid, Why} -> {died, Why} after 30000 -> timeout end,
    io:format("~s: ~p~n", [Name, scrub(R)]).

scrub(P) when is_pid(P) -> pid;
scrub(R) when is_reference(R) -> ref;
scrub(P) when is_port(P) -> port;
scrub(L) when is_list(L) -> [scrub(X) || X <- L];
scrub(T) when is_tuple(T) -> list_to_tuple(scrub(tuple_to_list(T)));
scrub(X) -> X.

%% group_leader/2 across nodes: set on a process of the peer, which then sees this node's
%% process as its leader.
group_leaders(Peer) ->
    Self = self(),
    Remote = spawn(Peer, fun() -> receive {From, tell} -> From ! {leader, group_leader()} end end),
    Set = group_leader(Self, Remote),
    Remote ! {Self, tell},
    Seen = receive {leader, L} -> L =:= Self after ?T -> timeout end,
    [Set, Seen].

connect(Peer) ->
    Pong = net_adm:ping(Peer),
    [Pong, lists:member(Peer, nodes()), lists:member(Peer, nodes(connected)), is_alive(),
     rpc:call(Peer, erlang, node, []) =:= Peer, lists:member(node(), rpc:call(Peer, erlang, nodes, []))].

rpc(Peer) ->
    [rpc:call(Peer, lists, reverse, [[1, 2, 3]]),
     rpc:call(Peer, erlang, error, [boom]) =:= {badrpc, {'EXIT', {boom, [{erlang, error, [boom], []}]}}} orelse
         element(1, rpc:call(Peer, erlang, error, [boom])),
     catch erpc:call(Peer, erlang, error, [boom]),
     catch erpc:call(Peer, erlang, throw, [ball]),
     catch erpc:call(Peer, erlang, exit, [gone]),
     catch erpc:call(Peer, timer, sleep, [2000], 100),
     rpc:call(Peer, io, format, ["rpc output reaches the caller's group leader~n"]),
     rpc:call(no_such_node@nohost, erlang, node, [])].

registered_send(Peer) ->
    Echo = spawn(Peer, ?MODULE, echo_loop, []),
    true = rpc:call(Peer, erlang, register, [probe_echo, Echo]),
    {probe_echo, Peer} ! {self(), hello},
    R1 = receive {echoed, M} -> M after ?T -> timeout end,
    Echo ! {self(), direct},
    R2 = receive {echoed, M2} -> M2 after ?T -> timeout end,
    exit(Echo, kill),
    [R1, R2, catch erlang:send({no_such_name, Peer}, x)].

echo_loop() ->
    receive {From, M} -> From ! {echoed, M}, echo_loop() end.

remote_spawn(Peer) ->
    Self = self(),
    P = spawn(Peer, fun() -> Self ! {ran_on, node() =:= Peer, self()}, receive stop -> exit(done) end end),
    R1 = receive {ran_on, On, P2} -> {On, P2 =:= P, node(P) =:= Peer} after ?T -> timeout end,
    Ref = monitor(process, P),
    P ! stop,
    R2 = receive {'DOWN', Ref, process, P, Why} -> Why after ?T -> timeout end,
    Ref2 = monitor(process, P),
    R3 = receive {'DOWN', Ref2, process, P, Why2} -> Why2 after ?T -> timeout end,
    {P3, Ref3} = spawn_monitor(Peer, fun() -> exit({result, lists:seq(1, 3)}) end),
    R4 = receive {'DOWN', Ref3, process, P3, Why3} -> Why3 after ?T -> timeout end,
    Ref4 = monitor(process, {probe_none, Peer}),
    R5 = receive {'DOWN', Ref4, process, Obj, Why4} -> {Obj =:= {probe_none, Peer}, Why4} after ?T -> timeout end,
    P5 = spawn(Peer, fun() -> receive after infinity -> ok end end),
    Ref5 = monitor(process, P5),
    R6 = demonitor(Ref5, [info]),
    exit(P5, kill),
    R7 = receive {'DOWN', Ref5, _, _, _} -> got_down after 300 -> no_down end,
    [R1, R2, R3, R4, R5, R6, R7].

links(Peer) ->
    process_flag(trap_exit, true),
    P = spawn_link(Peer, fun() -> receive R -> exit(R) end end),
    P ! {reason, 1},
    R1 = receive {'EXIT', P, Why} -> Why after ?T -> timeout end,
    P2 = spawn(Peer, fun() -> receive R -> exit(R) end end),
    link(P2),
    unlink(P2),
    P2 ! unlinked_exit,
    R2 = receive {'EXIT', P2, _} -> got_exit after 500 -> no_exit end,
    Self = self(),
    P3 = spawn(Peer, fun() -> process_flag(trap_exit, true), Self ! trapping, receive M -> exit({trapped, M}) end end),
    Ref3 = monitor(process, P3),
    receive trapping -> ok end,
    exit(P3, please),
    R3 = receive {'DOWN', Ref3, process, P3, Why3} -> Why3 after ?T -> timeout end,
    P4 = spawn(Peer, fun() -> receive after infinity -> ok end end),
    link(P4),
    exit(P4, kill),
    R4 = receive {'EXIT', P4, Why4} -> Why4 after ?T -> timeout end,
    Dead = spawn(Peer, fun() -> ok end),
    timer:sleep(100),
    link(Dead),
    R5 = receive {'EXIT', Dead, Why5} -> Why5 after ?T -> timeout end,
    process_flag(trap_exit, false),
    [R1, R2, R3, R4, R5].

gen_server_call(Peer) ->
    Server = spawn(Peer, ?MODULE, server_loop, [0]),
    true = rpc:call(Peer, erlang, register, [probe_server, Server]),
    R1 = gen_server:call({probe_server, Peer}, {add, 2}),
    R2 = gen_server:call({probe_server, Peer}, {add, 3}),
    R3 = catch gen_server:call({probe_server, Peer}, slow, 200),
    R4 = catch gen_server:call({probe_none, Peer}, x, 1000),
    exit(Server, kill),
    [R1, R2, element(1, element(2, R3)), element(1, element(2, R4))].

server_loop(N) ->
    receive
        {'$gen_call', From, {add, K}} -> gen_server:reply(From, N + K), server_loop(N + K);
        {'$gen_call', _From, slow} -> server_loop(N)
    end.

global_names(Peer) ->
    Holder = spawn(Peer, fun() -> receive stop -> ok end end),
    R1 = rpc:call(Peer, global, register_name, [probe_global, Holder]),
    global:sync(),
    R2 = global:whereis_name(probe_global) =:= Holder,
    R3 = global:register_name(probe_global, self()),
    Holder ! stop,
    timer:sleep(300),
    R4 = global:whereis_name(probe_global),
    R5 = global:register_name(probe_global2, self()),
    R6 = rpc:call(Peer, global, whereis_name, [probe_global2]) =:= self(),
    global:unregister_name(probe_global2),
    [R1, R2, R3, R4, R5, R6].

process_groups(Peer) ->
    {ok, _} = pg:start(probe_scope),
    {ok, _} = rpc:call(Peer, pg, start, [probe_scope]),
    Member = spawn(Peer, fun() -> pg:join(probe_scope, probe_group, self()), receive stop -> ok end end),
    R1 = wait_for(fun() -> pg:get_members(probe_scope, probe_group) =:= [Member] end),
    ok = pg:join(probe_scope, probe_group, self()),
    R2 = wait_for(fun() -> length(rpc:call(Peer, pg, get_members, [probe_scope, probe_group])) =:= 2 end),
    Member ! stop,
    R3 = wait_for(fun() -> pg:get_members(probe_scope, probe_group) =:= [self()] end),
    [R1, R2, R3].

wait_for(F) -> wait_for(F, 50).
wait_for(_, 0) -> false;
wait_for(F, N) ->
    case F() of
        true -> true;
        false -> timer:sleep(100), wait_for(F, N - 1)
    end.

big_and_deep(Peer) ->
    Big = binary:copy(<<"0123456789">>, 1024 * 1024),
    Echo = spawn(Peer, ?MODULE, echo_loop, []),
    Echo ! {self(), Big},
    R1 = receive {echoed, B} -> {byte_size(B), B =:= Big} after 20000 -> timeout end,
    Deep = lists:foldl(fun(I, Acc) -> [I | [Acc]] end, [], lists:seq(1, 20000)),
    Echo ! {self(), Deep},
    R2 = receive {echoed, D} -> D =:= Deep after ?T -> timeout end,
    Term = {self(), make_ref(), #{a => [1.5, <<"bin">>, "str"]}, -(1 bsl 100), 'atom_ä'},
    Echo ! {self(), Term},
    R3 = receive {echoed, T} -> T =:= Term after ?T -> timeout end,
    exit(Echo, kill),
    [R1, R2, R3].

round_trips(Peer) ->
    Fun = fun(X) -> X * 2 end,
    R1 = rpc:call(Peer, erlang, apply, [Fun, [21]]),
    Ext = rpc:call(Peer, erlang, self, []),
    R2 = {node(Ext) =:= Peer, is_pid(Ext), rpc:call(Peer, erlang, is_process_alive, [Ext])},
    Self = self(),
    R3 = rpc:call(Peer, erlang, node, [Self]) =:= node(),
    R4 = rpc:call(Peer, lists, map, [fun lists:reverse/1, [[1, 2], [3]]]),
    [R1, R2, R3, R4].

in_order(Peer) ->
    Self = self(),
    N = 100000,
    spawn(Peer, fun() -> [Self ! {n, I} || I <- lists:seq(1, N)], Self ! done end),
    {Count, Ordered} = count_in_order(0, true),
    [Count =:= N, Ordered].

count_in_order(Last, Ok) ->
    receive
        {n, I} -> count_in_order(I, Ok andalso I =:= Last + 1);
        done -> {Last, Ok}
    after 30000 -> {Last, timeout}
    end.

exits(Peer) ->
    Self = self(),
    P = spawn(Peer, fun() -> process_flag(trap_exit, true), Self ! trapping, receive M -> exit({got, M}) end end),
    Ref = monitor(process, P),
    receive trapping -> ok end,
    exit(P, normal),
    R1 = receive {'DOWN', Ref, process, P, Why} -> Why after ?T -> timeout end,
    P2 = spawn(Peer, fun() -> receive after infinity -> ok end end),
    Ref2 = monitor(process, P2),
    exit(P2, {custom, reason}),
    R2 = receive {'DOWN', Ref2, process, P2, Why2} -> Why2 after ?T -> timeout end,
    [R1, R2].

node_monitors(Peer) ->
    ok = net_kernel:monitor_nodes(true),
    monitor_node(Peer, true),
    process_flag(trap_exit, true),
    L = spawn_link(Peer, fun() -> receive after infinity -> ok end end),
    Ref = monitor(process, L),
    R1 = erlang:disconnect_node(Peer),
    R2 = [receive {nodedown, Peer} -> nodedown after ?T -> no_nodedown end,
          receive {nodedown, Peer} -> nodedown after ?T -> no_nodedown end,
          receive {'EXIT', L, Why} -> Why after ?T -> no_exit end,
          receive {'DOWN', Ref, process, L, Why2} -> Why2 after ?T -> no_down end],
    R3 = lists:member(Peer, nodes()),
    R4 = net_adm:ping(Peer),
    R5 = receive {nodeup, Peer} -> nodeup after ?T -> no_nodeup end,
    net_kernel:monitor_nodes(false),
    [R1, R2, R3, R4, R5].
