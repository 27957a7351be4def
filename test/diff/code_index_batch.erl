%% Two modules loaded as one batch (erlang:finish_loading/1, what code:atomic_load/1 uses)
%% switch together: callers on every scheduler call ci_a, then ci_b, then ci_a again, while
%% new versions of both come in; a caller never finds ci_b older than the ci_a it called just
%% before, nor ci_a older than that ci_b, nor any of them undefined in between.
-module(code_index_batch).
-export([main/0]).

-define(VERSIONS, 40).
-define(CALLERS, 4).

main() ->
    Self = self(),
    process_flag(priority, high),  % the loader gets its turn among the busy callers
    Batches = [[compile_version(M, V) || M <- [ci_a, ci_b]] || V <- lists:seq(1, ?VERSIONS)],
    load(hd(Batches)),
    Pids = [spawn(fun() -> call_loop(Self, {0, 0, 0}) end) || _ <- lists:seq(1, ?CALLERS)],
    [begin soft_purge(ci_a), soft_purge(ci_b), load(B) end || B <- tl(Batches)],
    [P ! stop || P <- Pids],
    Seen = [receive {seen, P, S} -> S end || P <- Pids],
    {Last, Mixed, Undef} = lists:foldl(fun({L, M, U}, {L0, M0, U0}) -> {max(L, L0), M + M0, U + U0} end,
                                       {0, 0, 0}, Seen),
    io:format("last version ~p, mixed ~p, undefined ~p~n", [Last, Mixed, Undef]).

%% Bursts of calls with a millisecond's pause between them: a purge checks each caller's code
%% while it is not running (ember inspects a process only between its time slices).
call_loop(Parent, Seen) ->
    receive
        stop -> Parent ! {seen, self(), setelement(1, Seen, ci_a:version())}
    after 1 ->
        call_loop(Parent, burst(100, Seen))
    end.

burst(0, Seen) -> Seen;
burst(N, {Last, Mixed, Undef}) ->
    Next = try {ci_a:version(), ci_b:version(), ci_a:other()} of
               {A, B, C} when A =< B, B =< C -> {max(Last, C), Mixed, Undef};
               {_, _, C} -> {max(Last, C), Mixed + 1, Undef}
           catch error:undef -> {Last, Mixed, Undef + 1}
           end,
    burst(N - 1, Next).

load(Batch) ->
    ok = erlang:finish_loading([prepared(M, Bin) || {M, Bin} <- Batch]).

prepared(M, Bin) ->
    Prepared = erlang:prepare_loading(M, Bin),
    true = is_reference(Prepared),
    Prepared.

%% The old code goes once no caller is inside it (a call is short, so that comes soon).
soft_purge(M) ->
    case erts_code_purger:soft_purge(M) of
        true -> ok;
        false -> receive after 1 -> soft_purge(M) end
    end.

compile_version(M, V) ->
    Forms = [{attribute, 1, module, M}, {attribute, 2, export, [{version, 0}, {other, 0}]},
             {function, 3, version, 0, [{clause, 3, [], [], [{integer, 3, V}]}]},
             {function, 4, other, 0, [{clause, 4, [], [], [{integer, 4, V}]}]}],
    {ok, M, Bin} = compile:forms(Forms),
    {M, Bin}.
