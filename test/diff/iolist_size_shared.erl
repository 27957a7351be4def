%% iolist_size/1 counts bytes without making them: an iolist whose parts are shared can
%% stand for far more bytes than memory holds (1 TiB here, from a 1 MiB binary).
-module(iolist_size_shared).
-export([main/0]).
-import(diff_util, [catching/1, id/1]).

main() ->
    Base = id(<<0:(1 bsl 20)/unit:8>>),
    Huge = double(Base, 20),
    io:format("~p~n", [iolist_size(Huge)]),
    io:format("~p~n", [iolist_size([47, double([1, 2, <<3>>], 16) | <<4, 5>>])]),
    <<_:3, Odd/bitstring>> = id(<<1, 2, 3>>),
    <<_:8, Sub/binary>> = Base,
    Cases = [<<>>, [], <<1, 2, 3>>, [[], [[]], <<>>], [1, [2, <<3, 4>>] | <<5>>], Sub, [Sub, Sub],
             [256], [-1], [a], [1 | 2], Odd, [Odd], [1.0], [[1, 2] | a], {1}, 7,
             [Huge, [badarg]], [Huge | bad]],
    [io:format("~p~n", [catching(fun() -> iolist_size(id(C)) end)]) || C <- Cases],
    ok.

double(L, 0) -> L;
double(L, N) -> double([L, L], N - 1).
