%% flags: +S 4 +SP 50:25
%% +SP takes its percentages of what +S gives (by default the processors) once every flag is
%% read: here two schedulers, one online; the dirty CPU schedulers follow them as ever.
-module(scheduler_percent).
-export([main/0]).

main() ->
    io:format("~p~n", [[erlang:system_info(I) || I <- [schedulers, schedulers_online, dirty_cpu_schedulers,
                                                     dirty_cpu_schedulers_online]]]).
