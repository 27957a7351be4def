%% Timers set by processes on one scheduler and cancelled or read by processes on others: a
%% cancelled timer never fires, one read before it fires has time left, and the others fire
%% once each.
-module(smp_timers).
-export([main/0]).

-define(TIMERS, 2000).

main() ->
    Self = self(),
    Setters = [spawn(fun() -> set_timers(Self, S) end) || S <- lists:seq(1, 8)],
    Timers = lists:append([receive {timers, P, Ts} -> Ts end || P <- Setters]),
    {Cancel, Keep} = lists:partition(fun({N, _}) -> N rem 2 =:= 0 end, Timers),
    Cancellers = [spawn(fun() -> Self ! {cancelled, self(), [erlang:cancel_timer(R) || {_, R} <- Part]} end)
                  || Part <- split(Cancel, 8)],
    Results = lists:append([receive {cancelled, P, Rs} -> Rs end || P <- Cancellers]),
    io:format("cancelled in time: ~p of ~p~n", [length([R || R <- Results, is_integer(R)]), length(Cancel)]),
    Reads = [erlang:read_timer(R) || {_, R} <- Keep],
    io:format("read before firing: ~p~n", [length([R || R <- Reads, is_integer(R)])]),
    Fired = collect(length(Keep), []),
    io:format("fired: ~p, all kept ones: ~p~n",
              [length(Fired), lists:sort(Fired) =:= lists:sort([N || {N, _} <- Keep])]),
    receive {fired, N} -> io:format("late: ~p~n", [N]) after 300 -> io:format("none late~n") end.

set_timers(Parent, S) ->
    Ts = [{N, erlang:send_after(500 + N rem 100, Parent, {fired, N})}
          || N <- lists:seq(S, ?TIMERS, 8)],
    Parent ! {timers, self(), Ts}.

collect(0, Acc) -> Acc;
collect(K, Acc) -> receive {fired, N} -> collect(K - 1, [N | Acc]) end.

split(List, Parts) ->
    [[X || {I, X} <- lists:zip(lists:seq(1, length(List)), List), I rem Parts =:= P]
     || P <- lists:seq(0, Parts - 1)].
