%% While multi-scheduling is blocked, one thread at a time runs Erlang work, dirty calls too, as
%% in erts: two processes each waiting 300 ms on a dirty scheduler (one CPU, one I/O) take
%% turns, so each sees its call end after about 600 ms (with the block_normal kind, the dirty
%% schedulers would not take turns).
-module(dirty_blocked).
-export([main/0]).

main() ->
    Me = self(),
    blocked = erlang:system_flag(multi_scheduling, block),
    T0 = erlang:monotonic_time(millisecond),
    [spawn(fun() -> erts_debug:F(wait, 300), Me ! {F, erlang:monotonic_time(millisecond) - T0} end)
     || F <- [dirty_cpu, dirty_io]],
    Times = [receive {F, T} -> {F, T >= 550} end || F <- [dirty_cpu, dirty_io]],
    enabled = erlang:system_flag(multi_scheduling, unblock),
    io:format("~p~n", [Times]).
