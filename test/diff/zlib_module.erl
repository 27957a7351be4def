%% OTP's zlib module on ember's zlib NIFs: the one-shot functions, deflate and inflate
%% streams with their options, flushes, dictionaries, inflateChunk and safeInflate, the
%% checksums, and the errors zlib raises.
-module(zlib_module).
-export([main/0]).
-import(diff_util, [catching/1]).

p(Label, Value) -> io:format("~s: ~p~n", [Label, Value]).

main() ->
    Text = iolist_to_binary([integer_to_list(N) ++ " bottles of beer\n" || N <- lists:seq(1, 3000)]),
    one_shot(Text),
    streams(Text),
    options(Text),
    dictionaries(),
    chunks(Text),
    checksums(Text),
    errors().

one_shot(Text) ->
    C = zlib:compress(Text),
    p("compress", {byte_size(C), erlang:md5(C)}),
    p("uncompress", zlib:uncompress(C) =:= Text),
    p("uncompress iolist", zlib:uncompress([binary:part(C, 0, 10), binary:part(C, 10, byte_size(C) - 10)]) =:= Text),
    Z = zlib:zip(Text),
    p("zip", {byte_size(Z), erlang:md5(Z)}),
    p("unzip", zlib:unzip(Z) =:= Text),
    G = zlib:gzip(Text),
    p("gzip", {byte_size(G), erlang:md5(G)}),
    p("gunzip", zlib:gunzip(G) =:= Text),
    p("gunzip concatenated", zlib:gunzip([G, zlib:gzip(<<"more">>)]) =:= <<Text/binary, "more">>),
    p("empty", [zlib:compress(<<>>), zlib:zip(<<>>), zlib:gzip(<<>>), zlib:uncompress(zlib:compress(<<>>))]),
    p("small", zlib:compress("hello")).

streams(Text) ->
    Z = zlib:open(),
    p("is_reference", is_reference(Z)),
    p("deflateInit", zlib:deflateInit(Z, best_compression)),
    Parts = [binary:part(Text, N, 1000) || N <- lists:seq(0, 9000, 1000)],
    Out1 = [zlib:deflate(Z, P) || P <- Parts],
    Sync = zlib:deflate(Z, <<"sync point">>, sync),
    Full = zlib:deflate(Z, <<"full point">>, full),
    Fin = zlib:deflate(Z, <<"end">>, finish),
    All = iolist_to_binary([Out1, Sync, Full, Fin]),
    p("sync tail", binary:part(iolist_to_binary(Sync), byte_size(iolist_to_binary(Sync)), -4)),
    p("deflated", {byte_size(All), erlang:md5(All)}),
    p("deflateEnd", zlib:deflateEnd(Z)),
    p("inflateInit", zlib:inflateInit(Z)),
    Plain = iolist_to_binary([zlib:inflate(Z, binary:part(All, N, min(100, byte_size(All) - N)))
                              || N <- lists:seq(0, byte_size(All) - 1, 100)]),
    p("inflated", Plain =:= iolist_to_binary([Parts, "sync point", "full point", "end"])),
    p("inflateEnd", zlib:inflateEnd(Z)),
    p("deflateInit again", zlib:deflateInit(Z)),
    _ = zlib:deflate(Z, <<"abc">>),
    p("deflateReset", zlib:deflateReset(Z)),
    First = zlib:deflate(Z, <<"xyz">>),
    p("deflateParams", zlib:deflateParams(Z, best_speed, filtered)),
    p("after reset", iolist_to_binary([First, zlib:deflate(Z, <<"xyz">>, finish)])),
    p("deflateParams after finish", catching(fun() -> zlib:deflateParams(Z, best_speed, filtered) end)),
    ok = zlib:deflateEnd(Z),
    p("close", zlib:close(Z)),
    p("use after close", catching(fun() -> zlib:deflateInit(Z) end)),
    p("close again", catching(fun() -> zlib:close(Z) end)),
    p("deflate after close", top(fun() -> zlib:deflate(Z, <<"x">>) end)),
    p("inflate after close", top(fun() -> zlib:inflate(Z, <<"x">>) end)),
    p("set_controlling_process after close", zlib:set_controlling_process(Z, self())).

