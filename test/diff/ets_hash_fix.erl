-module(ets_hash_fix).
-export([main/0]).

%% safe_fixtable on hash tables as erts has it: while fixed, a table neither grows nor shrinks
%% and deleted objects keep their place (invisibly) until the last unfix, so a first/next walk
%% that deletes as it goes sees every object once, and a key inserted again while fixed takes
%% its old place. A fixation dies with its process.

show(Label, Value) -> io:format("~s: ~w~n", [Label, Value]).

show_long(Label, List) ->
    io:format("~s: ~w ~w~n  ~w~n", [Label, length(List), erlang:phash2(List),
                                     lists:sublist(List, 60)]).

next(T, K) -> try ets:next(T, K) catch error:R -> {error, R} end.

walk_deleting(_, '$end_of_table', Acc) -> lists:reverse(Acc);
walk_deleting(T, K, Acc) ->
    Next = ets:next(T, K),
    [ets:delete(T, K) || K rem 3 =/= 0],
    [ets:insert(T, {K + 100000}) || K rem 10 =:= 0],
    walk_deleting(T, Next, [K | Acc]).

main() ->
    T = ets:new(t, [set, public]),
    [ets:insert(T, {K}) || K <- lists:seq(1, 2000)],
    ets:safe_fixtable(T, true),
    show("fixed", {ets:info(T, fixed), element(2, ets:info(T, safe_fixed)) =:= [{self(), 1}]}),
    Seen = walk_deleting(T, ets:first(T), []),
    show_long("seen", Seen),
    show("during", {ets:info(T, size), ets:info(T, stats)}),
    show_long("during", ets:tab2list(T)),
    [ets:insert(T, {K, again}) || K <- lists:seq(1, 60)],
    show_long("reinserted while fixed", ets:tab2list(T)),
    show("next of a deleted key", next(T, 62)),
    show("next of an absent key", next(T, -5)),
    ets:safe_fixtable(T, true),
    show("twice", element(2, ets:info(T, safe_fixed)) =:= [{self(), 2}]),
    ets:safe_fixtable(T, false),
    show("still", {ets:info(T, fixed), ets:info(T, stats)}),
    ets:safe_fixtable(T, false),
    show("unfixed", {ets:info(T, fixed), ets:info(T, safe_fixed), ets:info(T, stats)}),
    ets:insert(T, {0}),
    show("grown after unfix", ets:info(T, stats)),
    show_long("after", ets:tab2list(T)),
    bags(),
    delete_all(),
    takes(),
    dying_fixer().

%% A bag object deleted while fixed and inserted again returns to the head of its key.
bags() ->
    B = ets:new(b, [bag]),
    ets:insert(B, [{k, 1}, {k, 2}, {k, 3}, {j, 1}]),
    ets:safe_fixtable(B, true),
    ets:delete_object(B, {k, 2}),
    ets:delete(B, j),
    ets:insert(B, {k, 2}),
    ets:insert(B, {j, 2}),
    ets:insert(B, {j, 1}),
    show("bag while fixed", {ets:lookup(B, k), ets:lookup(B, j), ets:info(B, stats)}),
    ets:safe_fixtable(B, false),
    show("bag unfixed", {ets:lookup(B, k), ets:lookup(B, j), ets:tab2list(B)}).

%% delete_all_objects on a fixed table marks every object; unfixing frees them.
delete_all() ->
    T = ets:new(t, [set]),
    [ets:insert(T, {K}) || K <- lists:seq(1, 3000)],
    ets:safe_fixtable(T, true),
    ets:delete_all_objects(T),
    show("emptied while fixed", {ets:info(T, size), ets:info(T, stats), ets:first(T)}),
    [ets:insert(T, {K}) || K <- lists:seq(2990, 3010)],
    show_long("refilled while fixed", ets:tab2list(T)),
    ets:safe_fixtable(T, false),
    show("unfixed", ets:info(T, stats)),
    ets:delete_all_objects(T),
    show("emptied", {ets:info(T, size), ets:info(T, stats)}).

takes() ->
    T = ets:new(t, [duplicate_bag]),
    insert_list(T, [{K rem 50, K} || K <- lists:seq(1, 400)]),
    ets:safe_fixtable(T, true),
    show("take while fixed", ets:take(T, 7)),
    show("taken", {ets:lookup(T, 7), ets:info(T, size), ets:info(T, stats)}),
    ets:insert(T, {7, new}),
    ets:safe_fixtable(T, false),
    show("after take", {ets:lookup(T, 7), ets:info(T, stats)}).

dying_fixer() ->
    T = ets:new(t, [set, public]),
    [ets:insert(T, {K}) || K <- lists:seq(1, 256)],
    Self = self(),
    {Pid, Ref} = spawn_monitor(fun() -> ets:safe_fixtable(T, true), Self ! fixed,
                                        receive stop -> ok end end),
    receive fixed -> ok end,
    [ets:insert(T, {K}) || K <- lists:seq(257, 400)],
    show("fixed by another", {ets:info(T, fixed), ets:info(T, stats)}),
    Pid ! stop,
    receive {'DOWN', Ref, process, Pid, _} -> ok end,
    show("fixer gone", ets:info(T, fixed)),
    ets:insert(T, {401}),
    show("grows again", ets:info(T, stats)).

%% erts inserts a list in order only if the time slice has enough reductions left for it
%% (8 objects per reduction); a fresh slice always has (the call after the yield starts it).
insert_list(T, Objects) ->
    erlang:yield(),
    insert_now(T, Objects).

insert_now(T, Objects) -> ets:insert(T, Objects).
