%% Compiled match specifications: ets:match_spec_compile/1, ets:is_compiled_ms/1 and
%% ets:match_spec_run/2 (match_spec_run_r/3): heads that are tuples or not, guards, bodies
%% with '$_', constants and failing expressions ('EXIT'), a compiled specification used by
%% another process, and the bad arguments.
-module(ets_compiled_ms).
-export([main/0]).
-import(diff_util, [catching/1]).

main() ->
    C = ets:match_spec_compile([{{a, '$1'}, [{is_atom, '$1'}], [{{'$1', '$_'}}]},
                                {{b, '$1'}, [], [{const, {k, '$1'}}]},
                                {'$1', [{is_integer, '$1'}], [{'+', '$1', 1}]}]),
    io:format("~p~n", [[is_reference(C), ets:is_compiled_ms(C), ets:is_compiled_ms(make_ref()), ets:is_compiled_ms(x)]]),
    io:format("~p~n", [ets:match_spec_run([{a, b}, {a, 1}, {b, 2}, 3, x, {a, c}], C)]),
    io:format("~p~n", [ets:match_spec_run_r([{a, b}, {a, c}], C, [acc])]),
    io:format("~p~n", [ets:match_spec_run([], C)]),
    Self = self(),
    spawn(fun() -> Self ! ets:match_spec_run([{a, z}], C) end),
    receive R -> io:format("other process: ~p~n", [R]) end,
    io:format("~p~n", [[catching(fun() -> ets:match_spec_compile(B) end)
                        || B <- [x, [x], [{a, b}], [{a, [], []}], [{'$1', [{bad_guard, '$1'}], ['$1']}]]]]),
    io:format("~p~n", [[catching(fun() -> ets:match_spec_run_r(L, M, []) end)
                        || {L, M} <- [{[a | b], C}, {x, C}, {[a], make_ref()}, {[a], x}]]]),
    io:format("~p~n", [ets:match_spec_run([{a, 1}], ets:match_spec_compile([{{a, '$1'}, [], [{'div', '$1', 0}]}]))]),
    Long = lists:seq(1, 100000),
    Lengthy = ets:match_spec_compile([{{t, '$1'}, [{'>', {length, '$1'}, 10}], ['$1']}]),
    io:format("~p~n", [[length(L) || L <- ets:match_spec_run([{t, Long}, {t, [1]}], Lengthy)]]).
