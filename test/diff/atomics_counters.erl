%% atomics and counters: values, wrapping, errors, sharing between processes, and arrays that
%% outlive the process that made them (held by ETS, persistent_term or another process).
-module(atomics_counters).
-export([main/0]).

main() ->
    atomics_values(),
    atomics_errors(),
    counters_values(),
    sharing(),
    lifetime(),
    many().

atomics_values() ->
    A = atomics:new(3, []),
    ok = atomics:put(A, 1, 41),
    io:format("~p~n", [[is_reference(A), atomics:get(A, 1), atomics:add_get(A, 1, 1), atomics:get(A, 2),
                        atomics:add(A, 2, -5), atomics:get(A, 2), atomics:sub_get(A, 2, 3),
                        atomics:exchange(A, 3, 7), atomics:compare_exchange(A, 3, 7, 8),
                        atomics:compare_exchange(A, 3, 7, 9), atomics:get(A, 3)]]),
    ok = atomics:put(A, 1, (1 bsl 63) - 1),
    io:format("signed wraps: ~p~n", [atomics:add_get(A, 1, 1)]),
    U = atomics:new(2, [{signed, false}]),
    io:format("unsigned: ~p~n", [[atomics:sub_get(U, 1, 1), atomics:add_get(U, 1, 2),
                                  atomics:put(U, 2, (1 bsl 64) - 1), atomics:get(U, 2),
                                  atomics:add_get(U, 2, 1 bsl 63), atomics:add_get(U, 2, -1)]]),
    io:format("info: ~p~n", [[maps:without([memory], atomics:info(A)), maps:without([memory], atomics:info(U)),
                              maps:get(memory, atomics:info(atomics:new(100, []))) >= 800]]).

atomics_errors() ->
    A = atomics:new(2, []),
    U = atomics:new(1, [{signed, false}]),
    Calls = [fun() -> atomics:new(0, []) end, fun() -> atomics:new(-1, []) end,
             fun() -> atomics:new(1 bsl 64, []) end, fun() -> atomics:new(a, []) end,
             fun() -> atomics:new(1, [{signed, maybe}]) end, fun() -> atomics:new(1, [bad]) end,
             fun() -> atomics:get(A, 0) end, fun() -> atomics:get(A, 3) end,
             fun() -> atomics:get(make_ref(), 1) end, fun() -> atomics:get(counters:new(1, [write_concurrency]), 1) end,
             fun() -> atomics:put(A, 1, 1 bsl 63) end, fun() -> atomics:put(U, 1, -1) end,
             fun() -> atomics:add(A, 1, 1 bsl 64) end, fun() -> atomics:add(A, 1, 1.0) end,
             fun() -> atomics:exchange(U, 1, -1) end, fun() -> atomics:compare_exchange(A, 1, 0, 1 bsl 63) end,
             fun() -> atomics:info(make_ref()) end, fun() -> atomics:sub(A, 1, a) end],
    [io:format("~p~n", [try_(F)]) || F <- Calls].

counters_values() ->
    C = counters:new(2, []),
    W = counters:new(2, [write_concurrency]),
    [begin
         ok = counters:add(R, 1, 10),
         ok = counters:sub(R, 1, 3),
         ok = counters:put(R, 2, -4),
         io:format("~p~n", [[counters:get(R, 1), counters:get(R, 2), maps:get(size, counters:info(R))]])
     end || R <- [C, W]],
    ok = counters:put(W, 1, (1 bsl 63) - 1),
    ok = counters:add(W, 1, 1),
    io:format("wraps: ~p~n", [counters:get(W, 1)]),
    [io:format("~p~n", [try_(F)])
     || F <- [fun() -> counters:new(1, [bad]) end, fun() -> counters:new(0, [write_concurrency]) end,
              fun() -> counters:get(W, 3) end, fun() -> counters:add(W, 1, 1 bsl 64) end,
              fun() -> counters:put(W, 1, 1 bsl 63) end, fun() -> counters:get({atomics, make_ref()}, 1) end,
              fun() -> counters:get(nope, 1) end]].

sharing() ->
    A = atomics:new(1, []),
    C = counters:new(1, [write_concurrency]),
    Self = self(),
    Pids = [spawn(fun() ->
                          [begin atomics:add(A, 1, 1), counters:add(C, 1, 2) end || _ <- lists:seq(1, 1000)],
                          Self ! done
                  end) || _ <- lists:seq(1, 10)],
    [receive done -> ok end || _ <- Pids],
    io:format("shared: ~p ~p~n", [atomics:get(A, 1), counters:get(C, 1)]).

lifetime() ->
    Table = ets:new(t, [public]),
    Self = self(),
    {Pid, Ref} = spawn_monitor(fun() ->
                                       A = atomics:new(1, []),
                                       atomics:put(A, 1, 99),
                                       ets:insert(Table, {a, A}),
                                       persistent_term:put({?MODULE, a}, A),
                                       Self ! {ref, A}
                               end),
    receive {'DOWN', Ref, process, Pid, normal} -> ok end,
    Sent = receive {ref, R} -> R end,
    erlang:garbage_collect(),
    [{a, FromEts}] = ets:lookup(Table, a),
    FromTerm = persistent_term:get({?MODULE, a}),
    atomics:add(FromEts, 1, 1),
    io:format("after its maker died: ~p ~p ~p, same ~p~n",
              [atomics:get(Sent, 1), atomics:get(FromEts, 1), atomics:get(FromTerm, 1),
               FromEts =:= Sent andalso FromTerm =:= Sent]),
    persistent_term:erase({?MODULE, a}).

many() ->
    Sum = lists:foldl(fun(N, Acc) ->
                              A = atomics:new(16, []),
                              atomics:put(A, 16, N),
                              Acc + atomics:get(A, 16)
                      end, 0, lists:seq(1, 200000)),
    io:format("many: ~p~n", [Sum]).

try_(F) ->
    try F() catch Class:Reason -> {Class, Reason} end.
