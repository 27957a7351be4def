%% Many processes: a ring of 10,000 processes passing a token around several
%% times, 100,000 short-lived spawns, fan-out/fan-in of work to 1,000
%% workers, and many monitors. Only counts and sums are printed.
-module(many_processes).
-export([main/0]).

main() ->
    ring(10000, 3),
    spawn_many(100000),
    fan_out(1000),
    monitors(5000),
    chain(2000),
    ok.

%% Each ring member forwards the token, adding 1; after Rounds trips round
%% the ring the token comes back to us.
ring(N, Rounds) ->
    io:format("== ring~n"),
    Self = self(),
    First = lists:foldl(fun(_, Next) -> spawn(fun() -> ring_member(Next) end) end,
                        Self, lists:seq(1, N)),
    Total = lists:foldl(fun(_, Token) ->
                                First ! {token, Token},
                                receive {token, T} -> T end
                        end, 0, lists:seq(1, Rounds)),
    show(ring_token, Total),
    First ! stop,
    receive stop -> ok end,
    show(ring_stopped, true).

ring_member(Next) ->
    receive
        {token, T} -> Next ! {token, T + 1}, ring_member(Next);
        stop -> Next ! stop
    end.

spawn_many(N) ->
    io:format("== spawn many~n"),
    Self = self(),
    [spawn(fun() -> Self ! {done, I} end) || I <- lists:seq(1, N)],
    Sum = collect(N, 0),
    show(spawned, N),
    show(sum_of_ids, Sum),
    show(expected, N * (N + 1) div 2),
    show(queue_empty, element(2, process_info(self(), message_queue_len))).

collect(0, Acc) -> Acc;
collect(N, Acc) -> receive {done, I} -> collect(N - 1, Acc + I) end.

fan_out(N) ->
    io:format("== fan out~n"),
    Self = self(),
    Workers = [spawn(fun() -> worker(Self) end) || _ <- lists:seq(1, N)],
    lists:foreach(fun({W, I}) -> W ! {job, I} end, lists:zip(Workers, lists:seq(1, N))),
    Results = [receive {result, W, R} -> R end || W <- Workers],
    show(results_in_worker_order, Results =:= [I * I || I <- lists:seq(1, N)]),
    show(sum_squares, lists:sum(Results)).

worker(Parent) ->
    receive {job, I} -> Parent ! {result, self(), I * I} end.

monitors(N) ->
    io:format("== monitors~n"),
    Pids = [spawn(fun() -> receive {go, R} -> exit(R) end end) || _ <- lists:seq(1, N)],
    Refs = [{monitor(process, P), P} || P <- Pids],
    lists:foreach(fun({P, I}) -> P ! {go, {reason, I rem 3}} end,
                  lists:zip(Pids, lists:seq(1, N))),
    Reasons = [receive {'DOWN', Ref, process, P, R} -> R end || {Ref, P} <- Refs],
    Counts = lists:foldl(fun(R, Acc) -> maps:update_with(R, fun(C) -> C + 1 end, 1, Acc) end,
                         #{}, Reasons),
    show(down_counts, lists:sort(maps:to_list(Counts))),
    show(all_dead, lists:all(fun(P) -> not is_process_alive(P) end, Pids)).

%% A chain of linked processes: killing the tail takes the whole chain down,
%% the head traps the exit.
chain(N) ->
    io:format("== linked chain~n"),
    process_flag(trap_exit, true),
    Self = self(),
    Head = spawn_link(fun() -> chain_link(N, Self) end),
    Tail = receive {tail, T} -> T end,
    exit(Tail, boom),
    show(chain_exit, receive {'EXIT', Head, R} -> R after 10000 -> timeout end),
    process_flag(trap_exit, false).

chain_link(0, Top) ->
    Top ! {tail, self()},
    receive after infinity -> ok end;
chain_link(N, Top) ->
    spawn_link(fun() -> chain_link(N - 1, Top) end),
    receive after infinity -> ok end.

show(Label, Value) ->
    io:format("~p: ~w~n", [Label, Value]).
