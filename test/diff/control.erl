%% Control flow: case/if/guards (every guard BIF), the error terms of
%% function_clause, case_clause, if_clause, badmatch, try_clause; try/catch/
%% after ordering, the catch expression, nested try, erlang:raise/3,
%% error/1,2,3, exit/1 and throw/1.
-module(control).
-import(diff_util, [id/1]).
-export([main/0]).

main() ->
    guards(),
    guard_bifs(),
    clause_errors(),
    try_order(),
    catch_expr(),
    nested(),
    raising(),
    short_circuit(),
    ok.

guards() ->
    io:format("== guards~n"),
    Vals = [0, 42, -3, 1.5, atom, "str", <<"bin">>, <<1:3>>, {1, 2}, [], [a | b],
            #{k => v}, fun() -> ok end, fun lists:map/2, self(), make_ref(), true],
    [io:format("~w~n", [classify(V)]) || V <- Vals],
    show(if_chain, [grade(S) || S <- [95, 85, 70, 10, -1]]),
    show(guard_seq, [guard_seq(X) || X <- [1, a, "s", 2.0, {}]]),
    show(andalso_orelse, [ao(X) || X <- [1, 5, 10, 15, a]]),
    show(guard_exception_is_false, [safe_guard(X) || X <- [[1, 2], [], a, {1}]]),
    show(case_nested, [case_nested(X, Y) || X <- [a, b], Y <- [1, 2]]).

classify(X) when is_integer(X), X > 0 -> {X, pos_integer};
classify(X) when is_integer(X) -> {X, other_integer};
classify(X) when is_float(X) -> {X, float};
classify(X) when is_boolean(X) -> {X, boolean};
classify(X) when is_atom(X) -> {X, atom};
classify(X) when is_binary(X) -> {X, binary};
classify(X) when is_bitstring(X) -> {X, bitstring};
classify(X) when is_tuple(X) -> {X, tuple};
classify(X) when is_map(X) -> {X, map};
classify(X) when is_function(X, 0) -> {function, 0};
classify(X) when is_function(X) -> {function, other};
classify(X) when is_pid(X) -> pid;
classify(X) when is_reference(X) -> reference;
classify([]) -> nil;
classify([_ | _] = X) -> {X, cons}.

grade(S) ->
    if S >= 90 -> a;
       S >= 80 -> b;
       S >= 60, S < 80 -> c;
       S < 0 -> invalid;
       true -> f
    end.

guard_seq(X) when is_integer(X); is_float(X) -> number;
guard_seq(X) when is_atom(X); is_list(X) -> atom_or_list;
guard_seq(_) -> other.

ao(X) when is_integer(X) andalso (X < 3 orelse X > 12) -> edge;
ao(X) when not is_integer(X) -> not_int;
ao(_) -> middle.

safe_guard(X) when length(X) > 1 -> long_list;
safe_guard(X) when hd(X) =:= 1 -> starts_with_one;
safe_guard(X) when element(1, X) =:= 1 -> tuple_one;
safe_guard(_) -> fallback.

case_nested(X, Y) ->
    case X of
        a -> case Y of 1 -> a1; _ -> a_other end;
        _ when Y > 1 -> other_big;
        _ -> other
    end.

guard_bifs() ->
    io:format("== guard bifs~n"),
    Tests = [
        {abs, fun(X) when abs(X) > 2 -> true; (_) -> false end, [-3, 1, a]},
        {bit_size, fun(X) when bit_size(X) =:= 3 -> true; (_) -> false end, [<<1:3>>, <<1>>, a]},
        {byte_size, fun(X) when byte_size(X) =:= 1 -> true; (_) -> false end, [<<1:3>>, <<>>, a]},
        {ceil, fun(X) when ceil(X) =:= 2 -> true; (_) -> false end, [1.2, 2.5, a]},
        {element, fun(X) when element(2, X) =:= b -> true; (_) -> false end, [{a, b}, {a}, a]},
        {float, fun(X) when float(X) =:= 1.0 -> true; (_) -> false end, [1, a]},
        {floor, fun(X) when floor(X) =:= 1 -> true; (_) -> false end, [1.9, 2.0, a]},
        {hd, fun(X) when hd(X) =:= a -> true; (_) -> false end, [[a], []]},
        {is_map_key, fun(X) when is_map_key(k, X) -> true; (_) -> false end, [#{k => 1}, x]},
        {length, fun(X) when length(X) =:= 2 -> true; (_) -> false end, [[1, 2], [1 | 2]]},
        {map_get, fun(X) when map_get(k, X) =:= 1 -> true; (_) -> false end, [#{k => 1}, #{}]},
        {map_size, fun(X) when map_size(X) =:= 0 -> true; (_) -> false end, [#{}, []]},
        {node, fun(X) when node(X) =:= nonode@nohost -> true; (_) -> false end, [self(), 1]},
        {node0, fun(_) when node() =:= nonode@nohost -> true; (_) -> false end, [x]},
        {round, fun(X) when round(X) =:= 3 -> true; (_) -> false end, [2.5, 3.5, a]},
        {self, fun(X) when self() =:= X -> true; (_) -> false end, [self(), a]},
        {size, fun(X) when size(X) =:= 2 -> true; (_) -> false end, [{a, b}, <<1, 2>>, [a, b]]},
        {tl, fun(X) when tl(X) =:= [] -> true; (_) -> false end, [[a], a]},
        {trunc, fun(X) when trunc(X) =:= -2 -> true; (_) -> false end, [-2.9, -3.0, a]},
        {tuple_size, fun(X) when tuple_size(X) =:= 0 -> true; (_) -> false end, [{}, <<>>]},
        {binary_part, fun(X) when binary_part(X, 0, 1) =:= <<"a">> -> true; (_) -> false end,
         [<<"abc">>, <<>>]},
        {binary_part2, fun(X) when binary_part(X, {1, 1}) =:= <<"b">> -> true; (_) -> false end,
         [<<"abc">>, <<"a">>]},
        {is_record, fun(X) when is_record(X, rec, 2) -> true; (_) -> false end, [{rec, 1}, {rec}]},
        {is_function2, fun(X) when is_function(X, 2) -> true; (_) -> false end,
         [fun erlang:'+'/2, fun erlang:abs/1]},
        {arith, fun(X) when X * 2 + 1 - 3 div 1 rem 5 =:= 4 -> true; (_) -> false end, [3, a]},
        {bitwise, fun(X) when X band 3 bor 4 bxor 1 =:= 7, bnot X < 0, X bsl 1 bsr 1 =:= X -> true;
                     (_) -> false
                  end, [2, 3]},
        {comparisons, fun(X) when X == 1, X /= 2, X =< 1, X >= 1, X =:= 1, X =/= 1.0 -> true;
                         (_) -> false
                      end, [1, 1.0]},
        {boolean_ops, fun(X) when (X and true) or false, not (X xor true) -> true; (_) -> false end,
         [true, false, 1]},
        {is_checks, fun(X) when is_number(X), not is_atom(X), not is_boolean(X), not is_port(X),
                                not is_list(X), not is_bitstring(X) -> true;
                       (_) -> false
                    end, [1, true]}],
    lists:foreach(
      fun({Name, F, Args}) -> show(Name, [F(A) || A <- Args]) end, Tests).

clause_errors() ->
    io:format("== clause errors~n"),
    Cases = [{function_clause, fun() -> grade_strict(id(200)) end},
             {case_clause, fun() -> case id({x, 1}) of {y, _} -> y end end},
             {if_clause, fun() -> if_fail(id(5)) end},
             {badmatch, fun() -> {ok, _} = id({error, enoent}) end},
             {badmatch_list, fun() -> [_, _] = id([1, 2, 3]) end},
             {try_clause, fun() -> try id(1) of 2 -> two after ok end end},
             {fun_clause, fun() -> (id(fun(a) -> ok end))(b) end},
             {undef, fun() -> (id(no_such_module)):f() end},
             {undef_function, fun() -> (id(lists)):no_such_function(1) end},
             {badarity, fun() -> (id(fun(_) -> ok end))() end},
             {badfun, fun() -> (id(not_a_fun))(1) end},
             {nested_match, fun() -> {A, A} = id({1, 2}), A end}],
    lists:foreach(fun({L, F}) -> show(L, catching(F)) end, Cases).

grade_strict(S) when S =< 100 -> ok.

if_fail(X) ->
    if X > 10 -> big;
       X < 0 -> negative
    end.

try_order() ->
    io:format("== try ordering~n"),
    Log = fun(X) -> put(log, [X | get_log()]) end,
    Run = fun(Label, Body) ->
                  put(log, []),
                  R = (catch try
                                 Log(body_start),
                                 V = Body(),
                                 Log(body_end),
                                 V
                             of
                                 Val -> Log({of_clause, Val}), {value, Val + 0}
                             catch
                                 throw:T -> Log({caught_throw, T}), {thrown, T};
                                 error:E -> Log({caught_error, E}), {errored, E}
                             after
                                 Log(after_block)
                             end),
                  show(Label, {strip(R), lists:reverse(get_log())})
          end,
    Run(normal, fun() -> 42 end),
    Run(throw, fun() -> throw(ball) end),
    Run(error, fun() -> error(oops) end),
    Run(exit_not_caught, fun() -> exit(bye) end),
    Run(error_in_of, fun() -> not_a_number end),
    show(after_value_ignored, try 1 after 2 end),
    show(after_runs_on_exception, strip(catch after_test())),
    show(after_log, lists:reverse(get_log())),
    show(of_exception_not_caught, catch try ok of ok -> throw(from_of) catch throw:_ -> caught end),
    show(catch_all, [catch_all(F) || F <- [fun() -> throw(t) end, fun() -> error(e) end,
                                           fun() -> exit(x) end, fun() -> fine end]]).

%% The catch expression wraps errors with a stack trace; keep only the reason.
strip({'EXIT', {Reason, Stack}}) when is_list(Stack) -> {'EXIT', Reason};
strip(Other) -> Other.

get_log() ->
    case get(log) of undefined -> []; L -> L end.

after_test() ->
    put(log, []),
    try
        put(log, [in_try | get_log()]),
        error(boom)
    after
        put(log, [in_after | get_log()])
    end.

catch_all(F) ->
    try F() of
        V -> {ok, V}
    catch
        Class:Reason -> {Class, Reason}
    end.

catch_expr() ->
    io:format("== catch expression~n"),
    show(value, catch 1 + 1),
    show(throw, catch throw(thrown_value)),
    show(exit, catch exit(exit_reason)),
    show(error_shape, case catch error(err_reason) of
                          {'EXIT', {err_reason, [Top | _]}} -> {exit_tuple, element(1, Top)};
                          Other -> Other
                      end),
    show(badarith_shape, case catch id(1) / 0 of
                             {'EXIT', {badarith, Stack}} -> {badarith, is_list(Stack)};
                             Other2 -> Other2
                         end),
    show(throw_tuple, catch throw({'EXIT', fake})),
    show(nested_catch, catch (catch throw(inner))),
    show(exit_normal, catch exit(normal)).

nested() ->
    io:format("== nested try~n"),
    R1 = try
             try throw(inner)
             catch throw:inner -> throw(rethrown)
             after put(nested_after, yes)
             end
         catch throw:X -> {outer_caught, X}
         end,
    show(rethrow, {R1, get(nested_after)}),
    R2 = try
             try error(a)
             catch error:a -> error(b)
             end
         catch error:E -> E
         end,
    show(error_replaced, R2),
    R3 = try
             try exit(x)
             catch throw:_ -> wrong
             end
         catch exit:Y -> {passed_through, Y}
         end,
    show(pass_through, R3),
    show(deep, deep_try(5)),
    show(stacktrace_var_class, try error(e) catch error:e:St -> is_list(St) end).

deep_try(0) -> throw(bottom);
deep_try(N) ->
    try deep_try(N - 1)
    catch throw:bottom when N =:= 3 -> {caught_at, N}
    end.

raising() ->
    io:format("== raise~n"),
    Cases = [{raise_error, fun() -> erlang:raise(error, my_error, []) end},
             {raise_throw, fun() -> erlang:raise(throw, my_throw, []) end},
             {raise_exit, fun() -> erlang:raise(exit, my_exit, []) end},
             {raise_bad_class, fun() -> erlang:raise(id(bogus), reason, []) end},
             {raise_bad_stack, fun() -> erlang:raise(error, reason, id(not_a_list)) end},
             {error2, fun() -> error(with_args, [1, 2]) end},
             {error3, fun() -> error(with_opts, [a], [{error_info, #{}}]) end},
             {exit1, fun() -> exit({shutdown, why}) end},
             {throw_any, fun() -> throw(#{any => term}) end},
             {error_tuple_reason, fun() -> error({badmatch, fake}) end}],
    lists:foreach(fun({L, F}) -> show(L, catching(F)) end, Cases),
    Rethrown = try
                   try error(original)
                   catch C:R:St -> erlang:raise(C, {wrapped, R}, St)
                   end
               catch C2:R2 -> {C2, R2}
               end,
    show(reraise, Rethrown).

short_circuit() ->
    io:format("== andalso/orelse~n"),
    show('andalso', [true andalso true, true andalso false, false andalso error(never)]),
    show('orelse', [false orelse true, true orelse error(never), false orelse false]),
    show(tail_value, [true andalso not_bool, false orelse not_bool]),
    show(bad_first, catching(fun() -> id(1) andalso true end)),
    show(and_strict, catching(fun() -> false and id(1) end)),
    show(not_bad, catching(fun() -> not id(1) end)),
    show(xor_values, [X xor Y || X <- [true, false], Y <- [true, false]]).

catching(F) ->
    try F() of
        V -> V
    catch
        error:{badarity, {Fun, Args}} when is_function(Fun) ->
            {error, {badarity, {'<fun>', Args}}};
        C:R -> {C, R}
    end.

show(Label, Value) ->
    io:format("~p: ~w~n", [Label, Value]).
