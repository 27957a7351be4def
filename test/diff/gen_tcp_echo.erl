%% boot
%% gen_tcp as a user sees it, all on 127.0.0.1 with ports picked by the OS
%% (listen on port 0, read it back with inet:port/1): listen/accept/connect, an
%% echo server, passive receives (whole buffer, exact lengths, timeouts),
%% active true/once/N, packet framing (raw, 1, 2, 4, line, http_bin) with
%% packet_size limits, list/binary modes and header, closing and half-closing,
%% refused connections, accept timeouts, socket options, controlling_process,
%% getstat, deliver port, a 1 MB transfer and 50 concurrent clients.
%%
%% Each case runs in a fresh process (killed, with the helpers it linked,
%% when it is done), so the sockets it opened are closed by their owner's
%% exit even when a case goes wrong. Every receive has a timeout, so a VM that
%% never delivers a message prints `timeout` rather than hanging. Printed
%% terms never contain a port, pid or port number: sockets are matched in
%% receive patterns and port numbers are only compared.
%%
%% Left out because erl itself is racy about them: the error of a send to a
%% peer that has already closed its socket (ok, then {error,closed} or
%% {error,econnreset} depending on when the RST arrives), how many
%% {tcp, S, Data} messages an active raw socket splits a large stream into,
%% and recv_oct/recv_max statistics of large transfers.
-module(gen_tcp_echo).
-export([main/0]).
-import(diff_util, [quiet_logger/0]).
-import(diff_cases, [scrub/1, helper/1]).

-define(IP, {127,0,0,1}).
-define(T, 5000).
-define(C(Name), {Name, fun Name/0}).

main() ->
    quiet_logger(),
    Cases = [?C(listen_port), ?C(connect_accept), ?C(connect_string_address),
             ?C(echo_basic), ?C(recv_exact), ?C(recv_timeout), ?C(recv_zero_timeout),
             ?C(active_true), ?C(active_once), ?C(active_n), ?C(active_n_arith),
             ?C(packet_raw_split), ?C(packet_1), ?C(packet_2), ?C(packet_4),
             ?C(packet_list_mode), ?C(packet_zero_length), ?C(packet_header_wraps),
             ?C(packet_large_echo), ?C(packet_size_limit), ?C(packet_line),
             ?C(packet_line_size_limit), ?C(packet_line_delimiter),
             ?C(mode_list_binary), ?C(mode_header), ?C(peer_closed_passive),
             ?C(peer_closed_active), ?C(exit_on_close_false), ?C(send_after_close),
             ?C(closed_socket_calls), ?C(half_close), ?C(econnrefused), ?C(eaddrinuse),
             ?C(accept_timeout), ?C(close_listen_pending_accept),
             ?C(several_acceptors), ?C(addresses), ?C(getopts_defaults),
             ?C(getopts_listen), ?C(setopts_roundtrip), ?C(setopts_invalid),
             ?C(bad_arguments), ?C(controlling_process), ?C(owner_exit_closes),
             ?C(getstat), ?C(http_bin_request), ?C(http_response_list),
             ?C(http_active), ?C(deliver_port), ?C(recv_in_active_mode),
             ?C(send_timeout), ?C(large_echo_1mb), ?C(large_active_1mb),
             ?C(many_clients)],
    lists:foreach(fun diff_cases:run/1, Cases),
    ok.

listen(Opts) ->
    {ok, L} = gen_tcp:listen(0, [{ip, ?IP} | Opts]),
    {ok, Port} = inet:port(L),
    {L, Port}.

%% A connected {Client, Server} pair; the listen socket is closed again.
pair(Opts) ->
    {L, Port} = listen(Opts),
    {ok, C} = gen_tcp:connect(?IP, Port, Opts, ?T),
    {ok, S} = gen_tcp:accept(L, ?T),
    ok = gen_tcp:close(L),
    {C, S}.

%% An echo server: every accepted connection gets a process that sends back
%% each recv(S, 0) until the peer closes. Opts are the listen socket's and are
%% inherited by the accepted sockets.
echo_server(Opts) ->
    {L, Port} = listen([binary, {active, false}, {backlog, 128} | Opts]),
    helper(fun() -> acceptor(L) end),
    Port.

acceptor(L) ->
    case gen_tcp:accept(L) of
        {ok, S} ->
            H = spawn_link(fun() -> receive go -> echo_loop(S) end end),
            ok = gen_tcp:controlling_process(S, H),
            H ! go,
            acceptor(L);
        {error, _} ->
            ok
    end.

echo_loop(S) ->
    case gen_tcp:recv(S, 0) of
        {ok, Data} ->
            ok = gen_tcp:send(S, Data),
            echo_loop(S);
        {error, _} ->
            gen_tcp:close(S)
    end.

%% The next message about socket S, without the socket itself.
msg(S) ->
    receive
        {tcp, S, D} -> {tcp, D};
        {tcp_closed, S} -> tcp_closed;
        {tcp_error, S, E} -> {tcp_error, E};
        {tcp_passive, S} -> tcp_passive;
        {http, S, H} -> {http, H};
        {S, {data, D}} -> {port_data, D}
    after ?T -> timeout
    end.

%% Whatever else is in the mailbox after a short wait.
no_msg() ->
    receive M -> {unexpected, scrub(M)} after 100 -> none end.

%% recv until {error, closed}; the data and the final error.
recv_all(S) -> recv_all(S, []).
recv_all(S, Acc) ->
    case gen_tcp:recv(S, 0, ?T) of
        {ok, D} -> recv_all(S, [Acc, D]);
        E -> {iolist_to_binary(Acc), E}
    end.

