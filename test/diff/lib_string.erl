%% The string module as shipped: the unicode-aware API (graphemes, lexemes,
%% split, pad, trim, case mapping, find, replace, to_integer/to_float) on
%% lists, binaries and mixed chardata, plus a few obsolete functions.
%% Results are printed with ~w so no terminal encoding is involved.
-module(lib_string).
-import(diff_util, [catching/1]).
-export([main/0]).

main() ->
    Inputs = ["Hello, World", <<"  padded  "/utf8>>, "e\x{301}t\x{e9}",
              [<<"mixed ">>, "chardata", [$!]], "\x{1F600} smile", "",
              "a\r\nb", <<"Stra\x{df}e"/utf8>>, "\x{3a3}\x{3b9}\x{3c3}\x{3c5}\x{3c6}\x{3bf}\x{3c2}"],
    lists:foreach(fun per_input/1, Inputs),
    misc(),
    ok.

per_input(S) ->
    io:format("== ~w~n", [S]),
    Cases =
        [{length, fun() -> string:length(S) end},
         {is_empty, fun() -> string:is_empty(S) end},
         {to_graphemes, fun() -> string:to_graphemes(S) end},
         {reverse, fun() -> string:reverse(S) end},
         {uppercase, fun() -> string:uppercase(S) end},
         {lowercase, fun() -> string:lowercase(S) end},
         {titlecase, fun() -> string:titlecase(S) end},
         {casefold, fun() -> string:casefold(S) end},
         {trim, fun() -> string:trim(S) end},
         {trim_leading, fun() -> string:trim(S, leading) end},
         {trim_trailing_chars, fun() -> string:trim(S, trailing, "d! ") end},
         {pad_20, fun() -> string:pad(S, 20) end},
         {pad_both_star, fun() -> string:pad(S, 15, both, $*) end},
         {pad_leading, fun() -> string:pad(S, 14, leading, ".") end},
         {slice_2_5, fun() -> string:slice(S, 2, 5) end},
         {slice_3, fun() -> string:slice(S, 3) end},
         {next_grapheme, fun() -> string:next_grapheme(S) end},
         {next_codepoint, fun() -> string:next_codepoint(S) end},
         {lexemes, fun() -> string:lexemes(S, " ,") end},
         {nth_lexeme, fun() -> string:nth_lexeme(S, 2, " ") end},
         {split, fun() -> string:split(S, " ") end},
         {split_all, fun() -> string:split(S, "l", all) end},
         {split_trailing, fun() -> string:split(S, "l", trailing) end},
         {find, fun() -> string:find(S, "l") end},
         {find_trailing, fun() -> string:find(S, "l", trailing) end},
         {replace, fun() -> string:replace(S, "l", "L", all) end},
         {take, fun() -> string:take(S, "Hel") end},
         {take_complement, fun() -> string:take(S, " ", true) end},
         {prefix, fun() -> string:prefix(S, "He") end},
         {equal_ci, fun() -> string:equal(S, string:uppercase(S), true) end},
         {chr_classes, fun() -> [C || C <- unicode:characters_to_list(S), C > 127] end}],
    lists:foreach(fun({L, F}) -> show(L, catching(F)) end, Cases).

misc() ->
    io:format("== misc~n"),
    Cases =
        [{to_integer, fun() -> [string:to_integer(X) || X <- ["123abc", "-7", "abc", "", <<"42">>, "+0x"]] end},
         {to_float, fun() -> [string:to_float(X) || X <- ["1.5e3xyz", "2.0", "1", "-0.5", <<"3.25">>]] end},
         {grapheme_clusters, fun() -> string:to_graphemes("a\r\n\x{1F1EB}\x{1F1F7}e\x{301}\x{302}x") end},
         {length_clusters, fun() -> string:length("\x{1F468}\x{200D}\x{1F469}\x{200D}\x{1F467}") end},
         {equal, fun() -> [string:equal("abc", <<"abc">>), string:equal("abc", "ABC"),
                           string:equal("a\x{301}", "\x{e1}", false, nfc),
                           string:equal("STRASSE", <<"stra\x{df}e"/utf8>>, true)] end},
         {lexemes_crlf, fun() -> string:lexemes("a\r\nb\nc", "\r\n") end},
         {split_empty_sep_parts, fun() -> string:split("a,,b,", ",", all) end},
         {obsolete_tokens, fun() -> string:tokens("a b,,c", " ,") end},
         {obsolete_join, fun() -> string:join(["a", "b", "c"], "-") end},
         {obsolete_substr, fun() -> {string:substr("hello", 2, 3), string:sub_string("hello", 2)} end},
         {obsolete_str, fun() -> {string:str("hello", "ll"), string:rstr("hello", "l"), string:chr("hello", $o)} end},
         {obsolete_strip, fun() -> {string:strip("  x  "), string:strip("xxhixx", both, $x), string:left("ab", 4, $.), string:right("ab", 4), string:centre("ab", 6)} end},
         {obsolete_case, fun() -> {string:to_upper("mIxEd"), string:to_lower("MiXeD")} end},
         {obsolete_span, fun() -> {string:span("aabbc", "ab"), string:cspan("aabbc", "c")} end},
         {obsolete_words, fun() -> {string:words("a b  c"), string:sub_word("a b c", 2)} end},
         {obsolete_copies, fun() -> string:copies("ab", 3) end},
         {err_bad_chardata, fun() -> string:length([a]) end},
         {err_pad_bad, fun() -> string:pad("x", -1) end}],
    lists:foreach(fun({L, F}) -> show(L, catching(F)) end, Cases).

show(Label, Value) ->
    io:format("~p: ~w~n", [Label, Value]).
