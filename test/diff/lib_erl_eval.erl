%% erl_scan + erl_parse + erl_eval: expressions given as strings are scanned,
%% parsed and evaluated, covering arithmetic, bindings, funs (including
%% recursive named funs), receive on messages sent by the evaluated code
%% itself, try/catch, comprehensions, binaries, maps, records-as-tuples, and
%% the error terms for scan, parse and evaluation failures.
-module(lib_erl_eval).
-export([main/0]).

main() ->
    Exprs =
        ["1 + 2 * 3.",
         "X = 10, Y = X * X, {X, Y}.",
         "[A || A <- lists:seq(1, 10), A rem 2 =:= 0].",
         "<< <<B:4>> || B <- [1,2,3,4] >>.",
         "[X || <<X>> <= <<\"abc\">>].",
         "F = fun(N) -> N * 2 end, lists:map(F, [1, 2, 3]).",
         "Fact = fun Fact(0) -> 1; Fact(N) -> N * Fact(N - 1) end, Fact(25).",
         "Adder = fun(N) -> fun(M) -> N + M end end, (Adder(5))(37).",
         "self() ! {msg, 42}, receive {msg, V} -> {got, V} after 1000 -> timeout end.",
         "receive nothing -> never after 0 -> timed_out end.",
         "try throw(ball) catch throw:B -> {caught, B} end.",
         "try error(boom) catch error:E:St -> {E, is_list(St)} after ok end.",
         "catch 1 / 0.",
         "case {a, [1, 2]} of {a, [H | T]} when H > 0 -> {H, T}; _ -> no end.",
         "if 1 > 2 -> a; true -> b end.",
         "M = #{a => 1, b => 2}, M2 = M#{a := 10, c => 3}, {maps:get(a, M2), map_size(M2)}.",
         "#{a := Va} = #{a => matched}, Va.",
         "<<X:16/little, Rest/binary>> = <<1, 2, 3>>, {X, Rest}.",
         "{ok, [H | _]} = {ok, \"string\"}, H.",
         "lists:foldl(fun(X, Acc) -> X + Acc end, 0, lists:seq(1, 100)).",
         "erlang:list_to_atom(\"dyn\" ++ \"amic\").",
         "begin A = 1, B = A + 1, [A, B] end.",
         "X1 = 5, (fun() -> X1 + 1 end)().",
         "lists:sort(fun(A, B) -> A > B end, [3, 1, 2]).",
         "apply(fun(A, B) -> A - B end, [10, 4]).",
         "{1.5e3, 16#ff, 2#1010, $a, \"s\", 'q a', <<\"b\">>}.",
         "[1, 2 | [3]] ++ [4] -- [2].",
         "not true orelse (1 < 2 andalso 2 < 3).",
         "P = spawn(fun() -> receive {From, X} -> From ! {reply, X * X} end end), P ! {self(), 7}, receive {reply, R} -> R end.",
         "{element(2, {a, b}), setelement(1, {a, b}, z), tuple_size({})}.",
         "(fun F(0, Acc) -> Acc; F(N, Acc) -> F(N - 1, Acc + N) end)(100000, 0).",
         "X = 1, X = 2.",
         "undefined_fun_xyz(1).",
         "lists:nonexistent(1).",
         "1 + a.",
         "Unbound + 1.",
         "case 5 of 1 -> one end.",
         "fun(a) -> ok end(b).",
         "throw(uncaught_in_eval).",
         "exit(eval_exit).",
         "element(10, {a})."],
    lists:foreach(fun eval/1, Exprs),
    bindings(),
    scan_parse_errors(),
    local_functions(),
    ok.

eval(Str) ->
    {ok, Tokens, _} = erl_scan:string(Str),
    {ok, Forms} = erl_parse:parse_exprs(Tokens),
    Result = try erl_eval:exprs(Forms, erl_eval:new_bindings()) of
                 {value, V, _Bindings} -> {value, clean_value(V)}
             catch
                 C:R -> {C, clean(R)}
             end,
    io:format("~ts~n  => ~p~n", [Str, Result]).

%% A catch expression yields {'EXIT', {Reason, Stack}}; the stack includes
%% frames of this module and its caller, so keep only the top frame.
clean_value({'EXIT', {R, [Top | _]}}) -> {'EXIT', {R, [Top]}};
clean_value(V) -> V.

