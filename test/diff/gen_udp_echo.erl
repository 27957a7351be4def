%% boot
%% gen_udp as a user sees it, all on 127.0.0.1 with ports picked by the OS
%% (open port 0, read it back with inet:port/1): passive recv with the
%% sender's address, active true/once/N messages, binary and list modes,
%% datagram boundaries, the receive buffer truncating large datagrams,
%% sending to a port nobody listens on (unconnected and connected), connect
%% and send/2, options, getstat, controlling_process, deliver port, closed
%% sockets and an echo server with several clients.
%%
%% Each case runs in a fresh process (killed, with the helpers it linked,
%% when it is done), so its sockets are closed by their owner's exit. Every
%% receive has a timeout. Port numbers are never printed, only compared.
%%
%% Left out as not deterministic or not portable: recbuf/sndbuf values (the
%% kernel doubles and caps them), ttl (a sysctl), multicast_if, and the
%% resolver (host names such as "localhost" or the atom loopback as a
%% destination).
-module(gen_udp_echo).
-export([main/0]).
-import(diff_util, [quiet_logger/0]).
-import(diff_cases, [scrub/1, helper/1]).

-define(IP, {127,0,0,1}).
-define(T, 5000).
-define(C(Name), {Name, fun Name/0}).

main() ->
    quiet_logger(),
    Cases = [?C(open_port), ?C(send_recv_passive), ?C(recv_timeout),
             ?C(datagram_boundaries), ?C(empty_datagram), ?C(send_iodata),
             ?C(list_mode), ?C(active_true), ?C(active_once), ?C(active_n),
             ?C(recv_in_active_mode), ?C(header_option), ?C(large_datagram),
             ?C(buffer_truncates), ?C(too_large), ?C(unconnected_to_closed_port),
             ?C(connected_to_closed_port), ?C(connected_active_error),
             ?C(connect_send2), ?C(connected_filters_sources),
             ?C(send2_unconnected), ?C(sockname_peername), ?C(getopts_defaults),
             ?C(setopts_roundtrip), ?C(eaddrinuse), ?C(getstat),
             ?C(controlling_process), ?C(deliver_port), ?C(closed_socket),
             ?C(bad_arguments), ?C(echo_server)],
    lists:foreach(fun diff_cases:run/1, Cases),
    ok.

open(Opts) ->
    {ok, S} = gen_udp:open(0, [{ip, ?IP} | Opts]),
    {ok, Port} = inet:port(S),
    {S, Port}.

%% A port number nobody listens on: opened and closed again.
dead_port() ->
    {S, Port} = open([]),
    ok = gen_udp:close(S),
    Port.

%% A passive recv, with the sender's port compared to the expected one.
recv(S, FromPort) -> recv(S, FromPort, ?T).
recv(S, FromPort, Timeout) ->
    case gen_udp:recv(S, 0, Timeout) of
        {ok, {Addr, Port, Data}} -> {ok, {Addr, Port =:= FromPort, Data}};
        E -> E
    end.

%% The next message about socket S, with the port compared.
msg(S, FromPort) ->
    receive
        {udp, S, Addr, Port, Data} -> {udp, Addr, Port =:= FromPort, Data};
        {udp_passive, S} -> udp_passive;
        {udp_error, S, E} -> {udp_error, E};
        {udp_closed, S} -> udp_closed
    after ?T -> timeout
    end.

no_msg() ->
    receive M -> {unexpected, scrub(M)} after 100 -> none end.

%% ---------------------------------------------------------------- cases

open_port() ->
    {S, Port} = open([]),
    {ok, {Addr, P2}} = inet:sockname(S),
    R = {is_integer(Port), Port > 0, Port < 65536, Addr, P2 =:= Port},
    ok = gen_udp:close(S),
    R.

