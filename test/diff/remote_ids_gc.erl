%% Links and monitors to processes of another node, to which ember is never connected: the
%% ids live on the process heap and in the signals that break the link or end the monitor, so
%% they must survive garbage collections before the 'EXIT' and 'DOWN' messages are received,
%% and compare equal to the pid they were made with.
-module(remote_ids_gc).
-export([main/0]).

main() ->
    process_flag(trap_exit, true),
    Pids = [remote_pid(I) || I <- lists:seq(1, 12)],
    [link(P) || P <- Pids],
    erlang:garbage_collect(),
    Listed = element(2, process_info(self(), links)),
    show(listed_after_gc, length([P || P <- Listed, lists:member(P, Pids)])),
    churn(),
    Exits = [receive {'EXIT', P, R} -> R after 1000 -> timeout end || P <- Pids],
    show(exits, lists:usort(Exits)),
    Refs = [{erlang:monitor(process, P), P} || P <- Pids],
    erlang:garbage_collect(),
    churn(),
    Downs = [receive {'DOWN', Ref, process, P, R} -> R after 1000 -> timeout end || {Ref, P} <- Refs],
    show(downs, lists:usort(Downs)),
    show(links_after, [P || P <- element(2, process_info(self(), links)), lists:member(P, Pids)]),
    show(monitors_after, element(2, process_info(self(), monitors))),
    show(queue, element(2, process_info(self(), message_queue_len))).

%% A pid of node other@host: NEW_PID_EXT with id I, serial 0, creation 0.
remote_pid(I) ->
    binary_to_term(<<131, 88, 100, 0, 10, "other@host", I:32, 0:32, 0:32>>).

%% Garbage, and collections that move everything on the heap, several times so that the
%% memory the ids were in is used again.
churn() ->
    [begin
         _ = [lists:seq(1, 500) || _ <- lists:seq(1, 100)],
         erlang:garbage_collect()
     end || _ <- lists:seq(1, 4)].

show(Label, Value) ->
    io:format("~p: ~w~n", [Label, Value]).
