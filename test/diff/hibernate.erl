%% erlang:hibernate/3: the process waits for a message with its stack gone,
%% then runs M:F(A) and ends when that returns; catches from before are gone
%% too, also when it is called through apply. The heap shrinks to the live data.
%% More than 1024 arguments is a system_limit. process_info's catchlevel and
%% backtrace. Also gen_server's hibernate return, which goes through proc_lib.
-module(hibernate).
-behaviour(gen_server).
-export([main/0, wake/2, sleeper/1, init/1, handle_call/3, handle_cast/2, looper/1]).

main() ->
    diff_util:quiet_logger(),
    wakes_on_message(),
    wakes_at_once_with_queued_message(),
    stack_and_catches_discarded(),
    deep_stack(),
    bad_arguments(),
    through_apply(),
    heap_shrinks(),
    catchlevel(),
    backtrace(),
    gen_server_hibernate(),
    ok.

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

%% apply/3 completes its call (pushing where to return) before the process goes
%% to sleep: that return goes with the stack.
through_apply() ->
    Parent = self(),
    {Pid, Ref} = spawn_monitor(fun() ->
        Result = (catch apply(erlang, id(hibernate), [?MODULE, wake, [Parent, applied]])),
        Parent ! {not_reached, Result}
    end),
    wait_until_waiting(Pid),
    Pid ! hello,
    show("applied woke", receive {applied, _, _} = M -> M; Other -> Other end),
    show("applied ends", receive {'DOWN', Ref, process, Pid, R} -> R end),
    {Pid2, Ref2} = spawn_monitor(fun() -> Parent ! {not_reached, (catch erlang:apply(erlang, hibernate, [?MODULE, wake, [Parent, applied2]]))} end),
    wait_until_waiting(Pid2),
    Pid2 ! hello,
    show("apply/2 woke", receive {applied2, _, _} = M2 -> M2; Other2 -> Other2 end),
    show("apply/2 ends", receive {'DOWN', Ref2, process, Pid2, R2} -> R2 end).

%% A looping process that hibernates between messages: its heap is no more than
%% its live data and a few words each time, whatever its min_heap_size.
looper(Data) ->
    receive
        {report, To} -> To ! {self(), ok}, erlang:hibernate(?MODULE, looper, [Data]);
        stop -> ok
    end.

heap_shrinks() ->
    Data = {self(), make_ref(), lists:seq(1, 20)},
    Pid = spawn_opt(?MODULE, looper, [Data], [{min_heap_size, 5000}]),
    Sizes = [begin
                 Pid ! {report, self()},
                 receive {Pid, ok} -> ok end,
                 wait_until_hibernating(Pid),
                 [{heap_size, H}, {total_heap_size, T}] = process_info(Pid, [heap_size, total_heap_size]),
                 {H =< erts_debug:size([Data]) + 8, H =:= T}
             end || _ <- lists:seq(1, 5)],
    show("hibernated heap is small", lists:usort(Sizes)),
    Pid ! {report, self()},
    receive {Pid, ok} -> ok end,
    Pid ! stop,
    show("system_limit", catch_error(fun() -> erlang:hibernate(m, f, lists:duplicate(1025, x)) end)),
    show("system_limit improper", catch_error(fun() -> erlang:hibernate(m, f, lists:duplicate(2000, x) ++ y) end)).

wait_until_hibernating(Pid) ->
    case process_info(Pid, [current_function, status]) of
        [{current_function, {erlang, hibernate, 3}}, {status, waiting}] -> ok;
        _ -> receive after 1 -> wait_until_hibernating(Pid) end
    end.

catchlevel() ->
    show("catchlevel", [element(2, process_info(self(), catchlevel)),
                        catch element(2, process_info(self(), catchlevel)),
                        try element(2, process_info(self(), catchlevel)) catch _:_ -> x end,
                        catch (catch element(2, process_info(self(), catchlevel)))]).

%% The backtrace is erts' text: addresses and offsets differ between VMs, its
%% shape does not.
backtrace() ->
    Parent = self(),
    Pid = spawn(fun() -> catch (receive x -> ok end), Parent ! done end),
    wait_until_waiting(Pid),
    {backtrace, Bin} = process_info(Pid, backtrace),
    Lines = binary:split(Bin, <<"\n">>, [global]),
    show("backtrace starts", binary:part(hd(Lines), 0, 19)),
    show("backtrace has a catch", lists:any(fun(L) -> binary:match(L, <<"Catch 0x">>) =/= nomatch end, Lines)),
    [_Frame, Return, Addr, _ | Exit] = binary:split(lists:last(lists:droplast(Lines)), <<" ">>, [global]),
    show("backtrace ends", {Return, Addr, Exit}),
    Pid ! x,
    receive done -> ok end.

id(X) -> X.

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
