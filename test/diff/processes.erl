%% Processes: spawn variants (and the error_info of bad spawn options), monitors and their DOWN reasons, links with
%% trap_exit and the 'EXIT' messages for normal/kill/custom reasons, exit/2
%% semantics, registration and its errors, the process dictionary, and
%% deterministic process_info items. Pids and refs are never printed; they
%% are compared instead.
-module(processes).
-import(diff_util, [id/1, catching/1]).
-export([main/0, worker/1]).

main() ->
    diff_util:quiet_logger(),
    spawning(),
    bad_spawn_options(),
    monitors(),
    links(),
    exit_signals(),
    registry(),
    dictionary(),
    info(),
    pending_signals(),
    ok.

worker(Parent) -> Parent ! {worker_started, self()}.

spawning() ->
    io:format("== spawn~n"),
    Self = self(),
    P1 = spawn(fun() -> Self ! {hello_from, self()} end),
    show(spawn_fun, receive {hello_from, P} -> P =:= P1 after 2000 -> timeout end),
    P2 = spawn(?MODULE, worker, [Self]),
    show(spawn_mfa, receive {worker_started, W} -> W =:= P2 after 2000 -> timeout end),
    {P3, Ref3} = spawn_monitor(fun() -> exit(done) end),
    show(spawn_monitor, receive {'DOWN', Ref3, process, P3, R} -> R after 2000 -> timeout end),
    process_flag(trap_exit, true),
    P4 = spawn_link(fun() -> exit(linked_done) end),
    show(spawn_link, receive {'EXIT', P4, R4} -> R4 after 2000 -> timeout end),
    process_flag(trap_exit, false),
    P5 = spawn_opt(fun() -> Self ! {opt, self()} end, [{priority, high}]),
    show(spawn_opt, receive {opt, X5} -> X5 =:= P5 after 2000 -> timeout end),
    {P6, Ref6} = spawn_opt(fun() -> ok end, [monitor]),
    show(spawn_opt_monitor, receive {'DOWN', Ref6, process, P6, R6} -> R6 after 2000 -> timeout end),
    show(is_pid, [is_pid(P1), is_pid(self()), is_pid(list_to_atom("x"))]),
    show(self_alive, is_process_alive(self())),
    show(dead_alive, begin wait_dead(P1), is_process_alive(P1) end),
    show(bad_spawn_args, catching(fun() -> spawn(id(notfun)) end)),
    show(bad_spawn_mfa, catching(fun() -> spawn(?MODULE, worker, id(notalist)) end)),
    {P7, Ref7} = spawn_monitor(no_such_module_here, start, []),
    show(spawn_undef_down, receive {'DOWN', Ref7, process, P7, R7} -> strip(R7) after 2000 -> timeout end).

wait_dead(P) ->
    Ref = monitor(process, P),
    receive {'DOWN', Ref, process, P, _} -> ok end.

