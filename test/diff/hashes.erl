%% Hash functions whose values are part of the observable behaviour:
%% erlang:phash/2, phash2/1,2 over every kind of term (pids, refs, ports and
%% funs excluded), erlang:md5 and its incremental API, crc32/1,2,
%% adler32/1,2 and the _combine functions.
-module(hashes).
-import(diff_util, [id/1, catching/1]).
-export([main/0]).

-compile({nowarn_deprecated_function, [{erlang, phash, 2}]}).

main() ->
    phash_terms(),
    ranges(),
    checksums(),
    errors(),
    ok.

terms() ->
    [0, 1, -1, 42, 255, 256, 65535, -65536, 16#7FFFFFF, 16#FFFFFFFF, 16#100000000,
     (1 bsl 59) - 1, 1 bsl 59, -(1 bsl 59), 1 bsl 64, -(1 bsl 64), 1 bsl 200, -(1 bsl 1000) - 7,
     0.0, -0.0, 1.0, -1.5, 3.14159, 1.0e100, 5.0e-324,
     a, 'A', '', hello_world, '\x{3b1}', true, false,
     [], "a", "abc", "hello world", [1, 2, 3], [a | b], [[]], "\x{100}\x{200}",
     <<>>, <<0>>, <<"abc">>, <<"hello world">>, binary:copy(<<"xyz">>, 100),
     <<1:1>>, <<255, 3:2>>, <<1, 2, 3, 4:4>>,
     {}, {a}, {a, b}, {1, {2, {3}}}, list_to_tuple(lists:seq(1, 50)),
     #{}, #{a => 1}, #{a => 1, b => 2}, #{b => 2, a => 1}, #{1 => 1.0}, #{1.0 => 1},
     maps:from_list([{I, I} || I <- lists:seq(1, 40)]),
     maps:from_list([{integer_to_list(I), {I}} || I <- lists:seq(1, 100)]),
     {ok, [#{nested => <<"deep">>}, {tuple, [1.5, -3]}, "str"]},
     lists:seq(1, 1000)].

phash_terms() ->
    io:format("== phash2 / phash~n"),
    lists:foreach(
      fun(T) ->
              io:format("~P~n  ~w~n",
                        [T, 10, [erlang:phash2(T), erlang:phash2(T, 1000), erlang:phash2(T, 1 bsl 32),
                                 erlang:phash(T, 1 bsl 32), erlang:phash(T, 97)]])
      end, terms()),
    show(int_vs_float, {erlang:phash2(1) =:= erlang:phash2(1.0), erlang:phash2(0.0) =:= erlang:phash2(-0.0)}),
    show(map_order_independent, erlang:phash2(#{a => 1, b => 2}) =:= erlang:phash2(#{b => 2, a => 1})),
    show(list_vs_binary, erlang:phash2("abc") =:= erlang:phash2(<<"abc">>)).

ranges() ->
    io:format("== ranges~n"),
    Ranges = [1, 2, 3, 7, 100, 65536, (1 bsl 27) - 1, 1 bsl 31, (1 bsl 32) - 1, 1 bsl 32],
    lists:foreach(
      fun(T) ->
              show(T, [{erlang:phash2(T, R), erlang:phash(T, R)} || R <- Ranges])
      end, [abc, 12345, "range test", {1, 2}, <<"bin">>]),
    show(phash2_spread, lists:sort(maps:to_list(lists:foldl(
                                                   fun(I, M) -> maps:update_with(erlang:phash2(I, 8), fun(C) -> C + 1 end, 1, M) end,
                                                   #{}, lists:seq(1, 10000))))).

checksums() ->
    io:format("== checksums~n"),
    Inputs = [<<>>, <<"a">>, <<"abc">>, <<"The quick brown fox jumps over the lazy dog">>,
              binary:copy(<<0>>, 1000), binary:copy(<<"0123456789">>, 1000),
              ["io", [$l, "ist"], <<"data">>], list_to_binary(lists:seq(0, 255))],
    lists:foreach(
      fun(D) ->
              show(iolist_to_binary(D),
                   {erlang:md5(D), erlang:crc32(D), erlang:adler32(D)})
      end, Inputs),
    Ctx0 = erlang:md5_init(),
    Ctx1 = erlang:md5_update(Ctx0, <<"The quick brown fox ">>),
    Ctx2 = erlang:md5_update(Ctx1, ["jumps over ", <<"the lazy dog">>]),
    show(md5_incremental, erlang:md5_final(Ctx2) =:=
                              erlang:md5(<<"The quick brown fox jumps over the lazy dog">>)),
    show(md5_hex, lists:flatten([io_lib:format("~2.16.0b", [B]) || <<B>> <= erlang:md5(<<"abc">>)])),
    A = <<"first part ">>,
    B = <<"second part">>,
    CA = erlang:crc32(A), CB = erlang:crc32(B),
    show(crc32_continue, {erlang:crc32(CA, B), erlang:crc32(<<A/binary, B/binary>>)}),
    show(crc32_combine, erlang:crc32_combine(CA, CB, byte_size(B))),
    AA = erlang:adler32(A), AB = erlang:adler32(B),
    show(adler32_continue, {erlang:adler32(AA, B), erlang:adler32(<<A/binary, B/binary>>)}),
    show(adler32_combine, erlang:adler32_combine(AA, AB, byte_size(B))),
    show(crc32_start_values, [erlang:crc32(S, <<"xyz">>) || S <- [0, 1, 16#FFFFFFFF, 12345]]),
    show(adler32_start_values, [erlang:adler32(S, <<"xyz">>) || S <- [1, 0, 65521, 12345]]),
    show(combine_zero_len, {erlang:crc32_combine(CA, 0, 0), erlang:adler32_combine(AA, 1, 0)}).

errors() ->
    io:format("== errors~n"),
    Cases = [{phash2_range_0, fun() -> erlang:phash2(a, id(0)) end},
             {phash2_range_big, fun() -> erlang:phash2(a, id(1 bsl 32 + 1)) end},
             {phash_range_0, fun() -> erlang:phash(a, id(0)) end},
             {md5_atom, fun() -> erlang:md5(id(atom)) end},
             {md5_bits, fun() -> erlang:md5(id(<<1:3>>)) end},
             {crc32_bad, fun() -> erlang:crc32(id([256])) end},
             {crc32_bad_start, fun() -> erlang:crc32(id(-1), <<>>) end},
             {adler32_bad, fun() -> erlang:adler32(id(a)) end},
             {crc32_combine_bad, fun() -> erlang:crc32_combine(1, 2, id(-1)) end},
             {md5_update_bad_ctx, fun() -> erlang:md5_update(id(<<1, 2>>), <<"x">>) end}],
    lists:foreach(fun({L, F}) -> show(L, catching(F)) end, Cases).

show(Label, Value) ->
    io:format("~P: ~w~n", [Label, 10, Value]).
