%% Distribution between two nodes on this host, measured from node A against an idle node B
%% (bench/dist.sh starts both): round-trip latency of a small message, throughput of 1 KB and
%% 1 MB messages, rpc:call rate, and the time to set a connection up. Prints one line per
%% figure: `name value unit`.
%%   VM -sname A -setcookie C -pa DIR -noshell -s dist_bench main PEER
-module(dist_bench).
-export([main/1, echo/0, sink/2]).

main([Peer]) ->
    pong = net_adm:ping(Peer),
    Echo = spawn(Peer, ?MODULE, echo, []),
    warm(Echo),
    report(round_trip, per(10000, fun() -> round_trips(Echo, 10000) end) * 1.0e6, "us"),
    report(throughput_1kb, throughput(Peer, 1024, 40000), "MB/s"),
    report(throughput_1mb, throughput(Peer, 1024 * 1024, 100), "MB/s"),
    report(rpc_call, 5000 / seconds(fun() -> [rpc:call(Peer, erlang, node, []) || _ <- lists:seq(1, 5000)] end), "calls/s"),
    report(connection_setup, per(20, fun() -> reconnect(Peer, 20) end) * 1000, "ms"),
    halt().

report(Name, Value, Unit) ->
    io:format("~s ~.3f ~s~n", [Name, float(Value), Unit]).

seconds(F) ->
    T0 = erlang:monotonic_time(),
    F(),
    erlang:convert_time_unit(erlang:monotonic_time() - T0, native, microsecond) / 1.0e6.

per(N, F) -> seconds(F) / N.

echo() ->
    receive {From, M} -> From ! M, echo() end.

warm(Echo) -> round_trips(Echo, 1000).

round_trips(_, 0) -> ok;
round_trips(Echo, N) ->
    Echo ! {self(), ping},
    receive ping -> round_trips(Echo, N - 1) end.

%% N messages of Size bytes to a sink on the peer, which acknowledges the last.
throughput(Peer, Size, N) ->
    Payload = binary:copy(<<"x">>, Size),
    Sink = spawn(Peer, ?MODULE, sink, [self(), N]),
    S = seconds(fun() ->
                        [Sink ! Payload || _ <- lists:seq(1, N)],
                        receive {sunk, N} -> ok end
                end),
    Size * N / S / (1024 * 1024).

sink(From, N) -> sink(From, N, 0).
sink(From, N, N) -> From ! {sunk, N};
sink(From, N, K) -> receive _ -> sink(From, N, K + 1) end.

reconnect(_, 0) -> ok;
reconnect(Peer, N) ->
    erlang:disconnect_node(Peer),
    wait_gone(Peer),
    pong = net_adm:ping(Peer),
    reconnect(Peer, N - 1).

wait_gone(Peer) ->
    case lists:member(Peer, nodes()) of
        true -> timer:sleep(1), wait_gone(Peer);
        false -> ok
    end.
