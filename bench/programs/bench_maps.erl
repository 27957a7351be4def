%% Maps of several sizes, from small (flat) to large (hash trie), with integer and binary
%% keys: insert, update, lookup (hits and misses), fold, filter, map, to_list/from_list.
-module(bench_maps).
-export([run/1]).

%% {Size, Repetitions}.
run(quick) -> run_sizes([{8, 100}, {30, 30}, {100, 10}, {1000, 2}]);
run(default) -> run_sizes([{8, 6000}, {30, 1600}, {100, 500}, {1000, 40}, {10000, 3}]).

run_sizes(Sizes) ->
    Got = [{Kind, Size, lists:usort([workload(Kind, Size) || _ <- lists:seq(1, Reps)])}
           || Kind <- [integer, binary], {Size, Reps} <- Sizes],
    Expected = [{Kind, Size, [expected(Size)]}
                || Kind <- [integer, binary], {Size, _} <- Sizes],
    check(Got, Expected).

%% Distinct scrambled keys: multiplication by an odd constant is a bijection mod 2^32.
key(integer, I) -> (I * 2654435761) band 16#FFFFFFFF;
key(binary, I) -> <<"key:", (integer_to_binary((I * 2654435761) band 16#FFFFFFFF))/binary>>.

workload(Kind, Size) ->
    Keys = [key(Kind, I) || I <- lists:seq(1, Size)],
    Indexed = lists:zip(Keys, lists:seq(1, Size)),
    %% Insert: value I for the I-th key.
    M1 = lists:foldl(fun({K, I}, M) -> M#{K => I} end, #{}, Indexed),
    %% Update: every value + 1, with := and with maps:update_with.
    M2 = lists:foldl(fun(K, M) -> #{K := V} = M, M#{K := V + 1} end, M1, Keys),
    M3 = lists:foldl(fun(K, M) -> maps:update_with(K, fun(V) -> V * 2 end, M) end, M2, Keys),
    %% Lookups: hits through maps:get and is_map_key, misses through maps:find.
    Hits = lists:foldl(fun(K, A) -> A + maps:get(K, M3) end, 0, Keys),
    Present = length([K || K <- Keys, is_map_key(K, M3)]),
    Misses = length([I || I <- lists:seq(Size + 1, 2 * Size),
                          maps:find(key(Kind, I), M3) =:= error]),
    Fold = maps:fold(fun(_, V, A) -> A + V end, 0, M3),
    Even = map_size(maps:filter(fun(_, V) -> V rem 4 =:= 0 end, M3)),
    Halved = maps:map(fun(_, V) -> V div 2 - 1 end, M3),
    Rebuilt = maps:from_list(maps:to_list(Halved)),
    Same = Rebuilt =:= M1 andalso Rebuilt =:= maps:from_list(Indexed),
    Removed = map_size(lists:foldl(fun maps:remove/2, M3, lists:sublist(Keys, Size div 2))),
    {map_size(M3), Hits, Present, Misses, Fold, Even, Same, Removed}.

%% Values end as 2 * (I + 1).
expected(Size) ->
    Sum = Size * (Size + 1) + 2 * Size,
    {Size, Sum, Size, Size, Sum, (Size + 1) div 2, true, Size - Size div 2}.

check(Expected, Expected) -> ok;
check(Got, _) -> erlang:error({wrong_result, maps, Got}).
