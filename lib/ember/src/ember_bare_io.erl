%% The group leader of -bare mode: a small io server on standard input and output.
%%
%% A full boot runs OTP's own `user' io server, which needs `init'; -bare mode has no `init',
%% so it gets this one. It speaks the Erlang I/O protocol (put_chars in both encodings,
%% getopts/setopts, get_line/get_chars/get_until over standard input, requests) and writes
%% through the same `fd' port driver that `user' uses.
-module(ember_bare_io).
-export([start/0]).

start() ->
    Self = self(),
    Pid = spawn(fun() -> init(Self) end),
    receive {Pid, started} -> Pid end.

init(Parent) ->
    register(user, self()),
    Port = open_port({fd, 0, 1}, [eof, binary]),
    Parent ! {self(), started},
    loop(#{port => Port, encoding => latin1, binary => false, input => <<>>, eof => false}).

loop(State) ->
    receive
        {io_request, From, ReplyAs, Request} when is_pid(From) ->
            {Reply, State1} = request(Request, State),
            From ! {io_reply, ReplyAs, Reply},
            loop(State1);
        {Port, {data, Bytes}} when Port =:= map_get(port, State) ->
            loop(State#{input := <<(map_get(input, State))/binary, Bytes/binary>>});
        {Port, eof} when Port =:= map_get(port, State) ->
            loop(State#{eof := true});
        _Other ->
            loop(State)
    end.

request({put_chars, Encoding, Chars}, State) ->
    put_chars(fun() -> Chars end, Encoding, State);
request({put_chars, Encoding, M, F, A}, State) ->
    put_chars(fun() -> apply(M, F, A) end, Encoding, State);
request({put_chars, Chars}, State) ->
    request({put_chars, latin1, Chars}, State);
request({put_chars, M, F, A}, State) ->
    request({put_chars, latin1, M, F, A}, State);
request({get_line, Encoding, _Prompt}, State) ->
    get_line(Encoding, State);
request({get_chars, Encoding, _Prompt, N}, State) ->
    get_chars(N, Encoding, State);
request({get_until, Encoding, _Prompt, M, F, As}, State) ->
    get_until(Encoding, M, F, As, State);
request(getopts, State) ->
    {[{binary, map_get(binary, State)}, {encoding, map_get(encoding, State)}], State};
request({setopts, Opts}, State) ->
    setopts(Opts, State);
request({get_geometry, _}, State) ->
    {{error, enotsup}, State};
request({requests, Requests}, State) ->
    requests(Requests, {ok, State});
request(Other, State) ->
    {{error, {request, Other}}, State}.

requests([R | Rs], {ok, State}) ->
    requests(Rs, request(R, State));
requests(_, {Reply, State}) ->
    {Reply, State}.

put_chars(Produce, Encoding, State) ->
    try output_bytes(Produce(), Encoding, map_get(encoding, State)) of
        Bin when is_binary(Bin) ->
            port_command(map_get(port, State), Bin),
            {ok, State};
        _ ->
            {{error, put_chars}, State}
    catch
        Class:Reason:Stack ->
            report(Class, Reason, Stack),
            {{error, put_chars}, State}
    end.

%% The caller sees only {error, put_chars}, as from OTP's `user'; why goes to standard error,
%% since -bare has no logger to tell. Formatting may fail for the reason put_chars did: then
%% nothing is told, and the server goes on.
report(Class, Reason, Stack) ->
    try
        Text = io_lib:format("ember_bare_io: put_chars failed: ~tp:~tp~n~tp~n", [Class, Reason, Stack]),
        Err = open_port({fd, 2, 2}, [out, binary]),
        port_command(Err, unicode:characters_to_binary(Text)),
        port_close(Err)
    catch
        _:_ -> ok
    end.

%% Like OTP's `user': on a latin1 device, characters above 255 are written as \x{HEX}.
output_bytes(Chars, unicode, latin1) ->
    case unicode:characters_to_binary(Chars, unicode, latin1) of
        Bin when is_binary(Bin) -> Bin;
        _ -> list_to_binary([escape_wide(C) || C <- unicode:characters_to_list(Chars, unicode)])
    end;
output_bytes(Chars, In, Out) ->
    unicode:characters_to_binary(Chars, In, Out).

escape_wide(C) when C > 255 -> ["\\x{", integer_to_list(C, 16), $}];
escape_wide(C) -> C.

setopts(Opts, State) ->
    lists:foldl(fun setopt/2, {ok, State}, Opts).

setopt(_, {{error, _}, _} = Error) -> Error;
setopt(binary, {ok, S}) -> {ok, S#{binary := true}};
setopt(list, {ok, S}) -> {ok, S#{binary := false}};
setopt({binary, B}, {ok, S}) when is_boolean(B) -> {ok, S#{binary := B}};
setopt({encoding, E}, {ok, S}) when E =:= latin1 -> {ok, S#{encoding := latin1}};
setopt({encoding, E}, {ok, S}) when E =:= unicode; E =:= utf8 -> {ok, S#{encoding := unicode}};
setopt(_, {ok, S}) -> {{error, enotsup}, S}.

%% Input: wait for enough bytes, then hand them out in the requested form.
get_line(Encoding, State) ->
    Input = map_get(input, State),
    case binary:match(Input, <<"\n">>) of
        {Pos, 1} ->
            <<Line:(Pos + 1)/binary, Rest/binary>> = Input,
            {cast(Line, Encoding, State), State#{input := Rest}};
        nomatch when map_get(eof, State), Input =:= <<>> ->
            {eof, State};
        nomatch when map_get(eof, State) ->
            {cast(Input, Encoding, State), State#{input := <<>>}};
        nomatch ->
            get_line(Encoding, more_input(State))
    end.

get_chars(N, Encoding, State) ->
    Input = map_get(input, State),
    if
        byte_size(Input) >= N ->
            <<Chars:N/binary, Rest/binary>> = Input,
            {cast(Chars, Encoding, State), State#{input := Rest}};
        map_get(eof, State), Input =:= <<>> ->
            {eof, State};
        map_get(eof, State) ->
            {cast(Input, Encoding, State), State#{input := <<>>}};
        true ->
            get_chars(N, Encoding, more_input(State))
    end.

get_until(Encoding, M, F, As, State) ->
    get_until(Encoding, M, F, As, [], State).

get_until(Encoding, M, F, As, Cont, State) ->
    {Data, State1} = case get_line(Encoding, State) of
                         {eof, S} -> {eof, S};
                         {Line, S} -> {binary_to_list(iolist_to_binary([Line])), S}
                     end,
    case apply(M, F, [Cont, Data | As]) of
        {done, Result, _Rest} -> {Result, State1};
        {more, Cont1} when Data =/= eof -> get_until(Encoding, M, F, As, Cont1, State1);
        {more, _} -> {eof, State1}
    end.

more_input(State) ->
    Port = map_get(port, State),
    receive
        {Port, {data, Bytes}} ->
            State#{input := <<(map_get(input, State))/binary, Bytes/binary>>};
        {Port, eof} ->
            State#{eof := true}
    end.

cast(Bin, Encoding, State) ->
    Chars = unicode:characters_to_binary(Bin, map_get(encoding, State), Encoding),
    case map_get(binary, State) of
        true -> Chars;
        false -> unicode:characters_to_list(Chars, Encoding)
    end.
