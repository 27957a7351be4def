%% Times a workload inside the VM (so start-up is not measured), checks its result, and prints
%% "microseconds N" for bench/compare.sh.
-module(bench_timer).
-export([report/2]).

report(Work, Expected) ->
    Start = erlang:monotonic_time(microsecond),
    Result = Work(),
    Elapsed = erlang:monotonic_time(microsecond) - Start,
    case Result of
        Expected -> io:format("microseconds ~p~n", [Elapsed]);
        _ -> io:format("wrong result ~p~n", [Result]), erlang:halt(1)
    end.
