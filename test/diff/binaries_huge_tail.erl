%% A binary pattern whose tail size does not fit in 64 bits: the compiler encodes the size as
%% an unsigned operand wider than a word, which the loader accepts as a test that never matches.
-module(binaries_huge_tail).
-export([main/0]).
-import(diff_util, [catching/1, id/1]).

main() ->
    io:format("~p~n", [catching(fun() -> tail_4097(id(<<7:8, 0:16#1001>>)) end)]),
    io:format("~p~n", [catching(fun() -> tail_4097(id(<<7:8, 0:16#1000>>)) end)]),
    io:format("~p~n", [catching(fun() -> tail_2_31(id(<<7:8, 0:200>>)) end)]),
    io:format("~p~n", [catching(fun() -> tail_2_64(id(<<7:8, 0:200>>)) end)]),
    io:format("~p~n", [catching(fun() -> tail_2_64(id(<<>>)) end)]),
    io:format("~p~n", [catching(fun() -> tail_2_100(id(<<1, 2, 3>>)) end)]),
    io:format("~p~n", [[which(id(B)) || B <- [<<1>>, <<1, 2>>, <<1:1>>]]]).

tail_4097(<<B:8, _:16#1001>>) -> B.
tail_2_31(<<B:8, _:16#8000_0000>>) -> B.
tail_2_64(<<B:8, _:16#1_0000_0000_0000_0000>>) -> B.
tail_2_100(<<B:8, _:(1 bsl 100)>>) -> B.

which(<<_:16#1_0000_0000_0000_0000>>) -> huge;
which(<<_:8>>) -> byte;
which(<<_:16>>) -> two_bytes;
which(_) -> other.
