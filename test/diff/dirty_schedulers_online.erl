%% flags: +S 4:4 +SDcpu 2:2
%% system_flag(dirty_cpu_schedulers_online, N): the previous count, and badarg for a count out
%% of 1 to the dirty CPU schedulers or more than the normal schedulers online. (The counts
%% read back are not compared: erts changes them only as its dirty schedulers next look.)
-module(dirty_schedulers_online).
-export([main/0]).

main() ->
    io:format("~p~n", [erlang:system_info(dirty_cpu_schedulers_online)]),
    Steps = [{dirty_cpu_schedulers_online, 0}, {dirty_cpu_schedulers_online, 3},
             {dirty_cpu_schedulers_online, two}, {dirty_cpu_schedulers_online, 1},
             {schedulers_online, 1}, {dirty_cpu_schedulers_online, 2}],
    [io:format("~p ~p: ~p~n", [Flag, N, set(Flag, N)]) || {Flag, N} <- Steps],
    ok.

set(Flag, N) ->
    try erlang:system_flag(Flag, N) catch error:badarg -> badarg end.
