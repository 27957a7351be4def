%% A process that only receives collects when the binaries its messages brought outgrow its
%% binary virtual heap, as erts does when it schedules the process in: a sink of 1 MB binaries
%% holds a few of them at a time, not every one until its heap fills (ember held 50 of 300 before
%% it did this). Each binary is made by a process that ends at once, so only the sink keeps it.
-module(binary_sink_collects).
-export([main/0]).

main() ->
    Self = self(),
    Sink = spawn(fun() -> sink(Self) end),
    Peak = lists:foldl(fun(_, Peak) -> round_trip(Sink), max(Peak, erlang:memory(binary)) end, 0,
                       lists:seq(1, 300)),
    io:format("peak binary memory under 16 MB: ~p~n", [Peak < 16 bsl 20]).

round_trip(Sink) ->
    spawn(fun() -> Sink ! binary:copy(<<"x">>, 1 bsl 20) end),
    receive ack -> ok end.

sink(To) ->
    receive _ -> To ! ack, sink(To) end.
