%% Calls made while a long queue of unrelated messages waits in the caller's mailbox: each
%% reply receive starts at the marker of its reference, with calls nested four deep, and
%% demonitor(Ref, [flush]) of a live monitor does not search the queue. Done in a helper
%% process that reports back; a VM that scans the queue per call reports too_slow.
-module(receive_long_queue).
-export([main/0]).

-define(QUEUE, 200000).

main() ->
    Srv = spawn_link(fun echoer/0),
    phase(plain_calls, fun() -> plain_calls(Srv, 20000) end),
    phase(nested_calls, fun() -> nested_calls(Srv, 2000) end),
    unlink(Srv),
    exit(Srv, kill).

phase(Name, Work) ->
    Self = self(),
    Pid = spawn(fun() ->
                        [self() ! {junk, N} || N <- lists:seq(1, ?QUEUE)],
                        R = Work(),
                        {message_queue_len, Left} = process_info(self(), message_queue_len),
                        Self ! {self(), R, Left}
                end),
    receive
        {Pid, R, Left} -> io:format("~p: ~p, ~p left~n", [Name, R, Left])
    after 20000 ->
        exit(Pid, kill),
        io:format("~p: too_slow~n", [Name])
    end.

echoer() ->
    receive
        {Ref, From, Msg, N} -> [From ! {Ref, Msg} || _ <- lists:seq(1, N)];
        _ -> ok
    end,
    echoer().

call(Srv, Msg, N, Inner) ->
    Ref = erlang:monitor(process, Srv),
    Srv ! {Ref, self(), Msg, N},
    Inner(),
    R = collect(Ref, Msg, N, 0),
    erlang:demonitor(Ref, [flush]),
    R.

collect(_Ref, _Msg, 0, Got) -> Got;
collect(Ref, Msg, N, Got) ->
    receive
        {Ref, Msg} -> collect(Ref, Msg, N - 1, Got + 1);
        {'DOWN', Ref, process, _, Reason} -> exit({server_down, Reason})
    end.

plain_calls(_Srv, 0) -> ok;
plain_calls(Srv, K) ->
    1 = call(Srv, hello, 1, fun() -> ok end),
    plain_calls(Srv, K - 1).

nested_calls(_Srv, 0) -> ok;
nested_calls(Srv, K) ->
    L4 = fun() -> 20 = call(Srv, four, 20, fun() -> ok end) end,
    L3 = fun() -> 20 = call(Srv, three, 20, L4) end,
    L2 = fun() -> 20 = call(Srv, two, 20, L3) end,
    20 = call(Srv, one, 20, L2),
    nested_calls(Srv, K - 1).
