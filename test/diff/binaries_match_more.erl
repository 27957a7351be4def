%% Binary matching forms the other tests leave out: float segments, skipped segments of
%% computed size, UTF-16 and UTF-32, and `/=' comparisons.
-module(binaries_match_more).
-export([main/0, id/1, differ/2]).

id(X) -> X.

main() ->
    show(floats, [float_of(id(B)) || B <- [<<1.5/float>>, <<2.25:32/float>>, <<(-0.5):16/float>>,
                                        <<1.0/float-little>>, <<1:64>>, <<"short">>]]),
    show(skip, [skip(id(N), id(<<"abcdefgh">>)) || N <- [0, 1, 3, 8, 9]]),
    show(utf16, utf16_chars(id(<<"h"/utf16, 16#1F600/utf16, "i"/utf16>>), [])),
    show(utf16_little, utf16_little(id(<<"ok"/utf16-little, 16#10000/utf16-little>>), [])),
    show(utf32, utf32_chars(id(<<"x"/utf32, 16#10FFFF/utf32>>), [])),
    show(skip_utf, skip_utf(id(<<"a"/utf16, "b"/utf32, "c">>))),
    show(bad_utf16, utf16_chars(id(<<16#D800:16, 16#41:16>>), [])),
    Pairs = [{1, 1.0}, {1, 2}, {a, a}, {"a", "b"}, {<<1>>, <<1>>}],
    show(not_equal, [id(X) /= id(Y) || {X, Y} <- Pairs]),
    show(not_equal_guard, [differ(X, Y) || {X, Y} <- Pairs]),
    ok.

float_of(<<F/float>>) -> {f64, F};
float_of(<<F:32/float>>) -> {f32, F};
float_of(<<F:16/float>>) -> {f16, F};
float_of(Other) -> {no_float, Other}.

skip(N, Bin) ->
    case Bin of
        <<_:N/binary, Rest/binary>> -> Rest;
        _ -> too_short
    end.

utf16_chars(<<C/utf16, Rest/binary>>, Acc) -> utf16_chars(Rest, [C | Acc]);
utf16_chars(Rest, Acc) -> {lists:reverse(Acc), Rest}.

utf16_little(<<C/utf16-little, Rest/binary>>, Acc) -> utf16_little(Rest, [C | Acc]);
utf16_little(Rest, Acc) -> {lists:reverse(Acc), Rest}.

utf32_chars(<<C/utf32, Rest/binary>>, Acc) -> utf32_chars(Rest, [C | Acc]);
utf32_chars(Rest, Acc) -> {lists:reverse(Acc), Rest}.

skip_utf(<<_/utf16, _/utf32, Rest/binary>>) -> Rest;
skip_utf(_) -> nomatch.

differ(X, Y) when X /= Y, is_integer(X) -> different;
differ(_, _) -> same.

show(Label, Value) -> io:format("~p: ~p~n", [Label, Value]).
