%% The chunks of ETS walks (select/3 and its relatives, and their continuations) let other
%% processes run while they work (test/diff/support/fairness.erl measures it), as erts' do,
%% when a chunk finds its few matches only far into a table of two million objects: at once,
%% such a chunk took ember 220 to 520 ms.
-module(ets_chunk_fairness).
-export([main/0]).

main() ->
    Cases = [{ets_select_chunk, fun() -> table(set) end,
              fun(T) -> ets:select(T, [{{'$1', '_'}, [{'>', '$1', 1999990}], ['$1']}], 100) end},
             {ets_select_reverse_chunk_ordered, fun() -> table(ordered_set) end,
              fun(T) -> ets:select_reverse(T, [{{'$1', '$2'}, [{'=:=', {'rem', '$1', 1000000}, 1}], ['$2']}], 5) end},
             {ets_select_continue, fun() -> table(set) end,
              fun(T) ->
                      {_, C} = ets:select(T, [{{'$1', '_'}, [{'=:=', {'rem', '$1', 1000000}, 0}], ['$1']}], 1),
                      ets:select(C)
              end}],
    fairness:run(Cases).

table(Type) ->
    T = ets:new(t, [Type]),
    ets:insert(T, [{X, X} || X <- lists:seq(1, 2000000)]),
    T.
