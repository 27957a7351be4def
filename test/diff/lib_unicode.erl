%% The unicode module as shipped: characters_to_binary/list between every
%% encoding, error and incomplete results, BOM handling, and the
%% normalisation forms. Printed with ~w to stay independent of the terminal.
-module(lib_unicode).
-import(diff_util, [catching/1]).
-export([main/0]).

main() ->
    conversions(),
    partial(),
    bom(),
    normalisation(),
    ok.

encodings() ->
    [latin1, utf8, {utf16, big}, {utf16, little}, {utf32, big}, {utf32, little}].

conversions() ->
    io:format("== conversions~n"),
    Texts = ["plain ascii", "caf\x{e9}", "\x{3b1}\x{3b2}\x{3b3}", "\x{1F600}!", "", [0, 127, 128, 255]],
    lists:foreach(
      fun(T) ->
              io:format("~w~n", [T]),
              lists:foreach(
                fun(Enc) ->
                        Bin = unicode:characters_to_binary(T, unicode, Enc),
                        Back = case Bin of
                                   B when is_binary(B) -> unicode:characters_to_list(B, Enc);
                                   _ -> not_converted
                               end,
                        io:format("  ~w: ~w ~w~n", [Enc, Bin, Back =:= T])
                end, encodings())
      end, Texts),
    show(chardata_mixed, unicode:characters_to_binary(["ab", <<"cd">>, [$e, [<<"f">>]], 16#3b1])),
    show(list_from_mixed, unicode:characters_to_list([<<"x"/utf8>>, "y", <<"\x{3b1}"/utf8>>])),
    show(latin1_in, unicode:characters_to_binary(<<233, 65>>, latin1, utf8)),
    show(latin1_list_in, unicode:characters_to_list(<<233, 65>>, latin1)),
    show(utf8_default_out, unicode:characters_to_binary("\x{e9}")),
    show(utf16_in, unicode:characters_to_list(<<0, 97, 216, 61, 222, 0>>, utf16)).

partial() ->
    io:format("== errors and incomplete~n"),
    Cases =
        [{invalid_utf8, fun() -> unicode:characters_to_list(<<"ab", 255, "cd">>) end},
         {incomplete_utf8, fun() -> unicode:characters_to_list(<<"ab", 206>>) end},
         {incomplete_to_binary, fun() -> unicode:characters_to_binary(<<"ab", 226, 130>>) end},
         {invalid_in_list, fun() -> unicode:characters_to_binary([$a, 16#110000, $b]) end},
         {surrogate_in_list, fun() -> unicode:characters_to_binary([$a, 16#D800]) end},
         {negative_in_list, fun() -> unicode:characters_to_binary([$a, -1]) end},
         {latin1_out_of_range, fun() -> unicode:characters_to_binary("a\x{3b1}b", unicode, latin1) end},
         {utf16_incomplete, fun() -> unicode:characters_to_list(<<0, 97, 216>>, utf16) end},
         {utf16_lone_surrogate, fun() -> unicode:characters_to_list(<<0, 97, 220, 0, 0, 98>>, utf16) end},
         {utf32_invalid, fun() -> unicode:characters_to_list(<<0, 17, 0, 0>>, utf32) end},
         {badarg_atom, fun() -> unicode:characters_to_list(atom) end},
         {badarg_encoding, fun() -> unicode:characters_to_binary("a", unicode, bogus) end},
         {deep_error, fun() -> unicode:characters_to_binary(["ok", [<<"fine">>, <<255>>], "rest"]) end},
         {overlong, fun() -> unicode:characters_to_list(<<16#C0, 16#80>>) end}],
    lists:foreach(fun({L, F}) -> show(L, catching(F)) end, Cases).

bom() ->
    io:format("== bom~n"),
    lists:foreach(
      fun(Enc) -> show(Enc, {unicode:encoding_to_bom(Enc), unicode:bom_to_encoding(unicode:encoding_to_bom(Enc))}) end,
      [utf8, {utf16, big}, {utf16, little}, {utf32, big}, {utf32, little}]),
    show(no_bom, unicode:bom_to_encoding(<<"abc">>)).

normalisation() ->
    io:format("== normalisation~n"),
    Strings = ["\x{e9}", "e\x{301}", "\x{1e69}", "s\x{323}\x{307}", "\x{fb01}", "\x{2460}",
               "\x{ac00}", "\x{1100}\x{1161}", "A\x{30a}", "\x{212b}", "plain"],
    lists:foreach(
      fun(S) ->
              show(S, [unicode:characters_to_nfc_list(S), unicode:characters_to_nfd_list(S),
                       unicode:characters_to_nfkc_list(S), unicode:characters_to_nfkd_list(S)])
      end, Strings),
    B = <<"e\x{301}\x{fb01}"/utf8>>,
    show(binary_forms, [unicode:characters_to_nfc_binary(B), unicode:characters_to_nfd_binary(B),
                        unicode:characters_to_nfkc_binary(B), unicode:characters_to_nfkd_binary(B)]),
    show(nfc_error, catching(fun() -> unicode:characters_to_nfc_list(<<"a", 255>>) end)).

show(Label, Value) ->
    io:format("~w: ~w~n", [Label, Value]).
