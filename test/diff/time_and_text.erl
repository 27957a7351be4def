%% Calendar-time BIFs on fixed dates, time-unit conversion, identifiers as text, and a few
%% system BIFs; errors are shown as their reason and top frame.
-module(time_and_text).
-export([main/0, id/1]).

id(X) -> X.

main() ->
    Moment = {{2024, 2, 29}, {12, 30, 45}},
    show(posix, erlang:universaltime_to_posixtime(Moment)),
    show(from_posix, [erlang:posixtime_to_universaltime(S) || S <- [0, 1709209845, -1, 951782400, 4102444800]]),
    show(local_round_trip, erlang:localtime_to_universaltime(erlang:universaltime_to_localtime(Moment))),
    show(calendar, [calendar:day_of_the_week(2024, 2, 29), calendar:datetime_to_gregorian_seconds(Moment),
                    calendar:gregorian_seconds_to_datetime(63875125845)]),
    show(bad_dates, [top(fun() -> erlang:universaltime_to_posixtime(id(D)) end)
                     || D <- [{{2023, 2, 29}, {0, 0, 0}}, {{2024, 13, 1}, {0, 0, 0}}, {{2024, 1, 1}, {24, 0, 0}}, bad]]),
    show(units, [erlang:convert_time_unit(1000000, microsecond, millisecond),
                 erlang:convert_time_unit(3, second, nanosecond),
                 erlang:convert_time_unit(-1, millisecond, second),
                 erlang:convert_time_unit(7, 1000, 10),
                 top(fun() -> erlang:convert_time_unit(1, id(bogus), second) end)]),
    show(clock_shapes, [is_tuple(erlang:localtime()), is_tuple(erlang:universaltime()), is_tuple(date()),
                        is_tuple(time()), is_tuple(erlang:timestamp()), is_integer(erlang:system_time()),
                        is_integer(erlang:time_offset()), is_integer(erlang:time_offset(millisecond))]),
    Pid = list_to_pid("<0.77.3>"),
    show(pid_text, [pid_to_list(Pid), is_pid(Pid), list_to_pid(pid_to_list(Pid)) =:= Pid]),
    show(bad_pids, [top(fun() -> list_to_pid(id(T)) end) || T <- ["<0.4>", "junk", "<0.4.0> ", "<1.2.3>"]]),
    Ref = make_ref(),
    Tab = ets:new(t, []),
    show(ref_text, [list_to_ref(ref_to_list(X)) =:= X || X <- [Ref, Tab]] ++
                   [ref_to_list(list_to_ref(T)) || T <- ["#Ref<0.1.2.3>", "#Ref<0.01.2.3>", "#Ref<0.4294967295.2.262143>"]]),
    show(bad_refs, [top(fun() -> list_to_ref(id(T)) end)
                    || T <- ["#Ref<0.1.2>", "#Ref<0.1.2.3.4>", "#Ref<0.4294967296.2.3>", "#Ref<0.1.2.262144>",
                             "#Ref<1.1.2.3>", "#Ref< 0.1.2.3>", "#Ref<0.1..3>", "junk", [-1]]]),
    show(port_text, [port_to_list(list_to_port(T)) || T <- ["#Port<0.5>", "#Port<0.05>", "#Port<0.268435455>"]]),
    show(bad_ports, [top(fun() -> list_to_port(id(T)) end)
                     || T <- ["#Port<0.5", "#Port<1.5>", "#Port<0.268435456>", "#Port<0.>", "#Port<0.1.2>"]]),
    show(fun_text, erlang:fun_to_list(fun lists:map/2)),
    show(builtins, [erlang:is_builtin(erlang, self, 0), erlang:is_builtin(lists, map, 2),
                    erlang:is_builtin(lists, reverse, 2), erlang:is_builtin(erlang, garbage_collect, 0)]),
    show(gc, [garbage_collect(), erlang:garbage_collect(self())]),
    show(system_flag, [erlang:system_flag(backtrace_depth, 8), top(fun() -> erlang:system_flag(id(bogus), 1) end)]),
    show(clocks_apart, clocks_apart()),
    ok.

%% statistics(runtime) is CPU time: it hardly moves while the VM sleeps, and wall_clock does.
clocks_apart() ->
    statistics(runtime),
    statistics(wall_clock),
    timer:sleep(300),
    {_, Cpu} = statistics(runtime),
    {_, Wall} = statistics(wall_clock),
    {Cpu < 100, Wall >= 300}.

top(F) ->
    try F() catch Class:Reason:Stack -> {Class, Reason, hd(Stack)} end.

show(Label, Value) -> io:format("~p: ~p~n", [Label, Value]).
