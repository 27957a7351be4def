%% select_delete/2, match_delete/2 and select_replace/2 over tables too big for one time slice
%% go on in later slices, as erts' trap: they change what a walk at once would, and leave the
%% table as erts leaves it. Whether a hash table shrinks as the walk ends depends on how erts
%% fixed it meanwhile, and shows in the order of what is left (tab2list), so every kind of
%% access and locking is tried. A table fixed by its user keeps deleted objects until it is
%% unfixed; a table that changes meanwhile loses only what matched; the fixation a walk holds
%% ends with it, or with its process.
-module(ets_update_yield).
-export([main/0]).

-define(N, 200000).

main() ->
    Kinds = [[set, private], [set, protected], [set, public],
             [set, public, {write_concurrency, true}], [set, protected, {write_concurrency, true}],
             [bag, public], [duplicate_bag, private], [ordered_set, public],
             [ordered_set, public, {write_concurrency, true}]],
    [update(Kind) || Kind <- Kinds],
    [fixed_by_user(Kind) || Kind <- [[set, public], [set, public, {write_concurrency, true}]]],
    changing(),
    killed_walker().

update(Kind) ->
    T = filled(Kind),
    Replaced = case lists:member(bag, Kind) orelse lists:member(duplicate_bag, Kind) of
                   true -> none;
                   false -> ets:select_replace(T, [{{'$1', '$2', '_'}, [{'<', '$1', 150000}],
                                                    [{{'$1', '$2', replaced}}]}])
               end,
    Deleted = ets:select_delete(T, [{{'$1', '_', '_'}, [{'=/=', {'rem', '$1', 3}, 0}], [true]}]),
    Matched = ets:match_delete(T, {'_', '_', replaced}),
    Left = ets:tab2list(T),
    io:format("~p: replaced ~p, deleted ~p, left ~p ~p, first ~p, order ~p~n",
              [Kind, Replaced, Deleted, ets:info(T, size), length(Left), ets:first(T),
               erlang:phash2(Left)]),
    io:format("  fixed after: ~p~n", [ets:info(T, safe_fixed)]),
    ets:delete(T).

filled(Kind) ->
    T = ets:new(t, Kind),
    ets:insert(T, [{X, X * 2, integer_to_list(X)} || X <- lists:seq(1, ?N)]),
    T.

%% Deleted while the user fixes the table: marked, counted out of size at once, and gone when
%% the last fixation ends.
fixed_by_user(Kind) ->
    T = filled(Kind),
    ets:safe_fixtable(T, true),
    Deleted = ets:select_delete(T, [{{'$1', '_', '_'}, [{'>', '$1', 1000}], [true]}]),
    Size = ets:info(T, size),
    {_, Fixers} = ets:info(T, safe_fixed),
    ets:safe_fixtable(T, false),
    Left = ets:tab2list(T),
    io:format("~p fixed by user: deleted ~p, size ~p, fixers ~p, left ~p, order ~p, fixed after ~p~n",
              [Kind, Deleted, Size, Fixers =:= [{self(), 1}], length(Left), erlang:phash2(Left), ets:info(T, safe_fixed)]),
    ets:delete(T).

%% Objects inserted and deleted by another process while the walk goes on: only matching
%% objects go, none that did not match.
changing() ->
    [begin
         T = ets:new(t, [Type, public]),
         ets:insert(T, [{X, X} || X <- lists:seq(1, 300000)]),
         Self = self(),
         spawn(fun() -> Self ! {done, ets:select_delete(T, [{{'$1', '_'}, [{'>', '$1', 2000}], [true]}])} end),
         _ = [ets:delete(T, X) || X <- lists:seq(1, 1000)],
         ets:insert(T, [{X, X} || X <- lists:seq(-1000, -1)]),
         receive
             {done, N} ->
                 Left = lists:sort(ets:select(T, [{{'$1', '_'}, [{'=<', '$1', 2000}], ['$1']}])),
                 io:format("~p changing: deleted at least ~p, small keys intact ~p, big keys left ~p~n",
                           [Type, N >= 298000 - 1000, Left =:= lists:seq(-1000, -1) ++ lists:seq(1001, 2000),
                            ets:select_count(T, [{{'$1', '_'}, [{'>', '$1', 300000}], [true]}])])
         end,
         io:format("  fixed after: ~p~n", [ets:info(T, safe_fixed)]),
         ets:delete(T)
     end || Type <- [set, ordered_set]].

%% A process killed in the middle of a walk leaves the table unfixed and whole.
killed_walker() ->
    T = ets:new(t, [set, public]),
    ets:insert(T, [{X, X} || X <- lists:seq(1, 300000)]),
    {W, Ref} = spawn_monitor(fun() -> ets:select_delete(T, [{'_', [], [false]}]), receive after infinity -> ok end end),
    receive after 2 -> ok end,
    exit(W, kill),
    receive {'DOWN', Ref, process, W, killed} -> ok end,
    io:format("killed walker: size ~p, fixed after: ~p~n", [ets:info(T, size), ets:info(T, safe_fixed)]).
