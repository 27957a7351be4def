-module(receive_markers).
-export([main/0]).
%% A gen_server-style call with 20,000 unrelated messages queued: with receive markers the reply
%% is found without scanning them each time.
main() ->
    [self() ! {noise, N} || N <- lists:seq(1, 20000)],
    Server = spawn(fun loop/0),
    T0 = erlang:monotonic_time(millisecond),
    Results = [call(Server, N) || N <- lists:seq(1, 2000)],
    T1 = erlang:monotonic_time(millisecond),
    io:format("~p ~p~n", [lists:sum(Results), T1 - T0 < 5000]),
    io:format("queue ~p~n", [element(2, process_info(self(), message_queue_len))]).
call(Server, N) ->
    Ref = monitor(process, Server),
    Server ! {self(), Ref, N},
    receive
        {Ref, Reply} -> demonitor(Ref, [flush]), Reply;
        {'DOWN', Ref, _, _, R} -> exit(R)
    end.
loop() -> receive {From, Ref, N} -> From ! {Ref, N * 2}, loop() end.
