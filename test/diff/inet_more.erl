%% boot
%% inet beyond gen_tcp and gen_udp's own tests: the host's interfaces (inet:getifaddrs/0, as
%% the OS lists them: the same on both VMs of one machine), names and addresses, and sockets
%% of the other families: IPv6 on ::1, and local (Unix domain) stream and datagram sockets.
-module(inet_more).
-export([main/0]).
-import(diff_util, [quiet_logger/0]).

-define(T, 5000).
-define(C(Name), {Name, fun Name/0}).

main() ->
    quiet_logger(),
    lists:foreach(fun diff_cases:run/1,
                  [?C(getifaddrs), ?C(names), ?C(ipv6_echo), ?C(local_stream),
                   ?C(local_dgram), ?C(sockets_listed), ?C(fd_and_type)]).

getifaddrs() ->
    {ok, Ifs} = inet:getifaddrs(),
    {length(Ifs), Ifs}.

names() ->
    {ok, Host} = inet:gethostname(),
    [is_list(Host),
     inet:getaddr("localhost", inet),
     inet:getaddr({127,0,0,1}, inet),
     inet:parse_address("::1"),
     inet:ntoa({10,0,0,1}),
     inet:getaddr("no.such.host.invalid", inet),
     %% through the native resolver (erts' inet_gethost helper; ember answers it itself)
     inet:gethostbyname("localhost"),
     inet:gethostbyaddr({127,0,0,1}),
     inet:gethostbyname(net_adm:localhost()),
     inet:gethostbyaddr({0,0,0,0,0,0,0,1}),
     inet:gethostbyname("no.such.host.invalid", inet6)].

ipv6_echo() ->
    case gen_tcp:listen(0, [binary, inet6, {ip, {0,0,0,0,0,0,0,1}}, {active, false}]) of
        {ok, L} ->
            {ok, Port} = inet:port(L),
            {ok, C} = gen_tcp:connect({0,0,0,0,0,0,0,1}, Port, [binary, inet6, {active, false}], ?T),
            {ok, S} = gen_tcp:accept(L, ?T),
            ok = gen_tcp:send(C, <<"over v6">>),
            R = gen_tcp:recv(S, 0, ?T),
            {ok, {Peer, _}} = inet:peername(S),
            {ok, {Name, _}} = inet:sockname(C),
            Type = [inet:getopts(X, [ipv6_v6only]) || X <- [C]],
            [gen_tcp:close(X) || X <- [C, S, L]],
            {R, Peer, Name, Type};
        Error ->
            {no_ipv6, Error}
    end.

local_path(Name) ->
    Path = filename:join("/tmp", "ember_inet_more_" ++ os:getpid() ++ "_" ++ Name),
    _ = file:delete(Path),
    Path.

local_stream() ->
    Path = local_path("stream"),
    {ok, L} = gen_tcp:listen(0, [binary, local, {ifaddr, {local, Path}}, {active, false}]),
    {ok, C} = gen_tcp:connect({local, Path}, 0, [binary, local, {active, false}], ?T),
    {ok, S} = gen_tcp:accept(L, ?T),
    ok = gen_tcp:send(C, <<"through a file">>),
    R = gen_tcp:recv(S, 0, ?T),
    ok = gen_tcp:send(S, <<"back">>),
    R2 = gen_tcp:recv(C, 0, ?T),
    Names = [N =:= {ok, {local, list_to_binary(Path)}} || N <- [inet:sockname(L), inet:peername(C)]],
    [gen_tcp:close(X) || X <- [C, S, L]],
    ok = file:delete(Path),
    {R, R2, Names}.

local_dgram() ->
    A = local_path("a"),
    B = local_path("b"),
    {ok, SA} = gen_udp:open(0, [binary, local, {ifaddr, {local, A}}, {active, false}]),
    {ok, SB} = gen_udp:open(0, [binary, local, {ifaddr, {local, B}}, {active, false}]),
    ok = gen_udp:send(SA, {local, B}, 0, <<"datagram">>),
    %% erl's prim_inet fails to take a local sender's address apart in binary mode
    %% (function_clause in prim_inet:split/3): ember's driver sends what erts' does.
    R = case catch gen_udp:recv(SB, 0, ?T) of
            {'EXIT', {Reason, [{M, F, _, _} | _]}} -> {'EXIT', Reason, M, F};
            Other -> Other
        end,
    [gen_udp:close(X) || X <- [SA, SB]],
    [file:delete(P) || P <- [A, B]],
    R.

%% inet:i/0's source: the sockets inet_db knows of, by module.
sockets_listed() ->
    {ok, L} = gen_tcp:listen(0, [{ip, {127,0,0,1}}]),
    {ok, U} = gen_udp:open(0, [{ip, {127,0,0,1}}]),
    Ports = [P || P <- erlang:ports(), lists:member(P, [L, U])],
    Info = [{erlang:port_info(P, name), inet:getopts(P, [active])} || P <- Ports],
    gen_tcp:close(L),
    gen_udp:close(U),
    lists:sort(Info).

fd_and_type() ->
    {ok, L} = gen_tcp:listen(0, [{ip, {127,0,0,1}}]),
    {ok, U} = gen_udp:open(0, [{ip, {127,0,0,1}}]),
    {ok, Fd} = inet:getfd(L),
    R = [is_integer(Fd), prim_inet:gettype(L), prim_inet:gettype(U), prim_inet:getstatus(L)],
    gen_tcp:close(L),
    gen_udp:close(U),
    R.
