%% The binary module: split, match, matches, replace, part, copy,
%% encode/decode_unsigned, longest common prefix/suffix, at/first/last,
%% bin_to_list, compiled patterns, and errors.
-module(binary_module).
-import(diff_util, [id/1, catching/1]).
-export([main/0]).

main() ->
    split(),
    matching(),
    replace(),
    parts(),
    unsigned(),
    misc(),
    errors(),
    ok.

split() ->
    io:format("== split~n"),
    Subjects = [<<"a,b,c">>, <<",a,,b,">>, <<"">>, <<",,,">>, <<"no separators">>,
                <<"a, b ,c">>],
    Patterns = [<<",">>, [<<",">>, <<" ">>], <<", ">>],
    Opts = [[], [global], [trim], [global, trim], [global, trim_all], [{scope, {1, 3}}],
            [global, {scope, {2, 3}}]],
    [show({S, P, O}, catching(fun() -> binary:split(S, P, O) end))
     || S <- Subjects, P <- Patterns, O <- Opts],
    show(split2, binary:split(<<"key=value=x">>, <<"=">>)),
    show(longer_first, binary:split(<<"abcabc">>, [<<"bc">>, <<"b">>], [global])),
    show(compiled, binary:split(<<"1;2:3;4">>, binary:compile_pattern([<<";">>, <<":">>]),
                                [global])).

matching() ->
    io:format("== match/matches~n"),
    Subj = <<"the cat sat on the mat with the hat">>,
    Pats = [<<"the">>, <<"at">>, [<<"cat">>, <<"ca">>, <<"c">>], [<<"xyz">>],
            [<<"h">>, <<"he">>, <<"the">>], <<"t">>],
    lists:foreach(
      fun(P) ->
              show(P, {binary:match(Subj, P), binary:matches(Subj, P),
                       catching(fun() -> binary:match(Subj, P, [{scope, {10, 20}}]) end),
                       catching(fun() ->
                                        binary:matches(Subj, P, [{scope, {byte_size(Subj), -15}}])
                                end)})
      end, Pats),
    show(overlapping, binary:matches(<<"aaaa">>, <<"aa">>)),
    show(empty_subject, binary:match(<<>>, <<"a">>)),
    CP = binary:compile_pattern([<<"foo">>, <<"bar">>]),
    show(compiled, [binary:match(S, CP) || S <- [<<"xbarfoo">>, <<"foo">>, <<"baz">>]]).

replace() ->
    io:format("== replace~n"),
    S = <<"one two one three one">>,
    Cases = [{<<"one">>, <<"1">>, []},
             {<<"one">>, <<"1">>, [global]},
             {<<"one">>, <<"[]">>, [global, {insert_replaced, 1}]},
             {<<"one">>, <<"<>">>, [global, {insert_replaced, [0, 1, 2]}]},
             {[<<"one">>, <<"two">>], <<"#">>, [global]},
             {<<" ">>, <<>>, [global]},
             {<<"o">>, <<"0">>, [global, {scope, {4, 10}}]},
             {<<"missing">>, <<"x">>, [global]}],
    [show({P, R, O}, catching(fun() -> binary:replace(S, P, R, O) end)) || {P, R, O} <- Cases],
    show(replace3, binary:replace(<<"aXbXc">>, <<"X">>, <<"--">>)).

parts() ->
    io:format("== part/copy/at~n"),
    B = <<"0123456789">>,
    show(part, [binary:part(B, 0, 3), binary:part(B, 7, 3), binary:part(B, {10, -4}),
                binary:part(B, 5, 0)]),
    show(copy, [binary:copy(<<"ab">>), binary:copy(<<"ab">>, 3), binary:copy(<<"ab">>, 0),
                byte_size(binary:copy(B, 1000))]),
    show(at, [binary:at(B, I) || I <- [0, 5, 9]]),
    show(first_last, {binary:first(B), binary:last(B)}),
    show(bin_to_list, [binary:bin_to_list(B), binary:bin_to_list(B, 2, 3),
                       binary:bin_to_list(B, {8, -4})]),
    show(list_to_bin, binary:list_to_bin([$a, [<<"b">>, $c], <<>>])).

unsigned() ->
    io:format("== encode/decode_unsigned~n"),
    Ns = [0, 1, 255, 256, 65535, 16#123456, 1 bsl 64, (1 bsl 100) - 1, 16#0100],
    lists:foreach(
      fun(N) ->
              Big = binary:encode_unsigned(N),
              Little = binary:encode_unsigned(N, little),
              show(N, {Big, Little, binary:decode_unsigned(Big),
                       binary:decode_unsigned(Little, little)})
      end, Ns),
    show(leading_zeros, [binary:decode_unsigned(<<0, 0, 1>>),
                         binary:decode_unsigned(<<1, 0, 0>>, little),
                         binary:decode_unsigned(<<>>)]).

misc() ->
    io:format("== prefix/suffix~n"),
    Sets = [[<<"interstellar">>, <<"internet">>, <<"interval">>],
            [<<"abc">>, <<"abc">>], [<<"abc">>, <<"xyz">>], [<<>>, <<"a">>],
            [<<"testing">>, <<"running">>, <<"sing">>]],
    [show(L, {binary:longest_common_prefix(L), binary:longest_common_suffix(L)}) || L <- Sets],
    show(referenced_size_small, binary:referenced_byte_size(<<"abc">>)).

errors() ->
    io:format("== errors~n"),
    Cases = [{"split empty pattern", fun() -> binary:split(<<"a">>, id(<<>>)) end},
             {"match empty pattern list", fun() -> binary:match(<<"a">>, id([])) end},
             {"part out of range", fun() -> binary:part(<<"abc">>, 2, id(5)) end},
             {"part negative start", fun() -> binary:part(<<"abc">>, id(-1), 1) end},
             {"at out of range", fun() -> binary:at(<<"abc">>, id(3)) end},
             {"first of empty", fun() -> binary:first(id(<<>>)) end},
             {"last of empty", fun() -> binary:last(id(<<>>)) end},
             {"copy negative", fun() -> binary:copy(<<"a">>, id(-1)) end},
             {"decode_unsigned bad endian", fun() -> binary:decode_unsigned(<<1>>, id(middle)) end},
             {"encode_unsigned negative", fun() -> binary:encode_unsigned(id(-1)) end},
             {"split non-binary", fun() -> binary:split(id("abc"), <<"b">>) end},
             {"bad scope", fun() -> binary:match(<<"abc">>, <<"b">>, [{scope, {2, id(5)}}]) end},
             {"bad option", fun() -> binary:split(<<"abc">>, <<"b">>, [id(bogus)]) end},
             {"lcp not list", fun() -> binary:longest_common_prefix(id(<<"a">>)) end},
             {"bitstring subject", fun() -> binary:match(id(<<1:3>>), <<"a">>) end}],
    lists:foreach(fun({L, F}) -> show(L, catching(F)) end, Cases).

show(Label, Value) ->
    io:format("~p:~n  ~p~n", [Label, Value]),
    io:format("  ~w~n", [Value]).
