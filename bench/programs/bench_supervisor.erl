%% One_for_one supervisors (supervisor:start_link, then gen_server:stop) whose proc_lib
%% children crash and are restarted many times: exit signals, the supervisor's restart
%% logic, proc_lib:start_link, and the crash and supervisor reports sent to logger (a
%% primary filter keeps these expected reports off the console); counts the restarts.
-module(bench_supervisor).
-behaviour(supervisor).
-export([run/1]).
-export([init/1, start_child/2, child_init/2, drop_report/2]).

-define(CHILDREN, 10).
%% Crashes per supervisor. Its restart intensity is exactly this, so it never gives up
%% (and its list of recent restarts stays short).
-define(CRASHES, 100).

run(quick) -> run_rounds(10);
run(default) -> run_rounds(700).

run_rounds(Rounds) ->
    Filter = quiet_logger(),
    try
        lists:usort([supervise(?CRASHES) || _ <- lists:seq(1, Rounds)])
    of
        Results ->
            check(Results, [{?CRASHES, [{active, ?CHILDREN}, {specs, ?CHILDREN},
                                        {supervisors, 0}, {workers, ?CHILDREN}],
                             ?CHILDREN}])
    after
        loud_logger(Filter)
    end.

supervise(Crashes) ->
    {ok, Sup} = supervisor:start_link(?MODULE, self()),
    Children = [receive {started, Id, Pid} -> {Id, Pid} end || Id <- lists:seq(1, ?CHILDREN)],
    Restarts = crash(Crashes, maps:from_list(Children), 0),
    Counts = lists:sort(supervisor:count_children(Sup)),
    Running = lists:sort([{Id, Pid} || {Id, Pid, worker, [?MODULE]}
                                         <- supervisor:which_children(Sup)]),
    Alive = length([Pid || {_, Pid} <- Running, is_process_alive(Pid)]),
    ok = gen_server:stop(Sup),
    {Restarts, Counts, Alive}.

%% Crashes the children in turn and waits for each restarted child to report.
crash(0, _, Restarts) -> Restarts;
crash(N, Children, Restarts) ->
    Id = N rem ?CHILDREN + 1,
    Old = maps:get(Id, Children),
    Old ! {crash, N},
    receive
        {started, Id, New} when New =/= Old ->
            crash(N - 1, Children#{Id := New}, Restarts + 1)
    end.

init(Parent) ->
    Flags = #{strategy => one_for_one, intensity => ?CRASHES, period => 1},
    Specs = [#{id => Id, start => {?MODULE, start_child, [Id, Parent]}, restart => permanent,
               shutdown => brutal_kill, type => worker, modules => [?MODULE]}
             || Id <- lists:seq(1, ?CHILDREN)],
    {ok, {Flags, Specs}}.

start_child(Id, Parent) -> proc_lib:start_link(?MODULE, child_init, [Id, Parent]).

child_init(Id, Parent) ->
    proc_lib:init_ack({ok, self()}),
    Parent ! {started, Id, self()},
    child_loop().

child_loop() ->
    receive
        {crash, N} -> exit({crashed, N});
        _ -> child_loop()
    end.

%% A VM started without the kernel application has no logger to filter.
quiet_logger() ->
    case whereis(logger) of
        undefined ->
            none;
        _ ->
            ok = logger:add_primary_filter(?MODULE, {fun ?MODULE:drop_report/2, []}),
            ?MODULE
    end.

loud_logger(none) -> ok;
loud_logger(Filter) -> ok = logger:remove_primary_filter(Filter).

%% Drops the reports of this program's supervisor and children, and nothing else.
drop_report(#{msg := {report, #{label := {supervisor, child_terminated}, report := Report}}},
            _) ->
    case lists:keyfind(supervisor, 1, Report) of
        {supervisor, {_, ?MODULE}} -> stop;
        _ -> ignore
    end;
drop_report(#{msg := {report, #{label := {proc_lib, crash}, report := [Info | _]}}}, _) ->
    case lists:keyfind(initial_call, 1, Info) of
        {initial_call, {?MODULE, child_init, _}} -> stop;
        _ -> ignore
    end;
drop_report(_, _) ->
    ignore.

check(Expected, Expected) -> ok;
check(Got, _) -> erlang:error({wrong_result, supervisor, Got}).
