%% Timers that are cancelled in great numbers (as receive timeouts are, by the messages they
%% wait for) leave the others to fire in order, with the right remaining times.
-module(timers_cancelled).
-export([main/0]).

main() ->
    Long = erlang:start_timer(60000, self(), long),
    [erlang:cancel_timer(erlang:start_timer(10000 + I, self(), I)) || I <- lists:seq(1, 20000)],
    Server = spawn(fun echo/0),
    ok = calls(Server, 20000),
    Short = [erlang:start_timer(T, self(), T) || T <- [90, 30, 60]],
    Left = erlang:read_timer(Long),
    io:format("long timer left: ~p~n", [Left > 50000 andalso Left =< 60000]),
    io:format("fired: ~p~n", [[receive {timeout, _, T} -> T after 5000 -> none end || _ <- Short]]),
    io:format("cancel after firing: ~p~n", [[erlang:cancel_timer(R) || R <- Short]]),
    io:format("long timer cancelled: ~p~n", [is_integer(erlang:cancel_timer(Long))]),
    ok.

%% Each call waits in a receive with a timeout that the reply cancels.
calls(_, 0) -> ok;
calls(Server, N) ->
    Server ! {self(), N},
    receive N -> calls(Server, N - 1) after 5000 -> timeout end.

echo() ->
    receive {From, N} -> From ! N, echo() end.
