%% Receiving: self-sends, FIFO order, selective receive, guards in receive,
%% after 0 and small timeouts, messages from other processes, and timers
%% (send_after, start_timer, cancel_timer, read_timer). Timing-dependent
%% values (remaining milliseconds) are printed only as predicates.
-module(receive_basic).
-import(diff_util, [id/1, catching/1]).
-export([main/0]).

main() ->
    basics(),
    selective(),
    timeouts(),
    from_others(),
    timers(),
    ok.

basics() ->
    io:format("== basics~n"),
    show(send_returns_msg, self() ! hello),
    show(received, receive M -> M end),
    [self() ! {n, N} || N <- lists:seq(1, 10)],
    show(queue_len, element(2, process_info(self(), message_queue_len))),
    show(fifo, [receive {n, N} -> N end || _ <- lists:seq(1, 10)]),
    show(queue_empty, element(2, process_info(self(), message_queue_len))),
    show(erlang_send, erlang:send(self(), via_send)),
    show(erlang_send_opts, erlang:send(self(), via_send_opts, [noconnect])),
    show(two_received, [receive X -> X end, receive Y -> Y end]),
    register(receive_basic_me, self()),
    receive_basic_me ! by_name,
    show(by_name, receive by_name -> ok after 1000 -> timeout end),
    show(send_tuple_name, {receive_basic_me, node()} ! by_tuple_name),
    show(by_tuple_name, receive by_tuple_name -> ok after 1000 -> timeout end),
    unregister(receive_basic_me),
    show(send_unregistered, catching(fun() -> id(receive_basic_nobody) ! x end)),
    show(send_bad_dest, catching(fun() -> id(42) ! x end)),
    Big = lists:seq(1, 10000),
    self() ! {big, Big, list_to_binary(lists:duplicate(1000, $x))},
    show(big_message, receive {big, L, B} -> {length(L), lists:sum(L), byte_size(B)} end).

selective() ->
    io:format("== selective~n"),
    [self() ! M || M <- [a, {b, 1}, c, {b, 2}, d, 42, "str", {b, 3}]],
    show(pick_c, receive c -> got_c end),
    show(pick_b_tuples, [receive {b, N} -> N end || _ <- [1, 2, 3]]),
    show(guard_int, receive I when is_integer(I), I > 10 -> I end),
    show(remaining, flush()),
    [self() ! {prio, P, Tag} || {P, Tag} <- [{low, 1}, {high, 2}, {low, 3}, {high, 4}]],
    show(priority, priority_receive([])),
    self() ! {reply, ref1, one},
    self() ! {reply, ref2, two},
    Ref = id(ref2),
    show(bound_var, receive {reply, Ref, V} -> V end),
    show(left_behind, flush()),
    show(nested_receive, nested_receive()).

priority_receive(Acc) ->
    receive
        {prio, high, T} -> priority_receive([{high, T} | Acc])
    after 0 ->
            receive
                {prio, low, T} -> priority_receive([{low, T} | Acc])
            after 0 -> lists:reverse(Acc)
            end
    end.

nested_receive() ->
    self() ! outer,
    self() ! inner,
    receive
        outer ->
            receive inner -> {outer, inner} end
    end.

flush() ->
    receive M -> [M | flush()]
    after 0 -> []
    end.

timeouts() ->
    io:format("== timeouts~n"),
    show(after_0_empty, receive _ -> got after 0 -> timeout end),
    self() ! ready,
    show(after_0_ready, receive ready -> got after 0 -> timeout end),
    show(after_20, receive never_sent -> got after 20 -> timeout end),
    self() ! other,
    show(after_with_other_msg, receive never_sent -> got after 10 -> timeout end),
    show(other_still_there, flush()),
    show(after_value, receive after 5 -> after_body_value end),
    T = id(15),
    show(after_var, receive after T -> var_timeout end),
    show(after_infinity_with_msg, begin self() ! x, receive x -> x after infinity -> never end end),
    show(bad_timeout, catching(fun() -> receive after id(-1) -> ok end end)),
    show(bad_timeout_atom, catching(fun() -> receive after id(soon) -> ok end end)).

