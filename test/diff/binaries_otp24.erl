%% Binary construction as the OTP 24 compiler emits it (bs_init2, bs_put_*, bs_add, bs_append,
%% bs_private_append, bs_init_writable, bs_utf8_size...): the instructions Elixir 1.14's .beam
%% files use. `r24' makes the OTP 25 compiler generate them.
-module(binaries_otp24).
-compile([r24]).
-export([main/0, id/1]).

id(X) -> X.

main() ->
    B = id(<<"xy">>),
    I = id(258),
    F = id(2.5),
    C = id(16#1F600),
    show(segments, <<B/binary, I:16, I:16/little, -1:12/signed, F/float, F:32/float, "str", C/utf8>>),
    show(utf16_32, <<C/utf16, C/utf16-little, C/utf32, C/utf32-little>>),
    show(sizes, [<<I:(id(N))>> || N <- [0, 3, 9, 17, 64, 65]]),
    show(binary_sizes, [<<B:(id(N))/binary>> || N <- [0, 1, 2]]),
    show(bits, <<(id(<<5:3>>))/bits, (id(<<1:1>>))/bits, 7:4>>),
    show(append, append_loop(id(10), <<>>)),
    show(append_bits, append_bits(id(9), <<>>)),
    show(comprehension, << <<(X * 2)>> || X <- lists:seq(1, 20) >>),
    show(comprehension_bits, << <<X:3>> || X <- lists:seq(0, 7) >>),
    show(nested, << <<(byte_size(Y)):8, Y/binary>> || Y <- [<<"a">>, <<"bcd">>, <<>>] >>),
    show(fixed_size, <<I:16, I:8, (id(7)):4, 15:4>>),
    show(big_integer, <<(id(1 bsl 100)):128>>),
    show(float16, <<(id(1.5)):16/float>>),
    show(large, byte_size(<< <<X:32>> || X <- lists:seq(1, 1000) >>)),
    [show(error, catching(Fun)) || Fun <- errors()],
    ok.

append_loop(0, Acc) -> Acc;
append_loop(N, Acc) -> append_loop(N - 1, <<Acc/binary, N, "-">>).

append_bits(0, Acc) -> Acc;
append_bits(N, Acc) -> append_bits(N - 1, <<Acc/bits, N:5>>).

errors() ->
    [fun() -> <<(id(a)):8>> end,
     fun() -> <<(id(1)):(id(-1))>> end,
     fun() -> <<(id(x))/float>> end,
     fun() -> <<(id(<<1:3>>))/binary>> end,
     fun() -> <<(id(-1))/utf8>> end,
     fun() -> <<(id(16#110000))/utf16>> end,
     fun() -> <<(id(<<1,2>>)):3/binary>> end].

catching(F) ->
    try F() of
        V -> {ok, V}
    catch
        C:R -> {C, R}
    end.

show(Label, Value) -> io:format("~p: ~p~n", [Label, Value]).
