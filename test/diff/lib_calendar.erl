%% The calendar module as shipped, on fixed dates only (never the current
%% time): day counts, gregorian seconds, weekdays, leap years, ISO weeks,
%% time differences, RFC 3339 formatting and parsing, and validation.
-module(lib_calendar).
-import(diff_util, [catching/1]).
-export([main/0]).

main() ->
    Dates = [{1, 1, 1}, {1970, 1, 1}, {1999, 12, 31}, {2000, 2, 29}, {2024, 2, 29},
             {2023, 12, 31}, {2021, 1, 3}, {2020, 12, 31}, {9999, 12, 31}, {1900, 3, 1}],
    lists:foreach(
      fun(D) ->
              Days = calendar:date_to_gregorian_days(D),
              show(D, {Days, calendar:gregorian_days_to_date(Days) =:= D,
                       calendar:day_of_the_week(D), calendar:iso_week_number(D),
                       calendar:is_leap_year(element(1, D)),
                       calendar:last_day_of_the_month(element(1, D), element(2, D))})
      end, Dates),
    DTs = [{{1970, 1, 1}, {0, 0, 0}}, {{2000, 1, 1}, {12, 30, 45}}, {{2038, 1, 19}, {3, 14, 7}},
           {{1969, 12, 31}, {23, 59, 59}}],
    lists:foreach(
      fun(DT) ->
              Secs = calendar:datetime_to_gregorian_seconds(DT),
              show(DT, {Secs, calendar:gregorian_seconds_to_datetime(Secs) =:= DT,
                        Secs - 62167219200})
      end, DTs),
    Cases =
        [{seconds_to_daystime, fun() -> [calendar:seconds_to_daystime(S) || S <- [0, 59, 86399, 86400, 1000000, -1]] end},
         {seconds_to_time, fun() -> calendar:seconds_to_time(45296) end},
         {time_to_seconds, fun() -> calendar:time_to_seconds({23, 59, 59}) end},
         {time_difference, fun() -> calendar:time_difference({{2000, 1, 1}, {0, 0, 0}}, {{2000, 3, 1}, {12, 0, 1}}) end},
         {time_difference_neg, fun() -> calendar:time_difference({{2000, 1, 2}, {0, 0, 0}}, {{2000, 1, 1}, {0, 0, 0}}) end},
         {valid_date, fun() -> [calendar:valid_date(D) || D <- [{2023, 2, 29}, {2024, 2, 29}, {2023, 13, 1}, {2023, 4, 31}, {0, 1, 1}]] end},
         {valid_date_3, fun() -> calendar:valid_date(2000, 2, 29) end},
         {day_of_week_3, fun() -> calendar:day_of_the_week(2000, 1, 1) end},
         {iso_week_edges, fun() -> [calendar:iso_week_number({Y, 1, 1}) || Y <- lists:seq(2015, 2026)] end},
         {leap_years, fun() -> [Y || Y <- lists:seq(1896, 2024, 4) ++ [1900, 2100, 2000], calendar:is_leap_year(Y)] end},
         {rfc3339_utc, fun() -> calendar:system_time_to_rfc3339(1700000000, [{offset, "Z"}]) end},
         {rfc3339_offset, fun() -> calendar:system_time_to_rfc3339(1700000000123, [{unit, millisecond}, {offset, "+02:00"}]) end},
         {rfc3339_micro, fun() -> calendar:system_time_to_rfc3339(1700000000123456, [{unit, microsecond}, {offset, "-05:30"}, {time_designator, $\s}]) end},
         {rfc3339_zero, fun() -> calendar:system_time_to_rfc3339(0, [{offset, 0}]) end},
         {rfc3339_parse, fun() -> calendar:rfc3339_to_system_time("2023-11-14T22:13:20Z") end},
         {rfc3339_parse_ms, fun() -> calendar:rfc3339_to_system_time("2023-11-14T22:13:20.123+02:00", [{unit, millisecond}]) end},
         {rfc3339_roundtrip, fun() -> calendar:rfc3339_to_system_time(calendar:system_time_to_rfc3339(123456789, [{offset, "Z"}])) end},
         {universal_to_local_fixed, fun() -> calendar:now_to_universal_time({1700, 0, 0}) end},
         {datetime_to_posix, fun() -> calendar:datetime_to_gregorian_seconds({{2023, 11, 14}, {22, 13, 20}}) - 62167219200 end},
         {err_bad_date, fun() -> calendar:date_to_gregorian_days({2023, 2, 30}) end},
         {err_day_of_week, fun() -> calendar:day_of_the_week({2023, 13, 1}) end},
         {err_rfc3339_bad, fun() -> calendar:rfc3339_to_system_time("not a date") end}],
    lists:foreach(fun({L, F}) -> show(L, catching(F)) end, Cases).

show(Label, Value) ->
    io:format("~p: ~p~n", [Label, Value]).
