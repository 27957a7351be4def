%% The module exhaust:write_bombs/0 turns into files that inflate to more
%% memory than the cap allows; loading them must fail cleanly.
-module(stress_bomb).
-export([main/0]).

main() -> io:format("loaded~n").
