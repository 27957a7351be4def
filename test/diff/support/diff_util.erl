%% Helpers the differential tests share (each imports what it uses).
-module(diff_util).
-export([id/1, catching/1, quiet_logger/0]).

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
