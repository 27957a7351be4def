%% erlang:decode_packet/3: every packet type, whole, cut short and invalid; the options and
%% their limits; HTTP request, status and header lines (known fields and methods, URIs,
%% capitalisation, continuation lines, errors) as lists and as binaries; bitstrings that do not
%% start on a byte boundary; bad arguments and their error_info.
-module(decode_packet).
-export([main/0]).
-import(diff_util, [id/1]).

main() ->
    framing(),
    limits(),
    lines(),
    http_lines(),
    http_fields(),
    http_framing(),
    ssl(),
    unaligned(),
    errors().

show(Label, Type, Bin, Opts) ->
    io:format("~s ~w: ~p~n", [Label, Type, try erlang:decode_packet(id(Type), id(Bin), id(Opts))
                                           catch C:R -> {C, R} end]).

framing() ->
    Body = <<"hello">>,
    Cases =
        [{raw, <<Body/binary, "rest">>}, {0, <<>>}, {raw, <<>>},
         {1, <<5, Body/binary, "rest">>}, {1, <<5, "hel">>}, {1, <<>>},
         {2, <<0, 5, Body/binary, "r">>}, {2, <<0>>}, {2, <<1, 0, "x">>},
         {4, <<0, 0, 0, 5, Body/binary>>}, {4, <<0, 0, 0>>}, {4, <<255, 255, 255, 255, "x">>},
         {4, <<127, 255, 255, 251, "x">>}, {4, <<127, 255, 255, 252, "x">>},
         {asn1, <<4, 5, Body/binary, "r">>}, {asn1, <<4>>}, {asn1, <<4, 16#81, 5, Body/binary>>},
         {asn1, <<4, 16#82, 0, 5, Body/binary>>}, {asn1, <<4, 16#83, 0, 0, 5, Body/binary>>},
         {asn1, <<4, 16#84, 0, 0, 0, 5, Body/binary>>}, {asn1, <<4, 16#85, 0, 0, 0, 0, 5, Body/binary>>},
         {asn1, <<4, 16#85, 0>>}, {asn1, <<4, 16#80, "x">>}, {asn1, <<16#1f, 16#81, 16#80, 17, 5, Body/binary>>},
         {asn1, <<16#1f, 16#81>>}, {asn1, <<16#1f, 16#81, 16#82>>}, {asn1, <<16#1f, 16#81, 16#82, 1>>},
         {sunrm, <<128, 0, 0, 5, Body/binary, "r">>}, {sunrm, <<0, 0, 0, 9, Body/binary>>},
         {cdr, <<"GIOP", 1, 2, 0, 7, 5:32, Body/binary, "r">>}, {cdr, <<"GIOP", 1, 2, 1, 7, 5:32/little, Body/binary>>},
         {cdr, <<"GIOX", 1, 2, 0, 7, 5:32, Body/binary>>}, {cdr, <<"GIOP", 1, 2, 0, 7, 5:32>>},
         {fcgi, <<1, 2, 3:16, 5:16, 3, 0, Body/binary, "pad", "r">>}, {fcgi, <<2, 2, 3:16, 5:16, 3, 0, Body/binary>>},
         {fcgi, <<1, 2, 3:16, 5:16, 3, 0, Body/binary>>},
         {tpkt, <<3, 0, 9:16, Body/binary, "r">>}, {tpkt, <<3, 0, 4:16, "r">>}, {tpkt, <<3, 0, 3:16, "r">>},
         {tpkt, <<4, 0, 9:16, Body/binary>>}, {tpkt, <<3, 0, 20:16, Body/binary>>}],
    [show("frame", T, B, []) || {T, B} <- Cases],
    %% Cut short at every length: {more, Total} once the header is there.
    Whole = <<0, 0, 0, 5, Body/binary>>,
    [show("cut", 4, binary:part(Whole, 0, N), []) || N <- lists:seq(0, byte_size(Whole))].

limits() ->
    Body = <<"hello">>,
    Packets = [{1, <<5, Body/binary>>}, {2, <<5:16, Body/binary>>}, {4, <<5:32, Body/binary>>},
               {asn1, <<4, 5, Body/binary>>}, {sunrm, <<5:32, Body/binary>>},
               {cdr, <<"GIOP", 1, 2, 0, 7, 5:32, Body/binary>>}, {fcgi, <<1, 2, 3:16, 5:16, 1, 0, Body/binary, "p">>},
               {tpkt, <<3, 0, 9:16, Body/binary>>}, {ssl_tls, <<22, 3, 1, 5:16, Body/binary>>}],
    [show(io_lib:format("packet_size ~w", [Max]), T, B, [{packet_size, Max}])
     || {T, B} <- Packets, Max <- [0, 4, 5, 6]],
    show("packet_size max", 1, <<5, Body/binary>>, [{packet_size, 16#ffffffff}]),
    show("options last wins", 1, <<5, Body/binary>>, [{packet_size, 1}, {packet_size, 0}]).

lines() ->
    Text = <<"first line\nsecond\n\nlast without newline">>,
    [show(io_lib:format("line ~w", [Opts]), line, Text, Opts)
     || Opts <- [[], [{line_length, 5}], [{line_length, 11}], [{line_length, 0}], [{packet_size, 5}],
                 [{packet_size, 11}], [{line_delimiter, $s}], [{line_delimiter, 0}]]],
    show("line tail", line, <<"no newline">>, []),
    show("line tail cut", line, <<"no newline">>, [{line_length, 4}]),
    show("line tail cut exact", line, <<"no newline">>, [{line_length, 10}]),
    show("line tail too big", line, <<"no newline">>, [{packet_size, 9}]),
    show("line tail fits", line, <<"no newline">>, [{packet_size, 10}]),
    show("line empty", line, <<>>, []),
    walk(line, <<"a\nbb\nccc\ndddd">>, [{line_length, 2}]).

%% Decodes packet after packet until the bytes run out.
walk(Type, Bin, Opts) ->
    case erlang:decode_packet(Type, Bin, Opts) of
        {ok, Packet, Rest} ->
            io:format("walk ~w: ~p~n", [Type, Packet]),
            walk(next_type(Type, Packet), Rest, Opts);
        Other ->
            io:format("walk ~w end: ~p~n", [Type, Other])
    end.

next_type(http, {http_request, _, _, _}) -> httph;
next_type(http, {http_response, _, _, _}) -> httph;
next_type(http_bin, {http_request, _, _, _}) -> httph_bin;
next_type(http_bin, {http_response, _, _, _}) -> httph_bin;
next_type(httph, http_eoh) -> http;
next_type(httph_bin, http_eoh) -> http_bin;
next_type(Type, _) -> Type.

http_lines() ->
    Request = <<"POST /a/b?c=d HTTP/1.1\r\nHost: example.com\r\nconnection: close\r\n"
                "X-custom-HEADER: v\r\nContent-Length:4\r\n"
                "Multi: one,\r\n two,\r\n\tthree\r\n\r\nbody">>,
    Response = <<"HTTP/1.0 404 Not Found\r\nServer: s\r\nDate: today\r\n\n">>,
    [begin walk(T, Request, []), walk(T, Response, []) end || T <- [http, http_bin]],
    Starts = [<<"GET / HTTP/1.0\r\n">>, <<"GET /\r\n">>, <<"GET  /x   HTTP/1.1\n">>,
              <<"FOO /x HTTP/1.1\r\n">>, <<"get /x HTTP/1.1\r\n">>, <<"GET /x HTTP/1.1junk\r\n">>,
              <<"GET /x HTTP/12.34\r\n">>, <<"GET /x HTTP/1\r\n">>, <<"GET /x HTTP/.1\r\n">>,
              <<"GET /x HTTX/1.1\r\n">>, <<"GET /x H\r\n">>, <<"GET\r\n">>, <<"GET \r\n">>,
              <<" GET / HTTP/1.1\r\n">>, <<"G(T / HTTP/1.1\r\n">>, <<"\r\n">>, <<"\n">>,
              <<"HTTP/1.1 200 OK\r\n">>, <<"HTTP/1.1 200\r\n">>, <<"HTTP/1.1 200 \r\n">>,
              <<"HTTP/1.1  200  Fine  day \r\n">>, <<"HTTP/1.1 OK\r\n">>, <<"HTTP/1.1\r\n">>,
              <<"HTTP/1.1 200x\r\n">>, <<"HTTP/1 200 OK\r\n">>, <<"HTTP/x.1 200 OK\r\n">>,
              <<"http/1.1 200 OK\r\n">>, <<"HTTP/1.1 99999999999 OK\r\n">>],
    [begin show("start", T, S, []) end || S <- Starts, T <- [http, http_bin]],
    Uris = ["*", "/", "x", "http://host", "http://host/", "http://host:80/p", "HTTP://Host:8080",
            "https://h:0/p", "https://h:12x/p", "https://h:/p", "http://a:1:2/p", "ftp://f/x",
            "mailto:someone", "plain", "**", "http:/x"],
    [show("uri", T, iolist_to_binary(["GET ", U, " HTTP/1.1\r\n"]), []) || U <- Uris, T <- [http, http_bin]].

http_fields() ->
    Names = ["Cache-Control", "connection", "DATE", "x-forwarded-for", "Set-Cookie2", "set-cookie",
             "content-md5", "ETag", "WWW-Authenticate", "Keep-alive", "proxy-CONNECTION",
             "-lead", "trail-", "a--b", "Content--Type", "X", "x_y", "x.y", "x~y",
             lists:duplicate(50, $a), lists:duplicate(51, $a), "Content-Type" ++ lists:duplicate(40, $x)],
    [show("field", T, iolist_to_binary([N, ": value \r\n"]), []) || N <- Names, T <- [httph, httph_bin]],
    Bad = [<<"Host : x\r\n">>, <<"Host\t: x\r\n">>, <<" : x\r\n">>, <<": x\r\n">>, <<"Host x\r\n">>,
           <<"Host\r\n">>, <<"Host:\r\n">>, <<"Host:   \t \r\n">>, <<"Ho(st: x\r\n">>, <<"\r\n">>,
           <<"\n">>, <<"Host: a\rb\r\n">>, <<"Host: x\n">>],
    [show("header", T, B, []) || B <- Bad, T <- [httph, httph_bin]].

http_framing() ->
    Opts = [[], [{packet_size, 10}], [{line_length, 10}], [{packet_size, 30}, {line_length, 10}]],
    Inputs = [<<"Host: localhost\r\nrest">>, <<"Host: localhost\r\n">>, <<"Host: localhost">>,
              <<"Host: a\r\n b\r\n">>, <<"Host: a\r\n b\r\nX">>, <<"Host: a\r\n\tb\r\n c\r\nX: y">>,
              <<"\r\nHost: x\r\n">>, <<"\nrest">>, <<"\r">>, <<"abc\r\n  x">>],
    [show(io_lib:format("framing ~w", [O]), T, I, O) || I <- Inputs, O <- Opts, T <- [http, httph]],
    Long = iolist_to_binary(["GET / HTTP/1.1\r\nHost: h\r\nLink: /", lists:duplicate(200, $Y), "\r\n\r\n"]),
    walk(http, Long, [{packet_size, 128}]),
    walk(http, Long, [{packet_size, 300}]).

ssl() ->
    Body = <<1, 2, 3, 4, 5>>,
    [show("ssl", ssl_tls, B, [])
     || B <- [<<22, 3, 3, 5:16, Body/binary, "rest">>, <<1:1, 8:15, 1, 3, 0, Body/binary, "r">>,
              <<22, 3, 3, 5:16, 1, 2>>, <<22, 3, 3>>, <<1:1, 2:15, 1, 3, 0>>, <<1:1, 8:15, 2, 3, 0, Body/binary>>]].

unaligned() ->
    Body = <<"hello">>,
    [begin
         Orig = <<0:Offset, Packet/binary, Tail/bits>>,
         <<_:Offset, Bin/bits>> = Orig,
         io:format("unaligned ~w ~w: ~p~n", [Type, Offset, erlang:decode_packet(Type, Bin, [])])
     end
     || {Type, Packet} <- [{raw, Body}, {1, <<5, Body/binary>>}, {4, <<5:32, Body/binary>>},
                           {line, <<"ab\ncd">>}, {http_bin, <<"GET http://h:1/p HTTP/1.1\r\n">>},
                           {httph_bin, <<"Content-Type: text/plain\r\n">>}, {ssl_tls, <<22, 3, 1, 5:16, Body/binary>>}],
        Offset <- [0, 1, 7, 9],
        Tail <- [<<>>, <<"x">>, <<1:3>>, <<"yz", 5:5>>]],
    show("bits only", raw, <<1:7>>, []),
    show("bits only", 1, <<5, 1:7>>, []).

errors() ->
    Bin = <<"dummy">>,
    Types = [3, -1, 5, 2.0, {2}, unknown, [], "line", Bin, 16#ffffffffffffffffffff],
    [report(T, Bin, []) || T <- Types],
    [report(0, B, []) || B <- [3, 2.0, unknown, [], "Bin", [Bin], {Bin}]],
    Opts = [2, false, Bin, "Options", packet_size, {packet_size}, {packet_size, 0, false},
            {packet_size, -1}, {packet_size, 100.0}, {packet_size, false}, {packet_size, 1 bsl 32},
            {line_length, -1}, {line_length, 100.0}, {line_length, false}, {unknown, 1},
            {line_delimiter, 256}, {line_delimiter, $x}],
    [begin report(0, Bin, O), report(0, Bin, [O]), report(0, Bin, [{packet_size, 1000}, O]) end || O <- Opts],
    report(line, Bin, [{line_delimiter, 256}]),
    report(http, Bin, [{line_delimiter, $x}]).

report(Type, Bin, Opts) ->
    try erlang:decode_packet(id(Type), id(Bin), id(Opts)) of
        V -> io:format("error case ~p: returned ~p~n", [Type, V])
    catch
        error:R:St ->
            [{M, F, A, Info} | _] = St,
            io:format("error case ~p: ~p in ~w:~w/~w ~p~n",
                      [Type, R, M, F, length(A), proplists:get_value(error_info, Info)])
    end.