send_recv_passive() ->
    {A, PA} = open([binary, {active, false}]),
    {B, PB} = open([binary, {active, false}]),
    R1 = gen_udp:send(A, ?IP, PB, <<"hello">>),
    R2 = recv(B, PA),
    %% And back, to the address and port it came from.
    {ok, {Addr, Port, _}} = begin
                                ok = gen_udp:send(A, ?IP, PB, <<"again">>),
                                gen_udp:recv(B, 0, ?T)
                            end,
    R3 = gen_udp:send(B, Addr, Port, <<"reply">>),
    R4 = recv(A, PB),
    %% The destination as one {Address, Port} tuple and as a string address.
    R5 = gen_udp:send(A, {?IP, PB}, <<"tuple">>),
    R6 = recv(B, PA),
    R7 = gen_udp:send(A, "127.0.0.1", PB, <<"string">>),
    R8 = recv(B, PA),
    [R1, R2, R3, R4, R5, R6, R7, R8].

recv_timeout() ->
    {A, _} = open([binary, {active, false}]),
    [gen_udp:recv(A, 0, 100), gen_udp:recv(A, 0, 0), gen_udp:recv(A, 10, 50)].

%% Each datagram is received whole and alone, in order; the length argument
%% of recv is ignored.
datagram_boundaries() ->
    {A, PA} = open([binary, {active, false}]),
    {B, _} = open([binary, {active, false}]),
    {ok, PB} = inet:port(B),
    [ok = gen_udp:send(A, ?IP, PB, D) || D <- [<<"a">>, <<"bb">>, <<"ccc">>]],
    R1 = [recv(B, PA) || _ <- [1, 2, 3]],
    ok = gen_udp:send(A, ?IP, PB, <<"0123456789">>),
    R2 = case gen_udp:recv(B, 3, ?T) of
             {ok, {_, _, D}} -> {ok, D};
             E -> E
         end,
    [R1, R2, recv(B, PA, 100)].

empty_datagram() ->
    {A, PA} = open([binary, {active, false}]),
    {B, PB} = open([list, {active, false}]),
    R1 = gen_udp:send(A, ?IP, PB, <<>>),
    R2 = recv(B, PA),
    ok = inet:setopts(B, [binary]),
    R3 = gen_udp:send(A, ?IP, PB, []),
    R4 = recv(B, PA),
    [R1, R2, R3, R4].

send_iodata() ->
    {A, PA} = open([binary, {active, false}]),
    {B, PB} = open([binary, {active, false}]),
    R1 = gen_udp:send(A, ?IP, PB, ["io", [$l | <<"ist">>], [[]], <<>>]),
    R2 = recv(B, PA),
    R3 = gen_udp:send(A, ?IP, PB, "plain string"),
    R4 = recv(B, PA),
    [R1, R2, R3, R4].

list_mode() ->
    {A, PA} = open([binary, {active, false}]),
    {B, PB} = open([{active, false}]),
    O1 = inet:getopts(B, [mode]),
    ok = gen_udp:send(A, ?IP, PB, <<"as list">>),
    R1 = recv(B, PA),
    ok = inet:setopts(B, [binary]),
    O2 = inet:getopts(B, [mode]),
    ok = gen_udp:send(A, ?IP, PB, "as binary"),
    R2 = recv(B, PA),
    ok = inet:setopts(B, [{mode, list}]),
    ok = gen_udp:send(A, ?IP, PB, <<"list again">>),
    R3 = recv(B, PA),
    [O1, R1, O2, R2, R3].

active_true() ->
    {A, PA} = open([binary, {active, false}]),
    {B, PB} = open([binary, {active, true}]),
    ok = gen_udp:send(A, ?IP, PB, <<"one">>),
    ok = gen_udp:send(A, ?IP, PB, <<"two">>),
    M = [msg(B, PA), msg(B, PA)],
    O = inet:getopts(B, [active]),
    ok = inet:setopts(B, [{active, false}]),
    ok = gen_udp:send(A, ?IP, PB, <<"three">>),
    N = no_msg(),
    R = recv(B, PA),
    [M, O, N, R].

active_once() ->
    {A, PA} = open([binary, {active, false}]),
    {B, PB} = open([list, {active, once}]),
    ok = gen_udp:send(A, ?IP, PB, <<"1">>),
    ok = gen_udp:send(A, ?IP, PB, <<"2">>),
    M1 = msg(B, PA),
    N1 = no_msg(),
    O1 = inet:getopts(B, [active]),
    ok = inet:setopts(B, [{active, once}]),
    M2 = msg(B, PA),
    O2 = inet:getopts(B, [active]),
    [M1, N1, O1, M2, O2].

