%% Helpers the differential tests share (each imports what it uses).
-module(diff_util).
-export([id/1, catching/1, quiet_logger/0, wait_collector/0]).

%% Hides a value from the compiler, so that an expression is evaluated by the
%% VM at run time rather than folded at compile time.
id(X) -> X.

%% The value of F(), or {Class, Reason} if it raises.
catching(F) ->
    try F() of
        V -> V
    catch
        C:R -> {C, R}
    end.

%% erl's logger prints error reports (a crashed process, a spawn past the process limit) to
%% stdout, with pids and a timestamp, at no fixed place. Silences it when a logger runs; a VM
%% without one prints nothing anyway.
quiet_logger() ->
    case whereis(logger) of
        undefined -> ok;
        _ -> logger:set_primary_config(level, none)
    end.

%% As OTP's own tests do (literal_area_collector_test.erl): asks the literal area collector
%% until it is idle, so that the areas of purged code are freed.
wait_collector() ->
    [Collector] = [P || P <- processes(),
                        process_info(P, initial_call) =:= {initial_call, {erts_literal_area_collector, start, 0}}],
    wait_idle(Collector).

wait_idle(Collector) ->
    Ref = make_ref(),
    Collector ! {get_status, Ref, self()},
    receive
        {Ref, idle} -> ok;
        {Ref, working} -> receive after 10 -> wait_idle(Collector) end
    end.
