%% erts_debug:get_internal_state/1 and set_internal_state/2 as OTP's test suites use them: off
%% (undef) until turned on, then reds_left, sleep and ets_force_trap (not supported in a
%% release build) answer, and unknown items are badarg.
-module(internal_state).
-export([main/0]).

main() ->
    quiet_logger(),
    show(fun() -> erts_debug:get_internal_state(reds_left) end),
    show(fun() -> erts_debug:set_internal_state(sleep, 1) end),
    show(fun() -> erts_debug:set_internal_state(available_internal_state, true) end),
    show(fun() -> erts_debug:get_internal_state(available_internal_state) end),
    show(fun() -> erts_debug:set_internal_state(ets_force_trap, true) end),
    show(fun() -> is_integer(erts_debug:get_internal_state(reds_left)) end),
    show(fun() -> erts_debug:set_internal_state(reds_left, 100) end),
    show(fun() -> erts_debug:set_internal_state(sleep, 1) end),
    show(fun() -> erts_debug:set_internal_state(no_such_item, 1) end),
    show(fun() -> erts_debug:get_internal_state(no_such_item) end),
    show(fun() -> erts_debug:set_internal_state(available_internal_state, false) end),
    show(fun() -> erts_debug:get_internal_state(available_internal_state) end).

%% erts reports the switch as a warning through the logger process, which erl prints at some
%% point after the fact, or not at all when the VM halts first: kept out of the output.
quiet_logger() ->
    case whereis(logger) of
        undefined -> ok;
        _ -> logger:set_primary_config(level, error)
    end.

show(F) ->
    io:format("~p~n", [try F() catch error:R:S -> {R, hd(S)} end]).
