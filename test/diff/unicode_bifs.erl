%% The unicode BIFs themselves: characters_to_binary/2 and characters_to_list/2
%% in latin1 and unicode, where the exact shape of Rest in {error, _, Rest}
%% and {incomplete, _, Rest} matters; what is badarg and what is an error;
%% UTF-8 sequences cut between binaries; the other encodings, which the BIFs
%% hand to unicode.erl; bin_is_7bit/1; and inputs too large or deep to recurse.
-module(unicode_bifs).
-import(diff_util, [id/1, catching/1]).
-export([main/0]).

main() ->
    lists:foreach(fun both_bifs/1, shapes() ++ bad() ++ cut() ++ odd_binaries()),
    other_encodings(),
    seven_bit(),
    large(),
    ok.

%% Where the conversion stops inside nested lists and binaries.
shapes() ->
    [<<"abc">>, [<<"abc">>], [[<<"abc">>]], [],  [[]], [[], [[]]],
     [<<"abc">>, 16#110000, "x"], [<<"abc">>, [16#110000], "x"], [[<<"abc">>, 16#110000], "x"],
     [$a, -1, $b], [-5], [$a, 16#D800, $b], [$a, 16#DFFF], [$a, 16#FFFF], [$a, 16#10FFFF],
     [$a | <<"b">>], [$a | <<255>>], [[$a | <<255>>], "x"], [[$a | <<"b">>], "x" | <<"c">>],
     <<"ab", 255, "cd">>, [<<"ab", 255, "cd">>], [<<"ab", 255, "cd">>, "x"],
     [[<<"ab", 255, "cd">>], "x"], [[$a, [$b, [$c, 16#110000, $d], $e], $f], $g],
     [[[[16#110000]]]], [[[[<<255>>]]]], [[[[<<255>>] | <<"x">>]]], ["ok", [<<"fine">>, <<255>>], "rest"],
     "caf\x{e9}", [233, 256], [255, 256, 257], [<<233>>, 300], [16#1F600], <<0, 255>>].

%% Badarg, except that a bignum ends erts' check of the input and is an error.
bad() ->
    [atom, 42, 1.5, <<1:1>>, [<<1:1>>], [$a, <<1:7>>], [$a, 16#110000, atom], [$a | atom],
     [$a, 2.0], [$a, {}], [$a | $b], [[$a | $b]], [$a, [$b | c]],
     [$a, 1 bsl 59], [$a, 1 bsl 100], [-(1 bsl 70)], [1 bsl 60, atom], [atom, 1 bsl 60],
     [[1 bsl 60], atom]].

%% UTF-8 sequences that a binary's end cuts, completed (or not) by what follows.
cut() ->
    [<<"ab", 206>>, [<<"ab", 206>>], [<<"ab", 206>>, "x"], [<<"ab", 206>>, $x],
     [<<206>>, <<177>>], [<<206>>, [], <<177>>], [<<206>>, [<<177>>]], [<<206>>, [$a]],
     [<<206>>, $a, $b], [<<206>>, <<"a">>], [<<206>>, <<"ab">>, "c"],
     [<<16#F0>>, <<16#9F>>], [<<16#F0>>, <<16#9F>>, <<16#98, 16#80>>], [<<16#F0>>, <<16#9F>>, <<16#98>>],
     [<<16#F0>>, <<16#41>>], [<<16#F0>>, <<16#41>>, <<16#42, 16#43>>], [<<16#F0>>, <<16#41>>, <<16#42, 16#43>>, "z"],
     [<<"x">>, <<16#E2>>, <<16#82>>, <<16#AC>>, <<"y">>], [<<16#E2>>, [<<16#82>>, [<<16#AC>>]]],
     [<<16#E2>>, 16#AC], [<<16#E2>>, []], [<<16#E2>>, <<>>], [<<16#E2>>, <<>>, $a], [<<16#C2>>, <<16#41>>],
     [<<16#C0>>, <<16#80>>], [<<16#E0>>, <<16#80, 16#80>>], [<<16#ED>>, <<16#A0, 16#80>>],
     [<<"abc">>, <<200>>]].

%% Invalid, overlong, surrogate and too large sequences, alone and at the end.
odd_binaries() ->
    [<<16#C0>>, <<16#C1>>, <<16#C0, 16#80>>, <<16#E0, 16#80>>, <<16#E0, 16#A0>>, <<16#E0, 16#41>>,
     <<16#E0, 16#41, 16#42>>, <<16#ED, 16#A0>>, <<16#ED, 16#A0, 16#80>>, <<16#ED, 16#9F, 16#BF>>,
     <<16#F4, 16#90>>, <<16#F4, 16#90, 16#80, 16#80>>, <<16#F5>>, <<16#F5, 16#80>>, <<16#F8>>, <<16#FF>>,
     <<16#80>>, <<"a", 16#80, "b">>, <<16#F0, 16#80, 16#80>>, <<16#F0, 16#90, 16#80>>, <<16#F0, 16#90, 16#41>>,
     <<16#F7, 16#BF, 16#BF>>, <<16#E2, 16#82>>, <<16#E2, 16#82, 16#AC>>, <<233, 65>>,
     unaligned(<<0, "a", 206>>), [unaligned(<<0, "a", 206>>), "x"], unaligned(<<16#61, 16#CE, 16#B1, 0>>)].

%% A binary that does not start on a byte boundary.
unaligned(Bytes) ->
    N = bit_size(Bytes),
    <<_:3, B:N/bitstring, _:5>> = id(<<0:3, Bytes/binary, 0:5>>),
    B.

both_bifs(Data0) ->
    Data = id(Data0),
    io:format("~w~n", [Data]),
    [io:format("  ~w ~w: ~w~n", [F, E, run(F, Data, E)])
     || F <- [characters_to_binary, characters_to_list], E <- [unicode, latin1]],
    io:format("  wrappers: ~w ~w ~w~n",
              [catching(fun() -> unicode:characters_to_binary(Data) end),
               catching(fun() -> unicode:characters_to_list(Data) end),
               catching(fun() -> unicode:characters_to_binary(Data, latin1, latin1) end)]).

other_encodings() ->
    io:format("== other encodings~n"),
    Encodings = [utf8, utf16, {utf16, little}, {utf16, big}, utf32, {utf32, little}, {utf32, big},
                 bogus, {utf8, big}, {utf16, middle}],
    Inputs = [<<0, 97, 216, 61, 222, 0>>, <<0, 97, 216>>, <<0, 97, 220, 0, 0, 98>>, <<0, 17, 0, 0>>,
              "abc", [<<0, 97>>, <<0>>], atom, [$a | b], <<0, 0, 0, 97, 0, 0>>, [1, 2, -1], <<97, 0>>],
    lists:foreach(
      fun(Data) ->
              io:format("~w~n", [Data]),
              [io:format("  ~w ~w: ~w~n", [F, E, run(F, id(Data), E)])
               || F <- [characters_to_binary, characters_to_list], E <- Encodings]
      end, Inputs).

seven_bit() ->
    io:format("== bin_is_7bit~n"),
    [io:format("~w: ~w~n", [X, unicode:bin_is_7bit(id(X))])
     || X <- [<<>>, <<"abc">>, <<128>>, "abc", <<1:1>>, <<1:8, 1:1>>, unaligned(<<"ab">>)]].

%% Long and deeply nested inputs, with errors far in: the BIFs must neither recurse nor slow down.
large() ->
    io:format("== large~n"),
    Big = lists:duplicate(200000, $a),
    show(big, erlang:phash2(unicode:characters_to_binary(id([Big, <<"x">>, [Big | <<"y">>]])))),
    {error, B1, R1} = unicode:characters_to_binary(id([Big, [Big, 16#110000, $z], "q"])),
    show(big_error, {byte_size(B1), R1}),
    {error, L2, R2} = unicode:characters_to_list(id([[Big, [<<"abc">>, <<255>>]], "q"])),
    show(big_error_list, {length(L2), R2}),
    Deep = lists:foldl(fun(_, Acc) -> [Acc, $b] end, [], lists:seq(1, 100000)),
    show(deep, byte_size(unicode:characters_to_binary(id(Deep)))),
    Deep2 = lists:foldl(fun(_, Acc) -> [$b, Acc] end, [16#110000], lists:seq(1, 100000)),
    {error, B3, R3} = unicode:characters_to_binary(id(Deep2)),
    show(deep_error, {byte_size(B3), depth(R3, 0)}),
    Alpha = list_to_binary(lists:duplicate(100000, <<"\x{3b1}"/utf8>>)),
    {incomplete, L4, R4} = unicode:characters_to_list(id(<<Alpha/binary, 206>>)),
    show(big_incomplete, {length(L4), R4}),
    {error, B5, R5} = unicode:characters_to_binary(id([Alpha, Alpha, <<255>>, Alpha])),
    show(big_binary_error, {byte_size(B5), [byte_size(B) || B <- R5]}).

depth([H | _], N) when is_list(H) -> depth(H, N + 1);
depth(L, N) -> {N, L}.

run(F, Data, Encoding) ->
    catching(fun() -> unicode:F(Data, Encoding) end).

show(Label, Value) ->
    io:format("~w: ~w~n", [Label, Value]).