%% ---------------------------------------------------------------- cases

listen_port() ->
    {L, Port} = listen([]),
    {ok, {Addr, P2}} = inet:sockname(L),
    R = {is_integer(Port), Port > 0, Port < 65536, Addr, P2 =:= Port},
    ok = gen_tcp:close(L),
    R.

connect_accept() ->
    {L, Port} = listen([binary, {active, false}]),
    {ok, C} = gen_tcp:connect(?IP, Port, [binary, {active, false}], ?T),
    {ok, S} = gen_tcp:accept(L, ?T),
    {ok, {CA, CP}} = inet:sockname(C),
    {ok, {CPA, CPP}} = inet:peername(C),
    {ok, {SA, SP}} = inet:sockname(S),
    {ok, {SPA, SPP}} = inet:peername(S),
    ok = gen_tcp:send(C, <<"ping">>),
    Got = gen_tcp:recv(S, 4, ?T),
    [ok, ok, ok] = [gen_tcp:close(X) || X <- [C, S, L]],
    [{client_sockname, CA, is_integer(CP), CP =/= Port},
     {client_peername, CPA, CPP =:= Port},
     {server_sockname, SA, SP =:= Port},
     {server_peername, SPA, SPP =:= CP},
     {got, Got}].

connect_string_address() ->
    {L, Port} = listen([]),
    {ok, C} = gen_tcp:connect("127.0.0.1", Port, [], ?T),
    {ok, S} = gen_tcp:accept(L, ?T),
    {ok, {A, _}} = inet:peername(C),
    [gen_tcp:close(X) || X <- [C, S, L]],
    A.

echo_basic() ->
    Port = echo_server([]),
    {ok, C} = gen_tcp:connect(?IP, Port, [binary, {active, false}], ?T),
    ok = gen_tcp:send(C, <<"hello">>),
    R1 = gen_tcp:recv(C, 5, ?T),
    ok = gen_tcp:send(C, "a list"),
    R2 = gen_tcp:recv(C, 6, ?T),
    ok = gen_tcp:send(C, [<<"io">>, $l, ["is", [$t]], <<>>]),
    R3 = gen_tcp:recv(C, 6, ?T),
    ok = gen_tcp:send(C, <<"ping">>),
    R4 = gen_tcp:recv(C, 0, ?T),
    ok = gen_tcp:close(C),
    [R1, R2, R3, R4].

recv_exact() ->
    {C, S} = pair([binary, {active, false}]),
    ok = gen_tcp:send(C, <<"abcdefghij">>),
    R1 = gen_tcp:recv(S, 3, ?T),
    R2 = gen_tcp:recv(S, 7, ?T),
    %% Three sends, one recv of their total length.
    ok = gen_tcp:send(C, <<"x">>),
    ok = gen_tcp:send(C, <<"y">>),
    ok = gen_tcp:send(C, <<"z">>),
    R3 = gen_tcp:recv(S, 3, ?T),
    %% A recv of one byte at a time.
    ok = gen_tcp:send(C, <<"123">>),
    R4 = [gen_tcp:recv(S, 1, ?T) || _ <- [1, 2, 3]],
    [R1, R2, R3, R4].

recv_timeout() ->
    {C, S} = pair([binary, {active, false}]),
    R1 = gen_tcp:recv(S, 0, 100),
    %% Fewer bytes than asked for: a timeout, and the bytes stay queued.
    ok = gen_tcp:send(C, <<"abc">>),
    R2 = gen_tcp:recv(S, 5, 200),
    R3 = gen_tcp:recv(S, 3, ?T),
    R4 = gen_tcp:recv(S, 1, 50),
    %% The socket still works after the timeouts.
    ok = gen_tcp:send(C, <<"de">>),
    R5 = gen_tcp:recv(S, 2, ?T),
    [R1, R2, R3, R4, R5].

recv_zero_timeout() ->
    {C, S} = pair([binary, {active, false}]),
    R1 = gen_tcp:recv(S, 0, 0),
    ok = gen_tcp:send(C, <<"q">>),
    R2 = gen_tcp:recv(S, 1, ?T),
    [R1, R2].

active_true() ->
    {C, S} = pair([binary, {active, false}]),
    ok = inet:setopts(C, [{active, true}]),
    ok = gen_tcp:send(S, <<"one">>),
    M1 = msg(C),
    ok = gen_tcp:send(S, <<"two">>),
    M2 = msg(C),
    Opt = inet:getopts(C, [active]),
    ok = inet:setopts(C, [{active, false}]),
    ok = gen_tcp:send(S, <<"three">>),
    M3 = no_msg(),
    R = gen_tcp:recv(C, 5, ?T),
    [M1, M2, Opt, M3, R].

active_once() ->
    {C, S} = pair([list, {active, once}]),
    ok = gen_tcp:send(S, <<"a">>),
    M1 = msg(C),
    Opt1 = inet:getopts(C, [active]),
    ok = gen_tcp:send(S, <<"b">>),
    M2 = no_msg(),
    ok = inet:setopts(C, [{active, once}]),
    M3 = msg(C),
    Opt2 = inet:getopts(C, [active]),
    [M1, Opt1, M2, M3, Opt2].

active_n() ->
    {C, S} = pair([binary, {active, false}, {packet, 2}]),
    ok = inet:setopts(C, [{active, 3}]),
    Opt1 = inet:getopts(C, [active]),
    [ok = gen_tcp:send(S, [<<"p">>, integer_to_list(I)]) || I <- lists:seq(1, 5)],
    Ms = [msg(C) || _ <- [1, 2, 3, 4]],
    M5 = no_msg(),
    Opt2 = inet:getopts(C, [active]),
    %% The rest is still there for passive receives.
    Rest = [gen_tcp:recv(C, 0, ?T) || _ <- [1, 2]],
    [Opt1, Ms, M5, Opt2, Rest].