monitors() ->
    io:format("== monitors~n"),
    Reasons = [normal, crashed, {shutdown, why}, kill_me, error_crash, throw_crash, badarith],
    lists:foreach(
      fun(How) ->
              {P, Ref} = spawn_monitor(fun() -> die(How) end),
              receive
                  {'DOWN', Ref, process, Pid, R} -> show({down, How}, {Pid =:= P, strip(R)})
              after 2000 -> show({down, How}, timeout)
              end
      end, Reasons),
    Dead = spawn(fun() -> ok end),
    wait_dead(Dead),
    Ref = monitor(process, Dead),
    show(monitor_dead, receive {'DOWN', Ref, process, Dead, R} -> R after 2000 -> timeout end),
    Sleeper = spawn(fun() -> receive stop -> ok end end),
    MRef = monitor(process, Sleeper),
    show(demonitor, demonitor(MRef)),
    Sleeper ! stop,
    show(no_down_after_demonitor, receive {'DOWN', MRef, _, _, _} -> got after 50 -> none end),
    S2 = spawn(fun() -> receive stop -> ok end end),
    MRef2 = monitor(process, S2),
    S2 ! stop,
    wait_dead(S2),
    show(demonitor_flush, demonitor(MRef2, [flush])),
    show(flushed, receive {'DOWN', MRef2, _, _, _} -> still_there after 0 -> gone end),
    show(demonitor_info, demonitor(make_ref(), [info])),
    register(processes_target, spawn(fun() -> receive stop -> ok end end)),
    NRef = monitor(process, processes_target),
    processes_target ! stop,
    show(monitor_by_name, receive {'DOWN', NRef, process, Obj, R2} -> {Obj, R2} after 2000 -> timeout end),
    NRef2 = monitor(process, processes_nobody),
    show(monitor_unknown_name, receive {'DOWN', NRef2, process, Obj2, R3} -> {Obj2, R3} after 2000 -> timeout end),
    %% A monitor of an unregistered name lasts until its 'DOWN' is received: demonitor first
    %% removes it, and no 'DOWN' comes.
    NRef3 = monitor(process, processes_nobody),
    show(unknown_name_listed, process_info(self(), monitors)),
    show(unknown_name_demonitor, {demonitor(NRef3, [info]),
                                  receive {'DOWN', NRef3, _, _, _} -> got after 50 -> none end}),
    %% A process does not monitor itself, by pid or by its name.
    SelfRef = monitor(process, self()),
    register(processes_me, self()),
    NameRef = monitor(process, processes_me),
    unregister(processes_me),
    show(self_monitors, {process_info(self(), monitors), process_info(self(), monitored_by),
                         demonitor(SelfRef, [info]), demonitor(NameRef, [info])}),
    show(monitor_bad_type, catching(fun() -> monitor(id(bogus), self()) end)),
    Multi = spawn(fun() -> receive stop -> ok end end),
    Refs = [monitor(process, Multi) || _ <- [1, 2, 3]],
    Multi ! stop,
    show(multiple_monitors, [receive {'DOWN', Rf, process, _, Rr} -> Rr after 2000 -> timeout end
                             || Rf <- Refs]).

die(normal) -> ok;
die(crashed) -> exit(crashed);
die({shutdown, _} = R) -> exit(R);
die(kill_me) -> exit(self(), kill), receive after infinity -> ok end;
die(error_crash) -> error({my_error, 1});
die(throw_crash) -> throw(uncaught);
die(badarith) -> 1 / id(0).

%% Crash reasons carry stack traces; keep only the reason.
strip({Reason, Stack}) when is_list(Stack), Stack =/= [] ->
    case lists:all(fun(F) -> is_tuple(F) andalso tuple_size(F) =:= 4 end, Stack) of
        true -> {Reason, '<stack>'};
        false -> {Reason, Stack}
    end;
strip(R) -> R.

links() ->
    io:format("== links~n"),
    process_flag(trap_exit, true),
    Reasons = [normal, custom, {tuple, reason}, kill, error_crash],
    lists:foreach(
      fun(How) ->
              P = spawn_link(fun() -> link_die(How) end),
              receive
                  {'EXIT', P, R} -> show({exit_msg, How}, strip(R))
              after 2000 -> show({exit_msg, How}, timeout)
              end
      end, Reasons),
    show(link_to_dead, begin
                           D = spawn(fun() -> ok end),
                           wait_dead(D),
                           link(D),
                           receive {'EXIT', D, RD} -> RD after 2000 -> timeout end
                       end),
    P = spawn(fun() -> receive stop -> ok end end),
    link(P),
    show(links_listed, lists:member(P, element(2, process_info(self(), links)))),
    unlink(P),
    show(unlinked, lists:member(P, element(2, process_info(self(), links)))),
    P ! stop,
    show(no_exit_after_unlink, receive {'EXIT', P, _} -> got after 50 -> none end),
    show(link_bad_arg, catching(fun() -> link(id(notapid)) end)),
    %% A process trapping exits gets the 'EXIT' of a link to a dead pid as a message at once:
    %% it stays one when trapping stops before it is received.
    Dead = spawn(fun() -> ok end),
    wait_dead(Dead),
    show(link_to_dead_untrap, {link(Dead), process_flag(trap_exit, false),
                               receive {'EXIT', Dead, RU} -> RU after 2000 -> timeout end}),
    show(link_to_dead_not_trapping, catching(fun() -> link(Dead) end)),
    %% A chain: middle process is linked to a crashing child and does not
    %% trap exits, so it dies too; we (trapping via a monitor) see why.
    Self = self(),
    {Mid, MRef} = spawn_monitor(fun() ->
                                        spawn_link(fun() -> exit(chain_reaction) end),
                                        Self ! mid_ready,
                                        receive after infinity -> ok end
                                end),
    receive mid_ready -> ok end,
    show(propagated, receive {'DOWN', MRef, process, Mid, R} -> R after 2000 -> timeout end),
    {Mid2, MRef2} = spawn_monitor(fun() ->
                                          spawn_link(fun() -> ok end),
                                          receive after 100 -> survived end,
                                          exit(survived)
                                  end),
    show(normal_not_propagated, receive {'DOWN', MRef2, process, Mid2, R2} -> R2 after 2000 -> timeout end).

