%% select/2, select_reverse/2, match/2, match_object/2 and select_count/2 over tables too big
%% for one time slice go on in later slices (as erts' select traps), and so do the chunks of
%% select/3 and its relatives, and their continuations, when few objects match: the results are
%% those of a walk at once, in the same order, for every table type; a table that changes meanwhile is walked
%% without an object seen twice; and the fixation a hash walk holds ends with it, or with its
%% process.
-module(ets_select_yield).
-export([main/0]).

main() ->
    [begin
         T = ets:new(t, [Type, public]),
         ets:insert(T, [{X, X * 2, integer_to_list(X)} || X <- lists:seq(1, 200000)]),
         Small = ets:select(T, [{{'$1', '$2', '_'}, [{'<', '$1', 1000}], ['$2']}]),
         Match = ets:match(T, {'$1', '_', "77"}),
         Object = ets:match_object(T, {'_', 10, '_'}),
         Last = ets:select_reverse(T, [{{'$1', '_', '_'}, [{'>', '$1', 199990}], ['$1']}]),
         All = ets:select(T, [{'_', [], ['$_']}]),
         AllReversed = ets:select_reverse(T, [{'_', [], ['$_']}]),
         Counts = [ets:select_count(T, [{{'$1', '_', '_'}, [{'<', '$1', 150000}], [true]}]),
                   ets:select_count(T, [{'_', [], [true]}]),
                   ets:select_count(T, [{{'$1', '_', '_'}, [], [{'=:=', {'rem', '$1', 3}, 0}]}])],
         io:format("~p: ~p ~p ~p ~p ~p ~p ~p ~p~n",
                   [Type, erlang:phash2(Small), Match, Object, Last, length(All), erlang:phash2(All),
                    erlang:phash2(AllReversed), Counts]),
         io:format("  chunks: ~p~n", [chunks(T)]),
         io:format("  fixed after: ~p~n", [ets:info(T, safe_fixed)]),
         ets:delete(T)
     end || Type <- [set, ordered_set, bag, duplicate_bag]],
    [changing(Type) || Type <- [set, ordered_set]],
    killed_walker().

%% Chunks of a walk that matches one object in 40,000 (so that a chunk takes many slices), each
%% continued with the function that began it.
chunks(T) ->
    Sparse = [{{'$1', '_', '_'}, [{'=:=', {'rem', '$1', 40000}, 0}], ['$1']}],
    [continue(fun ets:select/1, ets:select(T, Sparse, 2)),
     continue(fun ets:select_reverse/1, ets:select_reverse(T, Sparse, 3)),
     continue(fun ets:match/1, ets:match(T, {'$1', 20000, '_'}, 1)),
     continue(fun ets:match_object/1, ets:match_object(T, {'_', '_', "150000"}, 4)),
     continue(fun ets:select/1, ets:select(T, [{{'_', '$1', '_'}, [{'>', '$1', 399990}], ['$1']}], 1))].

continue(_, '$end_of_table') -> [];
continue(Next, {Results, Continuation}) -> [Results | continue(Next, Next(Continuation))].

%% Objects deleted and inserted while another process walks the table.
changing(Type) ->
    T = ets:new(t, [Type, public]),
    ets:insert(T, [{X, X} || X <- lists:seq(1, 300000)]),
    Self = self(),
    spawn(fun() -> R = ets:select(T, [{{'$1', '_'}, [], ['$1']}]), Self ! {done, R} end),
    _ = [ets:delete(T, X) || X <- lists:seq(1, 1000)],
    ets:insert(T, [{X, X} || X <- lists:seq(300001, 301000)]),
    receive
        {done, R} ->
            io:format("~p changing: none twice ~p, all untouched ~p~n",
                      [Type, length(lists:usort(R)) =:= length(R),
                       lists:seq(1001, 300000) -- R =:= []])
    end,
    io:format("  fixed after: ~p~n", [ets:info(T, safe_fixed)]),
    ets:delete(T).

%% A process killed in the middle of a walk leaves the table unfixed.
killed_walker() ->
    T = ets:new(t, [set, public]),
    ets:insert(T, [{X, X} || X <- lists:seq(1, 300000)]),
    {W, Ref} = spawn_monitor(fun() -> ets:select(T, [{'_', [], ['$_']}]), receive after infinity -> ok end end),
    receive after 2 -> ok end,
    exit(W, kill),
    receive {'DOWN', Ref, process, W, killed} -> ok end,
    io:format("killed walker, fixed after: ~p~n", [ets:info(T, safe_fixed)]).