top(F) ->
    try F() catch C:R:St -> [{M, Fn, Args, _} | _] = St, {C, R, M, Fn, length(Args)} end.

deflate_with(Text, Args) ->
    Z = zlib:open(),
    ok = apply(zlib, deflateInit, [Z | Args]),
    D = iolist_to_binary(zlib:deflate(Z, Text, finish)),
    ok = zlib:deflateEnd(Z),
    zlib:close(Z),
    D.

inflate_with(Data, Bits) ->
    Z = zlib:open(),
    ok = zlib:inflateInit(Z, Bits),
    I = iolist_to_binary(zlib:inflate(Z, Data)),
    ok = zlib:inflateEnd(Z),
    zlib:close(Z),
    I.

options(Text) ->
    Cases = [[none], [best_speed], [default], [9], [1, deflated, 15, 8, default],
             [default, deflated, -15, 8, default], [default, deflated, 31, 9, filtered],
             [6, deflated, 9, 1, huffman_only], [6, deflated, 12, 4, rle]],
    [begin
         D = deflate_with(Text, Args),
         Bits = case Args of [_, _, B | _] -> B; _ -> 15 end,
         p(io_lib:format("deflate ~w", [Args]), {byte_size(D), erlang:md5(D), inflate_with(D, Bits) =:= Text})
     end || Args <- Cases],
    p("auto header detection", inflate_with(zlib:gzip(Text), 47) =:= Text),
    p("bad level", catching(fun() -> zlib:deflateInit(zlib:open(), 10) end)),
    p("bad method", catching(fun() -> zlib:deflateInit(zlib:open(), default, stored, 15, 8, default) end)),
    p("bad window", catching(fun() -> zlib:deflateInit(zlib:open(), default, deflated, 7, 8, default) end)),
    p("bad memlevel", catching(fun() -> zlib:deflateInit(zlib:open(), default, deflated, 15, 10, default) end)),
    p("bad strategy", catching(fun() -> zlib:deflateInit(zlib:open(), default, deflated, 15, 8, fast) end)),
    p("bad flush", catching(fun() -> Z = zlib:open(), zlib:deflateInit(Z), zlib:deflate(Z, <<>>, later) end)),
    p("eos cut", eos(cut)),
    p("eos reset", eos(reset)),
    p("eos error", eos(error)).

eos(Behaviour) ->
    Z = zlib:open(),
    ok = zlib:inflateInit(Z, 15, Behaviour),
    R = catching(fun() ->
                         iolist_to_binary(zlib:inflate(Z, [zlib:compress(<<"one">>), zlib:compress(<<"two">>)]))
                 end),
    zlib:close(Z),
    R.

dictionaries() ->
    Dict = <<"bottles of beer on the wall">>,
    Z = zlib:open(),
    ok = zlib:deflateInit(Z),
    Adler = zlib:deflateSetDictionary(Z, Dict),
    p("deflateSetDictionary", Adler),
    D = iolist_to_binary(zlib:deflate(Z, <<"99 bottles of beer on the wall">>, finish)),
    ok = zlib:deflateEnd(Z),
    p("with dictionary", D),
    ok = zlib:inflateInit(Z),
    p("needs dictionary", catching(fun() -> zlib:inflate(Z, D) end)),
    p("inflateSetDictionary", zlib:inflateSetDictionary(Z, Dict)),
    p("then", iolist_to_binary(zlib:inflate(Z, []))),
    p("inflateGetDictionary", byte_size(zlib:inflateGetDictionary(Z))),
    ok = zlib:inflateEnd(Z),
    ok = zlib:inflateInit(Z),
    p("no exception", zlib:inflate(Z, D, [{exception_on_need_dict, false}])),
    ok = zlib:inflateSetDictionary(Z, Dict),
    p("and then", iolist_to_binary(zlib:inflate(Z, []))),
    ok = zlib:inflateEnd(Z),
    ok = zlib:deflateInit(Z, default, deflated, -15, 8, default),
    p("raw dictionary adler", zlib:deflateSetDictionary(Z, Dict)),
    ok = zlib:deflateEnd(Z),
    p("setdict before init", catching(fun() -> zlib:inflateSetDictionary(zlib:open(), Dict) end)),
    zlib:close(Z).

