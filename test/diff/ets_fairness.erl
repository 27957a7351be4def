%% ETS walks over tables of a million objects or more (select and its relatives,
%% select_count, select_delete, select_replace) let other processes run while they work
%% (test/diff/support/fairness.erl measures it), as erts' do. The chunked walks are in
%% ets_chunk_fairness.erl, so that each test stays within the runner's minute under qemu.
-module(ets_fairness).
-export([main/0]).

main() ->
    Cases = [{ets_select, fun() -> table(set, 1000000) end, fun(T) -> ets:select(T, [{{'$1', '$2'}, [], ['$2']}]) end},
             {ets_select_reverse, fun() -> table(ordered_set, 2000000) end,
              fun(T) -> ets:select_reverse(T, [{{'$1', '$2'}, [{'=:=', {'rem', '$1', 7}, 0}], [{{'$2', '$1'}}]}]) end},
             {ets_select_count, fun() -> table(set, 2000000) end,
              fun(T) -> ets:select_count(T, [{{'$1', '_'}, [{'<', '$1', 1500000}], [true]}]) end},
             {ets_select_count_ordered, fun() -> table(ordered_set, 2000000) end,
              fun(T) -> ets:select_count(T, [{{'$1', '_'}, [], [{'=:=', {'rem', '$1', 7}, 0}]}]) end},
             {ets_select_delete, fun() -> table(set, 600000) end,
              fun(T) -> ets:select_delete(T, [{{'$1', '_'}, [{'=:=', {'rem', '$1', 2}, 0}], [true]}]) end},
             {ets_select_delete_ordered, fun() -> table(ordered_set, 1000000) end,
              fun(T) -> ets:select_delete(T, [{{'$1', '_'}, [{'=:=', {'rem', '$1', 7}, 0}], [true]}]) end},
             {ets_select_replace, fun() -> table(set, 600000) end,
              fun(T) -> ets:select_replace(T, [{{'$1', '$2'}, [], [{{'$1', {'+', '$2', 1}}}]}]) end},
             {ets_select_replace_ordered, fun() -> table(ordered_set, 500000) end,
              fun(T) -> ets:select_replace(T, [{{'$1', '$2'}, [], [{{'$1', {'-', '$2'}}}]}]) end}],
    fairness:run(Cases).

%% Objects to walk: at once, a million in a set took ember 260 ms, two million in an
%% ordered_set with a guard to evaluate 220 ms; select_count over two million, 130 ms in a set
%% and 190 ms in an ordered_set; select_delete and select_replace over half a million to a
%% million, 150 to 300 ms.
table(Type, N) ->
    T = ets:new(t, [Type]),
    ets:insert(T, [{X, X} || X <- lists:seq(1, N)]),
    T.

