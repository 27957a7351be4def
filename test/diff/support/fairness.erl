%% The measurement behind bif_fairness and ets_fairness: a BIF called on a huge input lets
%% other processes run while it works. A ticker that wants to run every millisecond records
%% its largest gap while another process runs the BIF, both on one scheduler (multi-scheduling
%% blocked), so only BIFs that yield keep the gap small. The worker's heap and binary heap are
%% made big enough from the start that no collection adds its own pause (erts would run it on
%% a dirty scheduler, ember on the worker's own), and it exits only after the measurement, for
%% freeing that heap takes time too.
-module(fairness).
-export([run/1]).

-define(BOUND_MS, 100).

%% Prints Name: ok, or {too_slow, Ms}, for each {Name, Input, F}: F(Input()) is measured.
run(Cases) ->
    blocked = erlang:system_flag(multi_scheduling, block),
    [io:format("~p: ~p~n", [Name, verdict(Input, F, 3)]) || {Name, Input, F} <- Cases],
    erlang:system_flag(multi_scheduling, unblock),
    ok.

%% A BIF that holds the scheduler does so every time; the machine's other load only now and
%% then, so a case gets three tries.
verdict(Input, F, Tries) ->
    case max_gap_ms(Input, F) of
        Ms when Ms < ?BOUND_MS -> ok;
        Ms when Tries =:= 1 -> {too_slow, Ms};
        _ -> verdict(Input, F, Tries - 1)
    end.

max_gap_ms(Input, F) ->
    Self = self(),
    Worker = spawn_opt(fun() ->
                               L = Input(),
                               Self ! ready,
                               receive go -> ok end,
                               _ = F(L),
                               Self ! done,
                               receive quit -> ok end
                       end, [{min_heap_size, 70000000}, {min_bin_vheap_size, 100000000}]),
    receive ready -> ok end,
    Ticker = spawn(fun() -> tick(erlang:monotonic_time(microsecond), 0, Self) end),
    receive ticking -> ok end,
    Worker ! go,
    receive done -> ok end,
    Ticker ! {stop, Self},
    receive {max_gap, Gap} -> ok end,
    Worker ! quit,
    Gap div 1000.

tick(Last, Max, Parent) ->
    Parent ! ticking,
    tick_loop(Last, Max).

tick_loop(Last, Max) ->
    receive
        {stop, Parent} ->
            Parent ! {max_gap, max(Max, erlang:monotonic_time(microsecond) - Last)}
    after 1 ->
        Now = erlang:monotonic_time(microsecond),
        tick_loop(Now, max(Max, Now - Last))
    end.
