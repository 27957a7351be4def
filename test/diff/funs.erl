%% Funs: closures capturing environments, fun M:F/A and fun F/A, the
%% deterministic erlang:fun_info/2 items, apply/2,3, badfun and badarity,
%% recursion through funs (named funs and Y-combinator style), and the
%% higher-order functions of lists.
-module(funs).
-import(diff_util, [id/1]).
-export([main/0, exported/1, exported/2]).

main() ->
    closures(),
    external(),
    info(),
    applying(),
    errors(),
    recursion(),
    higher_order(),
    ok.

exported(X) -> {exported, X}.
exported(X, Y) -> {exported, X, Y}.

closures() ->
    io:format("== closures~n"),
    Adders = [make_adder(N) || N <- [1, 10, 100]],
    show(adders, [F(5) || F <- Adders]),
    Counter = make_counter(0),
    {C1, V1} = Counter(),
    {C2, V2} = C1(),
    {_, V3} = C2(),
    show(counter, [V1, V2, V3]),
    X = {captured, [1, 2, 3]},
    Y = <<"bin">>,
    F = fun(Z) -> {X, Y, Z} end,
    show(capture_many, F(arg)),
    Compose = fun(G, H) -> fun(A) -> G(H(A)) end end,
    Inc = fun(A) -> A + 1 end,
    Dbl = fun(A) -> A * 2 end,
    show(compose, [(Compose(Inc, Dbl))(5), (Compose(Dbl, Inc))(5)]),
    Curry = fun(A) -> fun(B) -> fun(C) -> A * 100 + B * 10 + C end end end,
    show(curry, ((Curry(1))(2))(3)),
    Shadow = 1,
    G = fun(Shadow2) -> Shadow2 + Shadow end,
    show(shadow, G(10)),
    show(immediate, (fun(A, B) -> A - B end)(10, 3)),
    show(fun_in_tuple, (element(2, {a, fun(A) -> A * A end}))(9)),
    show(fun_in_map, ((maps:get(op, #{op => fun erlang:'-'/1}))(4))),
    show(guards_in_fun, [(fun(A) when A > 0 -> pos; (0) -> zero; (_) -> neg end)(V)
                         || V <- [3, 0, -3]]),
    show(multi_clause_env, [(make_matcher(a))(V) || V <- [a, b]]),
    show(equal_funs, {Inc =:= Inc, make_adder(1) =:= make_adder(1),
                      make_adder(1) =:= make_adder(2), fun lists:map/2 =:= fun lists:map/2}).

make_adder(N) -> fun(X) -> X + N end.

make_counter(N) -> fun() -> {make_counter(N + 1), N} end.

make_matcher(Want) ->
    fun(Want2) when Want2 =:= Want -> match;
       (_) -> nomatch
    end.

external() ->
    io:format("== external funs~n"),
    F1 = fun lists:reverse/1,
    F2 = fun ?MODULE:exported/1,
    F3 = fun exported/2,
    M = lists, Fn = seq, A = 2,
    F4 = fun M:Fn/A,
    show(calls, [F1([1, 2, 3]), F2(x), F3(x, y), F4(1, 5)]),
    show(erlang_bif_fun, (fun erlang:element/2)(2, {a, b, c})),
    show(map_with_bif, lists:map(fun erlang:abs/1, [-1, 2, -3])),
    show(local_ref, lists:map(fun make_adder/1, [1, 2]) =/= []).

info() ->
    io:format("== fun_info~n"),
    N = id(7),
    Tag = id(tag),
    Local = fun(X) -> X + N end,
    TwoVars = fun(X) -> {Tag, X + N} end,
    NoEnv = fun() -> ok end,
    Ext = fun lists:map/2,
    Named = fun Fact(0) -> 1; Fact(K) -> K * Fact(K - 1) end,
    lists:foreach(
      fun({Label, F}) ->
              Items = [erlang:fun_info(F, I) || I <- [arity, module, type, env]],
              Name = element(2, erlang:fun_info(F, name)),
              show(Label, {Items, is_atom(Name), is_function(F), is_function(F, 1),
                           is_function(F, 2)})
      end, [{local, Local}, {two_vars, TwoVars}, {no_env, NoEnv}, {external, Ext},
          {named, Named}, {adder, make_adder(id(3))}]),
    show(external_name, erlang:fun_info(Ext, name)),
    show(fun_info_bad, catching(fun() -> erlang:fun_info(id(notfun), arity) end)),
    show(fun_info_bad_item, catching(fun() -> erlang:fun_info(Local, id(bogus)) end)).

applying() ->
    io:format("== apply~n"),
    show(apply2_fun, apply(fun(A, B) -> A ++ B end, [[1], [2]])),
    show(apply2_ext, apply(fun lists:sum/1, [[1, 2, 3]])),
    show(apply3, apply(lists, reverse, [[a, b]])),
    show(apply3_local_export, apply(?MODULE, exported, [1, 2])),
    show(apply3_bif, apply(erlang, '+', [1, 2])),
    show(apply3_dynamic, [apply(erlang, Op, [6, 3]) || Op <- ['+', '-', '*', 'div', 'rem']]),
    show(apply_tuple_args, apply(erlang, tuple_size, [{1, 2, 3}])),
    Mod = id(lists), Fun = id(max),
    show(dynamic_call, Mod:Fun([3, 9, 2])),
    show(erlang_apply, erlang:apply(fun() -> zero_args end, [])).

errors() ->
    io:format("== errors~n"),
    Cases = [{badfun_atom, fun() -> (id(foo))() end},
             {badfun_tuple, fun() -> (id({lists, reverse}))([1]) end},
             {badarity_0, fun() -> (id(fun(A) -> A end))() end},
             {badarity_2, fun() -> (id(fun() -> ok end))(1, 2) end},
             {apply_badarity, fun() -> apply(id(fun(A) -> A end), [1, 2]) end},
             {apply_not_list, fun() -> apply(fun() -> ok end, id(notlist)) end},
             {apply_improper, fun() -> apply(lists, reverse, id([[1] | x])) end},
             {apply_undef, fun() -> apply(lists, id(nonexistent), []) end},
             {apply_bad_module, fun() -> apply(id(42), f, []) end},
             {ext_fun_undef, fun() -> (fun no_such_mod:f/0)() end},
             {ext_fun_wrong_arity, fun() -> (id(fun lists:reverse/1))([1], 2) end},
             {fun_clause, fun() -> (id(fun(a) -> ok end))(b) end}],
    lists:foreach(fun({L, F}) -> show(L, catching(F)) end, Cases).

recursion() ->
    io:format("== recursion~n"),
    Fact = fun F(0) -> 1; F(N) -> N * F(N - 1) end,
    show(named_fact, [Fact(N) || N <- [0, 1, 5, 20, 30]]),
    Fib = fun Fib(N) when N < 2 -> N; Fib(N) -> Fib(N - 1) + Fib(N - 2) end,
    show(named_fib, [Fib(N) || N <- lists:seq(0, 20)]),
    Y = fun(F) -> (fun(X) -> F(fun(V) -> (X(X))(V) end) end)(fun(X) -> F(fun(V) -> (X(X))(V) end) end) end,
    YFact = Y(fun(Self) -> fun(0) -> 1; (N) -> N * Self(N - 1) end end),
    show(y_combinator, YFact(10)),
    Loop = fun L(0, Acc) -> Acc; L(N, Acc) -> L(N - 1, Acc + N) end,
    show(tail_loop_1e6, Loop(1000000, 0)),
    Ackermann = fun A(0, N) -> N + 1;
                    A(M, 0) -> A(M - 1, 1);
                    A(M, N) -> A(M - 1, A(M, N - 1))
                end,
    show(ackermann_2_3, Ackermann(2, 3)),
    show(mutual, [even_odd(N) || N <- [0, 7, 10]]).

even_odd(N) ->
    IsEven = fun E(0) -> true; E(K) -> not E(K - 1) end,
    {N, IsEven(N)}.

higher_order() ->
    io:format("== higher order~n"),
    L = lists:seq(1, 10),
    show(map, lists:map(fun(X) -> X * X end, L)),
    show(filter, lists:filter(fun(X) -> X rem 3 =:= 0 end, L)),
    show(foldl, lists:foldl(fun(X, Acc) -> [X | Acc] end, [], L)),
    show(foldr, lists:foldr(fun(X, Acc) -> [X | Acc] end, [], L)),
    show(mapfoldl, lists:mapfoldl(fun(X, S) -> {X * 2, S + X} end, 0, L)),
    show(any_all, {lists:any(fun(X) -> X > 9 end, L), lists:all(fun(X) -> X > 0 end, L)}),
    show(takewhile, lists:takewhile(fun(X) -> X < 4 end, L)),
    show(dropwhile, lists:dropwhile(fun(X) -> X < 8 end, L)),
    show(splitwith, lists:splitwith(fun(X) -> X rem 5 =/= 0 end, L)),
    show(partition, lists:partition(fun(X) -> X rem 2 =:= 0 end, L)),
    show(flatmap, lists:flatmap(fun(X) -> lists:duplicate(X rem 3, X) end, L)),
    show(sort_by, lists:sort(fun(A, B) -> A rem 4 =< B rem 4 end, L)),
    show(zipwith, lists:zipwith(fun(A, B) -> A * B end, L, lists:reverse(L))),
    show(foreach, begin lists:foreach(fun(X) -> put({k, X}, X) end, [1, 2]),
                        [get({k, 1}), get({k, 2})] end),
    Pipeline = [fun(X) -> X + 1 end, fun(X) -> X * 3 end, fun integer_to_list/1],
    show(pipeline, lists:foldl(fun(F, Acc) -> F(Acc) end, 4, Pipeline)),
    Memo = lists:foldl(fun(K, M) -> M#{K => fun() -> K * K end} end, #{}, [1, 2, 3]),
    show(funs_in_map, [(maps:get(K, Memo))() || K <- [3, 1, 2]]),
    show(sent_fun, begin self() ! {fn, fun(X) -> {got, X} end},
                         receive {fn, Fn} -> Fn(msg) end end).

catching(F) ->
    try F() of
        V -> V
    catch
        error:{badarity, {Fun, Args}} when is_function(Fun) ->
            {error, {badarity, {'<fun>', Args}}};
        error:{badfun, Fun} when is_function(Fun) ->
            {error, {badfun, '<fun>'}};
        C:R -> {C, R}
    end.

show(Label, Value) ->
    io:format("~p: ~w~n", [Label, Value]).
