-module(ets_hash_select).
-export([main/0]).

%% select, match and their chunked forms over hash tables, as erts runs them: results last
%% found first, chunks that end at a bucket boundary and carry their surplus on to the next
%% call, specifications whose clauses fix keys visiting only those keys' buckets, and
%% select_delete, select_replace and select_count.

show(Label, Value) -> io:format("~s: ~w~n", [Label, Value]).

show_long(Label, List) ->
    io:format("~s: ~w ~w~n  ~w~n", [Label, length(List), erlang:phash2(List),
                                     lists:sublist(List, 60)]).

%% The chunks of a chunked walk, each with its length, until '$end_of_table'.
chunks('$end_of_table') -> ['$end_of_table'];
chunks({Matches, '$end_of_table'}) -> [{length(Matches), Matches}, end_marker];
chunks({Matches, Cont}) -> [{length(Matches), Matches} | chunks(ets:select(Cont))].

table(Type, N) ->
    T = ets:new(t, [Type, public]),
    [ets:insert(T, {K, K rem 7, integer_to_binary(K)}) || K <- lists:seq(1, N)],
    T.

main() ->
    T = table(set, 3000),
    Even = [{{'$1', '$2', '_'}, [{'==', {'rem', '$1', 2}, 0}], ['$1']}],
    show_long("select", ets:select(T, Even)),
    lists:foreach(fun(Limit) ->
        show(io_lib:format("chunks of ~w", [Limit]), chunks(ets:select(T, Even, Limit)))
    end, [1, 3, 50, 700, 5000]),
    Rare = [{{'$1', '_', '_'}, [{'==', {'rem', '$1', 997}, 0}], ['$1']}],
    show("rare matches", chunks(ets:select(T, Rare, 1))),
    show("rare matches by 2", chunks(ets:select(T, Rare, 2))),
    %% A chunk that fills up after erts gave way once carries its surplus reversed.
    Late = table(duplicate_bag, 5000),
    lists:foreach(fun(K) ->
        [ets:insert(Late, {K, extra, N}) || N <- lists:seq(1, 9)],
        Spec = [{{'$1', '_', '$2'}, [{'==', '$1', K}], ['$2']}],
        show(io_lib:format("late key ~w", [K]), [chunks(ets:select(Late, Spec, C)) || C <- [1, 3, 4]])
    end, [4000, 37, 2999]),
    show("match/3", chunks(ets:match(T, {'$1', 3, '_'}, 100))),
    show("match_object/3", length(element(1, ets:match_object(T, {'_', 3, '_'}, 10)))),
    show("select_reverse/3", chunks(ets:select_reverse(T, Even, 400))),
    show("nothing", [ets:select(T, [{{a, '_', '_'}, [], ['$_']}], 5),
                     ets:select(T, [{{'$1', '_', '_'}, [{'<', '$1', 0}], ['$_']}], 5),
                     ets:select(ets:new(e, []), [{'_', [], ['$_']}], 5)]),
    %% Clauses that fix keys visit those keys' buckets, in clause order.
    Keys = [{{K, '_', '_'}, [], [{{K}}]} || K <- [2000, 5, 2000, 77777, 1234, 6]],
    show("fixed keys", ets:select(T, Keys)),
    show("fixed keys in chunks", chunks(ets:select(T, Keys, 2))),
    show("fixed keys count", ets:select_count(T, [{{K, '_', '_'}, [], [true]} || K <- [3, 4]])),
    show("fixed and open", ets:select(T, [{{5, '_', '_'}, [], [5]}, {{'$1', 1, '_'}, [{'<', '$1', 30}], ['$1']}])),
    show("tuple key", ets:select(table(set, 10), [{{{1, 2}, '_', '_'}, [], ['$_']}])),
    show("count", ets:select_count(T, [{{'_', 3, '_'}, [], [true]}])),
    %% A continuation is usable after the table changed, while its slot still exists.
    {First, Cont} = ets:select(T, Even, 10),
    [ets:delete(T, K) || K <- lists:seq(1, 3000, 3)],
    show("resumed after deletes", {length(First), chunks(ets:select(Cont))}),
    replace(),
    deletes().

replace() ->
    T = table(set, 1500),
    show("select_replace", ets:select_replace(T, [{{'$1', 2, '$2'}, [{'<', '$1', 700}], [{{'$1', 2, replaced}}]}])),
    show_long("replaced", ets:tab2list(T)),
    D = table(duplicate_bag, 300),
    insert_list(D, [{K, 0, again} || K <- lists:seq(1, 300, 7)]),
    show("select_replace dbag", ets:select_replace(D, [{{'$1', 0, '$2'}, [], [{{'$1', 0, {{'$2'}}}}]}])),
    show_long("dbag replaced", ets:tab2list(D)).

%% select_delete: a table others may write is fixed by erts while it walks (public with
%% write_concurrency), or once it gives way after 1000 objects (public without), and a fixed
%% table does not shrink; otherwise the walk's deletions shrink it at the end.
deletes() ->
    lists:foreach(fun({Label, Opts, N, Upto}) ->
        T = ets:new(t, Opts),
        [ets:insert(T, {K}) || K <- lists:seq(1, N)],
        Deleted = ets:select_delete(T, [{{'$1'}, [{'=<', '$1', Upto}], [true]}]),
        show(Label, {Deleted, ets:info(T, size), ets:info(T, stats)}),
        show_long(Label ++ " left", ets:tab2list(T)),
        insert_list(T, [{K} || K <- lists:seq(1, 300)]),
        show_long(Label ++ " refilled", ets:tab2list(T))
    end, [{"protected", [set], 6000, 5500},
          {"public", [set, public], 6000, 5500},
          {"public few", [set, public], 5000, 4990},
          {"public fine", [set, public, {write_concurrency, true}], 7000, 6900},
          {"protected fine", [set, {write_concurrency, true}], 7000, 6900},
          {"private", [bag, private], 6000, 5999}]),
    T = ets:new(t, [set, public]),
    [ets:insert(T, {K}) || K <- lists:seq(1, 5000)],
    ets:safe_fixtable(T, true),
    show("fixed select_delete", ets:select_delete(T, [{{'$1'}, [{'>', '$1', 100}], [true]}])),
    show("while fixed", {ets:info(T, size), ets:info(T, stats)}),
    insert_list(T, [{K} || K <- lists:seq(4000, 4100)]),
    ets:safe_fixtable(T, false),
    show("unfixed", {ets:info(T, size), ets:info(T, stats)}),
    show_long("after", ets:tab2list(T)),
    show("match_delete", {ets:match_delete(T, {'_'}), ets:info(T, size)}).

%% erts inserts a list in order only if the time slice has enough reductions left for it
%% (8 objects per reduction); a fresh slice always has (the call after the yield starts it).
insert_list(T, Objects) ->
    erlang:yield(),
    insert_now(T, Objects).

insert_now(T, Objects) -> ets:insert(T, Objects).
