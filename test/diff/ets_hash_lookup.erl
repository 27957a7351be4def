-module(ets_hash_lookup).
-export([main/0]).

%% Lookups in hash tables of 100,000 keys of several types: every key is found with its
%% object, absent keys are not, and == keys that are not =:= stay apart (1 and 1.0).

show(Label, Value) -> io:format("~s: ~w~n", [Label, Value]).

key(K) when K rem 4 =:= 0 -> K;
key(K) when K rem 4 =:= 1 -> integer_to_binary(K);
key(K) when K rem 4 =:= 2 -> {K, [K]};
key(K) -> float(K).

main() ->
    N = 100000,
    T = ets:new(t, [set, public]),
    [ets:insert(T, {key(K), K}) || K <- lists:seq(1, N)],
    show("size", ets:info(T, size)),
    show("all found", lists:all(fun(K) -> ets:lookup(T, key(K)) =:= [{key(K), K}] end,
                                lists:seq(1, N))),
    show("members", length([K || K <- lists:seq(1, N), ets:member(T, key(K))])),
    show("absent", [ets:lookup(T, X) || X <- [0, 3, 3.5, <<"4">>, {2, 2}, {2, [3]}, N + 1]]),
    show("1 and 1.0", [ets:lookup(T, 4.0), ets:lookup(T, 3), ets:lookup(T, 3.0)]),
    [ets:delete(T, key(K)) || K <- lists:seq(1, N, 2)],
    show("half deleted", {ets:info(T, size), ets:info(T, stats)}),
    show("rest found", lists:all(fun(K) -> ets:member(T, key(K)) =:= (K rem 2 =:= 0) end,
                                 lists:seq(1, N))),
    [ets:update_counter(T, key(K), {2, K}) || K <- lists:seq(2, N, 2)],
    show("counters", lists:sum([ets:lookup_element(T, key(K), 2) || K <- lists:seq(2, N, 2)])),
    B = ets:new(b, [bag]),
    [ets:insert(B, {K rem 1000, K}) || K <- lists:seq(1, N)],
    show("bag", {ets:info(B, size), length(ets:lookup(B, 7)), hd(ets:lookup(B, 7)),
                 lists:last(ets:lookup(B, 999))}).
