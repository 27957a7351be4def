%% Processes with many links and monitors (more than a handful, so the VM keeps them indexed):
%% linking twice, unlinking some of many, relinking, the 'EXIT' messages a trapping hub gets
%% from the links that remain, a hub whose death takes its links down with its reason, exit
%% reasons through a linked tree, many monitors on one target and of one watcher, demonitor
%% with info and flush among many, and process_info's lists as sets. Pids and refs are never
%% printed: they are mapped to their index in the list they were spawned in.
-module(link_monitor_sets).
-export([main/0]).

main() ->
    trapping_hub(200),
    relinking(50),
    dying_hub(2000),
    linked_tree(4, 6),
    many_monitors(300),
    watched_by_many(300),
    ok.

idle() -> receive after infinity -> ok end.

%% A hub trapping exits, linked to N processes; a third are unlinked again and then all exit
%% with their own reasons: only the linked ones send 'EXIT'.
trapping_hub(N) ->
    io:format("== trapping hub~n"),
    process_flag(trap_exit, true),
    Pids = [spawn(fun() -> receive {go, R} -> exit(R) end end) || _ <- lists:seq(1, N)],
    [link(P) || P <- Pids],
    [link(P) || P <- Pids],  % a second link to the same process adds nothing
    show(links_after_linking, length(indices(links(self()), Pids))),
    show(linked_back, lists:all(fun(P) -> links(P) =:= [self()] end, Pids)),
    Unlinked = [P || {P, I} <- numbered(Pids), I rem 3 =:= 0],
    [unlink(P) || P <- Unlinked],
    [unlink(P) || P <- Unlinked],  % unlinking twice is harmless
    Listed = indices(links(self()), Pids),
    show(links_after_unlinking, {length(Listed), lists:sort(Listed) =:= [I || I <- lists:seq(1, N), I rem 3 =/= 0]}),
    show(unlinked_back, lists:all(fun(P) -> links(P) =:= [] end, Unlinked)),
    [P ! {go, {reason, I}} || {P, I} <- numbered(Pids)],
    Exits = collect_exits(N - length(Unlinked), Pids, []),
    show(exit_reasons_match, lists:all(fun({I, {reason, J}}) -> I =:= J end, Exits)),
    show(exits_from, lists:sort([I || {I, _} <- Exits]) =:= lists:sort(Listed)),
    show(no_more_exits, receive {'EXIT', _, _} -> got after 100 -> none end),
    show(links_at_end, indices(links(self()), Pids)),
    process_flag(trap_exit, false).

collect_exits(0, _, Acc) -> Acc;
collect_exits(K, Pids, Acc) ->
    receive {'EXIT', P, R} -> collect_exits(K - 1, Pids, [{index(P, Pids), R} | Acc])
    after 5000 -> [timeout | Acc]
    end.

%% Links removed and made again, in every order, with the other side dying between.
relinking(N) ->
    io:format("== relinking~n"),
    process_flag(trap_exit, true),
    Pids = [spawn(fun() -> receive {go, R} -> exit(R) end end) || _ <- lists:seq(1, N)],
    [link(P) || P <- Pids],
    [unlink(P) || {P, I} <- numbered(Pids), I rem 2 =:= 0],
    [link(P) || {P, I} <- numbered(Pids), I rem 4 =:= 0],
    Expected = [I || I <- lists:seq(1, N), I rem 2 =/= 0 orelse I rem 4 =:= 0],
    show(relinked, lists:sort(indices(links(self()), Pids)) =:= Expected),
    [P ! {go, {bye, I}} || {P, I} <- numbered(Pids)],
    Exits = collect_exits(length(Expected), Pids, []),
    show(relinked_exits, lists:sort([I || {I, _} <- Exits]) =:= Expected),
    show(nothing_else, receive {'EXIT', _, _} -> got after 100 -> none end),
    process_flag(trap_exit, false).

%% A hub linked to N processes dies: they all die with its reason, and the ones that trap exits
%% get it as a message first.
dying_hub(N) ->
    io:format("== dying hub~n"),
    Self = self(),
    Hub = spawn(fun() ->
                        Children = [spawn_link(fun() -> child(Self, I rem 10 =:= 0) end)
                                    || I <- lists:seq(1, N)],
                        Self ! {children, Children},
                        receive {die, R} -> exit(R) end
                end),
    Children = receive {children, C} -> C end,
    [receive {ready, P} -> ok end || P <- Children],
    Refs = [monitor(process, P) || P <- Children],
    Hub ! {die, {hub_down, 42}},
    Downs = [receive {'DOWN', Ref, process, _, R} -> R after 5000 -> timeout end || Ref <- Refs],
    show(down_reasons, count(Downs)),
    show(alive_after, length([P || P <- Children, is_process_alive(P)])).

child(Parent, Trap) ->
    process_flag(trap_exit, Trap),
    Parent ! {ready, self()},
    receive
        {'EXIT', _, R} -> exit({trapped, R})
    end.

%% A tree of linked processes Depth levels deep, each with Fan children: a leaf exits and the
%% whole tree goes down with its reason; the root traps it.
linked_tree(Depth, Fan) ->
    io:format("== linked tree~n"),
    process_flag(trap_exit, true),
    Self = self(),
    Root = spawn_link(fun() -> tree(Depth, Fan, Self) end),
    Nodes = collect_nodes(tree_size(Depth, Fan), []),
    Refs = [monitor(process, P) || P <- Nodes],
    Leaf = lists:last(Nodes),
    Leaf ! {die, {leaf, Depth}},
    show(root_exit, receive {'EXIT', Root, Why} -> Why after 5000 -> timeout end),
    Downs = [receive {'DOWN', Ref, process, _, R} -> R after 5000 -> timeout end || Ref <- Refs],
    show(tree_reasons, count(Downs)),
    process_flag(trap_exit, false).