active_n() ->
    {A, PA} = open([binary, {active, false}]),
    {B, PB} = open([binary, {active, false}]),
    ok = inet:setopts(B, [{active, 3}]),
    O1 = inet:getopts(B, [active]),
    [ok = gen_udp:send(A, ?IP, PB, integer_to_list(I)) || I <- lists:seq(1, 5)],
    Ms = [msg(B, PA) || _ <- [1, 2, 3, 4]],
    N = no_msg(),
    O2 = inet:getopts(B, [active]),
    Rest = [recv(B, PA) || _ <- [1, 2]],
    %% The count adds up; at 0 or below the socket is passive.
    ok = inet:setopts(B, [{active, 2}]),
    ok = inet:setopts(B, [{active, 2}]),
    O3 = inet:getopts(B, [active]),
    ok = inet:setopts(B, [{active, -4}]),
    M5 = msg(B, PA),
    O4 = inet:getopts(B, [active]),
    E = inet:setopts(B, [{active, 32768}]),
    [O1, Ms, N, O2, Rest, O3, M5, O4, E].

recv_in_active_mode() ->
    {A, PA} = open([binary, {active, true}]),
    R1 = gen_udp:recv(A, 0, 100),
    ok = inet:setopts(A, [{active, once}]),
    R2 = gen_udp:recv(A, 0, 100),
    ok = inet:setopts(A, [{active, false}]),
    ok = gen_udp:send(A, ?IP, PA, <<"to self">>),
    R3 = recv(A, PA),
    [R1, R2, R3].

%% {header, N} in binary mode: the first N bytes as a list.
header_option() ->
    {A, PA} = open([binary, {active, false}]),
    {B, PB} = open([binary, {active, false}, {header, 2}]),
    ok = gen_udp:send(A, ?IP, PB, <<"hello">>),
    R1 = recv(B, PA),
    ok = gen_udp:send(A, ?IP, PB, <<"h">>),
    R2 = recv(B, PA),
    [inet:getopts(B, [header]), R1, R2].

%% The largest datagram (65507 bytes) arrives whole with a large enough
%% buffer.
large_datagram() ->
    {A, PA} = open([binary, {active, false}]),
    {B, PB} = open([binary, {active, false}, {buffer, 65536}]),
    Data = pattern(65507),
    R1 = gen_udp:send(A, ?IP, PB, Data),
    R2 = case gen_udp:recv(B, 0, ?T) of
             {ok, {Addr, Port, D}} -> {Addr, Port =:= PA, byte_size(D), D =:= Data};
             E -> E
         end,
    ok = gen_udp:send(A, ?IP, PB, binary:part(Data, 0, 9000)),
    R3 = case gen_udp:recv(B, 0, ?T) of
             {ok, {_, _, D3}} -> byte_size(D3);
             E3 -> E3
         end,
    [inet:getopts(B, [buffer]), R1, R2, R3].

%% A datagram longer than the socket's buffer option (8192 bytes unless
%% set) is cut to the buffer's size, without an error.
buffer_truncates() ->
    {A, PA} = open([binary, {active, false}]),
    {B, PB} = open([binary, {active, false}]),
    Data = pattern(9000),
    O1 = inet:getopts(B, [buffer]),
    ok = gen_udp:send(A, ?IP, PB, Data),
    R1 = size_of(gen_udp:recv(B, 0, ?T), Data),
    ok = inet:setopts(B, [{buffer, 100}]),
    O2 = inet:getopts(B, [buffer]),
    ok = gen_udp:send(A, ?IP, PB, binary:part(Data, 0, 300)),
    R2 = size_of(gen_udp:recv(B, 0, ?T), Data),
    %% In active mode too.
    ok = inet:setopts(B, [{active, once}]),
    ok = gen_udp:send(A, ?IP, PB, binary:part(Data, 0, 300)),
    R3 = receive
             {udp, B, _, P, D} -> {P =:= PA, byte_size(D), D =:= binary:part(Data, 0, 100)}
         after ?T -> timeout
         end,
    [O1, R1, O2, R2, R3].

