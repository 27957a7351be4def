%% Unicode text processing on UTF-8: characters_to_binary/list, string:lexemes, split,
%% trim, length and reverse (grapheme clusters), upper/lower/casefold, replace, find, and
%% io_lib:format with ~ts, padding and floats; checked by counts and an MD5 of the output.
-module(bench_strings).
-export([run/1]).

-define(LINES, 100).
-define(WORDS_PER_LINE, 12).

run(quick) -> run_reps(2);
run(default) -> run_reps(70).

run_reps(Reps) ->
    Got = lists:usort([workload(?LINES) || _ <- lists:seq(1, Reps)]),
    check(Got, [expected(?LINES)]).

%% {Word, grapheme clusters}: Latin with diacritics, Greek, Cyrillic, CJK, a combining
%% accent (e + U+0301) and an emoji with a skin-tone modifier.
words() ->
    {{"the", 3}, {"quick", 5}, {"brown", 5}, {"fox", 3}, {"Ærøskøbing", 10},
     {"naïve", 5}, {"façade", 6}, {"straße", 6}, {"Ωμέγα", 5}, {"日本語", 3},
     {"привет", 6}, {"mañana", 6}, {"crème", 5}, {"brûlée", 6}, {"Zürich", 6},
     {"e\x{301}te\x{301}", 3}, {"👍🏽ok", 3}}.

word(I) -> element(I rem tuple_size(words()) + 1, words()).

%% Lines of words separated by one or two spaces, with leading and trailing blanks.
text(Lines) ->
    [["  ", lists:join(" ", [pad(J, element(1, word(L * ?WORDS_PER_LINE + J)))
                             || J <- lists:seq(1, ?WORDS_PER_LINE)]), " \n"]
     || L <- lists:seq(1, Lines)].

pad(J, Word) when J rem 3 =:= 0 -> [Word, " "];
pad(_, Word) -> Word.

workload(Lines) ->
    Bin = unicode:characters_to_binary(text(Lines)),
    Chars = unicode:characters_to_list(Bin),
    Words = string:lexemes(Bin, " \n"),
    Graphemes = lists:sum([string:length(W) || W <- Words]),
    LineList = [string:trim(L) || L <- string:split(Bin, "\n", all), L =/= <<>>],
    Upper = [string:uppercase(W) || W <- Words],
    Lower = [string:lowercase(W) || W <- Words],
    Folded = [string:casefold(W) || W <- Words],
    Reversed = [string:reverse(W) || W <- Words],
    Same = length([W || W <- Words, string:equal(W, string:lowercase(W))]),
    Replaced = string:replace(Bin, "straße", "STRASSE", all),
    Found = string:find(Bin, "Zürich", trailing),
    Formatted = unicode:characters_to_binary(
                  [io_lib:format("~4..0w ~-12ts|~ts|~.3f ~p~n",
                                 [I, W, string:titlecase(W), I / 7, string:length(W)])
                   || {I, W} <- lists:zip(lists:seq(1, length(Words)), Words)]),
    Digest = erlang:md5([Bin, LineList, Upper, Lower, Folded,
                         unicode:characters_to_binary(Reversed), Replaced, Formatted]),
    {length(Chars), byte_size(Bin), length(Words), Graphemes, length(LineList), Same,
     string:length(Found), Digest}.

%% The byte size, the count of lowercase words, the length of the last "Zürich..." suffix
%% and the digest (for 100 lines) were checked against an independent implementation.
expected(Lines) ->
    N = Lines * ?WORDS_PER_LINE,
    Words = [word(L * ?WORDS_PER_LINE + J) || L <- lists:seq(1, Lines),
                                              J <- lists:seq(1, ?WORDS_PER_LINE)],
    CodePoints = lists:sum([length(W) || {W, _} <- Words]),
    %% Per line: 2 leading, 11 separating, 4 doubled, a space and a newline at the end.
    Blanks = Lines * (2 + (?WORDS_PER_LINE - 1) + ?WORDS_PER_LINE div 3 + 2),
    {CodePoints + Blanks, 10717, N, lists:sum([G || {_, G} <- Words]), Lines, 988, 56,
     <<83, 203, 73, 189, 38, 233, 161, 126, 200, 176, 143, 171, 160, 45, 92, 210>>}.

check(Expected, Expected) -> ok;
check(Got, _) -> erlang:error({wrong_result, strings, Got}).
