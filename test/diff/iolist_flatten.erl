%% iolist_to_binary/1 and list_to_binary/1 write the bytes of nested lists, bytes and
%% binaries (aligned or not, as heads and as tails) into one binary, or fail with badarg.
-module(iolist_flatten).
-export([main/0]).
-import(diff_util, [catching/1, id/1]).

main() ->
    <<_:3, Odd:40/bits, _/bits>> = id(<<"abcdefghijk">>),
    <<_:1, Odd2:24/bitstring, _:7>> = id(<<1, 2, 3, 4>>),
    Deep = lists:foldl(fun(I, Acc) -> [Acc, I rem 256, <<I:16>>] end, [], lists:seq(1, 1000)),
    Cases = [[], <<>>, [<<"a">> | <<"b">>], [[[[[[1]]]]], 2, [], <<3>>], [Odd, "x", [Odd]], Deep,
             [binary:copy(<<"z">>, 100), [[]], 255], [Odd2, Odd2], [1, 2 | <<"tail">>], [a],
             [256], [-1], [1 | 2], <<1:3>>, [<<1:3>>], [[1 | <<2>>], 3], [[1, 2] | Odd]],
    [io:format("~p ~p~n", [catching(fun() -> erlang:md5(iolist_to_binary(id(C))) end),
                           catching(fun() -> erlang:md5(list_to_binary(id(C))) end)])
     || C <- Cases],
    ok.
