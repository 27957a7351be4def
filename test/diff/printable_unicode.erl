%% flags: +pc unicode
%% erl's +pc flag: with unicode, io_lib prints lists and binaries of any printable code point as
%% text, not only latin1 ones.
-module(printable_unicode).
-export([main/0]).

main() ->
    io:format("~p~n", [io:printable_range()]),
    io:format("~p~n", [[[1024, 1025, 1026], "abc", [$a, 16#10FFFF], <<"ЖЖ"/utf8>>]]),
    io:format("~tp~n", [[[1024, 1025, 1026], <<"ЖЖ"/utf8>>]]),
    io:format("~p~n", [[io_lib:printable_list([1024]), io_lib:printable_unicode_list([1024])]]).