chunks(Text) ->
    C = zlib:compress(Text),
    Z = zlib:open(),
    ok = zlib:inflateInit(Z),
    p("getBufSize", zlib:getBufSize(Z)),
    p("setBufSize", zlib:setBufSize(Z, 10000)),
    First = zlib:inflateChunk(Z, C),
    p("first chunk", case First of {more, D} -> {more, iolist_size(D)}; D -> iolist_size(D) end),
    Rest = more(Z, First, []),
    p("chunks", {length(Rest), iolist_to_binary(Rest) =:= Text}),
    ok = zlib:inflateReset(Z),
    p("safeInflate", safe(Z, zlib:safeInflate(Z, C), 0)),
    ok = zlib:inflateEnd(Z),
    p("bad bufsize", catching(fun() -> zlib:setBufSize(Z, 5) end)),
    zlib:close(Z).

more(Z, {more, D}, Acc) -> more(Z, zlib:inflateChunk(Z), [D | Acc]);
more(_, D, Acc) -> lists:reverse([D | Acc]).

safe(Z, {continue, Out}, N) -> safe(Z, zlib:safeInflate(Z, []), N + iolist_size(Out));
safe(_, {finished, Out}, N) -> {finished, N + iolist_size(Out)}.

checksums(Text) ->
    p("crc32", [zlib:crc32(zlib:open(), Text), zlib:crc32(zlib:open(), 17, Text),
                zlib:adler32(zlib:open(), Text), zlib:adler32(zlib:open(), 1, <<"abc">>)]),
    p("combine", [zlib:crc32_combine(zlib:open(), 1, 2, 3), zlib:adler32_combine(zlib:open(), 1, 2, 3)]),
    Z = zlib:open(),
    ok = zlib:deflateInit(Z, default, deflated, -15, 8, default),
    _ = zlib:deflate(Z, Text, finish),
    p("stream crc32", zlib:crc32(Z) =:= erlang:crc32(Text)),
    ok = zlib:deflateEnd(Z),
    p("crc32 uninitialized", catching(fun() -> zlib:crc32(Z) end)),
    zlib:close(Z).

errors() ->
    p("uncompress garbage", catching(fun() -> zlib:uncompress(<<"garbage, not zlib">>) end)),
    p("unzip garbage", catching(fun() -> zlib:unzip(<<255, 255, 255, 255>>) end)),
    p("gunzip truncated", catching(fun() -> zlib:gunzip(binary:part(zlib:gzip(<<"hello">>), 0, 12)) end)),
    p("uncompress truncated", catching(fun() -> zlib:uncompress(binary:part(zlib:compress(<<"hello world">>), 0, 5)) end)),
    p("compress non-iodata", catching(fun() -> zlib:compress(atom) end)),
    p("deflate before init", catching(fun() -> zlib:deflate(zlib:open(), <<"x">>) end)),
    p("init twice", catching(fun() -> Z = zlib:open(), ok = zlib:inflateInit(Z), zlib:deflateInit(Z) end)),
    p("inflateEnd early", catching(fun() -> Z = zlib:open(), ok = zlib:inflateInit(Z), zlib:inflateEnd(Z) end)),
    p("not a stream", catching(fun() -> zlib:deflateInit(make_ref()) end)),
    Self = self(),
    Z = zlib:open(),
    Pid = spawn(fun() -> Self ! {self(), catching(fun() -> zlib:deflateInit(Z) end)} end),
    receive {Pid, R} -> p("other process", R) end,
    ok = zlib:set_controlling_process(Z, Pid),
    p("after handing over", catching(fun() -> zlib:deflateInit(Z) end)).
