-module(ets_hash_order).
-import(diff_util, [id/1]).
-export([main/0]).

%% The order in which set, bag and duplicate_bag tables are walked is erts' hash-table order:
%% tab2list, first/next chains, foldl/foldr, match, select, for keys of every atom-free type,
%% through growth (one bucket at a time, segments of 2048 slots) and shrinking after many
%% deletions. Atom keys hash by their text, so they keep erts' order too; atoms nested in a
%% key hash by their atom-table index and are not checked here.

show(Label, Value) -> io:format("~s: ~w~n", [Label, Value]).

%% A long list shown by its length, its first 40 elements and a digest of the whole.
show_long(Label, List) ->
    io:format("~s: ~w ~w~n  ~w~n", [Label, length(List), erlang:phash2(List),
                                     lists:sublist(List, 40)]).

keys(ints, N) -> [id(K) || K <- lists:seq(1, N)];
keys(negative, N) -> [-K * 7919 || K <- lists:seq(1, N)];
keys(big, N) -> [(1 bsl 64) + K * 1000003 || K <- lists:seq(1, N)];
keys(floats, N) -> [K / 8 + 0.5 || K <- lists:seq(1, N)];
keys(binaries, N) -> [integer_to_binary(K * 31) || K <- lists:seq(1, N)];
keys(bitstrings, N) -> [<<K:13>> || K <- lists:seq(1, N)];
keys(long_binaries, N) -> [binary:copy(<<K:32>>, 20) || K <- lists:seq(1, N)];
keys(tuples, N) -> [{K, K * 2.5, <<K:16>>} || K <- lists:seq(1, N)];
keys(lists, N) -> [[K, [K + 1], K * 3] || K <- lists:seq(1, N)];
keys(strings, N) -> ["key" ++ integer_to_list(K) || K <- lists:seq(1, N)];
keys(maps, N) -> [#{K => [K], -1 => K} || K <- lists:seq(1, N)];
keys(atoms, N) -> [list_to_atom("ets_hash_order_" ++ integer_to_list(K)) || K <- lists:seq(1, N)];
keys(mixed, N) -> lists:append([[K, float(K) + 0.25, <<K:24>>, {K}, [K]] || K <- lists:seq(1, N div 5)]).

walk(T) -> walk(T, ets:first(T)).
walk(_, '$end_of_table') -> [];
walk(T, K) -> [K | walk(T, ets:next(T, K))].

traversals(Label, T) ->
    show_long(Label ++ " tab2list", ets:tab2list(T)),
    show_long(Label ++ " first/next", walk(T)),
    show(Label ++ " last", ets:last(T)),
    show_long(Label ++ " match", ets:match(T, '$1')),
    show_long(Label ++ " select", ets:select(T, [{{'$1', '_'}, [], ['$1']}])),
    show_long(Label ++ " select_reverse", ets:select_reverse(T, [{'$1', [], ['$1']}])),
    show_long(Label ++ " foldl", ets:foldl(fun({K, _}, A) -> [K | A] end, [], T)),
    show_long(Label ++ " foldr", ets:foldr(fun({K, _}, A) -> [K | A] end, [], T)).

main() ->
    lists:foreach(fun(Kind) ->
        lists:foreach(fun(N) ->
            T = ets:new(t, [set]),
            [ets:insert(T, {K, N}) || K <- keys(Kind, N)],
            traversals(atom_to_list(Kind) ++ " " ++ integer_to_list(N), T),
            ets:delete(T)
        end, [10, 300, 2500])
    end, [ints, negative, big, floats, binaries, bitstrings, long_binaries, tuples, lists,
          strings, maps, atoms, mixed]),
    growth(),
    shrinking(),
    one_list_insert(),
    lock_stride(),
    slots().

%% ets:info(T, stats): {buckets, average chain, deviation, expected deviation, shortest,
%% longest, objects kept by a fixation, locks}, as the table grows one bucket at a time.
growth() ->
    T = ets:new(t, [set]),
    lists:foreach(fun(N) ->
        [ets:insert(T, {K}) || K <- lists:seq(1, N), not ets:member(T, K)],
        show("stats " ++ integer_to_list(N), ets:info(T, stats))
    end, [1, 256, 257, 258, 300, 511, 512, 513, 2304, 2305, 4400, 6000]),
    show_long("grown", ets:tab2list(T)).

%% Shrinking starts once the table has two extra segments and fewer objects than half its
%% slots less one segment; then each deletion joins up to five buckets.
shrinking() ->
    T = ets:new(t, [set]),
    [ets:insert(T, {K, K}) || K <- lists:seq(1, 9000)],
    show("full", ets:info(T, stats)),
    lists:foreach(fun(Upto) ->
        [ets:delete(T, K) || K <- lists:seq(1, Upto)],
        show("after deleting " ++ integer_to_list(Upto), ets:info(T, stats)),
        show_long("left", ets:tab2list(T))
    end, [1000, 5000, 7000, 8500, 8990]),
    [ets:delete_object(T, {K, K}) || K <- lists:seq(8991, 8995)],
    [ets:take(T, K) || K <- lists:seq(8996, 8998)],
    show("almost empty", {ets:info(T, stats), ets:tab2list(T)}),
    [ets:insert(T, {K, K}) || K <- lists:seq(1, 3000)],
    show_long("refilled", ets:tab2list(T)).

%% A list given to one insert is inserted in order, unless erts copies it out of the process
%% first: for a bag, and for a list longer than 8 objects per reduction left in the time slice
%% (so always beyond 32000).
one_list_insert() ->
    S = ets:new(s, [set]),
    insert_list(S, [{K, a} || K <- lists:seq(1, 1000)]),
    insert_list(S, [{K, b} || K <- lists:seq(500, 1500)]),
    show_long("set from lists", ets:tab2list(S)),
    L = ets:new(l, [duplicate_bag]),
    ets:insert(L, [{K rem 20000, K} || K <- lists:seq(1, 40000)]),
    show_long("long list", ets:tab2list(L)),
    Winners = [begin
                   W = ets:new(w, [Type]),
                   ets:insert(W, [{K rem 10, K} || K <- lists:seq(1, 40000)]),
                   ets:lookup(W, 1)
               end || Type <- [set, ordered_set]],
    show("the first of a long list wins", Winners),
    N = ets:new(n, [set]),
    First = [{K} || K <- lists:seq(1, 600)],
    erlang:yield(),
    show("insert_new list", [insert_new_now(N, First),
                             ets:insert_new(N, [{601}, {1}]), ets:insert_new(N, {601}),
                             ets:insert_new(N, {601})]),
    show_long("insert_new table", ets:tab2list(N)).

%% With write_concurrency a walk visits bucket 0, 64, 128... then 1, 65...
lock_stride() ->
    lists:foreach(fun(Opts) ->
        T = ets:new(t, [set, public | Opts]),
        [ets:insert(T, {K}) || K <- lists:seq(1, 3000)],
        show_long(io_lib:format("~w", [Opts]), walk(T)),
        show_long(io_lib:format("~w select", [Opts]), ets:select(T, [{{'$1'}, [{'<', '$1', 200}], ['$1']}])),
        [ets:delete(T, K) || K <- lists:seq(1, 2900)],
        show(io_lib:format("~w stats", [Opts]), ets:info(T, stats)),
        show_long(io_lib:format("~w after", [Opts]), ets:tab2list(T))
    end, [[], [{write_concurrency, true}], [{write_concurrency, auto}],
          [{write_concurrency, true}, {decentralized_counters, true}],
          [{write_concurrency, {debug_hash_fixed_number_of_locks, 128}}],
          [private, {write_concurrency, true}]]).

%% ets:slot/2 shows one bucket.
slots() ->
    T = ets:new(t, [bag]),
    insert_list(T, [{K rem 300, K} || K <- lists:seq(1, 700)]),
    show("slots", [ets:slot(T, I) || I <- [0, 1, 2, 100, 255]]),
    show("end", ets:slot(T, 256)),
    show("past the end", catch ets:slot(T, 257)),
    O = ets:new(o, [ordered_set]),
    ets:insert(O, [{K} || K <- lists:seq(1, 5)]),
    show("ordered slots", [ets:slot(O, I) || I <- [0, 4, 5]]).

%% erts inserts a list in order only if the time slice has enough reductions left for it
%% (8 objects per reduction); a fresh slice always has (the call after the yield starts it).
insert_list(T, Objects) ->
    erlang:yield(),
    insert_now(T, Objects).

insert_now(T, Objects) -> ets:insert(T, Objects).

insert_new_now(T, Objects) -> ets:insert_new(T, Objects).