tree_size(0, _) -> 1;
tree_size(D, Fan) -> 1 + Fan * tree_size(D - 1, Fan).

tree(0, _, Top) ->
    Top ! {node, self()},
    receive {die, R} -> exit(R) end;
tree(D, Fan, Top) ->
    [spawn_link(fun() -> tree(D - 1, Fan, Top) end) || _ <- lists:seq(1, Fan)],
    Top ! {node, self()},
    idle().

collect_nodes(0, Acc) -> lists:reverse(Acc);
collect_nodes(K, Acc) -> receive {node, P} -> collect_nodes(K - 1, [P | Acc]) end.

%% One watcher with many monitors: two on each target, some removed (with and without info and
%% flush), then every target exits and exactly the remaining monitors fire.
many_monitors(N) ->
    io:format("== many monitors~n"),
    Pids = [spawn(fun() -> receive {go, R} -> exit(R) end end) || _ <- lists:seq(1, N)],
    Mons = [{I, P, monitor(process, P), monitor(process, P)} || {P, I} <- numbered(Pids)],
    show(monitors_listed, length(monitors(self()))),
    Infos = [{I, demonitor(R1, [info])} || {I, _, R1, _} <- Mons, I rem 2 =:= 0],
    show(demonitor_info, lists:all(fun({_, B}) -> B end, Infos)),
    show(demonitor_again, lists:usort([demonitor(R1, [info]) || {I, _, R1, _} <- Mons, I rem 2 =:= 0])),
    [demonitor(R2) || {I, _, _, R2} <- Mons, I rem 3 =:= 0],
    show(monitors_left, length(monitors(self()))),
    show(targets_watched_by, count([length(monitored_by(P)) || P <- Pids])),
    [P ! {go, {gone, I}} || {P, I} <- numbered(Pids)],
    Expected = [{I, R1} || {I, _, R1, _} <- Mons, I rem 2 =/= 0] ++
        [{I, R2} || {I, _, _, R2} <- Mons, I rem 3 =/= 0],
    Fired = [receive {'DOWN', R, process, _, {gone, J}} -> J =:= I after 5000 -> timeout end
             || {I, R} <- Expected],
    show(fired, count(Fired)),
    show(stray_downs, receive {'DOWN', _, _, _, _} -> got after 100 -> none end),
    %% Many monitors of one target whose 'DOWN' messages are queued or on their way: demonitor
    %% flush leaves none of them behind.
    {P, Ref} = spawn_monitor(fun() -> receive go -> ok end end),
    Others = [monitor(process, P) || _ <- lists:seq(1, 20)],
    P ! go,
    [receive {'DOWN', R, process, P, normal} -> ok end || R <- lists:sublist(Others, 10)],
    [demonitor(R, [flush]) || R <- [Ref | lists:nthtail(10, Others)]],
    show(after_flush, receive {'DOWN', _, _, _, _} -> got after 100 -> none end),
    show(monitors_at_end, monitors(self())).

%% One target monitored by many watchers, some of which demonitor again: the target lists the
%% rest as monitored_by, and its exit reaches exactly them.
watched_by_many(N) ->
    io:format("== watched by many~n"),
    Self = self(),
    Target = spawn(fun() -> receive {go, R} -> exit(R) end end),
    Watchers = [spawn(fun() -> watcher(Self, Target, I rem 4 =:= 0) end) || I <- lists:seq(1, N)],
    [receive {watching, W} -> ok end || W <- Watchers],
    By = indices(monitored_by(Target), Watchers),
    show(monitored_by, {length(By), lists:sort(By) =:= [I || I <- lists:seq(1, N), I rem 4 =/= 0]}),
    Target ! {go, target_gone},
    Reports = [receive {report, W, R} -> R after 5000 -> timeout end || W <- Watchers],
    show(watcher_reports, count(Reports)).

watcher(Parent, Target, Cancel) ->
    Ref = monitor(process, Target),
    case Cancel of
        true -> demonitor(Ref);
        false -> ok
    end,
    Parent ! {watching, self()},
    R = receive {'DOWN', Ref, process, Target, Why} -> {down, Why} after 300 -> no_down end,
    Parent ! {report, self(), R}.

links(P) -> element(2, process_info(P, links)).
monitored_by(P) -> element(2, process_info(P, monitored_by)).
monitors(P) -> element(2, process_info(P, monitors)).

numbered(L) -> lists:zip(L, lists:seq(1, length(L))).

index(P, L) -> index(P, L, 1).
index(_, [], _) -> none;
index(P, [P | _], I) -> I;
index(P, [_ | T], I) -> index(P, T, I + 1).

indices(Ps, L) -> [I || I <- [index(P, L) || P <- Ps], I =/= none].

count(L) ->
    lists:sort(maps:to_list(lists:foldl(fun(X, M) -> maps:update_with(X, fun(C) -> C + 1 end, 1, M) end,
                                        #{}, L))).

show(Label, Value) ->
    io:format("~p: ~w~n", [Label, Value]).
