%% ETS set and ordered_set tables: insert, lookup, lookup_element, update_counter, select
%% and select_count with match specifications, ordered traversal, delete.
-module(bench_ets).
-export([run/1]).

run(quick) -> run_sizes([{1000, 8}]);
run(default) -> run_sizes([{1000, 160}, {50000, 3}]).

run_sizes(Sizes) ->
    Got = [{Type, Size, lists:usort([workload(Type, Size) || _ <- lists:seq(1, Reps)])}
           || Type <- [set, ordered_set], {Size, Reps} <- Sizes],
    Expected = [{Type, Size, [expected(Type, Size)]}
                || Type <- [set, ordered_set], {Size, _} <- Sizes],
    check(Got, Expected).

%% Distinct scrambled keys: multiplication by an odd constant is a bijection mod 2^32.
key(I) -> (I * 2654435761) band 16#FFFFFFFF.

workload(Type, Size) ->
    T = ets:new(bench, [Type, public]),
    Keys = [key(I) || I <- lists:seq(1, Size)],
    %% Rows are {Key, I, Counter, Name}.
    lists:foreach(fun(I) -> true = ets:insert(T, {key(I), I, 0, {name, I}}) end,
                  lists:seq(1, Size)),
    %% A batch insert overwrites the second half with the same rows.
    true = ets:insert(T, [{key(I), I, 0, {name, I}} || I <- lists:seq(Size div 2 + 1, Size)]),
    Looked = lists:foldl(fun(K, A) -> [{K, I, _, _}] = ets:lookup(T, K), A + I end, 0, Keys),
    Misses = length([I || I <- lists:seq(Size + 1, Size + 100), ets:lookup(T, key(I)) =:= []]),
    %% Counters: +1 on every row, then +2 and +I on every row in one call.
    lists:foreach(fun(K) -> ets:update_counter(T, K, {3, 1}) end, Keys),
    Counted = lists:foldl(fun(K, A) ->
                                  I = ets:lookup_element(T, K, 2),
                                  [_, C] = ets:update_counter(T, K, [{3, 2}, {3, I}]),
                                  A + C
                          end, 0, Keys),
    %% Select: the I of rows with I divisible by 10, and the count of counters above Size.
    Tens = lists:sum(ets:select(T, [{{'_', '$1', '_', '_'}, [{'==', {'rem', '$1', 10}, 0}],
                                     ['$1']}])),
    Big = ets:select_count(T, [{{'_', '_', '$1', '_'}, [{'>', '$1', Size + 3}], [true]}]),
    %% ets:next visits every key, in increasing order for ordered_set.
    {Walked, Sorted} = walk(T, ets:first(T), -1, 0, true),
    InOrder = Type =:= set orelse Sorted,
    Size = ets:info(T, size),
    %% Delete the rows with odd I: by key, by match and by match specification.
    lists:foreach(fun(I) -> true = ets:delete(T, key(I)) end, lists:seq(1, Size, 4)),
    ets:match_delete(T, {'_', '_', '_', {name, 3}}),
    ets:select_delete(T, [{{'_', '$1', '_', '_'}, [{'==', {'rem', '$1', 4}, 3}], [true]}]),
    Left = ets:info(T, size),
    true = ets:delete(T),
    {Looked, Misses, Counted, Tens, Big, Walked, InOrder, Left}.

walk(_, '$end_of_table', _, N, Sorted) -> {N, Sorted};
walk(T, K, Prev, N, Sorted) -> walk(T, ets:next(T, K), K, N + 1, Sorted andalso K > Prev).

expected(_Type, Size) ->
    Sum = Size * (Size + 1) div 2,
    Tens = 10 * (Size div 10) * (Size div 10 + 1) div 2,
    %% Counters end at 3 + I; above Size + 3 for no row.
    {Sum, 100, Sum + 3 * Size, Tens, 0, Size, true, Size div 2}.

check(Expected, Expected) -> ok;
check(Got, _) -> erlang:error({wrong_result, ets, Got}).
