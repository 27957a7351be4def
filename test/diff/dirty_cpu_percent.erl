%% flags: +S 4 +SDPcpu 50:50
%% The dirty CPU schedulers as erts counts them: by default as many as the processors (not as
%% +S asks), +SDPcpu takes a percentage of that and of those online (at least one each), and
%% the normal schedulers cap both. What it prints depends on the machine, the same for both VMs.
-module(dirty_cpu_percent).
-export([main/0]).

main() ->
    io:format("~p~n", [[erlang:system_info(I) || I <- [schedulers, schedulers_online, dirty_cpu_schedulers,
                                                     dirty_cpu_schedulers_online]]]).