%% {active, N} adds to the current count; reaching 0 or below gives
%% tcp_passive; the count is limited to 32767.
active_n_arith() ->
    {C, _S} = pair([binary, {active, false}]),
    R0 = inet:setopts(C, [{active, 0}]),
    M0 = msg(C),
    ok = inet:setopts(C, [{active, 2}]),
    ok = inet:setopts(C, [{active, 3}]),
    O1 = inet:getopts(C, [active]),
    ok = inet:setopts(C, [{active, -1}]),
    O2 = inet:getopts(C, [active]),
    N0 = no_msg(),
    ok = inet:setopts(C, [{active, -10}]),
    O3 = inet:getopts(C, [active]),
    M1 = msg(C),
    ok = inet:setopts(C, [{active, 32767}]),
    E1 = inet:setopts(C, [{active, 1}]),
    O4 = inet:getopts(C, [active]),
    E2 = inet:setopts(C, [{active, 32768}]),
    E3 = inet:setopts(C, [{active, -32769}]),
    ok = inet:setopts(C, [{active, false}]),
    O5 = inet:getopts(C, [active]),
    [R0, M0, O1, O2, N0, O3, M1, E1, O4, E2, E3, O5, no_msg()].

%% Raw mode: recv(S, 0) gives what has arrived; ask for lengths to be sure.
packet_raw_split() ->
    {C, S} = pair([binary, {active, false}, {packet, raw}]),
    ok = gen_tcp:send(C, <<"abc">>),
    ok = gen_tcp:send(C, <<"def">>),
    R1 = gen_tcp:recv(S, 6, ?T),
    Opt = inet:getopts(S, [packet]),
    [R1, Opt].

packet_1() -> packet_n(1).
packet_2() -> packet_n(2).
packet_4() -> packet_n(4).

%% Client in {packet, N}, server raw: the header on the wire in both
%% directions, split and joined packets.
packet_n(N) ->
    {C, S} = pair([binary, {active, false}]),
    ok = inet:setopts(C, [{packet, N}]),
    ok = gen_tcp:send(C, <<"abc">>),
    Wire = gen_tcp:recv(S, N + 3, ?T),
    ok = gen_tcp:send(C, [<<"de">>, "f"]),
    Wire2 = gen_tcp:recv(S, N + 3, ?T),
    %% A packet whose header and payload arrive in pieces.
    <<H1:1/binary, H2/binary>> = <<5:(N * 8)>>,
    ok = gen_tcp:send(S, H1),
    ok = gen_tcp:send(S, [H2, <<"hel">>]),
    ok = gen_tcp:send(S, <<"lo">>),
    Got1 = gen_tcp:recv(C, 0, ?T),
    %% Two packets in one send.
    ok = gen_tcp:send(S, <<3:(N * 8), "xyz", 2:(N * 8), "uv">>),
    Got2 = gen_tcp:recv(C, 0, ?T),
    Got3 = gen_tcp:recv(C, 0, ?T),
    %% The same in active mode.
    ok = gen_tcp:send(S, <<1:(N * 8), "A", 2:(N * 8), "BC">>),
    ok = inet:setopts(C, [{active, 2}]),
    Ms = [msg(C), msg(C), msg(C)],
    [Wire, Wire2, Got1, Got2, Got3, Ms].

packet_list_mode() ->
    {C, S} = pair([list, {active, false}, {packet, 2}]),
    ok = gen_tcp:send(C, "hello"),
    R1 = gen_tcp:recv(S, 0, ?T),
    ok = gen_tcp:send(S, <<"bin in, list out">>),
    R2 = gen_tcp:recv(C, 0, ?T),
    [R1, R2].

packet_zero_length() ->
    {C, S} = pair([binary, {active, false}]),
    ok = inet:setopts(C, [{packet, 2}]),
    ok = gen_tcp:send(C, <<>>),
    Wire = gen_tcp:recv(S, 2, ?T),
    ok = inet:setopts(S, [{packet, 2}]),
    ok = gen_tcp:send(C, <<>>),
    ok = gen_tcp:send(C, <<"x">>),
    R1 = gen_tcp:recv(S, 0, ?T),
    R2 = gen_tcp:recv(S, 0, ?T),
    [Wire, R1, R2].

%% erl does not refuse a packet too long for its header: the length is
%% written modulo 2^(8*N) and the send returns ok.
packet_header_wraps() ->
    {C, S} = pair([binary, {active, false}]),
    ok = inet:setopts(C, [{packet, 1}]),
    R1 = gen_tcp:send(C, binary:copy(<<"a">>, 256)),
    W1 = gen_tcp:recv(S, 2, ?T),
    {ok, Rest1} = gen_tcp:recv(S, 255, ?T),
    ok = inet:setopts(C, [{packet, 2}]),
    R2 = gen_tcp:send(C, binary:copy(<<"b">>, 65537)),
    W2 = gen_tcp:recv(S, 3, ?T),
    {ok, Rest2} = gen_tcp:recv(S, 65536, ?T),
    [R1, W1, byte_size(Rest1), R2, W2, byte_size(Rest2)].

%% The largest packets for 1 and 2 byte headers and a 100 KB packet with a
%% 4 byte header, through the echo server and back.
packet_large_echo() ->
    [packet_large_echo(N, Size) || {N, Size} <- [{1, 255}, {2, 65535}, {4, 100 * 1024}]].

