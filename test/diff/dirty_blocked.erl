%% While multi-scheduling is blocked, one thread at a time runs Erlang work, dirty calls too, as
%% in erts: two processes each waiting 300 ms on a dirty scheduler (one CPU, one I/O) take
%% turns, so the later of the two sees its call end after about 600 ms (with the block_normal
%% kind, the dirty schedulers would not take turns and both would end after about 300 ms).
%% Which of the two goes first depends on when each thread takes its turn, in erts as here.
-module(dirty_blocked).
-export([main/0]).

main() ->
    io:format("~p~n", [ends(block)]),
    io:format("~p~n", [ends(block_normal)]).

ends(How) ->
    Me = self(),
    Blocked = blocked_state(How),
    Blocked = erlang:system_flag(multi_scheduling, How),
    T0 = erlang:monotonic_time(millisecond),
    [spawn(fun() -> erts_debug:F(wait, 300), Me ! {F, erlang:monotonic_time(millisecond) - T0} end)
     || F <- [dirty_cpu, dirty_io]],
    Times = [receive {F, T} -> T end || F <- [dirty_cpu, dirty_io]],
    enabled = erlang:system_flag(multi_scheduling, unblock_of(How)),
    {How, {later_after_550, lists:max(Times) >= 550}, {earlier_after_250, lists:min(Times) >= 250}}.

blocked_state(block) -> blocked;
blocked_state(block_normal) -> blocked_normal.

unblock_of(block) -> unblock;
unblock_of(block_normal) -> unblock_normal.
