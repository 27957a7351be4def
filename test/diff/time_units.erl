%% Time functions in every unit erlang:convert_time_unit/3 takes: atoms old and new, and
%% integers (parts per second), as supervisor's restart intensity uses monotonic_time(1);
%% and the os module's system_time/0,1 and perf_counter/0,1, which logger stamps events with.
-module(time_units).
-export([main/0]).
-import(diff_util, [catching/1, id/1]).

main() ->
    Units = [second, millisecond, microsecond, nanosecond, native, perf_counter,
             seconds, milli_seconds, micro_seconds, nano_seconds, 1, 10, 1000, 1000000, 7],
    [io:format("~p: ~p~n", [U, check(U)]) || U <- Units],
    Bad = [foo, 0, -1, 1.0, "second", {second}],
    [io:format("bad ~p: ~p ~p ~p ~p ~p~n",
               [U, catching(fun() -> erlang:monotonic_time(id(U)) end),
                catching(fun() -> erlang:system_time(id(U)) end),
                catching(fun() -> erlang:time_offset(id(U)) end),
                catching(fun() -> os:system_time(id(U)) end),
                catching(fun() -> os:perf_counter(id(U)) end)]) || U <- Bad],
    io:format("~p~n", [[is_integer(os:system_time()), is_integer(os:perf_counter())]]),
    P1 = os:perf_counter(), P2 = os:perf_counter(),
    io:format("perf_counter goes on: ~p~n", [P2 >= P1]),
    Native = os:system_time(),
    io:format("os:system_time() is native: ~p~n",
              [abs(erlang:convert_time_unit(Native, native, second) - erlang:system_time(second)) =< 1]).

%% Each clock read in a unit agrees with the same clock read in native units and converted.
check(U) ->
    [agrees(fun() -> erlang:monotonic_time() end, fun() -> erlang:monotonic_time(U) end, U),
     agrees(fun() -> erlang:system_time() end, fun() -> erlang:system_time(U) end, U),
     agrees(fun() -> os:system_time() end, fun() -> os:system_time(U) end, U),
     agrees(fun() -> os:perf_counter() end, fun() -> os:perf_counter(U) end,
            case U of native -> perf_counter; _ -> U end),
     is_integer(erlang:time_offset(U))].

agrees(Native, InUnit, U) ->
    A = erlang:convert_time_unit(Native(), native, U),
    B = InUnit(),
    C = erlang:convert_time_unit(Native(), native, U),
    is_integer(B) andalso A =< B andalso B =< C.
