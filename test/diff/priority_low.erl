%% A low priority process still runs while a normal priority process is always runnable:
%% erts interleaves the two levels, running low ones less often. A high priority watchdog
%% reports starvation instead of letting the test hang.
-module(priority_low).
-export([main/0]).

main() ->
    Watchdog = spawn_opt(fun() -> receive done -> ok after 10000 -> io:format("starved~n"), erlang:halt(0) end end,
                         [{priority, high}]),
    Spinners = [spawn(fun() -> spin(0) end) || _ <- lists:seq(1, 3)],
    Self = self(),
    Low = spawn_opt(fun() -> Self ! {low, count(0, 200000)} end, [{priority, low}]),
    process_flag(priority, low),
    receive after 10 -> ok end,
    R = receive {low, N} -> N end,
    io:format("low process finished: ~p~n", [R]),
    io:format("main runs at low priority: ~p~n", [process_info(self(), priority)]),
    process_flag(priority, normal),
    [exit(S, kill) || S <- Spinners],
    Watchdog ! done,
    io:format("~p~n", [is_pid(Low)]).

spin(N) -> spin(N + 1).

count(N, N) -> N;
count(K, N) -> count(K + 1, N).
