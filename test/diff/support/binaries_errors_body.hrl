%% The body of binaries_errors and binaries_errors_r24: failing binary constructions and the
%% error each one raises with its error_info cause. erts checks every segment's size before
%% any segment's value (so a bad size in a later segment wins over a bad value in an earlier
%% one), a utf32 code point and a whole-binary segment's type with the sizes, and then the
%% values in order; a float's size before its value. Appending nothing gives the binary back.

main() ->
    A = id(a), N = id(-1), B = id(<<"abc">>), Big = id(1 bsl 1500), Odd = id(<<1:1>>),
    MaxSmall = (1 bsl 59) - 1,
    Cases =
        [fun() -> <<A:32, 1:N>> end, fun() -> <<A/utf8, 1:N>> end, fun() -> <<A/utf16, 1:N>> end,
         fun() -> <<A/utf32, 1:N>> end, fun() -> <<A/binary, 1:N>> end, fun() -> <<B:10/binary, 1:N>> end,
         fun() -> <<Odd/binary, 1:N>> end, fun() -> <<Big:64/float, 1:N>> end,
         fun() -> <<1.0:(id(1))/float, 1:N>> end, fun() -> <<A:(id(8)), 1:N>> end,
         fun() -> <<A:32, 1:(id(1 bsl 62))>> end, fun() -> <<A:32, B/binary, A/binary>> end,
         fun() -> <<A:32, Odd/binary, A/utf32>> end, fun() -> <<B/binary, A:32, 1:N>> end,
         fun() -> <<(id(<<"x">>))/binary, A:32, 1:N>> end, fun() -> <<A/binary, B:N/binary>> end,
         fun() -> <<0:(id(1 bsl 58))/unit:32, 0:(id(1 bsl 58))/unit:32, A:32>> end,
         fun() -> <<0:(id(MaxSmall))/unit:32, A:32>> end,
         fun() -> X = id(<<1, 2>>), <<X/binary, A:32, 1:N>> end,
         fun() -> X = id(<<1, 2>>), <<X/binary, A/binary>> end,
         fun() -> <<A/binary, 1:8>> end, fun() -> <<Odd/binary, 1:8>> end,
         fun() -> <<A:A/float>> end, fun() -> <<A:A/integer>> end, fun() -> <<A:A/binary>> end,
         fun() -> <<A:N/float>> end, fun() -> <<A:(id(1))/float>> end,
         fun() -> <<1.0:(id(3))/float-unit:8>> end, fun() -> <<A:(id(3))/float-unit:8>> end,
         fun() -> <<Big:64/float>> end, fun() -> <<Big:(id(32))/float>> end, fun() -> <<Big:(id(16))/float>> end,
         fun() -> <<(-Big):64/float>> end, fun() -> <<(id(1 bsl 1023)):64/float>> end,
         fun() -> <<A/utf8>> end, fun() -> <<(id(16#110000))/utf16>> end, fun() -> <<(id(16#D800))/utf32>> end,
         fun() -> <<(id(16#D800))/utf8, A:8>> end, fun() -> <<1:8, (id(-1))/utf32, 1:N>> end,
         fun() -> <<B:(id(4))/binary>> end, fun() -> <<A:(id(4))/binary>> end,
         fun() -> <<(id(<<0:1111>>))/binary>> end, fun() -> <<0, (id(<<1:1>>))/binary>> end,
         fun() -> <<B:(id(1 bsl 64))/binary>> end, fun() -> <<42:(1 bsl 64)>> end,
         fun() -> <<42:(id(-1 bsl 64))>> end, fun() -> <<(id([1])):32>> end],
    [io:format("~p~n", [outcome(F)]) || F <- Cases],
    Same = [erts_debug:same(X, append(X, <<>>)) || X <- [<<"123">>, id(<<"123">>), <<(id(<<>>))/binary, 0, 1, 2, 3, 4, 5, 6, 7>>,
                                                      id(binary:copy(<<1>>, 100))]],
    io:format("append nothing: ~p~n", [Same]),
    io:format("append nothing: ~p~n", [[append(X, <<>>) || X <- [id(<<>>), id(<<"ab">>)]]]).

append(A, B) ->
    <<A/binary, B/binary>>.

outcome(F) ->
    try F() of
        V -> {ok, V}
    catch
        error:R:St ->
            [{_, _, _, Info} | _] = St,
            {R, case proplists:get_value(error_info, Info) of
                    #{cause := Cause} -> Cause;
                    _ -> no_cause
                end}
    end.

id(X) -> X.