packet_large_echo(N, Size) ->
    Port = echo_server([{packet, N}]),
    {ok, C} = gen_tcp:connect(?IP, Port, [binary, {active, false}, {packet, N}], ?T),
    Data = pattern(Size),
    ok = gen_tcp:send(C, Data),
    R = case gen_tcp:recv(C, 0, ?T) of
            {ok, Back} -> {N, byte_size(Back), Back =:= Data};
            E -> {N, E}
        end,
    ok = gen_tcp:close(C),
    R.

pattern(Size) ->
    Block = list_to_binary(lists:seq(0, 255)),
    binary:part(binary:copy(Block, Size div 256 + 1), 0, Size).

%% A packet longer than packet_size: {error, emsgsize}, after which the
%% socket is no longer connected.
packet_size_limit() ->
    {C, S} = pair([binary, {active, false}]),
    ok = inet:setopts(C, [{packet, 4}, {packet_size, 10}]),
    Opt = inet:getopts(C, [packet_size]),
    ok = gen_tcp:send(S, <<10:32, "0123456789">>),
    R1 = gen_tcp:recv(C, 0, ?T),
    ok = gen_tcp:send(S, <<11:32, "0123456789a">>),
    R2 = gen_tcp:recv(C, 0, ?T),
    R3 = gen_tcp:recv(C, 0, ?T),
    [Opt, R1, R2, R3].

packet_line() ->
    {C, S} = pair([binary, {active, false}]),
    ok = inet:setopts(C, [{packet, line}]),
    ok = gen_tcp:send(S, <<"hello\nworld\n">>),
    L1 = gen_tcp:recv(C, 0, ?T),
    L2 = gen_tcp:recv(C, 0, ?T),
    %% A line split across three sends.
    ok = gen_tcp:send(S, <<"par">>),
    ok = gen_tcp:send(S, <<"ti">>),
    ok = gen_tcp:send(S, <<"al\nnext">>),
    L3 = gen_tcp:recv(C, 0, ?T),
    %% An incomplete line is not delivered.
    L4 = gen_tcp:recv(C, 0, 100),
    ok = gen_tcp:send(S, <<"\n\n">>),
    L5 = gen_tcp:recv(C, 0, ?T),
    L6 = gen_tcp:recv(C, 0, ?T),
    %% Sending in line mode adds nothing.
    ok = gen_tcp:send(C, <<"no newline">>),
    Wire = gen_tcp:recv(S, 10, ?T),
    %% Active once in line mode, list mode.
    ok = inet:setopts(C, [list, {active, once}]),
    ok = gen_tcp:send(S, <<"one\ntwo\n">>),
    M1 = msg(C),
    M2 = no_msg(),
    ok = inet:setopts(C, [{active, once}]),
    M3 = msg(C),
    [L1, L2, L3, L4, L5, L6, Wire, M1, M2, M3].

packet_line_size_limit() ->
    {C, S} = pair([binary, {active, false}]),
    ok = inet:setopts(C, [{packet, line}, {packet_size, 10}]),
    ok = gen_tcp:send(S, <<"short\n0123456789abcdefghij\nnext\n">>),
    R1 = gen_tcp:recv(C, 0, ?T),
    R2 = gen_tcp:recv(C, 0, ?T),
    R3 = gen_tcp:recv(C, 0, ?T),
    [R1, R2, R3].

packet_line_delimiter() ->
    {C, S} = pair([binary, {active, false}]),
    ok = inet:setopts(C, [{packet, line}, {line_delimiter, $;}]),
    ok = gen_tcp:send(S, <<"a;bc\nd;e">>),
    R1 = gen_tcp:recv(C, 0, ?T),
    R2 = gen_tcp:recv(C, 0, ?T),
    R3 = gen_tcp:recv(C, 0, 100),
    [R1, R2, R3].

mode_list_binary() ->
    {C, S} = pair([{active, false}]),
    O1 = inet:getopts(C, [mode]),
    ok = gen_tcp:send(S, <<"abc">>),
    R1 = gen_tcp:recv(C, 3, ?T),
    ok = inet:setopts(C, [binary]),
    O2 = inet:getopts(C, [mode]),
    ok = gen_tcp:send(S, "def"),
    R2 = gen_tcp:recv(C, 3, ?T),
    ok = inet:setopts(C, [{mode, list}]),
    O3 = inet:getopts(C, [mode]),
    ok = gen_tcp:send(S, [<<"g">>, "h", [<<"i">>]]),
    R3 = gen_tcp:recv(C, 3, ?T),
    %% The last of list and binary in an option list wins.
    {C2, S2} = pair([binary, list, {active, false}]),
    O4 = inet:getopts(C2, [mode]),
    ok = gen_tcp:send(S2, <<"z">>),
    R4 = gen_tcp:recv(C2, 1, ?T),
    [O1, R1, O2, R2, O3, R3, O4, R4].

%% {header, N} in binary mode: the first N bytes as a list, the rest binary.
mode_header() ->
    {C, S} = pair([binary, {active, false}, {header, 2}]),
    O = inet:getopts(C, [header]),
    ok = gen_tcp:send(S, <<"hello">>),
    R1 = gen_tcp:recv(C, 5, ?T),
    ok = gen_tcp:send(S, <<"h">>),
    R2 = gen_tcp:recv(C, 1, ?T),
    ok = gen_tcp:send(S, <<"ab">>),
    R3 = gen_tcp:recv(C, 2, ?T),
    ok = inet:setopts(C, [list]),
    ok = gen_tcp:send(S, <<"list">>),
    R4 = gen_tcp:recv(C, 4, ?T),
    [O, R1, R2, R3, R4].