size_of({ok, {_, _, D}}, Data) -> {byte_size(D), D =:= binary:part(Data, 0, byte_size(D))};
size_of(E, _) -> E.

%% Over 65507 bytes does not fit in an IPv4 UDP datagram.
too_large() ->
    {A, _} = open([binary, {active, false}]),
    {B, PB} = open([binary, {active, false}]),
    R1 = gen_udp:send(A, ?IP, PB, pattern(65508)),
    R2 = gen_udp:send(A, ?IP, PB, pattern(100000)),
    R3 = gen_udp:recv(B, 0, 100),
    [R1, R2, R3].

pattern(Size) ->
    Block = list_to_binary(lists:seq(0, 255)),
    binary:part(binary:copy(Block, Size div 256 + 1), 0, Size).

%% An unconnected socket hears nothing of the ICMP port unreachable that a
%% datagram to a closed port brings back.
unconnected_to_closed_port() ->
    {A, _} = open([binary, {active, false}]),
    Dead = dead_port(),
    R1 = gen_udp:send(A, ?IP, Dead, <<"x">>),
    receive after 50 -> ok end,
    R2 = gen_udp:send(A, ?IP, Dead, <<"x">>),
    R3 = gen_udp:recv(A, 0, 100),
    [R1, R2, R3].

%% A connected socket gets the ICMP error as econnrefused from its next
%% call, once: the following call works again.
connected_to_closed_port() ->
    {A, _} = open([binary, {active, false}]),
    ok = gen_udp:connect(A, ?IP, dead_port()),
    R1 = gen_udp:send(A, <<"x">>),
    receive after 50 -> ok end,
    R2 = gen_udp:recv(A, 0, ?T),
    R3 = gen_udp:recv(A, 0, 100),
    R4 = gen_udp:send(A, <<"x">>),
    receive after 50 -> ok end,
    R5 = gen_udp:send(A, <<"x">>),
    R6 = gen_udp:send(A, <<"x">>),
    [R1, R2, R3, R4, R5, R6].

%% In active mode the error comes as a udp_error message; the socket stays
%% active.
connected_active_error() ->
    {A, PA} = open([binary, {active, true}]),
    ok = gen_udp:connect(A, ?IP, dead_port()),
    R1 = gen_udp:send(A, <<"x">>),
    M1 = msg(A, PA),
    M2 = no_msg(),
    O = inet:getopts(A, [active]),
    R2 = gen_udp:send(A, <<"y">>),
    M3 = msg(A, PA),
    [R1, M1, M2, O, R2, M3].

connect_send2() ->
    {A, PA} = open([binary, {active, false}]),
    {B, PB} = open([binary, {active, false}]),
    R1 = gen_udp:connect(A, ?IP, PB),
    R2 = gen_udp:send(A, <<"connected">>),
    R3 = recv(B, PA),
    R4 = gen_udp:send(A, [<<"io">>, "data"]),
    R5 = recv(B, PA),
    %% Replies from the peer come in.
    ok = gen_udp:send(B, ?IP, PA, <<"back">>),
    R6 = recv(A, PB),
    %% Explicit destination on a connected socket.
    R7 = gen_udp:send(A, ?IP, PB, <<"explicit">>),
    R8 = recv(B, PA),
    [R1, R2, R3, R4, R5, R6, R7, R8].

%% A connected socket only receives from its peer.
connected_filters_sources() ->
    {A, PA} = open([binary, {active, false}]),
    {B, PB} = open([binary, {active, false}]),
    {C, _} = open([binary, {active, false}]),
    ok = gen_udp:connect(A, ?IP, PB),
    ok = gen_udp:send(C, ?IP, PA, <<"from other">>),
    R1 = gen_udp:recv(A, 0, 100),
    ok = gen_udp:send(B, ?IP, PA, <<"from peer">>),
    R2 = recv(A, PB),
    [R1, R2].

send2_unconnected() ->
    {A, _} = open([binary, {active, false}]),
    gen_udp:send(A, <<"nowhere">>).