from_others() ->
    io:format("== from other processes~n"),
    Self = self(),
    spawn(fun() -> [Self ! {seq, N} || N <- lists:seq(1, 100)] end),
    Got = [receive {seq, N} -> N end || _ <- lists:seq(1, 100)],
    show(ordered_from_one_sender, Got =:= lists:seq(1, 100)),
    Senders = [spawn(fun() -> [Self ! {from, I, N} || N <- lists:seq(1, 20)] end)
               || I <- lists:seq(1, 5)],
    All = [receive {from, _, _} = M -> M end || _ <- lists:seq(1, 100)],
    PerSender = [[N || {from, I2, N} <- All, I2 =:= I] || I <- lists:seq(1, 5)],
    show(per_sender_ordered, [L =:= lists:seq(1, 20) || L <- PerSender]),
    show(sender_count, length(Senders)),
    Echo = spawn(fun echo/0),
    Replies = [begin Echo ! {self(), Q}, receive {echo, R} -> R end end || Q <- [a, 1, "s", {t}]],
    show(echo, Replies),
    Echo ! stop,
    Pong = spawn(fun() -> ping_pong(0) end),
    Pong ! {ping, self(), 5},
    show(ping_pong, receive {done, Count} -> Count after 5000 -> timeout end).

echo() ->
    receive
        {From, Msg} -> From ! {echo, Msg}, echo();
        stop -> ok
    end.

ping_pong(Acc) ->
    receive
        {ping, From, 0} -> From ! {done, Acc};
        {ping, From, N} -> self() ! {ping, From, N - 1}, ping_pong(Acc + N)
    end.

timers() ->
    io:format("== timers~n"),
    T1 = erlang:send_after(10, self(), ding),
    show(send_after_ref, is_reference(T1)),
    show(send_after_msg, receive ding -> ding after 2000 -> timeout end),
    show(cancel_fired, erlang:cancel_timer(T1)),
    show(read_fired, erlang:read_timer(T1)),
    T2 = erlang:start_timer(10, self(), tick),
    show(start_timer_msg, receive {timeout, T2, tick} -> tick_with_ref after 2000 -> timeout end),
    T3 = erlang:send_after(100000, self(), never),
    R3 = erlang:read_timer(T3),
    show(read_active, is_integer(R3) andalso R3 > 90000 andalso R3 =< 100000),
    C3 = erlang:cancel_timer(T3),
    show(cancel_active, is_integer(C3) andalso C3 =< 100000),
    show(cancel_again, erlang:cancel_timer(T3)),
    show(read_cancelled, erlang:read_timer(T3)),
    show(no_message_after_cancel, receive never -> got after 20 -> none end),
    T4 = erlang:start_timer(100000, self(), later),
    show(cancel_async, erlang:cancel_timer(T4, [{async, true}, {info, true}])),
    show(async_result, receive {cancel_timer, T4, Res} -> is_integer(Res) after 2000 -> timeout end),
    T5 = erlang:send_after(100000, self(), later2),
    show(cancel_noinfo, erlang:cancel_timer(T5, [{info, false}])),
    T6 = erlang:start_timer(100000, self(), later3),
    show(read_async, erlang:read_timer(T6, [{async, true}])),
    show(read_async_msg, receive {read_timer, T6, Left} -> is_integer(Left) after 2000 -> timeout end),
    erlang:cancel_timer(T6),
    erlang:send_after(150, self(), {order, 3}),
    erlang:send_after(50, self(), {order, 1}),
    erlang:send_after(100, self(), {order, 2}),
    show(timer_order, [receive {order, N} -> N after 3000 -> timeout end || _ <- [1, 2, 3]]),
    erlang:send_after(0, self(), zero),
    show(zero_timer, receive zero -> zero after 1000 -> timeout end),
    Now = erlang:monotonic_time(millisecond),
    TA = erlang:start_timer(Now + 20, self(), absolute, [{abs, true}]),
    show(abs_timer, receive {timeout, TA, absolute} -> absolute after 2000 -> timeout end),
    register(receive_basic_named, self()),
    erlang:send_after(5, receive_basic_named, to_name),
    show(timer_to_name, receive to_name -> to_name after 2000 -> timeout end),
    unregister(receive_basic_named),
    Before = erlang:monotonic_time(millisecond),
    receive after 30 -> ok end,
    show(slept_at_least_30ms, erlang:monotonic_time(millisecond) - Before >= 30),
    show(bad_time, catching(fun() -> erlang:send_after(id(-1), self(), x) end)),
    show(bad_dest, catching(fun() -> erlang:send_after(10, id(42), x) end)),
    show(cancel_not_ref, catching(fun() -> erlang:cancel_timer(id(notref)) end)),
    show(leftover, flush()).

show(Label, Value) ->
    io:format("~p: ~w~n", [Label, Value]).