link_die(normal) -> ok;
link_die(kill) -> exit(self(), kill);
link_die(error_crash) -> error(boom);
link_die(R) -> exit(R).

exit_signals() ->
    io:format("== exit/2~n"),
    Cases = [{normal, false}, {normal, true}, {kill, false}, {kill, true},
             {custom, false}, {custom, true}],
    lists:foreach(
      fun({Reason, Trap}) ->
              Self = self(),
              {P, Ref} = spawn_monitor(fun() ->
                                               process_flag(trap_exit, Trap),
                                               Self ! ready,
                                               receive
                                                   {'EXIT', From, R} ->
                                                       exit({trapped, From =:= Self, R})
                                               after 200 -> exit(survived)
                                               end
                                       end),
              receive ready -> ok end,
              exit(P, Reason),
              R = receive {'DOWN', Ref, process, P, Why} -> Why after 2000 -> timeout end,
              show({exit2, Reason, {trap, Trap}}, R)
      end, Cases),
    show(exit_self_normal, begin
                               {P, Ref} = spawn_monitor(fun() -> exit(self(), normal), receive after 100 -> ok end, exit(after_normal) end),
                               receive {'DOWN', Ref, process, P, R} -> R after 2000 -> timeout end
                           end),
    show(exit_dead, begin D = spawn(fun() -> ok end), wait_dead(D), exit(D, kill) end),
    show(exit_bad, catching(fun() -> exit(id(notapid), kill) end)).

registry() ->
    io:format("== register~n"),
    P = spawn(fun() -> receive stop -> ok end end),
    show(register, register(processes_reg, P)),
    show(whereis, whereis(processes_reg) =:= P),
    show(registered_member, lists:member(processes_reg, registered())),
    show(register_twice_name, catching(fun() -> register(processes_reg, self()) end)),
    show(register_pid_twice, catching(fun() -> register(processes_other, P) end)),
    show(register_undefined, catching(fun() -> register(undefined, self()) end)),
    show(register_not_atom, catching(fun() -> register(id("str"), self()) end)),
    show(unregister, unregister(processes_reg)),
    show(whereis_gone, whereis(processes_reg)),
    show(unregister_again, catching(fun() -> unregister(processes_reg) end)),
    register(processes_reg2, P),
    P ! stop,
    wait_dead(P),
    show(dead_unregistered, whereis(processes_reg2)),
    D = spawn(fun() -> ok end),
    wait_dead(D),
    show(register_dead, catching(fun() -> register(processes_dead, D) end)).

dictionary() ->
    io:format("== process dictionary~n"),
    show(get_missing, get(missing)),
    show(put_new, put(k1, v1)),
    show(put_replace, put(k1, v2)),
    put({tuple, key}, [1, 2]),
    put(42, answer),
    show(get, [get(k1), get({tuple, key}), get(42)]),
    show(get_keys, lists:sort(get_keys())),
    show(get_keys_value, lists:sort(get_keys(v2))),
    show(get_all, lists:sort(get())),
    show(erase_key, erase(k1)),
    show(erase_missing, erase(k1)),
    show(after_erase, lists:sort(get())),
    show(erase_all, lists:sort(erase())),
    show(empty, get()),
    Self = self(),
    spawn(fun() -> put(child, own), Self ! {child_dict, get()} end),
    show(separate_dicts, receive {child_dict, D} -> {D, get(child)} after 2000 -> timeout end),
    [put(I, I * I) || I <- lists:seq(1, 1000)],
    show(many_keys, {length(get_keys()), get(500), lists:sum([V || {_, V} <- get()])}),
    erase().