sockname_peername() ->
    {A, PA} = open([binary, {active, false}]),
    {B, PB} = open([binary, {active, false}]),
    {ok, {SA, SP}} = inet:sockname(A),
    R1 = {SA, SP =:= PA},
    R2 = inet:peername(A),
    ok = gen_udp:connect(A, ?IP, PB),
    {ok, {PeerA, PeerP}} = inet:peername(A),
    R3 = {PeerA, PeerP =:= PB},
    {ok, {SA2, SP2}} = inet:sockname(A),
    R4 = {SA2, SP2 =:= PA},
    gen_udp:close(B),
    [R1, R2, R3, R4].

getopts_defaults() ->
    {A, _} = open([]),
    %% Not recvttl: qemu-user (the AArch64 runs) lacks IP_RECVTTL, and getopts leaves out an
    %% option the kernel lacks, as erts does.
    Det = [active, mode, header, deliver, reuseaddr, broadcast, read_packets,
           multicast_ttl, multicast_loop, dontroute, tos, priority, recvtos,
           buffer, high_msgq_watermark, low_msgq_watermark],
    {ok, Bufs} = inet:getopts(A, [recbuf, sndbuf]),
    [inet:getopts(A, Det),
     [{K, is_integer(V) andalso V > 0} || {K, V} <- Bufs],
     inet:getopts(A, [no_such_option])].

setopts_roundtrip() ->
    {A, _} = open([]),
    Opts = [{active, once}, {active, 7}, {active, true}, {active, false},
            {mode, binary}, {mode, list}, {header, 4}, {header, 0},
            {deliver, port}, {deliver, term}, {reuseaddr, true},
            {broadcast, true}, {read_packets, 20}, {multicast_ttl, 4},
            {multicast_loop, false}, {buffer, 16000}, {tos, 16},
            {dontroute, true}, {high_msgq_watermark, 100},
            {low_msgq_watermark, 50}],
    Rs = [begin
              {K, _} = O,
              {inet:setopts(A, [O]), inet:getopts(A, [K])}
          end || O <- Opts],
    [R || {ok, {ok, [_]} = R} <- Rs] ++ [{bad, R} || R <- Rs, element(1, R) =/= ok]
        ++ [inet:setopts(A, [{active, maybe}]), inet:setopts(A, [{no_such_option, 1}])].

eaddrinuse() ->
    {A, PA} = open([]),
    R1 = gen_udp:open(PA, [{ip, ?IP}]),
    R2 = gen_udp:open(PA, [{ip, ?IP}, {reuseaddr, true}]),
    ok = gen_udp:close(A),
    %% Free again once closed.
    R3 = case gen_udp:open(PA, [{ip, ?IP}]) of
             {ok, S} -> gen_udp:close(S), reopened;
             E -> E
         end,
    [R1, R2, R3].

getstat() ->
    {A, PA} = open([binary, {active, false}]),
    {B, PB} = open([binary, {active, false}]),
    Keys = [recv_cnt, send_cnt, recv_oct, send_oct],
    Zero = inet:getstat(A, Keys),
    ok = gen_udp:send(A, ?IP, PB, <<"hello">>),
    ok = gen_udp:send(A, ?IP, PB, <<"hi">>),
    {ok, _} = recv(B, PA),
    {ok, _} = recv(B, PA),
    ok = gen_udp:send(B, ?IP, PA, <<"back">>),
    {ok, _} = recv(A, PB),
    [Zero, inet:getstat(A, Keys), inet:getstat(B, Keys)].

controlling_process() ->
    {A, PA} = open([binary, {active, false}]),
    {B, PB} = open([binary, {active, false}]),
    Self = self(),
    Other = helper(fun() ->
                           Self ! {other, gen_udp:controlling_process(B, self())},
                           receive go -> ok end,
                           ok = inet:setopts(B, [{active, once}]),
                           Self ! {other_got, msg(B, PA)},
                           Self ! {other_back, gen_udp:controlling_process(B, Self)},
                           receive stop -> ok end
                   end),
    R1 = receive {other, X} -> X after ?T -> timeout end,
    R2 = gen_udp:controlling_process(B, Other),
    R3 = gen_udp:controlling_process(B, self()),
    ok = gen_udp:send(A, ?IP, PB, <<"for other">>),
    Other ! go,
    R4 = receive {other_got, Y} -> Y after ?T -> timeout end,
    R5 = receive {other_back, Z} -> Z after ?T -> timeout end,
    ok = inet:setopts(B, [{active, once}]),
    ok = gen_udp:send(A, ?IP, PB, <<"for owner">>),
    R6 = msg(B, PA),
    [R1, R2, R3, R4, R5, R6].

