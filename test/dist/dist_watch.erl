%% The failure side of distribution, driven by test/run_dist.sh: connect to a peer and report
%% how its end is seen. Each line is deterministic; times are only compared with a bound.
%%   ... -s dist_watch cookie PEER        ping with a cookie the peer does not have
%%   ... -s dist_watch nodedown PEER MS   wait (after printing `connected`) for the peer's
%%                                        nodedown, which must come within MS milliseconds of
%%                                        the peer's end (the script kills or stops it), and
%%                                        print monitor_nodes' nodedown_reason
-module(dist_watch).
-export([cookie/1, nodedown/1]).

cookie([Peer]) ->
    io:format("ping: ~p~n", [net_adm:ping(Peer)]),
    io:format("nodes: ~p~n", [nodes()]),
    halt().

nodedown([Peer, Ms]) ->
    Limit = list_to_integer(atom_to_list(Ms)),
    pong = net_adm:ping(Peer),
    monitor_node(Peer, true),
    ok = net_kernel:monitor_nodes(true, [nodedown_reason]),
    process_flag(trap_exit, true),
    Linked = spawn_link(Peer, fun() -> receive after infinity -> ok end end),
    io:format("connected~n"),
    %% The script ends the peer after reading `connected`; the clock starts at the next line.
    receive go -> ok after 0 -> ok end,
    T0 = erlang:monotonic_time(millisecond),
    Down = receive {nodedown, Peer} -> erlang:monotonic_time(millisecond) - T0 after 60000 -> never end,
    Exit = receive {'EXIT', Linked, Why} -> Why after 1000 -> no_exit end,
    Reason = receive {nodedown, Peer, [{nodedown_reason, R}]} -> R after 1000 -> none end,
    io:format("nodedown: ~p~n", [Down =/= never andalso Down =< Limit]),
    io:format("reason: ~p~n", [Reason]),
    io:format("link: ~p~n", [Exit]),
    io:format("nodes: ~p~n", [nodes()]),
    %% The peer is started again by the script under the same name: connecting works again.
    io:format("reconnect: ~p~n", [wait_pong(Peer, 100)]),
    halt().

wait_pong(_, 0) -> pang;
wait_pong(Peer, N) ->
    case net_adm:ping(Peer) of
        pong -> pong;
        pang -> timer:sleep(200), wait_pong(Peer, N - 1)
    end.
