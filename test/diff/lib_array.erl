%% The array module as shipped: fixed and growable arrays, defaults, sparse
%% operations, folds and maps, resizing, and the internal tuple tree shape.
-module(lib_array).
-import(diff_util, [catching/1]).
-export([main/0]).

main() ->
    A0 = array:new(),
    A10 = array:new(10),
    AF = array:new(5, [{default, 0}, fixed]),
    A = array:from_list([a, b, c, d, e]),
    Sparse = array:set(100, far, array:set(3, near, array:new([{default, none}]))),
    Cases =
        [{new, fun() -> A0 end},
         {new_10, fun() -> A10 end},
         {new_fixed_default, fun() -> AF end},
         {from_list, fun() -> A end},
         {size, fun() -> [array:size(X) || X <- [A0, A10, AF, A, Sparse]] end},
         {sparse_size, fun() -> array:sparse_size(Sparse) end},
         {get, fun() -> [array:get(I, A) || I <- [0, 4, 10]] end},
         {get_sparse, fun() -> [array:get(I, Sparse) || I <- [0, 3, 50, 100, 200]] end},
         {set, fun() -> array:to_list(array:set(2, changed, A)) end},
         {set_grow, fun() -> array:to_list(array:set(7, grown, A)) end},
         {default, fun() -> {array:default(A), array:default(AF), array:default(Sparse)} end},
         {fixed, fun() -> {array:is_fix(A), array:is_fix(AF), array:is_fix(array:fix(A))} end},
         {relax, fun() -> array:is_fix(array:relax(AF)) end},
         {is_array, fun() -> {array:is_array(A), array:is_array({array}), array:is_array([])} end},
         {reset, fun() -> array:to_list(array:reset(1, A)) end},
         {resize, fun() -> {array:size(array:resize(20, A)), array:to_list(array:resize(2, A))} end},
         {to_orddict, fun() -> array:to_orddict(A) end},
         {sparse_to_list, fun() -> array:sparse_to_list(Sparse) end},
         {sparse_to_orddict, fun() -> array:sparse_to_orddict(Sparse) end},
         {from_orddict, fun() -> array:to_list(array:from_orddict([{0, x}, {3, y}], blank)) end},
         {map, fun() -> array:to_list(array:map(fun(I, V) -> {I, V} end, A)) end},
         {sparse_map, fun() -> array:sparse_to_orddict(array:sparse_map(fun(I, V) -> {I, V} end, Sparse)) end},
         {foldl, fun() -> array:foldl(fun(I, V, Acc) -> [{I, V} | Acc] end, [], A) end},
         {foldr, fun() -> array:foldr(fun(I, V, Acc) -> [{I, V} | Acc] end, [], A) end},
         {sparse_foldl, fun() -> array:sparse_foldl(fun(I, V, Acc) -> [{I, V} | Acc] end, [], Sparse) end},
         {sparse_foldr, fun() -> array:sparse_foldr(fun(I, V, Acc) -> [{I, V} | Acc] end, [], Sparse) end},
         {shape_small, fun() -> array:from_list(lists:seq(1, 12)) end},
         {shape_sparse, fun() -> Sparse end},
         {large, fun() ->
                         L = array:from_list(lists:seq(0, 9999)),
                         L2 = lists:foldl(fun(I, Acc) -> array:set(I, I * 2, Acc) end, L,
                                          lists:seq(0, 9999, 7)),
                         {array:size(L2), array:get(7777, L2), array:get(7778, L2),
                          array:foldl(fun(_, V, S) -> V + S end, 0, L2)}
                 end},
         {err_get_fixed_oob, fun() -> array:get(5, AF) end},
         {err_set_fixed_oob, fun() -> array:set(5, x, AF) end},
         {err_negative, fun() -> array:get(-1, A) end},
         {err_bad_index, fun() -> array:get(a, A) end},
         {err_new_bad, fun() -> array:new(-1) end},
         {err_not_array, fun() -> array:size(notarray) end}],
    lists:foreach(fun({L, F}) -> show(L, catching(F)) end, Cases).

show(Label, Value) ->
    io:format("~p: ~p~n", [Label, Value]).
