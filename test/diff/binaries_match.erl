%% Binary matching: every segment type with signed/unsigned, big/little/
%% native, sizes from variables, units, tails, sub-binaries, utf8/16/32
%% decoding, and match failures.
-module(binaries_match).
-import(diff_util, [id/1, catching/1]).
-export([main/0]).

main() ->
    integers(),
    unaligned_integers(),
    floats(),
    tails(),
    utf(),
    parsers(),
    failures(),
    ok.

integers() ->
    io:format("== integers~n"),
    Bins = [<<0, 0, 0, 0, 0, 0, 0, 0, 0>>, <<255, 255, 255, 255, 255, 255, 255, 255, 255>>,
            <<1, 2, 3, 4, 5, 6, 7, 8, 9>>, <<128, 0, 0, 0, 0, 0, 0, 1, 127>>,
            <<16#DE, 16#AD, 16#BE, 16#EF, 16#CA, 16#FE, 16#BA, 16#BE, 16#42>>],
    Sizes = [1, 4, 7, 8, 9, 13, 16, 24, 31, 32, 33, 48, 63, 64, 65, 72],
    lists:foreach(
      fun(B) ->
              io:format("~w~n", [B]),
              lists:foreach(
                fun(S) ->
                        <<U:S, _/bits>> = B,
                        <<Sg:S/signed, _/bits>> = B,
                        <<L:S/little, _/bits>> = B,
                        <<LS:S/little-signed, _/bits>> = B,
                        <<N:S/native, _/bits>> = B,
                        io:format("  ~w: ~w ~w ~w ~w ~w~n", [S, U, Sg, L, LS, N])
                end, Sizes)
      end, Bins),
    <<A:3, B:5, C:4/unit:2, D/binary>> = <<"matching">>,
    show(unit_fields, {A, B, C, D}),
    <<Len:8, Data:Len/binary, Rest/binary>> = <<3, "abcdef">>,
    show(length_prefixed, {Len, Data, Rest}),
    <<X:4, Y:(X * 2), Z/bits>> = <<2#0011_1111, 2#0101_0101>>,
    show(computed_size, {X, Y, Z}),
    show(bound_var_match, [match_prefix(P, <<5, 5, 1>>) || P <- [4, 5, 6]]),
    show(literal_segments, [literal_match(Bin) || Bin <- [<<"GET /x">>, <<"PUT /y">>,
                                                         <<1:16, "z">>, <<"G">>]]).

match_prefix(P, <<P, Rest/binary>>) -> {yes, Rest};
match_prefix(_, _) -> no.

literal_match(<<"GET ", Path/binary>>) -> {get, Path};
literal_match(<<"PUT ", Path/binary>>) -> {put, Path};
literal_match(<<1:16, R/binary>>) -> {one, R};
literal_match(_) -> other.

%% Segments that start inside a byte and span up to nine bytes, and strings matched there.
unaligned_integers() ->
    io:format("== unaligned integers~n"),
    B = id(<<16#DE, 16#AD, 16#BE, 16#EF, 16#CA, 16#FE, 16#BA, 16#BE, 16#42, 16#99>>),
    lists:foreach(
      fun(Skip) ->
              lists:foreach(
                fun(S) ->
                        <<_:Skip, U:S, _/bits>> = B,
                        <<_:Skip, Sg:S/signed, _/bits>> = B,
                        <<_:Skip, L:S/little, _/bits>> = B,
                        <<_:Skip, LS:S/little-signed, _/bits>> = B,
                        io:format("  ~w ~w: ~w ~w ~w ~w~n", [Skip, S, U, Sg, L, LS])
                end, [3, 8, 12, 16, 57, 60, 64])
      end, lists:seq(0, 8)),
    Strings = [case id(<<Skip:3, "key", 5:5>>) of <<_:3, "key", T:5>> -> T; _ -> nomatch end
               || Skip <- [0, 7]],
    show(unaligned_string, Strings).

floats() ->
    io:format("== floats~n"),
    Bins = [<<1.5:64/float>>, <<(-0.0):64/float>>, <<2.5:32/float>>, <<1.0:16/float>>,
            <<16#7FF0000000000000:64>>, <<16#7FF8000000000000:64>>, <<16#7F800000:32>>,
            <<16#7C00:16>>, <<1:64>>, <<0.1:64/float-little>>],
    lists:foreach(
      fun(Bin) ->
              S = bit_size(Bin),
              R1 = case Bin of <<F:S/float>> -> F; _ -> nomatch end,
              R2 = case Bin of <<G:S/float-little>> -> G; _ -> nomatch end,
              show(Bin, {R1, R2})
      end, Bins),
    S24 = id(24),
    show(bad_size, case <<1:24>> of <<F:S24/float>> -> F; _ -> nomatch end).

tails() ->
    io:format("== tails and sub-binaries~n"),
    Bin = <<"hello, world">>,
    <<H:5/binary, ", ", W/binary>> = Bin,
    show(split, {H, W, byte_size(H), byte_size(W)}),
    show(words, words(Bin, <<>>, [])),
    <<_:3, Odd/bits>> = Bin,
    show(odd_tail, {bit_size(Odd), Odd}),
    <<First:1/binary, _/binary>> = Odd2 = <<Odd/bits, 0:3>>,
    show(realigned, {First, byte_size(Odd2)}),
    show(count_bits, count_ones(<<16#F0F0FFFF:32, 7:3>>, 0)),
    show(reverse_bytes, rev(<<1, 2, 3, 4, 5>>, <<>>)),
    show(skip_fields, [Val || <<_:4, Val:4>> <= <<16#AB, 16#CD, 16#EF>>]),
    show(nested_match, nested(<<2, 1, 2, 3, 4, 5>>)),
    show(bits_tail_match, case <<1:1, 2:2>> of <<1:1, T/bits>> -> T end),
    show(empty_tail, case <<"a">> of <<"a", T2/binary>> -> {T2, byte_size(T2)} end).

words(<<>>, Cur, Acc) -> lists:reverse([Cur | Acc]);
words(<<C, Rest/binary>>, Cur, Acc) when C =:= $,; C =:= $\s ->
    case Cur of
        <<>> -> words(Rest, <<>>, Acc);
        _ -> words(Rest, <<>>, [Cur | Acc])
    end;
words(<<C, Rest/binary>>, Cur, Acc) -> words(Rest, <<Cur/binary, C>>, Acc).

count_ones(<<>>, N) -> N;
count_ones(<<B:1, Rest/bits>>, N) -> count_ones(Rest, N + B).

rev(<<>>, Acc) -> Acc;
rev(<<B, Rest/binary>>, Acc) -> rev(Rest, <<B, Acc/binary>>).

nested(<<N, Items:N/binary, Rest/binary>>) -> {N, Items, nested_rest(Rest)}.
nested_rest(<<A:8, B:16>>) -> {A, B};
nested_rest(Other) -> {other, Other}.

utf() ->
    io:format("== utf~n"),
    Str = "a\x{e9}\x{263a}\x{1F600}z",
    U8 = unicode:characters_to_binary(Str),
    show(utf8, decode8(U8)),
    show(utf16, [C || <<C/utf16>> <= << <<C/utf16>> || C <- Str >>]),
    show(utf16le, [C || <<C/utf16-little>> <= << <<C/utf16-little>> || C <- Str >>]),
    show(utf32, [C || <<C/utf32>> <= << <<C/utf32>> || C <- Str >>]),
    Bad = [<<16#C0, 16#80>>, <<16#ED, 16#A0, 16#80>>, <<16#F4, 16#90, 16#80, 16#80>>,
           <<16#E2, 16#98>>, <<16#80>>, <<16#FF>>, <<16#D8, 16#00>>],
    show(bad_utf8, [case B of <<C/utf8, R/binary>> -> {C, R}; _ -> nomatch end || B <- Bad]),
    show(bad_utf16, [case B of <<C/utf16>> -> C; _ -> nomatch end
                     || B <- [<<16#D8, 0>>, <<16#DC, 0, 0, 0>>, <<16#D8, 0, 16#DC, 0>>]]),
    show(bad_utf32, [case B of <<C/utf32>> -> C; _ -> nomatch end
                     || B <- [<<0, 16#11, 0, 0>>, <<0, 0, 16#D8, 0>>, <<0, 0, 0, 65>>]]).

decode8(<<>>) -> [];
decode8(<<C/utf8, R/binary>>) -> [C | decode8(R)].

parsers() ->
    io:format("== parsers~n"),
    Ip = <<4:4, 5:4, 0:8, 60:16, 1234:16, 0:3, 0:13, 64:8, 6:8, 0:16,
           10, 0, 0, 1, 192, 168, 1, 254>>,
    <<Vsn:4, IHL:4, _Tos:8, TotLen:16, Id:16, Flags:3, FragOff:13, Ttl:8, Proto:8,
      _Sum:16, S1, S2, S3, S4, D1, D2, D3, D4>> = Ip,
    show(ipv4, {Vsn, IHL, TotLen, Id, Flags, FragOff, Ttl, Proto,
                {S1, S2, S3, S4}, {D1, D2, D3, D4}}),
    Tlv = <<1, 3, "abc", 2, 0, 7, 5, 1, 2, 3, 4, 5>>,
    show(tlv, tlv(Tlv)),
    show(varints, varints(<<1, 16#AC, 16#02, 16#FF, 16#FF, 16#03, 0>>)),
    show(csv, binary:split(<<"a,b,,c">>, <<",">>, [global])).

tlv(<<>>) -> [];
tlv(<<T, L, V:L/binary, Rest/binary>>) -> [{T, V} | tlv(Rest)].

varints(<<>>) -> [];
varints(Bin) ->
    {V, Rest} = varint(Bin, 0, 0),
    [V | varints(Rest)].

varint(<<1:1, B:7, Rest/binary>>, Shift, Acc) -> varint(Rest, Shift + 7, Acc bor (B bsl Shift));
varint(<<0:1, B:7, Rest/binary>>, Shift, Acc) -> {Acc bor (B bsl Shift), Rest}.

failures() ->
    io:format("== failures~n"),
    Cases = [{"too short", fun() -> <<_:16>> = id(<<1>>), ok end},
             {"too long", fun() -> <<_:8>> = id(<<1, 2>>), ok end},
             {"binary of bits", fun() -> <<_/binary>> = id(<<1:3>>), ok end},
             {"wrong literal", fun() -> <<"abc">> = id(<<"abd">>), ok end},
             {"negative size", fun() -> N = id(-1), <<_:N>> = id(<<>>), ok end},
             {"not binary", fun() -> <<_:8>> = id(17), ok end},
             {"case no match", fun() -> case id(<<1>>) of <<2>> -> two end end},
             {"function clause", fun() -> decode8(id(<<16#FF>>)) end},
             {"unit mismatch", fun() -> <<_:3/binary-unit:3>> = id(<<1, 2>>), ok end}],
    lists:foreach(fun({L, F}) -> show(L, catching(F)) end, Cases).

show(Label, Value) ->
    io:format("~p: ~w~n", [Label, Value]),
    io:format("  ~p~n", [Value]).
