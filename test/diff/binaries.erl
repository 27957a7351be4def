%% Binary construction: integer/float/binary/bitstring/utf segments with all
%% flags, sizes and units, odd-length bitstrings, construction errors, and the
%% binary BIFs (sizes, split_binary, conversions, iolists).
-module(binaries).
-import(diff_util, [id/1, catching/1]).
-export([main/0]).

main() ->
    integers(),
    floats(),
    binary_segments(),
    utf_segments(),
    bitstrings(),
    construction_errors(),
    bifs(),
    comprehensions(),
    ok.

integers() ->
    io:format("== integer segments~n"),
    Vals = [0, 1, -1, 127, 128, 255, 256, -128, -129, 16#1234, 16#DEADBEEF,
            -16#DEADBEEF, 1 bsl 63, (1 bsl 64) - 1, -(1 bsl 63), 1 bsl 100 + 5],
    Sizes = [1, 3, 7, 8, 12, 16, 24, 32, 33, 64, 65, 128],
    lists:foreach(
      fun(V) ->
              Row = [{S, <<V:S>>, <<V:S/little>>, <<V:S/signed-little>>, <<V:S/native>>}
                     || S <- Sizes],
              io:format("~w: ~w~n", [V, Row])
      end, Vals),
    V = 16#ABCDEF,
    show(units, [<<V:3/unit:8>>, <<V:6/unit:4>>, <<V:2/unit:12>>, <<V:24/unit:1>>,
                 <<V:1/unit:24-little>>]),
    show(default_size, <<300, -1, 1000/integer, 65:8/integer-unsigned-big>>),
    Sz = id(13),
    show(var_size, [<<V:Sz>>, <<V:Sz/little>>, <<(V + 1):(Sz + 3)>>]),
    show(zero_size, [<<V:0>>, <<1:0/little>>, <<>>]),
    show(expr_values, <<(1 + 2):8, (V bsr 8):16, (length([a, b])):4, 0:4>>),
    show(char_literals, <<$a, $b:16, $c:8/little, "str", "wide":16>>),
    %% Segments wider than the value: the other bits repeat its sign, at any
    %% alignment and in both byte orders.
    Wide = [id(5), id(-5), 1 bsl 70 + 3, -(1 bsl 70) - 3],
    show(wide, [{W, <<W:S>>, <<W:S/little>>, <<1:3, W:S, 5:5>>, <<1:3, W:S/little, 1:1>>}
                || W <- Wide, S <- [id(100), id(130), id(203)]]).

floats() ->
    io:format("== float segments~n"),
    Fs = [0.0, -0.0, 1.0, -1.5, 0.1, 3.0e10, 1.0e-10, 65504.0, 1.7976931348623157e308, 5.0e-324],
    lists:foreach(
      fun(F) ->
              show(F, [catching(fun() -> <<F:64/float>> end),
                       catching(fun() -> <<F:32/float>> end),
                       catching(fun() -> <<F:16/float>> end),
                       catching(fun() -> <<F:64/float-little>> end),
                       catching(fun() -> <<F:32/float-little>> end),
                       catching(fun() -> <<F:16/float-native>> end)])
      end, Fs),
    show(int_as_float, [<<1:64/float>>, <<-3:32/float>>, <<7:16/float>>]),
    show(big_int_as_float, catching(fun() -> <<(id(1 bsl 1024)):64/float>> end)),
    show(float_unit, <<(1.5):4/float-unit:16>>),
    show(float32_overflow, catching(fun() -> <<(id(1.0e300)):32/float>> end)),
    show(float16_overflow, catching(fun() -> <<(id(70000.0)):16/float>> end)),
    show(bad_float_size, catching(fun() -> <<(id(1.0)):(id(24))/float>> end)).

binary_segments() ->
    io:format("== binary segments~n"),
    B = <<"hello">>,
    Bits = <<5:3>>,
    show(whole, <<B/binary, " ", B/binary>>),
    show(sized, [<<B:2/binary>>, <<B:5/binary>>, <<B:0/binary>>, <<B:1/binary-unit:16>>]),
    show(bitstring_seg, <<Bits/bitstring, Bits/bits, 1:2>>),
    show(bits_sized, <<B:11/bits>>),
    show(mixed, <<1:1, B/binary, 0:7>>),
    show(empty, [<<(<<>>)/binary>>, <<(<<>>)/bits, 1:1>>]),
    show(bytes_alias, <<B/bytes, B:3/bytes>>),
    show(nested, <<<<1, 2>>/binary, <<<<3>>/binary, 4>>/binary>>),
    Big = binary:copy(<<"0123456789">>, 20),
    show(large_concat, {byte_size(<<Big/binary, Big/binary, Big/binary>>),
                        binary:part(<<Big/binary, "x", Big/binary>>, 199, 3)}),
    show(append_loop, byte_size(append_loop(1000, <<>>))),
    show(append_loop_bits, bit_size(append_bits(999, <<>>))).

append_loop(0, Acc) -> Acc;
append_loop(N, Acc) -> append_loop(N - 1, <<Acc/binary, N:16>>).

append_bits(0, Acc) -> Acc;
append_bits(N, Acc) -> append_bits(N - 1, <<Acc/bits, N:3>>).

utf_segments() ->
    io:format("== utf segments~n"),
    Cps = [0, $a, 127, 128, 16#7FF, 16#800, 16#FFFF, 16#10000, 16#1F600, 16#10FFFF, 16#E9],
    lists:foreach(
      fun(C) ->
              show(C, [<<C/utf8>>, <<C/utf16>>, <<C/utf16-little>>, <<C/utf32>>,
                       <<C/utf32-little>>])
      end, Cps),
    show(string_utf8, <<"caf\x{e9} \x{263a}"/utf8>>),
    show(string_utf16, <<"ab\x{1F600}"/utf16>>),
    show(string_utf32_little, <<"hi"/utf32-little>>),
    show(surrogate, catching(fun() -> <<(id(16#D800))/utf8>> end)),
    show(too_big, catching(fun() -> <<(id(16#110000))/utf8>> end)),
    show(negative, catching(fun() -> <<(id(-1))/utf16>> end)),
    show(not_int, catching(fun() -> <<(id(a))/utf32>> end)).

bitstrings() ->
    io:format("== bitstrings~n"),
    Bs = [<<1:1>>, <<0:1>>, <<5:3>>, <<255:7>>, <<1:9>>, <<16#ABC:12>>, <<1:1, 2:7, 3:3>>,
          <<"ab", 1:4>>, <<-1:17>>],
    lists:foreach(
      fun(B) ->
              show(B, {bit_size(B), byte_size(B), is_binary(B), is_bitstring(B),
                       bitstring_to_list(B), catching(fun() -> binary_to_list(B) end)})
      end, Bs),
    show(list_to_bitstring, list_to_bitstring([<<1:3>>, 255, [<<2:5>>], <<"x">>])),
    show(list_to_bitstring_err, catching(fun() -> list_to_bitstring(id([<<1:3>>, 256])) end)),
    show(concat_bits, <<(<<1:3>>)/bits, (<<1:5>>)/bits>> =:= <<33>>),
    show(printing, [lists:flatten(io_lib:format("~p", [<<1:1>>])), lists:flatten(io_lib:format("~w", [<<"abc", 3:2>>]))]).

construction_errors() ->
    io:format("== construction errors~n"),
    Cases = [{"atom as integer", fun() -> <<(id(a)):8>> end},
             {"float as integer", fun() -> <<(id(1.5)):8>> end},
             {"negative size", fun() -> <<1:(id(-8))>> end},
             {"atom size", fun() -> <<1:(id(x))>> end},
             {"list as binary", fun() -> <<(id([1, 2]))/binary>> end},
             {"bits as binary", fun() -> <<(id(<<1:3>>))/binary>> end},
             {"binary too short", fun() -> <<(id(<<"ab">>)):3/binary>> end},
             {"int as binary", fun() -> <<(id(1))/binary>> end},
             {"atom as float", fun() -> <<(id(a)):64/float>> end},
             {"huge size", fun() -> <<0:(id(1 bsl 62))>> end},
             {"not a bitstring", fun() -> <<(id({}))/bits>> end}],
    lists:foreach(fun({L, F}) -> show(L, catching(F)) end, Cases).

bifs() ->
    io:format("== bifs~n"),
    B = <<"The quick brown fox">>,
    show(sizes, {byte_size(B), bit_size(B), size(B), byte_size(<<1:9>>)}),
    show(split_binary, [split_binary(B, N) || N <- [0, 3, 19]]),
    show(split_binary_err, [catching(fun() -> split_binary(B, id(20)) end),
                            catching(fun() -> split_binary(id(<<1:3>>), 0) end)]),
    show(binary_to_list_3, [binary_to_list(B, 1, 3), binary_to_list(B, 5, 5),
                            catching(fun() -> binary_to_list(B, 5, id(4)) end),
                            catching(fun() -> binary_to_list(B, 0, id(1)) end),
                            catching(fun() -> binary_to_list(B, 1, id(20)) end)]),
    show(list_to_binary, list_to_binary([1, [2, [3, <<4, 5>>]], <<>>, [], "six"])),
    show(list_to_binary_errs, [catching(fun() -> list_to_binary(id([256])) end),
                               catching(fun() -> list_to_binary(id([-1])) end),
                               catching(fun() -> list_to_binary(id([a])) end),
                               catching(fun() -> list_to_binary(id([<<1:1>>])) end)]),
    IoLists = [[], [<<>>], "abc", [$a, [$b, [$c | <<"d">>]]], [<<"x">> | <<"y">>],
               [[[[[1]]]], 2], <<"bin">>],
    show(iolist_to_binary, [iolist_to_binary(L) || L <- IoLists]),
    show(iolist_size, [iolist_size(L) || L <- IoLists]),
    show(iolist_errs, [catching(fun() -> iolist_to_binary(id([1 | a])) end),
                       catching(fun() -> iolist_size(id([1024])) end),
                       catching(fun() -> iolist_to_binary(id(a)) end)]),
    show(term_list, binary_to_list(<<0, 127, 128, 255>>)),
    show(erlang_binary_part, [binary_part(B, 4, 5), binary_part(B, {19, -3}),
                              catching(fun() -> binary_part(B, 18, id(2)) end)]),
    show(compare, [<<1, 2>> < <<1, 2, 0>>, <<2>> > <<1, 255>>, <<1:1>> < <<128>>,
                   <<>> == <<0:0>>]),
    Sub = binary:part(B, 4, 5),
    show(sub_binary_ops, {Sub, <<Sub/binary, "!">>, byte_size(Sub)}).

comprehensions() ->
    io:format("== binary comprehensions~n"),
    show(double_bytes, << <<(X * 2)>> || <<X>> <= <<1, 2, 3, 4>> >>),
    show(from_list, << <<X:4>> || X <- [1, 2, 3, 4, 5] >>),
    show(filter, << <<X>> || <<X>> <= <<"a1b2c3">>, X >= $a >>),
    show(pairs, [{A, B} || <<A:4, B:4>> <= <<16#12, 16#34, 16#56>>]),
    show(bits, << <<(1 - X):1>> || <<X:1>> <= <<16#F0>> >>),
    show(remainder_skipped, [X || <<X:3>> <= <<255, 255>>]),
    show(utf8_gen, [C || <<C/utf8>> <= <<"h\x{e9}llo"/utf8>>]),
    show(nested, << <<X, Y>> || X <- [1, 2], Y <- [3, 4] >>),
    show(swap16, << <<X:16/little>> || <<X:16/big>> <= <<1, 2, 3, 4, 5, 6>> >>).

show(Label, Value) ->
    io:format("~p: ~w~n", [Label, Value]),
    io:format("  ~p~n", [Value]).
