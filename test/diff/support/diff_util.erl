%% Helpers the differential tests share (each imports what it uses).
-module(diff_util).
-export([id/1, catching/1]).

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
