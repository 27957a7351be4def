%% erlang:halt/1,2 check their arguments as erts does: the options first (a proper list of
%% {flush, true | false}, else badarg with cause badopt), then the status (a non-negative
%% integer, abort or a character list). The test ends by halting with a bignum status, of
%% which the exit status is the low byte.
-module(halt_args).
-import(diff_util, [id/1]).
-export([main/0]).

main() ->
    Bad = [{0, [undefined]}, {0, undefined}, {0, [{flush, maybe}]}, {0, [{flush, true} | x]},
           {0, [{flush, true}, {other, 1}]}, {0, [{flush}]}, {-1, []}, {-1, [bad]}, {1.0, []},
           {foo, []}, {"abc" ++ x, []}, {[16#D800], []}, {[-1], []}, {[a], []}, {<<"s">>, []},
           {-(1 bsl 70), []}, {{0}, []}, {abort, [x]}, {[], [y]}],
    [show(fun() -> erlang:halt(id(S), id(O)) end) || {S, O} <- Bad],
    [show(fun() -> erlang:halt(id(S)) end) || S <- [-1, foo, 1.5, [a], <<>>]],
    erlang:halt(id((1 bsl 70) + 16#103), id([{flush, false}, {flush, true}])).

%% The error and the top frame, which names the BIF, its arguments and the error_info.
show(F) ->
    try F() of
        V -> io:format("returned ~p~n", [V])
    catch
        C:R:St -> io:format("~p~n", [{C, R, hd(St)}])
    end.