%% The peer closes; passive recv: {error, closed} once, then the socket is
%% no longer connected (exit_on_close is true).
peer_closed_passive() ->
    {C, S} = pair([binary, {active, false}]),
    ok = gen_tcp:send(S, <<"last">>),
    ok = gen_tcp:close(S),
    R1 = gen_tcp:recv(C, 4, ?T),
    R2 = gen_tcp:recv(C, 0, ?T),
    R3 = gen_tcp:recv(C, 0, ?T),
    R4 = gen_tcp:send(C, <<"x">>),
    R5 = inet:getopts(C, [active]),
    R6 = gen_tcp:close(C),
    [R1, R2, R3, R4, R5, R6].

peer_closed_active() ->
    {C, S} = pair([binary, {active, true}]),
    ok = gen_tcp:send(S, <<"bye">>),
    ok = gen_tcp:close(S),
    M1 = msg(C),
    M2 = msg(C),
    M3 = no_msg(),
    R1 = gen_tcp:send(C, <<"x">>),
    R2 = gen_tcp:recv(C, 0, 100),
    R3 = inet:getopts(C, [active]),
    [M1, M2, M3, R1, R2, R3].

%% With exit_on_close false the socket stays open after the peer's close:
%% every recv says closed and the first send still goes out.
exit_on_close_false() ->
    {C, S} = pair([binary, {active, false}, {exit_on_close, false}]),
    O = inet:getopts(C, [exit_on_close]),
    ok = gen_tcp:send(S, <<"x">>),
    ok = gen_tcp:close(S),
    R1 = gen_tcp:recv(C, 1, ?T),
    R2 = gen_tcp:recv(C, 0, ?T),
    R3 = gen_tcp:recv(C, 0, ?T),
    R4 = gen_tcp:send(C, <<"y">>),
    R5 = inet:getopts(C, [active]),
    R6 = gen_tcp:close(C),
    [O, R1, R2, R3, R4, R5, R6].

send_after_close() ->
    {C, _S} = pair([binary, {active, false}]),
    R1 = gen_tcp:close(C),
    R2 = gen_tcp:send(C, <<"x">>),
    R3 = gen_tcp:recv(C, 0, 100),
    R4 = gen_tcp:close(C),
    [R1, R2, R3, R4].

closed_socket_calls() ->
    {C, _S} = pair([binary, {active, false}]),
    ok = gen_tcp:close(C),
    [{port, inet:port(C)},
     {getopts, inet:getopts(C, [active])},
     {setopts, inet:setopts(C, [{active, true}])},
     {peername, inet:peername(C)},
     {sockname, inet:sockname(C)},
     {controlling_process, gen_tcp:controlling_process(C, self())},
     {getstat, inet:getstat(C)},
     {shutdown, gen_tcp:shutdown(C, write)}].

%% The client shuts down its write side: the server reads to the end and
%% answers; the client reads the answer and then the server's close.
half_close() ->
    {C, S} = pair([binary, {active, false}]),
    ok = inet:setopts(S, [{exit_on_close, false}]),
    ok = gen_tcp:send(C, <<"request">>),
    R1 = gen_tcp:shutdown(C, write),
    R3 = recv_all(S),
    R4 = gen_tcp:send(S, <<"reply">>),
    R5 = gen_tcp:recv(C, 5, ?T),
    ok = gen_tcp:close(S),
    R5b = gen_tcp:recv(C, 0, ?T),
    %% A send after shutting down the write side.
    {C1, _} = pair([binary, {active, false}]),
    ok = gen_tcp:shutdown(C1, write),
    R2 = gen_tcp:send(C1, <<"more">>),
    %% Without exit_on_close false, the server's socket is closed once it
    %% has read the end, and it cannot answer.
    {C2, S2} = pair([binary, {active, false}]),
    ok = gen_tcp:send(C2, <<"q">>),
    ok = gen_tcp:shutdown(C2, write),
    R6 = recv_all(S2),
    R7 = gen_tcp:send(S2, <<"a">>),
    R8 = recv_all(C2),
    [R1, R3, R4, R5, R5b, R2, R6, R7, R8].

%% A port that was just listened on and closed again.
econnrefused() ->
    {L, Port} = listen([]),
    ok = gen_tcp:close(L),
    [gen_tcp:connect(?IP, Port, [], ?T),
     gen_tcp:connect(?IP, Port, [binary, {active, false}])].

eaddrinuse() ->
    {L, Port} = listen([]),
    R1 = gen_tcp:listen(Port, [{ip, ?IP}]),
    R2 = gen_tcp:listen(Port, [{ip, ?IP}, {reuseaddr, true}]),
    ok = gen_tcp:close(L),
    [R1, R2].

accept_timeout() ->
    {L, _} = listen([]),
    R1 = gen_tcp:accept(L, 100),
    R2 = gen_tcp:accept(L, 0),
    ok = gen_tcp:close(L),
    R3 = gen_tcp:accept(L, 100),
    [R1, R2, R3].

%% Two processes wait in accept; the owner closes the listen socket.
close_listen_pending_accept() ->
    {L, _} = listen([]),
    Self = self(),
    [helper(fun() -> Self ! {accepted, I, gen_tcp:accept(L, ?T)} end) || I <- [1, 2]],
    receive after 100 -> ok end,
    ok = gen_tcp:close(L),
    [receive {accepted, I, R} -> R after ?T -> timeout end || I <- [1, 2]].

