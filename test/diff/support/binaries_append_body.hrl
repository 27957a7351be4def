%% The body of binaries_append and binaries_append_r24: appending to binaries, which ember does
%% in place when it safely can. Every earlier binary must keep its value whatever is appended
%% to it or to a shared prefix later.

id(X) -> X.

main() ->
    Base = id(binary:copy(<<"0123456789">>, 10)),  % 100 bytes: a shared binary
    B1 = <<Base/binary, "one">>,
    B2 = <<Base/binary, "two">>,                    % appends to the same prefix again
    B3 = <<B1/binary, "three">>,
    B4 = <<B1/binary, "four">>,
    show(values, [byte_size(X) || X <- [Base, B1, B2, B3, B4]]),
    show(tails, [binary:part(X, byte_size(X), -5) || X <- [Base, B1, B2, B3, B4]]),
    Bits1 = <<B1/binary, 5:3>>,
    Bits2 = <<B1/binary, 2:3>>,
    Bits3 = <<Bits1/bits, 1:5>>,
    Bits4 = <<Bits1/bits, 31:5>>,
    show(bits, [bit_size(X) || X <- [Bits1, Bits2, Bits3, Bits4]]),
    show(bit_tails, [tail_bits(X) || X <- [Bits1, Bits2, Bits3, Bits4]]),
    Loop = loop(id(5000), <<>>),
    show(loop, {byte_size(Loop), erlang:crc32(Loop)}),
    Forked = [<<Loop/binary, N>> || N <- [1, 2, 3]],
    show(forked, [binary:last(X) || X <- Forked]),
    show(loop_unchanged, erlang:crc32(Loop)),
    Comprehension = << <<X, (X * 2)>> || X <- lists:seq(1, 3000) >>,
    show(comprehension, {byte_size(Comprehension), erlang:crc32(Comprehension)}),
    BitLoop = bit_loop(id(20003), <<>>),
    show(bit_loop, {bit_size(BitLoop), erlang:phash2(BitLoop)}),
    Odd = <<BitLoop/bits, 1:1>>,
    Even = <<BitLoop/bits, 0:1>>,                  % the same prefix, extended again
    Odd2 = <<Odd/bits, 127:7>>,
    Even2 = <<Even/bits, 0:7>>,
    show(bit_forks, [{bit_size(X), tail_bits(X)} || X <- [Odd, Even, Odd2, Even2]]),
    show(bit_loop_unchanged, erlang:phash2(BitLoop)),
    Small = <<(id(<<"ab">>))/binary, "c">>,
    show(small, [Small, <<Small/binary, "d">>, <<Small/binary, "e">>]),
    ok.

loop(0, Acc) -> Acc;
loop(N, Acc) -> loop(N - 1, <<Acc/binary, (N rem 251), "xy">>).

bit_loop(0, Acc) -> Acc;
bit_loop(N, Acc) -> bit_loop(N - 1, <<Acc/bits, (N band 1):1>>).

tail_bits(B) ->
    Skip = bit_size(B) - 8,
    <<_:Skip/bits, Tail:8>> = B,
    Tail.

show(Label, Value) -> io:format("~p: ~p~n", [Label, Value]).