%% Evaluation errors may mention funs created by the evaluator; replace them.
clean({badarity, {F, A}}) when is_function(F) -> {badarity, {'<fun>', A}};
clean({badfun, F}) when is_function(F) -> {badfun, '<fun>'};
clean(R) -> R.

bindings() ->
    io:format("== bindings~n"),
    {ok, T, _} = erl_scan:string("Z = X + Y, W = Z * 2."),
    {ok, F} = erl_parse:parse_exprs(T),
    B0 = erl_eval:add_binding('X', 3, erl_eval:add_binding('Y', 4, erl_eval:new_bindings())),
    {value, V, B1} = erl_eval:exprs(F, B0),
    io:format("value ~p, bindings ~p~n", [V, lists:sort(erl_eval:bindings(B1))]),
    io:format("binding Z ~p, missing ~p~n", [erl_eval:binding('Z', B1), erl_eval:binding('Q', B1)]),
    io:format("del_binding ~p~n", [lists:sort(erl_eval:bindings(erl_eval:del_binding('X', B1)))]),
    {ok, T2, _} = erl_scan:string("X + 1"),
    {ok, E2} = erl_parse:parse_exprs(T2 ++ [{dot, 1}]),
    io:format("expr ~p~n", [erl_eval:expr(hd(E2), B0)]).

scan_parse_errors() ->
    io:format("== scan and parse~n"),
    io:format("~p~n", [erl_scan:string("foo(X, \"s\", 1.5, 'a b', <<1>>) -> ok.")]),
    io:format("~p~n", [erl_scan:string("1 + 2", {3, 1})]),
    io:format("~p~n", [erl_scan:string("\"unterminated")]),
    io:format("~p~n", [erl_scan:string("$")]),
    io:format("~p~n", [erl_scan:string("a %% comment\nb", 1, [return_comments])]),
    Bad = ["1 + .", "foo(.", "X = .", "case x of end.", "[1, 2."],
    lists:foreach(fun(S) ->
                          {ok, Toks, _} = erl_scan:string(S),
                          io:format("~p: ~p~n", [S, erl_parse:parse_exprs(Toks)])
                  end, Bad),
    {ok, Toks, _} = erl_scan:string("-module(m). f(X) -> X + 1."),
    {Form1, Rest} = lists:splitwith(fun(Tk) -> element(1, Tk) =/= dot end, Toks),
    io:format("~p~n", [erl_parse:parse_form(Form1 ++ [hd(Rest)])]),
    {ok, Toks2, _} = erl_scan:string("f(X) when X > 0 -> {pos, X}; f(_) -> other."),
    {ok, Fun} = erl_parse:parse_form(Toks2),
    io:format("~p~n", [Fun]),
    io:format("~s~n", [erl_pp:form(Fun)]),
    {ok, ExprToks, _} = erl_scan:string("[X * 2 || X <- L, X > 1]."),
    {ok, [Expr]} = erl_parse:parse_exprs(ExprToks),
    io:format("~s~n", [erl_pp:expr(Expr)]),
    io:format("~p~n", [erl_parse:abstract({tuple, [1, "two", 3.0, <<"four">>]})]),
    io:format("~p~n", [erl_parse:normalise(erl_parse:abstract(#{key => [list]}))]).

%% Local function handler: calls to functions that are not BIFs or remote
%% calls go through a user-supplied fun.
local_functions() ->
    io:format("== local function handler~n"),
    Handler = {value, fun(double, [X]) -> X * 2;
                         (greet, [Name]) -> "hello " ++ Name
                      end},
    Run = fun(S) ->
                  {ok, T, _} = erl_scan:string(S),
                  {ok, F} = erl_parse:parse_exprs(T),
                  R = try erl_eval:exprs(F, erl_eval:new_bindings(), Handler) of
                          {value, V, _} -> V
                      catch C:E -> {C, clean(E)}
                      end,
                  io:format("~ts => ~p~n", [S, R])
          end,
    Run("double(21)."),
    Run("greet(\"world\")."),
    Run("[double(X) || X <- [1, 2, 3]]."),
    Run("unknown_local(1).").
