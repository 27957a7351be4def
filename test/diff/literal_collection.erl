%% The literals of purged code are freed only after every process that still refers to them
%% has its own copy (erts' literal area collector): a process holding a purged module's
%% literals on its stack and in its dictionary keeps them intact after the purge, and the
%% memory the area took comes back once the collector is idle.
-module(literal_collection).
-export([main/0]).
-import(diff_util, [wait_collector/0]).

main() ->
    load(1),
    Expected = expected(1),
    Holder = spawn(fun() -> Data = lit_src:data(), put(kept, lit_src:data()), hold(Data) end),
    io:format("before: ~p~n", [check(Holder, Expected)]),
    load(2),
    Before = erlang:memory(system),
    true = erts_code_purger:soft_purge(lit_src),
    wait_collector(),
    io:format("the area's memory came back: ~p~n", [Before - erlang:memory(system) > 40000]),
    _ = [binary:copy(<<"x">>, 100000) || _ <- lists:seq(1, 100)],  % reuse what was freed
    io:format("after: ~p~n", [check(Holder, Expected)]),
    io:format("new code: ~p~n", [lit_src:data() =:= expected(2)]).

check(Holder, Expected) ->
    Holder ! {check, self(), Expected},
    receive {checked, Result} -> Result end.

hold(Data) ->
    receive
        {check, From, Expected} ->
            From ! {checked, {Data =:= Expected, get(kept) =:= Expected}},
            hold(Data)
    end.

%% A list of tuples, a refc binary and a map: the literal kinds a copy must get right.
expected(V) ->
    {[{N, V, integer_to_list(N)} || N <- lists:seq(1, 1000)], binary:copy(<<V>>, 200), #{V => lists:seq(1, 100)}}.

load(V) ->
    Forms = [{attribute, 1, module, lit_src}, {attribute, 2, export, [{data, 0}]},
             {function, 3, data, 0, [{clause, 3, [], [], [erl_parse:abstract(expected(V))]}]}],
    {ok, lit_src, Bin} = compile:forms(Forms),
    {module, lit_src} = erlang:load_module(lit_src, Bin).
