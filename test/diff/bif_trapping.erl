%% BIFs that walk big terms over several time slices (reverse, member, the key searches, ++,
%% length, term_to_binary, binary_to_term, the iolist BIFs, binary:copy, match, matches,
%% split, phash2, unicode:characters_to_binary and characters_to_list, maps:from_list and
%% from_keys) give erts' results and errors. Inputs are large enough to take many slices;
%% results are printed as hashes and sizes. An error raised after a yield shows the BIF's name
%% and arity (erts shows the state it left off at, which depends on its heap; for binary_to_term
%% the arguments, counted here), and the calling function with its line; errors on small inputs
%% show the whole frame. erts 25 never returns from maps:from_list or from_keys that find a bad
%% element after trapping, so their errors are tried on small lists only.
-module(bif_trapping).
-import(diff_util, [id/1]).
-export([main/0]).

main() ->
    N = 1000000,
    L = lists:seq(1, N),
    Imp = lists:foldl(fun(X, A) -> [X | A] end, bad, L),
    T = [{X, integer_to_list(X)} || X <- lists:seq(1, 300000)],
    Bytes = [X rem 256 || X <- L],
    BigBins = [binary:copy(<<"x">>, 10000000), "abc", <<>>, binary:copy(<<"yz">>, 3000000)],
    <<_:3, Odd/bits>> = <<1:3, (binary:copy(<<7, 8, 9>>, 1000000))/binary, 0:5>>,
    Unaligned = [Odd, Bytes, Odd],
    <<_:3, OddBytes:5/binary, _:5>> = id(<<1:3, "hello", 0:5>>),
    Hay = binary:copy(<<"abcde">>, 2000000),
    Big = binary:copy(<<"0123456789">>, 5000000),
    Text = [X rem 2000 || X <- L],
    Utf8 = binary:copy(<<"aé€𝄞"/utf8>>, 500000),
    Dups = [{K, dup} || {K, _} <- lists:sublist(T, 1000)],
    Split = lists:append(lists:duplicate(300000, [<<16#F0, 16#9D>>, <<16#84>>, <<16#9E, "x">>])),
    Cases =
        [{reverse, fun() -> lists:reverse(id(L), [end_]) end},
         {reverse_empty_tail, fun() -> lists:reverse(id(L), []) end},
         {reverse_improper_big, fun() -> lists:reverse(id(Imp), []) end},
         {reverse_improper_small, fun() -> lists:reverse(id([1, 2 | x]), []) end},
         {reverse_not_list, fun() -> lists:reverse(id(bad), []) end},
         {member_last, fun() -> lists:member(N, id(L)) end},
         {member_none, fun() -> lists:member(x, id(L)) end},
         {member_float, fun() -> lists:member(float(N), id(L)) end},
         {member_improper, fun() -> lists:member(x, id(Imp)) end},
         {member_bad, fun() -> lists:member(x, id(bad)) end},
         {keyfind_last, fun() -> lists:keyfind(300000, 1, id(T)) end},
         {keyfind_float, fun() -> lists:keyfind(299999.0, 1, id(T)) end},
         {keyfind_string, fun() -> lists:keyfind("299998", 2, id(T)) end},
         {keyfind_none, fun() -> lists:keyfind(x, 1, id(T)) end},
         {keyfind_improper, fun() -> lists:keyfind(x, 1, id(Imp)) end},
         {keyfind_pos0, fun() -> lists:keyfind(x, 0, id(T)) end},
         {keymember, fun() -> lists:keymember(299000, 1, id(T)) end},
         {keymember_none, fun() -> lists:keymember(x, 3, id(T)) end},
         {keysearch, fun() -> lists:keysearch(290000, 1, id(T)) end},
         {keysearch_improper, fun() -> lists:keysearch(x, 1, id(Imp)) end},
         {append, fun() -> id(L) ++ [end_] end},
         {append_improper_tail, fun() -> id(L) ++ bad end},
         {append_improper_big, fun() -> id(Imp) ++ [1] end},
         {append_improper_small, fun() -> id([a | b]) ++ [1] end},
         {append_named, fun() -> erlang:append(id(L), [x]) end},
         {length, fun() -> length(id(L)) end},
         {length_improper, fun() -> length(id(Imp)) end},
         {length_in_guard, fun() -> guard_length(id(L)) end},
         {length_in_guard_improper, fun() -> guard_length(id(Imp)) end},
         {length_apply, fun() -> apply(erlang, length, [id(L)]) end},
         {length_apply_improper, fun() -> apply(erlang, length, [id([1 | x])]) end},
         {length_keeps_registers, fun() -> keeps_registers(id(L)) end},
         {term_to_binary_list, fun() -> term_to_binary(id(L)) end},
         {term_to_binary_tuples, fun() -> term_to_binary(id(T)) end},
         {term_to_binary_nested, fun() -> term_to_binary(id(nested(200000))) end},
         {term_to_binary_map, fun() -> term_to_binary(id(maps:from_list(T))) end},
         {term_to_binary_deterministic,
          fun() -> term_to_binary(id(maps:from_list(T)), [deterministic, {minor_version, 2}]) end},
         {term_to_binary_compressed, fun() -> term_to_binary(id({L, T}), [{compressed, 3}]) end},
         {term_to_binary_mixed, fun() -> term_to_binary(id(mixed(L))) end},
         {term_to_binary_round_trip, fun() -> binary_to_term(term_to_binary(id(T))) =:= T end},
         {term_to_binary_bad_option, fun() -> term_to_binary(id([1, 2]), [bad]) end},
         {subtract, fun() -> id(L) -- [3, 2, 1] end},
         {list_to_binary, fun() -> list_to_binary(id(Bytes)) end},
         {list_to_binary_nested, fun() -> list_to_binary(id(nested_io(200000))) end},
         {list_to_binary_big_binaries, fun() -> list_to_binary(id(BigBins)) end},
         {list_to_binary_unaligned, fun() -> list_to_binary(id(Unaligned)) end},
         {list_to_binary_bad_last, fun() -> list_to_binary(id(Bytes ++ [256])) end},
         {list_to_binary_bad_tail, fun() -> list_to_binary(id(Bytes ++ bad)) end},
         {list_to_binary_bitstring, fun() -> list_to_binary(id([Bytes, <<1:3>>])) end},
         {list_to_binary_binary, fun() -> list_to_binary(id(<<"bin">>)) end},
         {list_to_binary_small_bad, fun() -> list_to_binary(id([1, -1])) end},
         {iolist_to_binary, fun() -> iolist_to_binary(id([BigBins, Bytes | <<"end">>])) end},
         {iolist_to_binary_bad, fun() -> iolist_to_binary(id([BigBins, Bytes, x])) end},
         {iolist_to_binary_not_list, fun() -> iolist_to_binary(id(bad)) end},
         {iolist_size, fun() -> iolist_size(id([BigBins, nested_io(100000) | Bytes])) end},
         {iolist_size_bad, fun() -> iolist_size(id(Bytes ++ [[], [a]])) end},
         {iolist_to_iovec, fun() -> iolist_size(erlang:iolist_to_iovec(id([Bytes, BigBins]))) end},
         {iolist_to_iovec_empty, fun() -> erlang:iolist_to_iovec(id([[], [[]], <<>>])) end},
         {binary_copy, fun() -> binary:copy(id(<<"ab">>), 5000000) end},
         {binary_copy_unaligned, fun() -> binary:copy(id(OddBytes), 1000000) end},
         {binary_copy_long_unit, fun() -> binary:copy(id(binary:copy(<<"q">>, 3000000)), 3) end},
         {binary_copy_empty, fun() -> binary:copy(id(<<>>), 5) end},
         {binary_copy_none, fun() -> binary:copy(id(<<"x">>), 0) end},
         {binary_copy_1, fun() -> binary:copy(id(OddBytes)) end},
         {binary_copy_negative, fun() -> binary:copy(id(<<"a">>), -1) end},
         {binary_copy_bitstring, fun() -> binary:copy(id(<<1:3>>), 2) end},
         {binary_matches, fun() -> binary:matches(id(Hay), <<"cd">>) end},
         {binary_matches_several, fun() -> binary:matches(id(Hay), [<<"cd">>, <<"cdeab">>, <<"b">>]) end},
         {binary_matches_scope, fun() -> binary:matches(id(Hay), <<"ea">>, [{scope, {7, 6000000}}]) end},
         {binary_matches_none, fun() -> binary:matches(id(Hay), <<"x">>) end},
         {binary_match_last, fun() -> binary:match(id(<<Hay/binary, "xyz">>), [<<"yz">>, <<"xy">>]) end},
         {binary_match_none, fun() -> binary:match(id(Hay), <<"abcdx">>) end},
         {binary_split, fun() -> binary:split(id(Hay), <<"e">>, [global]) end},
         {binary_split_trim_all, fun() -> binary:split(id(Hay), [<<"abcde">>], [global, trim_all]) end},
         {binary_split_first, fun() -> binary:split(id(<<Hay/binary, "!">>), <<"!">>) end},
         {binary_split_unaligned, fun() -> binary:split(id(OddBytes), <<"l">>, [global]) end},
         {binary_matches_bad_pattern, fun() -> binary:matches(id(<<"abc">>), [<<"a">>, <<>>]) end},
         {iolist_round_trip, fun() -> iolist_to_binary(id(Bytes)) =:= list_to_binary(Bytes) end},
         {binary_to_term_list, fun() -> decoded(lists:seq(1, 2000000)) end},
         {binary_to_term_tuples, fun() -> decoded(T) end},
         {binary_to_term_nested, fun() -> decoded(nested(200000)) end},
         {binary_to_term_deep_tuple, fun() -> decoded(deep(1000000)) end},
         {binary_to_term_map, fun() -> decoded(maps:from_list(T)) end},
         {binary_to_term_maps, fun() -> decoded([#{X => [X], {X} => #{}} || X <- L]) end},
         {binary_to_term_mixed, fun() -> decoded(mixed(L)) end},
         {binary_to_term_binary, fun() -> decoded(Big) end},
         {binary_to_term_bitstring, fun() -> decoded(<<Big/binary, 5:3>>) end},
         {binary_to_term_binaries, fun() -> decoded(binaries(L)) end},
         {binary_to_term_compressed,
          fun() -> binary_to_term(id(term_to_binary({L, T}, [compressed]))) end},
         {binary_to_term_used,
          fun() -> binary_to_term(id(<<(term_to_binary(T))/binary, "rest">>), [used]) end},
         {binary_to_term_safe, fun() -> binary_to_term(id(term_to_binary(mixed(L))), [safe]) end},
         {binary_to_term_unaligned, fun() -> binary_to_term(id(unaligned(term_to_binary(T)))) end},
         {binary_to_term_round_trip, fun() -> decoded(T) =:= T end},
         {binary_to_term_truncated, fun() -> binary_to_term(id(truncated(term_to_binary(L)))) end},
         {binary_to_term_truncated_used,
          fun() -> binary_to_term(id(truncated(term_to_binary(T))), [used]) end},
         {binary_to_term_bad_tag, fun() -> binary_to_term(id(bad_tag(N))) end},
         {binary_to_term_unsafe_atom, fun() -> binary_to_term(id(new_atom_last(N)), [safe]) end},
         {binary_to_term_duplicate_keys, fun() -> binary_to_term(id(duplicate_keys(300000))) end},
         {binary_to_term_bad_option, fun() -> binary_to_term(id(term_to_binary(L)), [bad]) end},
         {phash2_list, fun() -> erlang:phash2(id(L)) end},
         {phash2_bytes, fun() -> erlang:phash2(id([Bytes, 7 | Bytes])) end},
         {phash2_tuple, fun() -> erlang:phash2(id(list_to_tuple(L)), 1 bsl 32) end},
         {phash2_map, fun() -> erlang:phash2(id(maps:from_list(T)), 1000) end},
         {phash2_mixed, fun() -> erlang:phash2(id({mixed(L), nested(200000), BigBins, Odd})) end},
         {phash2_bad_range, fun() -> erlang:phash2(id(L), 0) end},
         {chars_to_binary, fun() -> unicode:characters_to_binary(id(Text)) end},
         {chars_to_binary_mixed, fun() -> unicode:characters_to_binary(id([Utf8, Text | Utf8])) end},
         {chars_to_binary_nested, fun() -> unicode:characters_to_binary(id(nested_chars(200000))) end},
         {chars_to_binary_split, fun() -> unicode:characters_to_binary(id(Split)) end},
         {chars_to_binary_unaligned, fun() -> unicode:characters_to_binary(id([unaligned(Utf8)])) end},
         {chars_to_binary_latin1, fun() -> unicode:characters_to_binary(id([Bytes, <<"é">>]), latin1) end},
         {chars_to_binary_3, fun() -> unicode:characters_to_binary(id(Bytes), latin1, unicode) end},
         {chars_to_binary_error, fun() -> unicode:characters_to_binary(id(Text ++ [16#110000, $a])) end},
         {chars_to_binary_incomplete, fun() -> unicode:characters_to_binary(id([Text, <<16#F0, 16#9D>>])) end},
         {chars_to_binary_badarg, fun() -> unicode:characters_to_binary(id(Text ++ [a]), unicode) end},
         {chars_to_binary_badarg_1, fun() -> unicode:characters_to_binary(id([Text | bad])) end},
         {chars_to_list, fun() -> unicode:characters_to_list(id(Utf8)) end},
         {chars_to_list_mixed, fun() -> unicode:characters_to_list(id([Text, Utf8 | Utf8]), utf8) end},
         {chars_to_list_latin1, fun() -> unicode:characters_to_list(id(<<Utf8/binary, 255>>), latin1) end},
         {chars_to_list_error, fun() -> unicode:characters_to_list(id(<<Utf8/binary, 255, "abc">>)) end},
         {chars_to_list_incomplete, fun() -> unicode:characters_to_list(id(<<Utf8/binary, 16#E2, 16#82>>)) end},
         {chars_to_list_badarg, fun() -> unicode:characters_to_list(id([Utf8, Text, 1.0]), unicode) end},
         {maps_from_list, fun() -> maps:to_list(maps:from_list(id(T))) end},
         {maps_from_list_keys, fun() -> maps:keys(maps:from_list(id([{K, V} || {V, K} <- T]))) end},
         {maps_from_list_duplicates, fun() -> maps:to_list(maps:from_list(id(T ++ Dups))) end},
         {maps_from_list_mixed, fun() -> maps:to_list(maps:from_list(id(mixed_keys(L)))) end},
         {maps_from_list_few_keys, fun() -> maps:to_list(maps:from_list(id([{X rem 20, X} || X <- L]))) end},
         {maps_from_list_small_bad, fun() -> maps:from_list(id([{a, 1}, b])) end},
         {maps_from_keys, fun() -> maps:to_list(maps:from_keys(id(L), v)) end},
         {maps_from_keys_duplicates, fun() -> maps:keys(maps:from_keys(id(L ++ L), v)) end},
         {maps_from_keys_small_bad, fun() -> maps:from_keys(id([a | b]), v) end}],
    [io:format("~p: ~p~n", [Name, run(F)]) || {Name, F} <- Cases],
    ok.

guard_length(L) when length(L) > 5 -> long;
guard_length(_) -> short_or_improper.

%% Live registers around a length that yields come back as they were.
keeps_registers(L) ->
    A = id(a),
    B = id({b, L}),
    N = length(L),
    {A, element(1, B), N}.

nested_io(0) -> [];
nested_io(N) -> [nested_io(N - 1), N rem 256, <<N:16>>].

%% Keys of many kinds, some equal (==) but not the same (=:=).
mixed_keys(L) ->
    [{X, int} || X <- L] ++ [{float(X), float} || X <- lists:sublist(L, 1000)] ++
        [{{X}, tuple} || X <- lists:sublist(L, 1000)] ++ [{integer_to_list(X), s} || X <- lists:sublist(L, 1000)].

nested_chars(0) -> [];
nested_chars(N) -> [nested_chars(N - 1), N rem 3000, <<"é"/utf8>>].

nested(0) -> [];
nested(N) -> [nested(N - 1), {N}].

decoded(T) -> binary_to_term(id(term_to_binary(T))).

deep(0) -> leaf;
deep(N) -> {N, deep(N - 1)}.

binaries(L) -> [<<X:64, 0:(X rem 1000)/unit:8>> || X <- lists:sublist(L, 20000)].

%% The same bytes starting one bit into a binary.
unaligned(B) ->
    Size = byte_size(B),
    <<_:1, U:Size/binary, _:7>> = <<0:1, B/binary, 0:7>>,
    U.

truncated(B) -> binary_part(B, 0, byte_size(B) - 1).

%% N small integers, then a byte that is no tag.
bad_tag(N) -> <<131, 108, N:32, (binary:copy(<<97, 1>>, N))/binary, 255>>.

%% N small integers, then an atom that does not exist, as the list's tail: `safe` refuses it.
new_atom_last(N) ->
    Name = <<"bif_trapping_never_made">>,
    <<131, 108, N:32, (binary:copy(<<97, 1>>, N))/binary, 119, (byte_size(Name)), Name/binary>>.

%% A map of N pairs whose last key is its first again.
duplicate_keys(N) ->
    Pairs = [<<98, K:32, 97, 0>> || K <- lists:seq(1, N - 1)],
    iolist_to_binary([<<131, 116, N:32>>, Pairs, <<98, 1:32, 97, 0>>]).

mixed(L) ->
    [{X, <<X:64>>, float(X), [X | X], -X * 1000000000000} || X <- lists:sublist(L, 100000)].

run(F) ->
    try F() of
        V -> {ok, erlang:phash2(V), size_of(V)}
    catch
        C:R:S -> {C, R, frames(S)}
    end.

size_of(V) when is_binary(V) -> byte_size(V);
size_of(V) when is_list(V) -> cells(V, 0);
size_of(_) -> 0.

cells([_ | T], N) -> cells(T, N + 1);
cells(_, N) -> N.

%% The BIF's frame and the caller's: arguments shown whole when small, else just counted.
frames([{M, F, Args, Info}, {CM, CF, CA, CI} | _]) ->
    [{M, F, shown(Args), Info}, {CM, CF, CA, [L || {line, _} = L <- CI]}].

shown(Args) when is_list(Args) ->
    case lists:all(fun small/1, Args) of
        true -> Args;
        false -> length(Args)
    end;
shown(Arity) -> Arity.

small(T) when is_binary(T) -> byte_size(T) < 100;
small(T) -> erts_debug:flat_size(T) < 100.
