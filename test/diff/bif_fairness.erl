%% A BIF called on a 10-million-element list (an iolist of 20 to 30 million bytes, one of
%% 400 MB in binaries, or for binary_to_term the encoding of such a list; a million pairs or
%% keys for a map) lets other processes run while it works (test/diff/support/fairness.erl
%% measures it: before they yielded, ember's largest gap was 0.6 to 1.2 s here; erts stays near
%% 20 ms, and ember near 15 ms, 70 ms for term_to_binary, whose buffer grows by copying).
-module(bif_fairness).
-export([main/0]).

main() ->
    Cases = [{reverse, fun seq/0, fun(L) -> lists:reverse(L, []) end},
             {length, fun seq/0, fun(L) -> length(L) end},
             {member, fun seq/0, fun(L) -> lists:member(x, L) end},
             {append, fun seq/0, fun(L) -> L ++ [1] end},
             {keyfind, fun seq/0, fun(L) -> lists:keyfind(x, 1, L) end},
             {term_to_binary, fun seq/0, fun(L) -> term_to_binary(L) end},
             {list_to_binary, fun bytes/0, fun(L) -> list_to_binary([L, L]) end},
             {iolist_size, fun bytes/0, fun(L) -> iolist_size([L, L, L]) end},
             {iolist_to_binary, fun binaries/0, fun(L) -> iolist_to_binary(L) end},
             {binary_copy, fun binaries/0, fun([B | _]) -> binary:copy(B, 100) end},
             {binary_matches, fun big_binary/0, fun(B) -> binary:matches(B, <<"x">>) end},
             {binary_to_term, fun big_integers_encoded/0, fun(B) -> binary_to_term(B) end},
             {phash2, fun seq/0, fun(L) -> erlang:phash2(L) end},
             {phash2_tuple, fun() -> list_to_tuple(seq()) end, fun(T) -> erlang:phash2(T, 7) end},
             {characters_to_binary, fun utf8_binaries/0, fun(L) -> unicode:characters_to_binary(L) end},
             {characters_to_list, fun utf8_text/0, fun(B) -> unicode:characters_to_list(B) end},
             {maps_from_list, fun pairs/0, fun(L) -> maps:from_list(L) end},
             {maps_from_keys, fun() -> lists:seq(1, 1000000) end, fun(L) -> maps:from_keys(L, v) end}],
    fairness:run(Cases).

seq() -> lists:seq(1, 10000000).

bytes() -> lists:duplicate(10000000, $x).

%% 400 MB in one binary of 4 MB a hundred times: one copy of it takes a few milliseconds.
binaries() -> lists:duplicate(100, binary:copy(<<1>>, 4000000)).

%% 200 MB to search.
big_binary() -> binary:copy(<<"abcdefgh">>, 25000000).

%% The encoding of a list of integers of over 32 bits, each a SMALL_BIG_EXT, whose decoding at
%% once took ember 250 ms (erts' largest gap stays near 12 ms, ember's near 6 ms).
big_integers_encoded() -> term_to_binary([X bsl 32 || X <- seq()]).

%% A map of a million keys is enough: building it at once took ember 180 ms.
pairs() -> [{X, X} || X <- lists:seq(1, 1000000)].

utf8_binaries() -> lists:duplicate(10000000, <<"é"/utf8>>).

%% 12 million characters of one to four bytes.
utf8_text() -> binary:copy(<<"aé€𝄞"/utf8>>, 3000000).