%% {deliver, port}: {S, {data, Bin}} where Bin starts with the address
%% family (1 = inet), the source port and the source address. The port
%% bytes are only compared.
deliver_port() ->
    {A, PA} = open([binary, {active, false}]),
    {B, PB} = open([binary, {active, false}, {deliver, port}]),
    O = inet:getopts(B, [deliver]),
    ok = inet:setopts(B, [{active, once}]),
    ok = gen_udp:send(A, ?IP, PB, <<"dp">>),
    R = receive
            {B, {data, <<Family, Port:16, W, X, Y, Z, Data/binary>>}} ->
                {Family, Port =:= PA, {W, X, Y, Z}, Data};
            {B, Other} -> {other, scrub(Other)}
        after ?T -> timeout
        end,
    [O, R].

closed_socket() ->
    {A, PA} = open([binary, {active, false}]),
    ok = gen_udp:close(A),
    [{send, gen_udp:send(A, ?IP, PA, <<"x">>)},
     {recv, gen_udp:recv(A, 0, 100)},
     {close, gen_udp:close(A)},
     {port, inet:port(A)},
     {connect, gen_udp:connect(A, ?IP, PA)},
     {getopts, inet:getopts(A, [active])},
     {sockname, inet:sockname(A)}].

bad_arguments() ->
    {A, PA} = open([binary, {active, false}]),
    [{open_option, catch_it(fun() -> gen_udp:open(0, [{foo, 1}]) end)},
     {send_address, catch_it(fun() -> gen_udp:send(A, {127,0,0,1,1}, PA, <<"x">>) end)},
     {send_atom, catch_it(fun() -> gen_udp:send(A, ?IP, PA, foo) end)},
     {send_port_0, catch_it(fun() -> gen_udp:send(A, ?IP, 0, <<"x">>) end)},
     {still_fine, inet:getopts(A, [active])}].

catch_it(F) ->
    try F() catch Class:Reason -> {Class, Reason} end.

%% An echo server in active mode and five clients, each sending 20
%% datagrams one at a time and waiting for each echo.
echo_server() ->
    {S, Port} = open([binary, {active, false}, {recbuf, 262144}]),
    Server = helper(fun() -> ok = inet:setopts(S, [{active, true}]), echo_loop(S) end),
    ok = gen_udp:controlling_process(S, Server),
    Self = self(),
    [helper(fun() -> Self ! {client, I, client(Port, I)} end) || I <- lists:seq(1, 5)],
    Rs = [receive {client, I, R} -> R after ?T -> {I, timeout} end
          || I <- lists:seq(1, 5)],
    Bad = [R || R <- Rs, element(2, R) =/= ok],
    {length(Rs) - length(Bad), lists:sum([B || {_, ok, B} <- Rs]), Bad}.

echo_loop(S) ->
    receive
        {udp, S, Addr, Port, Data} ->
            ok = gen_udp:send(S, Addr, Port, Data),
            echo_loop(S)
    end.

client(Port, I) ->
    {ok, C} = gen_udp:open(0, [binary, {ip, ?IP}, {active, false}]),
    R = client_loop(C, Port, I, 1, 0),
    gen_udp:close(C),
    R.

client_loop(_, _, I, 21, Bytes) -> {I, ok, Bytes};
client_loop(C, Port, I, J, Bytes) ->
    Msg = iolist_to_binary(io_lib:format("client ~w datagram ~w", [I, J])),
    ok = gen_udp:send(C, ?IP, Port, Msg),
    case gen_udp:recv(C, 0, ?T) of
        {ok, {?IP, Port, Msg}} -> client_loop(C, Port, I, J + 1, Bytes + byte_size(Msg));
        Other -> {I, {J, scrub(Other)}}
    end.