%% Three processes accept on one listen socket; three clients connect.
several_acceptors() ->
    {L, Port} = listen([binary, {active, false}]),
    Self = self(),
    [helper(fun() ->
                    {ok, S} = gen_tcp:accept(L, ?T),
                    {ok, D} = gen_tcp:recv(S, 2, ?T),
                    Self ! {served, D},
                    receive stop -> ok end
            end) || _ <- [1, 2, 3]],
    Cs = [begin
              {ok, C} = gen_tcp:connect(?IP, Port, [binary], ?T),
              ok = gen_tcp:send(C, [$c, $0 + I]),
              C
          end || I <- [1, 2, 3]],
    Served = [receive {served, D} -> D after ?T -> timeout end || _ <- [1, 2, 3]],
    [gen_tcp:close(C) || C <- Cs],
    ok = gen_tcp:close(L),
    lists:sort(Served).

addresses() ->
    {C, S} = pair([]),
    {ok, {A1, P1}} = inet:peername(C),
    {ok, {A2, P2}} = inet:sockname(C),
    {ok, {A3, P3}} = inet:peername(S),
    {ok, {A4, P4}} = inet:sockname(S),
    [{peername, A1, is_integer(P1)}, {sockname, A2, is_integer(P2)},
     {server_peername, A3, P3 =:= P2}, {server_sockname, A4, P4 =:= P1}].

-define(DET_OPTS, [active, packet, nodelay, reuseaddr, keepalive, mode, header,
                   exit_on_close, send_timeout, send_timeout_close, delay_send,
                   packet_size, deliver, linger, high_watermark, low_watermark,
                   high_msgq_watermark, low_msgq_watermark, show_econnreset,
                   tos, dontroute]).

getopts_defaults() ->
    {L, Port} = listen([]),
    {ok, C} = gen_tcp:connect(?IP, Port, [], ?T),
    {ok, S} = gen_tcp:accept(L, ?T),
    {ok, CO} = inet:getopts(C, ?DET_OPTS),
    {ok, SO} = inet:getopts(S, ?DET_OPTS),
    {ok, Bufs} = inet:getopts(C, [recbuf, sndbuf, buffer]),
    [{client, CO}, {server_same, SO =:= CO},
     {bufs, [{K, is_integer(V) andalso V > 0} || {K, V} <- Bufs]},
     {one, inet:getopts(C, [nodelay])},
     {empty, inet:getopts(C, [])},
     {unknown, inet:getopts(C, [nodelay, no_such_option])}].

getopts_listen() ->
    {L, _} = listen([binary, {active, false}, {packet, 2}, {reuseaddr, true},
                     {nodelay, true}, {backlog, 5}]),
    R = inet:getopts(L, [active, packet, mode, reuseaddr, nodelay, keepalive]),
    {ok, C} = gen_tcp:connect(?IP, element(2, inet:port(L)), [], ?T),
    {ok, S} = gen_tcp:accept(L, ?T),
    %% The accepted socket inherits the listen socket's options.
    R2 = inet:getopts(S, [active, packet, mode, reuseaddr, nodelay, keepalive]),
    [gen_tcp:close(X) || X <- [C, S, L]],
    [R, R2].

setopts_roundtrip() ->
    {C, _S} = pair([]),
    Opts = [{active, once}, {active, 5}, {active, false}, {active, true},
            {packet, 1}, {packet, 2}, {packet, 4}, {packet, line},
            {packet, raw}, {packet, 0}, {packet, http_bin}, {packet, httph},
            {packet, asn1}, {packet, sunrm}, {packet, cdr}, {packet, fcgi},
            {packet, tpkt},
            {nodelay, true}, {keepalive, true}, {reuseaddr, true},
            {mode, binary}, {mode, list}, {header, 3}, {header, 0},
            {exit_on_close, false}, {send_timeout, 1000},
            {send_timeout, infinity}, {send_timeout_close, true},
            {delay_send, true}, {packet_size, 4096}, {deliver, port},
            {deliver, term}, {linger, {true, 5}}, {linger, {false, 0}},
            {high_watermark, 65536}, {low_watermark, 1024},
            {high_msgq_watermark, 100}, {low_msgq_watermark, 50},
            {show_econnreset, true}, {tos, 16}],
    Rs = [begin
              {K, _} = O,
              {inet:setopts(C, [O]), inet:getopts(C, [K])}
          end || O <- Opts],
    [R || {ok, {ok, [_]} = R} <- Rs] ++ [{bad, R} || R <- Rs, element(1, R) =/= ok].

setopts_invalid() ->
    {C, _S} = pair([]),
    [inet:setopts(C, [{active, maybe}]),
     inet:setopts(C, [{packet, 3}]),
     inet:setopts(C, [{mode, text}]),
     inet:setopts(C, [{no_such_option, 1}]),
     inet:setopts(C, [nonsense]),
     inet:setopts(C, [{nodelay, true}, {packet, 5}]),
     inet:getopts(C, [nodelay])].

bad_arguments() ->
    {C, _S} = pair([]),
    [{listen_packet, catch_it(fun() -> gen_tcp:listen(0, [{packet, 3}]) end)},
     {listen_option, catch_it(fun() -> gen_tcp:listen(0, [{foo, 3}]) end)},
     {connect_option, catch_it(fun() -> gen_tcp:connect(?IP, 1, [{foo, 3}]) end)},
     {connect_address, catch_it(fun() -> gen_tcp:connect({127,0,0,1,1}, 1, []) end)},
     {send_atom, catch_it(fun() -> gen_tcp:send(C, foo) end)},
     {send_bad_iolist, catch_it(fun() -> gen_tcp:send(C, [1, 2, 256]) end)},
     {recv_negative, catch_it(fun() -> gen_tcp:recv(C, -1, 10) end)},
     {socket_still_fine, inet:getopts(C, [active])}].

catch_it(F) ->
    try F() catch Class:Reason -> {Class, Reason} end.

