%% Binaries: construction by appending in a loop and from iolists, bit-syntax matching of
%% length-prefixed records, binary comprehensions, and the binary module (split, match,
%% matches, replace, copy, part, encode/decode_unsigned); checked by invariants and an MD5
%% of the results.
-module(bench_binaries).
-export([run/1]).

-define(RECORDS, 2000).

run(quick) -> run_reps(4);
run(default) -> run_reps(200).

run_reps(Reps) ->
    Got = lists:usort([workload(?RECORDS) || _ <- lists:seq(1, Reps)]),
    check(Got, [expected(?RECORDS)]).

name(I) -> <<"rec-", (integer_to_binary(I * 7919))/binary>>.

workload(N) ->
    %% Append records one by one: <<Len:8, Name, I:32/little, (I rem 65536):16>>.
    Encoded = encode(1, N, <<>>),
    %% The same records from an iolist.
    Encoded = iolist_to_binary([[byte_size(name(I)), name(I), <<I:32/little, I:16>>]
                                || I <- lists:seq(1, N)]),
    {Count, Sum} = decode(Encoded, 0, 0),
    %% A comma-separated text, split, searched and rewritten.
    Text = iolist_to_binary(lists:join(<<",">>, [name(I) || I <- lists:seq(1, N)])),
    Fields = binary:split(Text, <<",">>, [global]),
    Digits = lists:sum([binary_to_integer(binary:part(F, 4, byte_size(F) - 4)) || F <- Fields]),
    Nines = length(binary:matches(Text, [<<"99">>, <<"rec-1">>])),
    {First, _} = binary:match(Text, <<"-7919,">>),
    Replaced = binary:replace(Text, [<<"rec-">>, <<",">>], <<"#">>, [global]),
    Reversed = list_to_binary(lists:reverse(binary_to_list(Replaced))),
    Copied = binary:copy(<<"ab">>, N),
    Numbers = << <<(binary:encode_unsigned(I * I * 1000003))/binary>> || I <- lists:seq(1, N) >>,
    Decoded = binary:decode_unsigned(binary:part(Numbers, byte_size(Numbers) - 4, 4)),
    Bits = << <<(I band 1):1>> || I <- lists:seq(1, N) >>,
    Ones = length([B || <<B:1>> <= Bits, B =:= 1]),
    Digest = erlang:md5([Encoded, Text, Replaced, Reversed, Numbers]),
    {Count, Sum, length(Fields), Digits, Nines, First, byte_size(Replaced),
     byte_size(Copied), Decoded, bit_size(Bits), Ones, Digest}.

encode(I, N, Acc) when I > N -> Acc;
encode(I, N, Acc) ->
    Name = name(I),
    encode(I + 1, N, <<Acc/binary, (byte_size(Name)):8, Name/binary, I:32/little, I:16>>).

decode(<<>>, Count, Sum) -> {Count, Sum};
decode(<<Len:8, Name:Len/binary, I:32/little, Low:16, Rest/binary>>, Count, Sum) ->
    <<"rec-", Digits/binary>> = Name,
    I = binary_to_integer(Digits) div 7919,
    Low = I band 16#FFFF,
    decode(Rest, Count + 1, Sum + I).

%% The match count, the size after replacement and the digest (for 2000 records) were
%% checked against an independent implementation.
expected(N) ->
    Sum = N * (N + 1) div 2,
    {N, Sum, N, 7919 * Sum, 980, 3, 18598, 2 * N,
     (N * N * 1000003) band 16#FFFFFFFF, N, (N + 1) div 2,
     <<178, 137, 88, 197, 106, 252, 140, 149, 214, 35, 23, 207, 141, 23, 166, 34>>}.

check(Expected, Expected) -> ok;
check(Got, _) -> erlang:error({wrong_result, binaries, Got}).
