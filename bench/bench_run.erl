%% Runs one benchmark program inside the VM, so that start-up is not measured, and prints
%% "ok wall_us W cpu_ms C" for bench/run.sh. A program checks its own result: a wrong one
%% raises, this module prints the reason and the VM exits with 1.
-module(bench_run).
-export([main/1]).

main([Name, Size]) ->
    Module = module(atom_to_list(Name)),
    statistics(runtime),
    Start = erlang:monotonic_time(microsecond),
    Outcome = try Module:run(Size) catch Class:Reason -> {Class, Reason} end,
    Wall = erlang:monotonic_time(microsecond) - Start,
    {_, Cpu} = statistics(runtime),
    case Outcome of
        ok ->
            io:format("ok wall_us ~p cpu_ms ~p~n", [Wall, Cpu]);
        Failure ->
            io:format("failed ~0p~n", [Failure]),
            erlang:halt(1)
    end.

%% An Erlang program NAME is the module bench_NAME; an Elixir one, named in capitals, is
%% Bench.NAME.
module([First | _] = Name) when First >= $A, First =< $Z -> list_to_atom("Elixir.Bench." ++ Name);
module(Name) -> list_to_atom("bench_" ++ Name).