controlling_process() ->
    {C, S} = pair([binary, {active, false}]),
    Self = self(),
    %% Only the owner may hand a socket over.
    Other = helper(fun() ->
                           Self ! {other, gen_tcp:controlling_process(C, self())},
                           receive go -> ok end,
                           ok = inet:setopts(C, [{active, once}]),
                           M = msg(C),
                           Self ! {other_got, M},
                           Self ! {other_back, gen_tcp:controlling_process(C, Self)},
                           receive stop -> ok end
                   end),
    R1 = receive {other, X} -> X after ?T -> timeout end,
    R2 = gen_tcp:controlling_process(C, self()),
    R3 = gen_tcp:controlling_process(C, Other),
    R4 = gen_tcp:controlling_process(C, self()),
    ok = gen_tcp:send(S, <<"for other">>),
    Other ! go,
    R5 = receive {other_got, Y} -> Y after ?T -> timeout end,
    R6 = receive {other_back, Z} -> Z after ?T -> timeout end,
    %% Messages now come to us again.
    ok = inet:setopts(C, [{active, once}]),
    ok = gen_tcp:send(S, <<"for owner">>),
    R7 = msg(C),
    [R1, R2, R3, R4, R5, R6, R7].

%% The owner's exit closes the socket.
owner_exit_closes() ->
    {C, S} = pair([binary, {active, false}]),
    Self = self(),
    {Owner, Mon} = spawn_monitor(fun() -> receive go -> ok end,
                                         ok = gen_tcp:send(S, <<"from owner">>),
                                         Self ! sent
                                 end),
    ok = gen_tcp:controlling_process(S, Owner),
    Owner ! go,
    receive sent -> ok after ?T -> ok end,
    receive {'DOWN', Mon, process, Owner, _} -> ok after ?T -> ok end,
    recv_all(C).

%% Small ping-pong exchanges: each recv gets exactly what one send sent.
%% recv_cnt counts delivered packets, send_cnt sends; the octets include
%% packet headers.
getstat() ->
    {C, S} = pair([binary, {active, false}]),
    Keys = [recv_cnt, send_cnt, recv_oct, send_oct],
    Zero = inet:getstat(C, Keys),
    ok = gen_tcp:send(C, <<"hello">>),
    {ok, _} = gen_tcp:recv(S, 5, ?T),
    ok = gen_tcp:send(S, <<"world!">>),
    {ok, _} = gen_tcp:recv(C, 6, ?T),
    St1 = {inet:getstat(C, Keys), inet:getstat(S, Keys)},
    ok = gen_tcp:send(C, <<"abcde">>),
    {ok, _} = gen_tcp:recv(S, 2, ?T),
    {ok, _} = gen_tcp:recv(S, 3, ?T),
    St2 = inet:getstat(S, Keys),
    ok = inet:setopts(C, [{packet, 2}]),
    ok = inet:setopts(S, [{packet, 2}]),
    ok = gen_tcp:send(C, <<"xyz">>),
    {ok, _} = gen_tcp:recv(S, 0, ?T),
    St3 = {inet:getstat(C, Keys), inet:getstat(S, Keys)},
    {ok, All} = inet:getstat(C),
    [Zero, St1, St2, St3, lists:sort(proplists:get_keys(All))].

%% The server reads a request with {packet, http_bin}: the request line,
%% then (automatically) header lines, then http_eoh; the body raw.
http_bin_request() ->
    {C, S} = pair([binary, {active, false}]),
    ok = inet:setopts(S, [{packet, http_bin}]),
    ok = gen_tcp:send(C, <<"GET /index.html?x=1 HTTP/1.1\r\n"
                           "Host: localhost\r\n"
                           "Content-Length: 5\r\n"
                           "X-Custom-Header: foo\r\n"
                           "accept: */*\r\n"
                           "\r\n"
                           "hello">>),
    Req = [gen_tcp:recv(S, 0, ?T) || _ <- lists:seq(1, 6)],
    ok = inet:setopts(S, [{packet, raw}]),
    Body = gen_tcp:recv(S, 5, ?T),
    %% A request split in the middle of a line, then a malformed one.
    ok = inet:setopts(S, [{packet, http_bin}]),
    ok = gen_tcp:send(C, <<"POST /form HT">>),
    ok = gen_tcp:send(C, <<"TP/1.0\r\nConn">>),
    ok = gen_tcp:send(C, <<"ection: keep-alive\r\n\r\n">>),
    Req2 = [gen_tcp:recv(S, 0, ?T) || _ <- lists:seq(1, 3)],
    ok = gen_tcp:send(C, <<"garbage line\r\nnot a header\r\n\r\n">>),
    Req3 = [gen_tcp:recv(S, 0, ?T) || _ <- lists:seq(1, 3)],
    [Req, Body, Req2, Req3].

%% The client reads a response with {packet, http} in list mode.
http_response_list() ->
    {C, S} = pair([list, {active, false}]),
    ok = inet:setopts(C, [{packet, http}]),
    ok = gen_tcp:send(S, <<"HTTP/1.1 200 OK\r\n"
                           "Content-Length: 2\r\n"
                           "Connection: close\r\n"
                           "\r\n"
                           "ok">>),
    Resp = [gen_tcp:recv(C, 0, ?T) || _ <- lists:seq(1, 4)],
    ok = inet:setopts(C, [{packet, raw}]),
    Body = gen_tcp:recv(C, 2, ?T),
    [Resp, Body].

