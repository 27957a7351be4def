%% erlang:hibernate/3: the process waits for a message with its stack gone,
%% then runs M:F(A) and ends when that returns; catches from before are gone
%% too. Also gen_server's hibernate return, which goes through proc_lib.
-module(hibernate).
-behaviour(gen_server).
-export([main/0, wake/2, sleeper/1, init/1, handle_call/3, handle_cast/2]).

main() ->
    quiet_logger(),
    wakes_on_message(),
    wakes_at_once_with_queued_message(),
    stack_and_catches_discarded(),
    deep_stack(),
    bad_arguments(),
    gen_server_hibernate(),
    ok.

%% Crashing processes make erl's logger print error reports with pids and
%% timestamps; silence it where a logger runs.
quiet_logger() ->
    case whereis(logger) of
        undefined -> ok;
        _ -> logger:set_primary_config(level, none)
    end.

show(Label, Value) -> io:format("~s: ~p~n", [Label, Value]).

wake(Parent, Tag) ->
    receive Msg -> Parent ! {Tag, woke_with, Msg} end.

sleeper(Parent) ->
    erlang:hibernate(?MODULE, wake, [Parent, sleeper]).

wakes_on_message() ->
    Parent = self(),
    {Pid, Ref} = spawn_monitor(?MODULE, sleeper, [Parent]),
    wait_until_waiting(Pid),
    show("status while hibernating", element(2, process_info(Pid, status))),
    show("where", process_info(Pid, [current_function, current_location, current_stacktrace])),
    Pid ! hello,
    show("woke", receive {sleeper, _, _} = M -> M end),
    show("then ends", receive {'DOWN', Ref, process, Pid, R} -> R end).

wakes_at_once_with_queued_message() ->
    Parent = self(),
    {Pid, Ref} = spawn_monitor(fun() ->
        self() ! already_there,
        erlang:hibernate(?MODULE, wake, [Parent, queued])
    end),
    show("queued", receive {queued, _, _} = M -> M end),
    show("then ends", receive {'DOWN', Ref, process, Pid, R} -> R end).

stack_and_catches_discarded() ->
    Parent = self(),
    {Pid, Ref} = spawn_monitor(fun() ->
        Result = (catch erlang:hibernate(erlang, error, [lost_catch])),
        Parent ! {not_reached, Result}
    end),
    wait_until_waiting(Pid),
    Pid ! wake_up,
    show("crash after wake", receive
                                 {'DOWN', Ref, process, Pid, {R, _}} -> R;
                                 Other -> Other
                             end).

deep_stack() ->
    Parent = self(),
    {Pid, Ref} = spawn_monitor(fun() -> deep(1000, Parent) end),
    wait_until_waiting(Pid),
    {stack_size, Words} = process_info(Pid, stack_size),
    show("stack after hibernate is small", Words < 10),
    Pid ! go,
    show("deep woke", receive {deep, _, _} = M -> M end),
    show("deep ends normally", receive {'DOWN', Ref, process, Pid, R} -> R end).

deep(0, Parent) -> erlang:hibernate(?MODULE, wake, [Parent, deep]);
deep(N, Parent) -> [N | deep(N - 1, Parent)].

bad_arguments() ->
    show("bad module", catch_error(fun() -> erlang:hibernate(1, f, []) end)),
    show("bad function", catch_error(fun() -> erlang:hibernate(m, "f", []) end)),
    show("improper args", catch_error(fun() -> erlang:hibernate(m, f, [a | b]) end)),
    {Pid, Ref} = spawn_monitor(fun() -> erlang:hibernate(no_such_module, f, []) end),
    Pid ! wake,
    show("undef after wake", receive {'DOWN', Ref, process, Pid, {R, _}} -> R end).

catch_error(F) ->
    try F() catch C:R -> {C, R} end.

wait_until_waiting(Pid) ->
    case process_info(Pid, status) of
        {status, waiting} -> ok;
        _ -> receive after 1 -> wait_until_waiting(Pid) end
    end.

gen_server_hibernate() ->
    {ok, Pid} = gen_server:start(?MODULE, 0, []),
    show("call hibernating", gen_server:call(Pid, {add, 2})),
    wait_until_waiting(Pid),
    show("call after hibernation", gen_server:call(Pid, {add, 3})),
    gen_server:cast(Pid, {add, 4}),
    show("state", sys:get_state(Pid)),
    gen_server:stop(Pid).

init(N) -> {ok, N, hibernate}.

handle_call({add, K}, _From, N) -> {reply, N + K, N + K, hibernate}.

handle_cast({add, K}, N) -> {noreply, N + K, hibernate}.
