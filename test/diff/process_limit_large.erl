%% flags: +P 400000
%% More processes than erts' default limit of 262,144 at once, which +P 400000 allows (the
%% table rounds it up to 524,288): each waits in receive, all are reachable, and they all exit.
-module(process_limit_large).
-export([main/0]).

-define(N, 270000).

main() ->
    show(process_limit, erlang:system_info(process_limit)),
    Self = self(),
    Pids = [spawn(fun() -> receive {ping, I} -> Self ! {pong, I} end end) || _ <- lists:seq(1, ?N)],
    show(spawned, length(Pids)),
    show(beyond_default_limit, erlang:system_info(process_count) > 262144),
    show(all_alive, lists:all(fun erlang:is_process_alive/1, Pids)),
    numbered_send(Pids, 1),
    show(replies_sum, collect(?N, 0) =:= ?N * (?N + 1) div 2),
    [wait_dead(P) || P <- [hd(Pids), lists:last(Pids)]],
    show(first_and_last_exited, not (is_process_alive(hd(Pids)) orelse is_process_alive(lists:last(Pids)))).


numbered_send([], _) -> ok;
numbered_send([P | Ps], I) ->
    P ! {ping, I},
    numbered_send(Ps, I + 1).

collect(0, Sum) -> Sum;
collect(K, Sum) -> receive {pong, I} -> collect(K - 1, Sum + I) end.

wait_dead(P) ->
    Ref = monitor(process, P),
    receive {'DOWN', Ref, process, P, _} -> ok end.

show(Label, Value) ->
    io:format("~p: ~w~n", [Label, Value]).
