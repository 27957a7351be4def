%% flags: +P 1024
%% The process table under churn from every scheduler: a table of 1024 slots (two chunks of
%% ember's table) filled to its limit, emptied, then spawned through by four workers at once,
%% short processes by the tens of thousands, so that the ids wrap the table many times and its
%% chunks are freed and made again while other spawns and exits run. Every spawn must be
%% answered, and the table must then fill to exactly its limit again.
-module(process_table_churn).
-export([main/0]).

main() ->
    diff_util:quiet_logger(),
    Limit = erlang:system_info(process_limit),
    io:format("limit ~p~n", [Limit]),
    io:format("fills to the limit: ~p~n", [fill_and_empty(Limit)]),
    Self = self(),
    Base = erlang:system_info(process_count),
    Schedulers = erlang:system_info(schedulers),
    Workers = [spawn_opt(fun() -> Self ! {done, self(), churn(20000, 40)} end,
                         [{scheduler, (S - 1) rem Schedulers + 1}])
               || S <- lists:seq(1, 4)],
    Replies = [receive {done, W, N} -> N end || W <- Workers],
    io:format("replies ~p~n", [Replies]),
    %% A process answers before it ends: the last ones may still be leaving the table.
    io:format("back to the processes before: ~p~n", [settles(Base, 10000)]),
    io:format("fills to the limit again: ~p~n", [fill_and_empty(Limit)]),
    io:format("fills to the limit a third time: ~p~n", [fill_and_empty(Limit)]).

settles(Base, 0) -> erlang:system_info(process_count) =:= Base;
settles(Base, Tries) ->
    case erlang:system_info(process_count) of
        Base -> true;
        _ -> timer:sleep(1), settles(Base, Tries - 1)
    end.

%% Spawns waiting processes until system_limit; true if the table then held exactly Limit.
fill_and_empty(Limit) ->
    Before = erlang:system_info(process_count),
    Pids = fill([]),
    Full = length(Pids) + Before =:= Limit,
    Refs = [monitor(process, P) || P <- Pids],
    [exit(P, kill) || P <- Pids],
    [receive {'DOWN', R, process, _, _} -> ok end || R <- Refs],
    Full.

fill(Acc) ->
    try spawn(fun() -> receive never -> ok end end) of
        P -> fill([P | Acc])
    catch
        error:system_limit -> Acc
    end.

%% Spawns Total short processes that each answer and end, at most Window outstanding.
churn(Total, Window) -> churn(Total, Window, 0, 0).

churn(0, _, 0, Answered) -> Answered;
churn(Left, Window, Out, Answered) when Left > 0, Out < Window ->
    Self = self(),
    spawn(fun() -> Self ! answer end),
    churn(Left - 1, Window, Out + 1, Answered);
churn(Left, Window, Out, Answered) ->
    receive answer -> churn(Left, Window, Out - 1, Answered + 1) end.
