%% erlang:memory/0,1: the figures differ between VMs, so only what holds on both is printed:
%% every key is there with a non-negative integer, total is processes plus system, the parts
%% of system fit in it, and each figure moves the right way when ETS tables, big binaries and
%% processes come and go; a module's literals count under system, not code, as erts keeps them
%% in their own allocator. Then memory/1's answers for lists and its errors.
-module(memory).
-import(diff_util, [id/1, catching/1]).
-export([main/0]).

main() ->
    shape(),
    invariants(),
    ets_grows_and_shrinks(),
    binary_grows_and_shrinks(),
    processes_grow(),
    literals_are_not_code(),
    arguments(),
    ok.

show(Label, Value) -> io:format("~p: ~p~n", [Label, Value]).

shape() ->
    M = erlang:memory(),
    show(keys, [K || {K, _} <- M]),
    show(all_non_negative_integers, lists:all(fun({_, V}) -> is_integer(V) andalso V >= 0 end, M)),
    show(each_key_alone, [is_integer(erlang:memory(K)) || {K, _} <- M]).

invariants() ->
    M = maps:from_list(erlang:memory()),
    #{total := Total, processes := Procs, processes_used := ProcsUsed, system := System,
      atom := Atom, atom_used := AtomUsed, binary := Bin, code := Code, ets := Ets} = M,
    show(total_is_processes_plus_system, Total =:= Procs + System),
    show(system_holds_its_parts, Atom + Bin + Code + Ets =< System),
    show(processes_used_within_processes, ProcsUsed =< Procs),
    show(atom_used_within_atom, AtomUsed =< Atom),
    show(code_loaded, Code > 0),
    show(atoms_counted, Atom > 0),
    [{total, T}, {processes, P}, {system, S}] = erlang:memory([total, processes, system]),
    show(list_total_is_processes_plus_system, T =:= P + S).

ets_grows_and_shrinks() ->
    Before = erlang:memory(ets),
    T = ets:new(filled, [set, public]),
    ets:insert(T, [{I, lists:seq(1, 20), <<I:64>>} || I <- lists:seq(1, 20000)]),
    Filled = erlang:memory(ets),
    ets:delete(T),
    After = erlang:memory(ets),
    show(ets_grows_by_more_than_a_megabyte, Filled - Before > 1000000),
    show(ets_shrinks_after_delete, After < Filled - 1000000).

binary_grows_and_shrinks() ->
    Self = self(),
    Before = erlang:memory(binary),
    {Pid, Ref} = spawn_monitor(fun() ->
        Big = binary:copy(<<7>>, 10 * 1024 * 1024),
        Self ! {alive, erlang:memory(binary)},
        receive stop -> byte_size(Big) end
    end),
    Alive = receive {alive, B} -> B end,
    Pid ! stop,
    receive {'DOWN', Ref, process, Pid, _} -> ok end,
    After = erlang:memory(binary),
    show(binary_grows_by_about_ten_megabytes, Alive - Before > 9 * 1024 * 1024),
    show(binary_shrinks_when_its_holder_exits, After < Alive - 9 * 1024 * 1024).

processes_grow() ->
    Before = erlang:memory(processes),
    Pids = [spawn(fun() -> receive stop -> ok end end) || _ <- lists:seq(1, 1000)],
    During = erlang:memory(processes),
    Refs = [monitor(process, P) || P <- Pids],
    [P ! stop || P <- Pids],
    [receive {'DOWN', R, process, _, _} -> ok end || R <- Refs],
    show(processes_grow_by_1000_small_processes, During - Before > 1000 * 500),
    [{processes, P}, {processes_used, U}] = erlang:memory([processes, processes_used]),
    show(processes_used_within_processes, U =< P).

arguments() ->
    show(empty_list, erlang:memory(id([]))),
    show(list_keys, [K || {K, V} <- erlang:memory(id([ets, atom, ets, code])), is_integer(V)]),
    show(maximum, catching(fun() -> erlang:memory(id(maximum)) end)),
    show(unknown, catching(fun() -> erlang:memory(id(heap)) end)),
    show(list_with_unknown, catching(fun() -> erlang:memory(id([total, heap])) end)),
    show(list_with_maximum, catching(fun() -> erlang:memory(id([maximum])) end)),
    show(string, catching(fun() -> erlang:memory(id("total")) end)),
    show(integer, catching(fun() -> erlang:memory(id(1)) end)),
    show(tuple, catching(fun() -> erlang:memory(id({total})) end)),
    show(unknown_then_improper, catching(fun() -> erlang:memory(id([heap | total])) end)),
    show(improper, catching(fun() -> erlang:memory(id([total | ets])) end)).

%% A module whose only function returns a literal list of 200,000 integers (3 MB or more): its
%% code is a few hundred bytes, which is all memory(code) grows by.
literals_are_not_code() ->
    List = lists:seq(1, 200000),
    Forms = [{attribute, 1, module, memory_literal},
             {attribute, 2, export, [{big, 0}]},
             {function, 3, big, 0, [{clause, 3, [], [], [erl_parse:abstract(List)]}]}],
    {ok, memory_literal, Beam} = compile:forms(Forms, []),
    Code = erlang:memory(code),
    {module, memory_literal} = erlang:load_module(memory_literal, Beam),
    show(literal_loaded, memory_literal:big() =:= List),
    show(code_grew_by_less_than_the_literal, erlang:memory(code) - Code < 1000000).
