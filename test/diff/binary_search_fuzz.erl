%% binary:match/matches/split with several overlapping patterns, on random subjects over a
%% tiny alphabet (so patterns overlap a lot): checks the leftmost-longest rules of erts.
-module(binary_search_fuzz).
-export([main/0]).

main() ->
    lists:foldl(fun(I, Seed) -> one(I, Seed) end, 12345, lists:seq(1, cases())),
    ok.

cases() -> 400.

%% A linear congruential generator, so both VMs see the same "random" cases.
next(Seed) -> (Seed * 1103515245 + 12345) band 16#7fffffff.

rand(N, Seed) ->
    S = next(Seed),
    {(S bsr 8) rem N, S}.

string(N, Seed) ->
    {Chars, S} = chars(N, Seed),
    {list_to_binary(Chars), S}.

chars(0, Seed) -> {[], Seed};
chars(N, Seed) ->
    {C, S1} = rand(3, Seed),
    {Rest, S2} = chars(N - 1, S1),
    {[$a + C | Rest], S2}.

patterns(0, Seed) -> {[], Seed};
patterns(N, Seed) ->
    {Len, S1} = rand(4, Seed),
    {P, S2} = string(Len + 1, S1),
    {Ps, S3} = patterns(N - 1, S2),
    {[P | Ps], S3}.

one(I, Seed) ->
    {Len, S1} = rand(14, Seed),
    {Subject, S2} = string(Len, S1),
    {NP, S3} = rand(4, S2),
    {Patterns, S4} = patterns(NP + 1, S3),
    {Start, S5} = rand(Len + 1, S4),
    {Stop, S6} = rand(Len + 1, S5),
    Scope = [{scope, {Start, Stop - Start}}],
    Pattern = case Patterns of [P] -> P; _ -> Patterns end,
    CP = binary:compile_pattern(Patterns),
    io:format("~w ~w ~w ~w~n  ~w~n  ~w~n  ~w~n  ~w~n  ~w~n",
              [I, Subject, Patterns, Scope,
               binary:match(Subject, Pattern, Scope),
               binary:matches(Subject, CP, Scope),
               binary:split(Subject, Pattern, [global | Scope]),
               binary:split(Subject, CP, [trim]),
               binary:split(Subject, Pattern, [global, trim_all])]),
    S6.