http_active() ->
    {C, S} = pair([binary, {active, false}]),
    ok = inet:setopts(C, [{packet, http_bin}, {active, once}]),
    ok = gen_tcp:send(S, <<"HTTP/1.0 404 Not Found\r\nContent-Type: text/plain\r\n\r\n">>),
    M1 = msg(C),
    M2 = no_msg(),
    ok = inet:setopts(C, [{active, 2}]),
    Ms = [msg(C), msg(C), msg(C)],
    [M1, M2, Ms].

deliver_port() ->
    {C, S} = pair([binary, {active, false}]),
    ok = inet:setopts(C, [{deliver, port}, {active, true}]),
    O = inet:getopts(C, [deliver]),
    ok = gen_tcp:send(S, <<"dp">>),
    M1 = msg(C),
    ok = inet:setopts(C, [{deliver, term}]),
    ok = gen_tcp:send(S, <<"dt">>),
    M2 = msg(C),
    ok = inet:setopts(C, [{deliver, port}]),
    ok = gen_tcp:close(S),
    M3 = msg(C),
    [O, M1, M2, M3].

recv_in_active_mode() ->
    {C, S} = pair([binary, {active, true}]),
    R1 = gen_tcp:recv(C, 0, 100),
    ok = inet:setopts(C, [{active, once}]),
    R2 = gen_tcp:recv(C, 0, 100),
    ok = inet:setopts(C, [{active, 3}]),
    R3 = gen_tcp:recv(C, 0, 100),
    ok = inet:setopts(C, [{active, false}]),
    ok = gen_tcp:send(S, <<"ok">>),
    R4 = gen_tcp:recv(C, 2, ?T),
    [R1, R2, R3, R4].

%% The peer never reads: sends time out once the buffers are full. With
%% send_timeout_close the socket is closed after the timeout.
send_timeout() ->
    Big = binary:copy(<<"x">>, 1 bsl 20),
    Fill = fun(C) -> fill(C, Big, 0) end,
    {C1, _S1} = pair([binary, {active, false}, {send_timeout, 200}]),
    R1 = Fill(C1),
    R2 = gen_tcp:send(C1, <<"x">>),
    R3 = inet:getopts(C1, [send_timeout, send_timeout_close]),
    {C2, _S2} = pair([binary, {active, false}, {send_timeout, 200},
                      {send_timeout_close, true}]),
    R4 = Fill(C2),
    R5 = gen_tcp:send(C2, <<"x">>),
    R6 = gen_tcp:recv(C2, 0, 100),
    [R1, R2, R3, R4, R5, R6].

fill(_, _, N) when N > 500 -> never_timed_out;
fill(C, Big, N) ->
    case gen_tcp:send(C, Big) of
        ok -> fill(C, Big, N + 1);
        E -> {E, some_sent, N > 0}
    end.

%% 1 MB through the echo server in passive mode: the client sends from
%% another process while it reads.
large_echo_1mb() ->
    Port = echo_server([]),
    {ok, C} = gen_tcp:connect(?IP, Port, [binary, {active, false}], ?T),
    Data = pattern(1 bsl 20),
    Self = self(),
    helper(fun() ->
                   [ok = gen_tcp:send(C, binary:part(Data, Off, 65536))
                    || Off <- lists:seq(0, byte_size(Data) - 1, 65536)],
                   Self ! sent
           end),
    R = gen_tcp:recv(C, byte_size(Data), ?T),
    Sent = receive sent -> sent after ?T -> timeout end,
    case R of
        {ok, Back} ->
            [Sent, byte_size(Back), erlang:md5(Back) =:= erlang:md5(Data),
             binary:encode_hex(erlang:md5(Back))];
        E -> [Sent, E]
    end.

%% The same in active mode: count bytes, not messages.
large_active_1mb() ->
    Port = echo_server([]),
    {ok, C} = gen_tcp:connect(?IP, Port, [binary, {active, true}], ?T),
    Data = pattern(1 bsl 20),
    helper(fun() -> ok = gen_tcp:send(C, Data) end),
    Back = collect(C, byte_size(Data), []),
    case Back of
        timeout -> timeout;
        _ -> [byte_size(Back), Back =:= Data]
    end.

collect(_, 0, Acc) -> iolist_to_binary(lists:reverse(Acc));
collect(C, Left, Acc) when Left > 0 ->
    receive
        {tcp, C, D} -> collect(C, Left - byte_size(D), [D | Acc])
    after ?T -> timeout
    end.

%% 50 clients, each echoing 20 numbered packets, concurrently.
many_clients() ->
    Port = echo_server([{packet, 2}]),
    Self = self(),
    Clients = [helper(fun() -> Self ! {client, I, client(Port, I)} end)
               || I <- lists:seq(1, 50)],
    Rs = [receive {client, I, R} -> R after ?T -> {I, timeout} end
          || I <- lists:seq(1, length(Clients))],
    Bad = [R || R <- Rs, element(2, R) =/= ok],
    {length(Rs) - length(Bad), lists:sum([B || {_, ok, B} <- Rs]), Bad}.

client(Port, I) ->
    case gen_tcp:connect(?IP, Port, [binary, {active, false}, {packet, 2}], ?T) of
        {ok, C} ->
            R = client_loop(C, I, 1, 0),
            gen_tcp:close(C),
            R;
        E -> {I, E}
    end.

client_loop(_, I, 21, Bytes) -> {I, ok, Bytes};
client_loop(C, I, J, Bytes) ->
    Msg = iolist_to_binary(io_lib:format("client ~w message ~w", [I, J])),
    ok = gen_tcp:send(C, Msg),
    case gen_tcp:recv(C, 0, ?T) of
        {ok, Msg} -> client_loop(C, I, J + 1, Bytes + byte_size(Msg));
        Other -> {I, {J, Other}}
    end.
