%% The failure side of distribution, driven by test/run_dist.sh: connect to a peer and report
%% how its end is seen. Each line is deterministic; times are only compared with a bound.
%%   ... -s dist_watch cookie PEER        ping with a cookie the peer does not have
%%   ... -s dist_watch garbage PEER       connections to the peer's distribution port that send
%%                                        garbage instead of a handshake; then a ping
%%   ... -s dist_watch nodedown PEER MS   wait (after printing `connected`) for the peer's
%%                                        nodedown, which must come within MS milliseconds of
%%                                        the peer's end (the script kills or stops it), and
%%                                        print monitor_nodes' nodedown_reason
-module(dist_watch).
-export([cookie/1, nodedown/1, garbage/1]).

cookie([Peer]) ->
    io:format("ping: ~p~n", [net_adm:ping(Peer)]),
    io:format("nodes: ~p~n", [nodes()]),
    halt().

%% Each piece goes on a connection of its own: bytes that are no handshake message, a frame
%% that claims more than comes, a send_name cut short, a name message with no name. The peer
%% drops each connection and goes on; whatever it answers is read and ignored.
garbage([Peer]) ->
    [Name, Host] = string:split(atom_to_list(Peer), "@"),
    {port, Port, _} = erl_epmd:port_please(Name, Host),
    Pieces = [<<0, 5, "hello">>, <<0, 0>>, <<255, 255, 1, 2, 3>>, <<0, 3, $N, 0, 0>>,
              <<0, 15, $N, 0:64, 0:32, 0:16>>, binary:copy(<<255>>, 5000)],
    [junk(Host, Port, Piece) || Piece <- Pieces],
    io:format("garbage: ~p ~p~n", [net_adm:ping(Peer), nodes()]),
    halt().

junk(Host, Port, Piece) ->
    {ok, S} = gen_tcp:connect(Host, Port, [binary, {active, false}]),
    ok = gen_tcp:send(S, Piece),
    _ = gen_tcp:recv(S, 0, 300),
    gen_tcp:close(S).

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
