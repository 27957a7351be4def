%% Receive timeouts: values up to 2^32-1 ms start a timer, anything larger (small or big) is
%% timeout_value as a negative one is; and a timeout never fires before its whole time has
%% passed, wherever in the current millisecond the receive starts. send_after and start_timer
%% keep that rule too.
-module(receive_timeout_limits).
-export([main/0]).
-import(diff_util, [id/1]).

main() ->
    [io:format("~p: ~p~n", [T, wait(T)])
     || T <- [16#ffffffff, 16#100000000, 1 bsl 59, (1 bsl 59) - 1, 1 bsl 60, 1 bsl 64,
              -1, -(1 bsl 64), 0, 0.0, 1.0, infinity, foo]],
    io:format("receive never early: ~p~n", [lists:usort([early(receive_after, N) || N <- lists:seq(1, 60)])]),
    io:format("send_after never early: ~p~n", [lists:usort([early(send_after, N) || N <- lists:seq(1, 30)])]),
    io:format("start_timer never early: ~p~n", [lists:usort([early(start_timer, N) || N <- lists:seq(1, 30)])]).

%% A message is waiting, so a valid timeout is never reached.
wait(T) ->
    self() ! here,
    try receive here -> message after id(T) -> timeout end
    catch C:R -> {C, R}
    end.

%% Starts somewhere inside a millisecond (spinning for N microseconds first) and checks the
%% elapsed time against the timeout.
early(How, N) ->
    Spin = erlang:monotonic_time(microsecond) + N * 17 rem 1000,
    spin(Spin),
    Ms = 1 + N rem 3,
    Before = erlang:monotonic_time(),
    case How of
        receive_after -> receive after Ms -> ok end;
        send_after -> erlang:send_after(Ms, self(), tick), receive tick -> ok end;
        start_timer -> Ref = erlang:start_timer(Ms, self(), tick), receive {timeout, Ref, tick} -> ok end
    end,
    Elapsed = erlang:convert_time_unit(erlang:monotonic_time() - Before, native, microsecond),
    Elapsed >= Ms * 1000.

spin(Until) ->
    case erlang:monotonic_time(microsecond) < Until of
        true -> spin(Until);
        false -> ok
    end.
