%% Talks to an epmd as a node and as a misbehaving client would, and prints what it answers;
%% run by erl against ember's epmd and against erts' own, the outputs must be equal.
%%   erl -noshell -s epmd_probe main PORT
-module(epmd_probe).
-export([main/1]).

main([PortText]) ->
    Port = list_to_integer(atom_to_list(PortText)),
    %% Two registrations, the second name taken twice.
    {ok, A} = alive2(Port, "probe_a", 5001),
    {ok, B} = alive2(Port, "probe_b", 5002),
    io:format("taken: ~p~n", [element(1, alive2(Port, "probe_b", 5003))]),
    io:format("names: ~p~n", [lists:sort(names(Port))]),
    io:format("port_please a: ~p~n", [port_please(Port, "probe_a")]),
    io:format("port_please nobody: ~p~n", [port_please(Port, "nobody")]),
    %% Garbage of every kind: each loses its own connection, and the registrations stay.
    Garbage = [<<0, 0>>, <<0, 1, 255>>, <<255, 255, 1, 2, 3>>, <<0, 5, $x, 0>>,
               <<0, 14, $x, 0:8/unit:8, 0, 50, 0:16, 0>>, <<0, 3, $x, 1, 2>>, crypto_free_noise(),
               <<0, 20, $x, 0, 1, 77, 0, 0, 6, 0, 5, 0, 200, $a>>],
    [io:format("garbage ~p: ~p~n", [I, garbage(Port, G)]) || {I, G} <- lists:zip(lists:seq(1, length(Garbage)), Garbage)],
    io:format("truncated then closed: ~p~n", [truncated(Port)]),
    io:format("names after garbage: ~p~n", [lists:sort(names(Port))]),
    %% A registration ends with its connection; the name registered again gets a new creation.
    {ok, CreationA} = creation_of(A),
    gen_tcp:close(element(2, A)),
    timer:sleep(200),
    io:format("names after close: ~p~n", [lists:sort(names(Port))]),
    {ok, A2} = alive2(Port, "probe_a", 5004),
    {ok, CreationA2} = creation_of(A2),
    io:format("new creation: ~p~n", [CreationA2 =/= CreationA]),
    [gen_tcp:close(element(2, S)) || S <- [A2, B]],
    timer:sleep(200),
    io:format("names at end: ~p~n", [names(Port)]),
    halt().

crypto_free_noise() ->
    list_to_binary([(I * 7919) rem 256 || I <- lists:seq(1, 3000)]).

connect(Port) ->
    gen_tcp:connect({127,0,0,1}, Port, [binary, {packet, 0}, {active, false}]).

alive2(Port, Name, NodePort) ->
    {ok, S} = connect(Port),
    N = list_to_binary(Name),
    Req = <<$x, NodePort:16, 77, 0, 6:16, 6:16, (byte_size(N)):16, N/binary, 0:16>>,
    ok = gen_tcp:send(S, <<(byte_size(Req)):16, Req/binary>>),
    case gen_tcp:recv(S, 6, 5000) of
        {ok, <<$v, 0, Creation:32>>} -> {ok, {Creation, S}};
        {ok, <<$v, Result, _:32>>} -> {{error, Result}, S};
        Other -> {Other, S}
    end.

creation_of({Creation, _}) -> {ok, Creation}.

names(Port) ->
    {ok, S} = connect(Port),
    ok = gen_tcp:send(S, <<1:16, $n>>),
    {ok, <<_EpmdPort:32, Text/binary>>} = recv_all(S, <<>>),
    string:lexemes(binary_to_list(Text), "\n").

port_please(Port, Name) ->
    {ok, S} = connect(Port),
    N = list_to_binary(Name),
    ok = gen_tcp:send(S, <<(1 + byte_size(N)):16, $z, N/binary>>),
    case recv_all(S, <<>>) of
        {ok, <<$w, 0, NodePort:16, Type, Proto, Hi:16, Lo:16, L:16, Got:L/binary, _/binary>>} ->
            {NodePort, Type, Proto, Hi, Lo, Got};
        {ok, Other} -> Other
    end.

%% What epmd does with a bad request: close the connection (closed), answer (an answer), or
%% wait for more (timeout).
garbage(Port, Bytes) ->
    {ok, S} = connect(Port),
    ok = gen_tcp:send(S, Bytes),
    R = case gen_tcp:recv(S, 0, 1000) of
            {error, Reason} -> Reason;
            {ok, Answer} -> {answer, Answer}
        end,
    gen_tcp:close(S),
    R.

truncated(Port) ->
    {ok, S} = connect(Port),
    ok = gen_tcp:send(S, <<0, 30, $x, 1>>),
    gen_tcp:close(S),
    ok.

recv_all(S, Acc) ->
    case gen_tcp:recv(S, 0, 5000) of
        {ok, B} -> recv_all(S, <<Acc/binary, B/binary>>);
        {error, closed} -> {ok, Acc};
        Error -> Error
    end.
