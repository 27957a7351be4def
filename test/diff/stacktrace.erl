%% Stack traces: the top frames ({M, F, ArityOrArgs, Location}) of exceptions
%% raised by local functions, BIFs, operators, funs, clause failures, undef,
%% erlang:raise/3, error/2 and deep recursion. Frames outside this module and
%% the few library modules called here are cut off, and file names are
%% reduced to their base name, so the output does not depend on the caller
%% of main/0 or on where the file was compiled.
-module(stacktrace).
-import(diff_util, [id/1]).
-export([main/0, exported_crash/1]).

main() ->
    Cases = [{no_error, fun() -> level1(id(none)) end},
             {local_depth_3, fun() -> level1(error) end},
             {local_throw, fun() -> level1(throw) end},
             {local_exit, fun() -> level1(exit) end},
             {badarith, fun() -> add(id(1), id(a)) end},
             {bif_element, fun() -> element(id(5), {a, b}) end},
             {bif_in_body, fun() -> bif_caller(id(foo)) end},
             {function_clause, fun() -> only_ints(id(atom), 2) end},
             {function_clause_exported, fun() -> ?MODULE:exported_crash(id(x)) end},
             {case_clause, fun() -> case_fail(id(3)) end},
             {if_clause, fun() -> if_fail(id(3)) end},
             {badmatch, fun() -> match_fail(id(b)) end},
             {in_fun, fun() -> (id(fun(X) -> X + 1 end))(nan) end},
             {in_lists_map, fun() -> lists:map(fun(X) -> 10 div X end, id([5, 2, 0, 1])) end},
             {in_lists_foldl, fun() -> lists:foldl(fun(X, Acc) -> X + Acc end, 0, id([1, x])) end},
             {undef, fun() -> (id(no_such_module_xyz)):some_fun(1, 2) end},
             {undef_local_module, fun() -> (id(?MODULE)):not_exported(1) end},
             {badfun, fun() -> (id(not_a_fun))(1) end},
             {badarity, fun() -> (id(fun(A, B) -> {A, B} end))(1) end},
             {error2, fun() -> with_args(id(1), id(two)) end},
             %% error/2,3: a list or [] shows as the arguments, anything else leaves the arity
             {error2_empty_args, fun() -> erlang:error(e, id([])) end},
             {error2_improper_args, fun() -> erlang:error(e, id([a | b])) end},
             {error2_atom_args, fun() -> erlang:error(e, id(none)) end},
             {error2_tuple_args, fun() -> erlang:error(e, id({a})) end},
             %% error/3 keeps the last {error_info, Map} only when the options are a proper list
             %% of such pairs and nothing else
             {error3_map, fun() -> erlang:error(e, [1], id([{error_info, #{a => 1}}])) end},
             {error3_last_map, fun() -> erlang:error(e, [1], id([{error_info, #{a => 1}}, {error_info, #{b => 2}}])) end},
             {error3_not_a_map, fun() -> erlang:error(e, [1], id([{error_info, notamap}])) end},
             {error3_map_then_not, fun() -> erlang:error(e, [1], id([{error_info, #{a => 1}}, {error_info, bad}])) end},
             {error3_other_option, fun() -> erlang:error(e, [1], id([{error_info, #{a => 1}}, other])) end},
             {error3_improper, fun() -> erlang:error(e, [1], id([{error_info, #{a => 1}} | tail])) end},
             {error3_not_a_list, fun() -> erlang:error(e, [1], id(notalist)) end},
             {error3_empty, fun() -> erlang:error(e, [1], id([])) end},
             {error3_atom_args, fun() -> erlang:error(e, id(none), id([{error_info, #{c => 3}}])) end},
             {raise_custom, fun() -> erlang:raise(error, custom,
                                                  [{fake_mod, fake_fun, 2, [{file, "fake.erl"}, {line, 99}]},
                                                   {other, f, [a], []}]) end},
             {nested_catch_rethrow, fun() -> rethrow() end},
             {list_to_atom, fun() -> list_to_atom(id([a])) end},
             {send_operator, fun() -> id(no_such_name) ! m end},
             {send_operator_bad_node, fun() -> {name, id("node")} ! m end},
             {maps_get, fun() -> maps:get(missing, id(#{})) end},
             {binary_construction, fun() -> build(id(atom)) end},
             {float_overflow, fun() -> id(1.0e308) * 10 end},
             {tail_call_frames, fun() -> tail1(id(-1)) end},
             %% a bad apply fails in erlang:apply, with its operands
             {apply_bad_module, fun() -> (id({})):baz(a, b) end},
             {apply_bad_function, fun() -> baz:(id({}))(c, d) end},
             {apply3_bad_module, fun() -> apply(id({}), baz, [e, f]) end},
             {apply3_improper, fun() -> apply(id(m), id(f), id([a | b])) end},
             {apply3_not_a_list, fun() -> apply(id(m), id(f), id(x)) end},
             {apply2_improper, fun() -> apply(id(fun erlang:self/0), id([a | b])) end},
             %% erts keeps no location whose line needs more than 24 bits
             {line_under_limit, fun() -> crash_big_line(id(x)) end},
             {line_at_limit, fun() -> crash_limit_line(id(x)) end},
             {huge_line, fun() -> crash_huge_line(id(x)) end}],
    lists:foreach(fun run/1, Cases),
    deep_recursion(),
    backtrace_depths(),
    current_stacktrace(),
    catch_expression(),
    ok.

run({Label, F}) ->
    try F() of
        V -> io:format("~p: no exception, ~p~n", [Label, V])
    catch
        Class:Reason:St ->
            io:format("~p: ~p ~p~n", [Label, Class, clean_reason(Reason)]),
            [io:format("    ~p~n", [Frame]) || Frame <- top(St, 3)]
    end.

clean_reason({badarity, {F, Args}}) when is_function(F) -> {badarity, {'<fun>', Args}};
clean_reason(R) -> R.

%% Keep the leading frames that belong to code under test, at most N, and
%% nothing below main/0 (whoever called it differs between VMs).
top(St, N) ->
    Ours = upto_main(lists:takewhile(fun({M, _, _, _}) -> is_ours(M) end, St)),
    [clean(Frame) || Frame <- lists:sublist(Ours, N)].

upto_main([{?MODULE, main, 0, _} = Main | _]) -> [Main];
upto_main([Frame | Rest]) -> [Frame | upto_main(Rest)];
upto_main([]) -> [].

is_ours(M) ->
    lists:member(M, [?MODULE, erlang, lists, maps, fake_mod, other,
                     no_such_module_xyz]).

clean({M, F, A, Loc}) ->
    {M, F, A, [clean_loc(L) || L <- Loc]}.

clean_loc({file, File}) -> {file, filename:basename(File)};
clean_loc(Other) -> Other.

level1(How) -> R = level2(How), {level1, R}.
level2(How) -> R = level3(How), {level2, R}.
level3(error) -> error(deep_error), never;
level3(throw) -> throw(deep_throw), never;
level3(exit) -> exit(deep_exit), never;
level3(_) -> fine.

add(A, B) ->
    R = A + B,
    {sum, R}.

bif_caller(X) ->
    L = atom_to_list(X),
    T = list_to_tuple(L),
    {element(100, T), L}.

only_ints(A, B) when is_integer(A), is_integer(B) -> A + B.

exported_crash(N) when is_integer(N) -> N.

case_fail(X) ->
    Y = case X of
            1 -> one;
            2 -> two
        end,
    {Y}.

if_fail(X) ->
    Y = if X > 5 -> big;
           X < 0 -> neg
        end,
    {Y}.

match_fail(X) ->
    a = X,
    ok.

with_args(A, B) ->
    error(bad_args, [A, B]).

rethrow() ->
    try
        level1(error)
    catch
        error:R:St -> erlang:raise(error, {rethrown, R}, St)
    end.

build(X) ->
    B = <<X:8>>,
    {B}.

tail1(X) -> tail2(X + 1).
tail2(X) -> tail3(X * 2).
tail3(X) -> 1 / X.

deep_recursion() ->
    io:format("== deep recursion~n"),
    try recurse(50) of
        _ -> ok
    catch
        error:R:St ->
            Ours = top(St, 8),
            io:format("reason: ~p, frames of ours: ~p~n", [R, length(Ours)]),
            [io:format("    ~p~n", [Fr]) || Fr <- Ours]
    end.

%% How many frames each kind of exception keeps at small backtrace depths: at
%% least one, even at depth 0.
backtrace_depths() ->
    Kinds = [fun() -> error(reason) end,
             fun() -> {'EXIT', {_, St}} = (catch error(first)), erlang:raise(error, reason, [hd(St) | tl(St)]) end,
             fun() -> try error(first) catch error:_:St -> erlang:raise(error, reason, St) end end,
             fun() -> error(reason, [1]) end,
             fun() -> element(id(1), id(a)) end,
             fun() -> lists:map(fun(X) -> 1 / X end, id([0])) end],
    [begin
         Old = erlang:system_flag(backtrace_depth, D),
         Lengths = [length(nest(4, K)) || K <- Kinds],
         erlang:system_flag(backtrace_depth, Old),
         io:format("backtrace_depth ~p: ~p~n", [D, Lengths])
     end || D <- [0, 1, 2, 3]].

nest(0, K) -> try K() of _ -> [] catch error:_:St -> St end;
nest(N, K) -> R = nest(N - 1, K), id(R).

recurse(0) -> error(bottom);
recurse(N) when N < 0 -> 0;
recurse(N) -> 1 + recurse(N - 1).

current_stacktrace() ->
    io:format("== process_info current_stacktrace~n"),
    {current_stacktrace, St} = probe(),
    [io:format("    ~p~n", [Fr]) || Fr <- top(St, 2)].

probe() ->
    R = erlang:process_info(self(), current_stacktrace),
    id(R).

catch_expression() ->
    io:format("== catch expression~n"),
    case catch level1(error) of
        {'EXIT', {Reason, St}} ->
            io:format("~p~n", [Reason]),
            [io:format("    ~p~n", [Fr]) || Fr <- top(St, 3)]
    end.

%% Nothing may follow these: -file renumbers the rest of the file.
-file("big_lines.erl", 16777211).
crash_big_line(_) ->
    erlang:error(crash).
crash_limit_line(_) ->
    erlang:error(crash).
-file("huge_lines.erl", 100000000).
crash_huge_line(_) ->
    erlang:error(crash).
