%% `init' is registered before the program's first instruction: stdlib asks it for flags (erl_scan
%% for the enabled features when an atom is quoted), so a program that prints an atom at once
%% must find it. In -bare, ember registered it from inside a new process, which on another
%% scheduler might not have run yet.
-module(init_registered).
-export([main/0]).

main() ->
    Registered = is_pid(whereis(init)),
    io:format("~p ~p~n", [Registered, ['quoted atom', plain, 'maybe']]).
