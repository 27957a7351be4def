%% The queue module as shipped: original, extended and Okasaki APIs. The
%% internal two-list representation is printed too, since it is a plain term.
-module(lib_queue).
-import(diff_util, [catching/1]).
-export([main/0]).

main() ->
    Q0 = queue:new(),
    Q = queue:from_list([1, 2, 3, 4, 5]),
    Qin = lists:foldl(fun queue:in/2, Q0, [a, b, c]),
    Cases =
        [{new, fun() -> Q0 end},
         {from_list, fun() -> Q end},
         {in_built, fun() -> Qin end},
         {in_r, fun() -> queue:in_r(z, Qin) end},
         {out, fun() -> queue:out(Q) end},
         {out_empty, fun() -> queue:out(Q0) end},
         {out_r, fun() -> queue:out_r(Q) end},
         {drain, fun() -> drain(Q) end},
         {drain_r, fun() -> drain_r(Q) end},
         {to_list, fun() -> queue:to_list(queue:in(6, Q)) end},
         {len, fun() -> {queue:len(Q), queue:len(Q0), queue:is_empty(Q0), queue:is_empty(Q)} end},
         {is_queue, fun() -> {queue:is_queue(Q), queue:is_queue([]), queue:is_queue({[], []})} end},
         {member, fun() -> {queue:member(3, Q), queue:member(9, Q)} end},
         {reverse, fun() -> queue:to_list(queue:reverse(Q)) end},
         {join, fun() -> queue:to_list(queue:join(Q, Qin)) end},
         {split, fun() -> {L, R} = queue:split(2, Q), {queue:to_list(L), queue:to_list(R)} end},
         {filter, fun() -> queue:to_list(queue:filter(fun(X) -> X rem 2 =:= 1 end, Q)) end},
         {filter_expand, fun() -> queue:to_list(queue:filter(fun(X) -> [X, X * 10] end, Q)) end},
         {filtermap, fun() -> queue:to_list(queue:filtermap(fun(X) when X > 2 -> {true, -X}; (_) -> false end, Q)) end},
         {fold, fun() -> queue:fold(fun(X, A) -> [X | A] end, [], Q) end},
         {any_all, fun() -> {queue:any(fun(X) -> X > 4 end, Q), queue:all(fun(X) -> X > 4 end, Q)} end},
         {delete, fun() -> queue:to_list(queue:delete(3, Q)) end},
         {delete_r, fun() -> queue:to_list(queue:delete_r(1, queue:in(1, Q))) end},
         {delete_with, fun() -> queue:to_list(queue:delete_with(fun(X) -> X > 3 end, Q)) end},
         {get_peek, fun() -> {queue:get(Q), queue:get_r(Q), queue:peek(Q), queue:peek_r(Q), queue:peek(Q0)} end},
         {drop, fun() -> {queue:to_list(queue:drop(Q)), queue:to_list(queue:drop_r(Q))} end},
         {okasaki, fun() -> {queue:head(Q), queue:last(Q), queue:to_list(queue:tail(Q)),
                             queue:to_list(queue:liat(Q)), queue:to_list(queue:cons(0, Q)),
                             queue:to_list(queue:snoc(Q, 6))} end},
         {internal_shapes, fun() -> shapes() end},
         {long, fun() ->
                        L = lists:foldl(fun(I, A) -> queue:in(I, A) end, Q0, lists:seq(1, 10000)),
                        {Taken, Rest} = take(5000, L, []),
                        {queue:len(Rest), lists:sum(Taken), queue:peek(Rest), queue:peek_r(Rest)}
                end},
         {err_get_empty, fun() -> queue:get(Q0) end},
         {err_head_empty, fun() -> queue:head(Q0) end},
         {err_drop_empty, fun() -> queue:drop(Q0) end},
         {err_not_queue, fun() -> queue:len(notaqueue) end},
         {err_split, fun() -> queue:split(10, Q) end}],
    lists:foreach(fun({L, F}) -> show(L, catching(F)) end, Cases).

shapes() ->
    Q1 = queue:in(1, queue:new()),
    Q2 = queue:in(2, Q1),
    Q3 = queue:in(3, Q2),
    {_, Q4} = queue:out(Q3),
    Q5 = queue:in_r(0, Q4),
    {_, Q6} = queue:out_r(Q5),
    [Q1, Q2, Q3, Q4, Q5, Q6].

drain(Q) ->
    case queue:out(Q) of
        {{value, V}, Q2} -> [V | drain(Q2)];
        {empty, _} -> []
    end.

drain_r(Q) ->
    case queue:out_r(Q) of
        {{value, V}, Q2} -> [V | drain_r(Q2)];
        {empty, _} -> []
    end.

take(0, Q, Acc) -> {Acc, Q};
take(N, Q, Acc) ->
    {{value, V}, Q2} = queue:out(Q),
    take(N - 1, Q2, [V | Acc]).

show(Label, Value) ->
    io:format("~p: ~p~n", [Label, Value]).
