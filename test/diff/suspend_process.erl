%% erlang:suspend_process/1,2 and resume_process/1: a suspended process runs no code until
%% every suspension of it is undone (by resume_process or by the suspender's end), yet it
%% still takes messages and exit signals; the options, the replies of the asynchronous form
%% and the errors are erts'.
-module(suspend_process).
-export([main/0]).

main() ->
    counting(),
    nested(),
    two_suspenders(),
    suspender_ends(),
    killed_while_suspended(),
    waiting_in_receive(),
    timeout_while_suspended(),
    options(),
    suspending(),
    errors(),
    suspendee_ends().

%% A process bumping a counter in a table stops while suspended and goes on after.
counting() ->
    T = ets:new(t, [public]),
    ets:insert(T, {n, 0}),
    P = spawn(fun() -> count(T) end),
    wait_until(fun() -> ets:lookup_element(T, n, 2) > 100 end),
    R = erlang:suspend_process(P),
    Status = process_info(P, status),
    N1 = ets:lookup_element(T, n, 2),
    timer:sleep(50),
    N2 = ets:lookup_element(T, n, 2),
    P ! hello,
    Queue = process_info(P, message_queue_len),
    true = erlang:resume_process(P),
    wait_until(fun() -> ets:lookup_element(T, n, 2) > N2 + 100 end),
    io:format("counting: ~p ~p stopped ~p, ~p, runs again, ~p~n",
              [R, Status, N1 =:= N2, Queue, process_info(P, status) =/= {status, suspended}]),
    exit(P, kill).

count(T) ->
    ets:update_counter(T, n, 1),
    count(T).

%% Suspensions by one process count: it takes as many resumes.
nested() ->
    T = ets:new(t, [public]),
    ets:insert(T, {n, 0}),
    P = spawn(fun() -> count(T) end),
    true = erlang:suspend_process(P),
    true = erlang:suspend_process(P, []),
    true = erlang:resume_process(P),
    S1 = process_info(P, status),
    true = erlang:resume_process(P),
    wait_until(fun() -> process_info(P, status) =/= {status, suspended} end),
    Third = (catch erlang:resume_process(P)),
    io:format("nested: after one resume ~p, a resume too many ~p~n", [S1, error_reason(Third)]),
    exit(P, kill).

%% Two suspenders: the process runs once both let it go.
two_suspenders() ->
    P = spawn(fun() -> loop() end),
    Self = self(),
    Other = spawn(fun() ->
                          true = erlang:suspend_process(P),
                          Self ! suspended,
                          receive resume -> true = erlang:resume_process(P), Self ! resumed end
                  end),
    receive suspended -> ok end,
    true = erlang:suspend_process(P),
    true = erlang:resume_process(P),
    S1 = process_info(P, status),
    Other ! resume,
    receive resumed -> ok end,
    wait_until(fun() -> process_info(P, status) =/= {status, suspended} end),
    io:format("two suspenders: with one left ~p, then running~n", [S1]),
    exit(P, kill).

loop() -> loop().

%% A suspender that ends undoes its suspensions, however many.
suspender_ends() ->
    P = spawn(fun() -> loop() end),
    Self = self(),
    {S, Ref} = spawn_monitor(fun() ->
                                     true = erlang:suspend_process(P),
                                     true = erlang:suspend_process(P),
                                     Self ! suspended,
                                     receive never -> ok end
                             end),
    receive suspended -> ok end,
    S1 = process_info(P, status),
    exit(S, kill),
    receive {'DOWN', Ref, process, S, killed} -> ok end,
    wait_until(fun() -> process_info(P, status) =/= {status, suspended} end),
    io:format("suspender ends: ~p, then running~n", [S1]),
    exit(P, kill).

%% Exit signals still reach a suspended process.
killed_while_suspended() ->
    {P, Ref} = spawn_monitor(fun() -> loop() end),
    true = erlang:suspend_process(P),
    exit(P, kill),
    receive {'DOWN', Ref, process, P, Reason} -> io:format("killed while suspended: ~p~n", [Reason]) end,
    io:format("  resume after its end: ~p~n", [error_reason(catch erlang:resume_process(P))]).

%% A process waiting in receive takes messages while suspended, and handles them once resumed.
waiting_in_receive() ->
    Self = self(),
    P = spawn(fun() -> receive M -> Self ! {got, M} end end),
    true = erlang:suspend_process(P),
    P ! one,
    timer:sleep(20),
    Before = receive {got, _} = G -> G after 0 -> nothing end,
    Info = process_info(P, [status, message_queue_len]),
    true = erlang:resume_process(P),
    After = receive {got, _} = G2 -> G2 after 1000 -> nothing end,
    io:format("waiting in receive: ~p ~p, after resume ~p~n", [Before, Info, After]).

%% A receive timeout that passes while suspended is acted on once resumed.
timeout_while_suspended() ->
    Self = self(),
    P = spawn(fun() -> receive never -> ok after 10 -> Self ! timed_out end end),
    true = erlang:suspend_process(P),
    timer:sleep(50),
    Before = receive timed_out -> timed_out after 0 -> nothing end,
    true = erlang:resume_process(P),
    After = receive timed_out -> timed_out after 1000 -> nothing end,
    io:format("timeout while suspended: ~p, after resume ~p~n", [Before, After]).

options() ->
    P = spawn(fun() -> loop() end),
    A = erlang:suspend_process(P, [unless_suspending]),
    B = erlang:suspend_process(P, [unless_suspending]),
    C = erlang:suspend_process(P, [{asynchronous, tag}]),
    Reply = receive {tag, R} -> R after 1000 -> none end,
    D = erlang:suspend_process(P, [asynchronous]),
    E = erlang:suspend_process(P, [asynchronous, unless_suspending]),
    Resumes = [erlang:resume_process(P) || _ <- [1, 2]],
    S1 = process_info(P, status),
    true = erlang:resume_process(P),
    wait_until(fun() -> process_info(P, status) =/= {status, suspended} end),
    io:format("options: ~p ~p ~p ~p ~p ~p, ~p ~p~n", [A, B, C, Reply, D, E, Resumes, S1]),
    exit(P, kill).

%% process_info(_, suspending): {Suspendee, ActiveCount, OutstandingCount}, a suspension
%% active once the suspendee has taken it (a synchronous one before it returns; an
%% {asynchronous, Tag} one before its reply comes).
suspending() ->
    P = spawn(fun() -> loop() end),
    Q = spawn(fun() -> loop() end),
    Empty = process_info(self(), suspending),
    true = erlang:suspend_process(P),
    true = erlang:suspend_process(P, [asynchronous]),
    true = erlang:suspend_process(Q, [{asynchronous, q}]),
    receive {q, suspended} -> ok end,
    {suspending, List} = process_info(self(), suspending),
    Named = lists:sort([{if S =:= P -> p; S =:= Q -> q end, A, O} || {S, A, O} <- List]),
    [true = erlang:resume_process(S) || S <- [P, P, Q]],
    io:format("suspending: ~p ~p ~p~n", [Empty, Named, process_info(self(), suspending)]),
    [exit(S, kill) || S <- [P, Q]].

errors() ->
    {Dead, Ref} = spawn_monitor(fun() -> ok end),
    receive {'DOWN', Ref, process, Dead, normal} -> ok end,
    Cases = [fun() -> erlang:suspend_process(self()) end,
             fun() -> erlang:suspend_process(self(), []) end,
             fun() -> erlang:suspend_process(not_a_pid) end,
             fun() -> erlang:suspend_process(Dead) end,
             fun() -> erlang:suspend_process(Dead, [unless_suspending]) end,
             fun() -> erlang:suspend_process(Dead, [asynchronous]) end,
             fun() -> erlang:suspend_process(Dead, [{asynchronous, dead_tag}]) end,
             fun() -> erlang:suspend_process(Dead, [bad_option]) end,
             fun() -> erlang:suspend_process(Dead, [asynchronous | improper]) end,
             fun() -> erlang:resume_process(self()) end,
             fun() -> erlang:resume_process(Dead) end,
             fun() -> erlang:resume_process(not_a_pid) end],
    [io:format("error case ~p: ~p~n", [I, outcome(F)]) || {I, F} <- lists:zip(lists:seq(1, length(Cases)), Cases)],
    io:format("  reply to the dead tag: ~p~n", [receive {dead_tag, R} -> R after 1000 -> none end]).

%% The suspendee ends: its suspender's suspension goes with it.
suspendee_ends() ->
    {P, Ref} = spawn_monitor(fun() -> receive stop -> ok end end),
    true = erlang:suspend_process(P),
    true = erlang:suspend_process(P),
    exit(P, kill),
    receive {'DOWN', Ref, process, P, killed} -> ok end,
    io:format("suspendee ends: resume ~p~n", [error_reason(catch erlang:resume_process(P))]).

outcome(F) ->
    try F() of
        V -> {value, V}
    catch
        Class:Reason:Stack ->
            {Class, Reason, [Info || {erlang, _, _, Props} <- lists:sublist(Stack, 1),
                                     {error_info, Info} <- Props]}
    end.

error_reason({'EXIT', {Reason, _}}) -> Reason;
error_reason(Other) -> Other.

wait_until(F) ->
    case F() of
        true -> ok;
        false -> timer:sleep(1), wait_until(F)
    end.