info() ->
    io:format("== process_info~n"),
    Self = self(),
    P = spawn(fun() ->
                      register(processes_info_target, self()),
                      process_flag(trap_exit, true),
                      put(key, value),
                      Self ! ready,
                      receive stop -> ok end
              end),
    receive ready -> ok end,
    P ! msg1,
    P ! msg2,
    Items = [registered_name, trap_exit, dictionary, message_queue_len, messages,
             priority],
    [show({info, I}, process_info(P, I)) || I <- Items],
    show(info_list, process_info(P, [registered_name, message_queue_len, trap_exit])),
    show(self_registered_name, process_info(self(), registered_name)),
    show(group_leader_same, group_leader() =:= element(2, process_info(P, group_leader))),
    show(links_empty, process_info(P, links)),
    P ! stop,
    wait_dead(P),
    show(info_dead, process_info(P, registered_name)),
    show(info_dead_all, process_info(P)),
    show(info_bad_item, catching(fun() -> process_info(self(), id(bogus_item)) end)),
    show(process_flag_old, {process_flag(trap_exit, true), process_flag(trap_exit, false)}),
    show(priority_flag, {process_flag(priority, high), process_flag(priority, normal)}),
    show(bad_flag, catching(fun() -> process_flag(id(bogus), true) end)).

%% process_info and is_process_alive see a process after it has acted on every signal sent to
%% it before the call, whether it is waiting or busy: queued messages count, links and exits
%% have taken effect.
pending_signals() ->
    io:format("== signals before process_info~n"),
    Self = self(),
    W = spawn(fun() -> receive stop -> ok end end),
    [W ! {m, I} || I <- lists:seq(1, 1000)],
    show(waiting_queue_len, process_info(W, message_queue_len)),
    [W ! {n, I} || I <- lists:seq(1, 10)],
    {messages, Ms} = process_info(W, messages),
    show(waiting_messages, {length(Ms), lists:nthtail(1005, Ms)}),
    [W ! {o, I} || I <- lists:seq(1, 10)],
    show(info_1_queue_len, lists:keyfind(message_queue_len, 1, process_info(W))),
    W ! {p, 1},
    show(info_list, process_info(W, [message_queue_len, trap_exit])),
    B = spawn(fun() -> Self ! started, busy(1000000), receive stop -> ok end end),
    receive started -> ok end,
    [B ! {m, I} || I <- lists:seq(1, 1000)],
    show(busy_queue_len, process_info(B, message_queue_len)),
    [self() ! {s, I} || I <- lists:seq(1, 5)],
    show(self_queue_len, process_info(self(), message_queue_len)),
    [receive {s, _} -> ok end || _ <- lists:seq(1, 5)],
    link(W),
    show(linked, process_info(W, links) =:= {links, [Self]}),
    unlink(W),
    show(unlinked, process_info(W, links)),
    Ref = monitor(process, W),
    show(monitored_by, process_info(W, monitored_by) =:= {monitored_by, [Self]}),
    demonitor(Ref),
    show(demonitored, process_info(W, monitored_by)),
    K = spawn(fun() -> receive stop -> ok end end),
    K ! one, exit(K, kill), K ! two,
    show(killed_info, process_info(K, message_queue_len)),
    show(killed_alive, is_process_alive(K)),
    K2 = spawn(fun() -> receive stop -> ok end end),
    exit(K2, kill),
    show(killed_alive_first, is_process_alive(K2)),
    T = spawn(fun() -> process_flag(trap_exit, true), Self ! ready, receive stop -> ok end end),
    receive ready -> ok end,
    T ! one, exit(T, boom), T ! two,
    {messages, TMs} = process_info(T, messages),
    show(trapped, [case M of {'EXIT', From, R} -> {'EXIT', From =:= Self, R}; _ -> M end || M <- TMs]),
    [P ! stop || P <- [W, B, T]].

busy(0) -> ok;
busy(N) -> busy(N - 1).

show(Label, Value) ->
    io:format("~p: ~w~n", [Label, Value]).

%% Every option spawn_opt refuses is a badarg with cause badopt in its error_info.
bad_spawn_options() ->
    F = fun() -> ok end,
    Options = [[{scheduler, 99}], [bogus], foo, [link | foo], [{min_heap_size, -1}],
               [{priority, bad}], [{message_queue_data, x}], [{fullsweep_after, a}],
               [{max_heap_size, x}], [{scheduler, x}], [{monitor, [bad]}]],
    [show({spawn_opt, O}, info_of(fun() -> spawn_opt(F, O) end)) || O <- Options],
    show({spawn_opt4, bogus}, info_of(fun() -> spawn_opt(erlang, apply, [F, []], [bogus]) end)).

info_of(F) ->
    try F() of
        _ -> no_error
    catch
        Class:Reason:Stack ->
            [{erlang, _, _, Props} | _] = Stack,
            {Class, Reason, proplists:get_value(error_info, Props)}
    end.
