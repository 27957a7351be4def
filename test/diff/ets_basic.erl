-module(ets_basic).
-import(diff_util, [id/1]).
-export([main/0]).

%% ETS: tables of every type, their BIFs and the functions ets.erl builds on them.
%% Unnamed table identifiers are never printed; set and bag results are sorted.

show(Label, Value) -> io:format("~s: ~p~n", [Label, Value]).

%% An error with the cause erts gives in the failing BIF's error_info, if any.
try_(F) ->
    try F() catch
        error:R:Stack ->
            [{_, _, _, Location} | _] = Stack,
            case proplists:get_value(error_info, Location) of
                #{cause := Cause} -> {error, R, Cause};
                _ -> {error, R}
            end;
        C:R -> {C, R}
    end.

main() ->
    sets(),
    ordered_sets(),
    bags(),
    counters(),
    iteration(),
    matching(),
    select_delete(),
    chunks(),
    info(),
    errors(),
    access(),
    ownership(),
    transfers(),
    ok.

sets() ->
    T = ets:new(t, [set]),
    show("insert", ets:insert(T, {a, 1})),
    show("insert list", ets:insert(T, [{b, 2}, {c, 3}, {a, 10}])),
    show("lookup a", ets:lookup(T, a)),
    show("lookup missing", ets:lookup(T, zz)),
    show("int vs float key", {ets:insert(T, {1, int}), ets:insert(T, {1.0, float}),
                              ets:lookup(T, 1), ets:lookup(T, 1.0)}),
    show("insert_new existing", ets:insert_new(T, {a, 0})),
    show("insert_new fresh", ets:insert_new(T, [{d, 4}, {e, 5}])),
    show("insert_new partly", ets:insert_new(T, [{f, 6}, {a, 0}])),
    show("member", {ets:member(T, f), ets:member(T, d)}),
    show("lookup_element", ets:lookup_element(T, b, 2)),
    show("take", {ets:take(T, b), ets:take(T, b)}),
    show("delete", {ets:delete(T, c), ets:lookup(T, c)}),
    show("delete_object", {ets:delete_object(T, {a, 1}), ets:lookup(T, a),
                           ets:delete_object(T, {a, 10}), ets:lookup(T, a)}),
    show("tab2list", lists:sort(ets:tab2list(T))),
    show("size", ets:info(T, size)),
    show("delete_all_objects", {ets:delete_all_objects(T), ets:info(T, size)}),
    Big = {big, lists:seq(1, 50), <<"a binary that is longer than sixty-four bytes, to live off heap">>},
    ets:insert(T, Big),
    show("big", ets:lookup(T, big) =:= [Big]),
    show("delete table", ets:delete(T)),
    show("after delete", try_(fun() -> ets:lookup(T, a) end)).

ordered_sets() ->
    T = ets:new(o, [ordered_set]),
    ets:insert(T, [{K, K * 10} || K <- [5, 3, 9, 1, 7]]),
    ets:insert(T, [{b}, {a}, {"str"}, {{t, 1}}, {2.5}]),
    show("tab2list", ets:tab2list(T)),
    show("first/last", {ets:first(T), ets:last(T)}),
    show("next/prev", {ets:next(T, 3), ets:prev(T, 3), ets:next(T, 4), ets:prev(T, 4),
                       ets:next(T, "str"), ets:prev(T, 1)}),
    ets:insert(T, {3.0, float}),
    show("1.0 replaces 1", {ets:lookup(T, 3), ets:lookup(T, 3.0)}),
    show("member ==", ets:member(T, 9.0)),
    show("select_reverse", ets:select_reverse(T, [{{'$1', '_'}, [{is_integer, '$1'}], ['$1']}])),
    show("walk", walk(T, ets:first(T))),
    ets:delete(T).

walk(_, '$end_of_table') -> [];
walk(T, K) -> [K | walk(T, ets:next(T, K))].

bags() ->
    B = ets:new(b, [bag]),
    ets:insert(B, [{k, 1}, {k, 2}, {k, 1}, {j, 3}]),
    show("bag lookup", ets:lookup(B, k)),
    show("bag lookup_element", ets:lookup_element(B, k, 2)),
    ets:delete_object(B, {k, 1}),
    show("bag after delete_object", ets:lookup(B, k)),
    show("bag size", ets:info(B, size)),
    D = ets:new(d, [duplicate_bag]),
    ets:insert(D, [{k, 1}, {k, 2}, {k, 1}, {j, 3}]),
    show("dbag lookup", ets:lookup(D, k)),
    show("dbag size", ets:info(D, size)),
    ets:delete_object(D, {k, 1}),
    show("dbag after delete_object", ets:lookup(D, k)),
    show("dbag take", {ets:take(D, k), ets:info(D, size)}),
    show("bag update_counter", try_(fun() -> ets:update_counter(B, j, 1) end)),
    show("keypos 2", begin
                         K = ets:new(k, [{keypos, 2}]),
                         ets:insert(K, [{x, a, 1}, {y, b, 2}, {z, a, 3}]),
                         {ets:lookup(K, a), ets:member(K, x)}
                     end),
    ets:delete(B),
    ets:delete(D).

counters() ->
    T = ets:new(c, [set, public]),
    ets:insert(T, {n, 0, 100, 7}),
    show("incr", ets:update_counter(T, n, 1)),
    show("incr pos", ets:update_counter(T, n, {3, -5})),
    show("list", ets:update_counter(T, n, [{2, 10}, {3, 1}, {2, 1}])),
    show("threshold up", ets:update_counter(T, n, {2, 100, 50, 0})),
    show("threshold down", ets:update_counter(T, n, {4, -10, 0, 99})),
    show("object", ets:lookup(T, n)),
    show("bignum", ets:update_counter(T, n, {2, 1 bsl 70})),
    show("default", {ets:update_counter(T, m, 5, {ignored, 10}), ets:lookup(T, m)}),
    show("missing", try_(fun() -> ets:update_counter(T, nope, 1) end)),
    show("keypos", try_(fun() -> ets:update_counter(T, n, {1, 1}) end)),
    show("not integer", try_(fun() -> ets:insert(T, {s, a}), ets:update_counter(T, s, 1) end)),
    show("out of range", try_(fun() -> ets:update_counter(T, n, {9, 1}) end)),
    show("update_element", {ets:update_element(T, n, {2, x}), ets:lookup(T, n)}),
    show("update_element list", {ets:update_element(T, n, [{3, y}, {4, z}]), ets:lookup(T, n)}),
    show("update_element missing", ets:update_element(T, none, {2, x})),
    show("update_element keypos", try_(fun() -> ets:update_element(T, n, {1, x}) end)),
    ets:delete(T).

iteration() ->
    T = ets:new(i, [set]),
    ets:insert(T, [{K} || K <- lists:seq(1, 20)]),
    show("set walk", lists:sort(walk(T, ets:first(T)))),
    show("set next missing", try_(fun() -> ets:next(T, 99) end)),
    show("empty", ets:first(ets:new(e, []))),
    show("foldl", lists:sort(ets:foldl(fun({K}, A) -> [K | A] end, [], T))),
    ets:delete(T).

matching() ->
    T = ets:new(m, [ordered_set]),
    ets:insert(T, [{1, a, x}, {2, b, y}, {3, a, z}, {4, c, [1, 2]}, {5, a, {p, q}}]),
    show("match", ets:match(T, {'$1', a, '_'})),
    show("match two", ets:match(T, {'$2', a, '$1'})),
    show("match_object", ets:match_object(T, {'_', a, '_'})),
    show("match key", ets:match_object(T, {3, '_', '_'})),
    show("select", ets:select(T, [{{'$1', '$2', '_'}, [{'>', '$1', 2}], [{{'$2', '$1'}}]}])),
    show("select $_ $$", ets:select(T, [{{'$1', b, '_'}, [], ['$_', '$$']}])),
    show("select guards", ets:select(T, [{{'$1', '_', '$3'},
                                          [{'andalso', {is_atom, '$3'}, {'=/=', '$3', y}}],
                                          ['$1']}])),
    show("select element", ets:select(T, [{{'_', '_', '$1'}, [{is_tuple, '$1'}],
                                           [{element, 2, '$1'}]}])),
    show("select arith", ets:select(T, [{{'$1', '_', '_'}, [{'==', {'rem', '$1', 2}, 0}],
                                         [{'*', '$1', 100}]}])),
    show("select const", ets:select(T, [{{'$1', c, '$2'}, [], [{const, {'$1'}}, ['$1' | '$2']]}])),
    show("select orelse", ets:select(T, [{{'$1', '_', '_'},
                                          [{'orelse', {'<', '$1', 2}, {'>', '$1', 4}}], ['$1']}])),
    show("select hd/length", ets:select(T, [{{'_', '_', '$1'}, [{is_list, '$1'}],
                                             [[{hd, '$1'}, {length, '$1'}]]}])),
    show("select failing body", ets:select(T, [{{'$1', '_', '_'}, [], [{'+', '$1', foo}]}])),
    show("select failing guard", ets:select(T, [{{'$1', '_', '$2'}, [{'>', {'+', '$2', 1}, 0}], ['$1']}])),
    show("select multi", ets:select(T, [{{1, '_', '_'}, [], [one]}, {{'$1', a, '_'}, [], [{{a, '$1'}}]}])),
    show("select_count", ets:select_count(T, [{{'_', a, '_'}, [], [true]}])),
    show("fun2ms-like", ets:select(T, [{{'$1', '$2', '$3'}, [{is_atom, '$3'}, {'=:=', '$2', a}],
                                        [{{'$3', '$1'}}]}])),
    show("bad spec", try_(fun() -> ets:select(T, [{'_', [{bogus, 1}], [true]}]) end)),
    show("unbound var", try_(fun() -> ets:select(T, [{{'$1', '_', '_'}, [], ['$2']}]) end)),
    show("not a list", try_(fun() -> ets:select(T, id(nope)) end)),
    S = ets:new(ms, [bag]),
    ets:insert(S, [{K rem 3, K} || K <- lists:seq(1, 9)]),
    show("bag match", lists:sort(ets:match(S, {0, '$1'}))),
    show("bag select", lists:sort(ets:select(S, [{{'$1', '$2'}, [{'>', '$2', 5}], [{{'$2', '$1'}}]}]))),
    ets:delete(S),
    ets:delete(T).

select_delete() ->
    T = ets:new(sd, [set]),
    ets:insert(T, [{K, K * K} || K <- lists:seq(1, 10)]),
    show("select_delete", ets:select_delete(T, [{{'$1', '_'}, [{'>', '$1', 7}], [true]}])),
    show("left", lists:sort(ets:tab2list(T))),
    show("match_delete", ets:match_delete(T, {'_', 4})),
    show("left", lists:sort(ets:tab2list(T))),
    show("select_delete all", ets:select_delete(T, [{'_', [], [true]}])),
    show("size", ets:info(T, size)),
    B = ets:new(sdb, [duplicate_bag]),
    ets:insert(B, [{k, 1}, {k, 2}, {k, 1}, {k, 3}, {j, 1}]),
    show("bag select_delete", ets:select_delete(B, [{{k, 1}, [], [true]}])),
    show("bag left", lists:sort(ets:tab2list(B))),
    show("bag select_delete first", ets:select_delete(B, [{{'_', 2}, [], [true]}])),
    show("bag lookup", ets:lookup(B, k)),
    ets:delete(B),
    ets:delete(T).

info() ->
    T = ets:new(named, [named_table, bag, {keypos, 2}, public,
                        {read_concurrency, true}, {write_concurrency, true}, compressed]),
    show("named id", T),
    show("info", [{I, ets:info(T, I)} || I <- [size, type, named_table, keypos, protection, name,
                                               heir, node, compressed, read_concurrency,
                                               write_concurrency]]),
    show("owner", ets:info(T, owner) =:= self()),
    show("id is ref", is_reference(ets:info(T, id))),
    show("whereis", {is_reference(ets:whereis(named)), ets:whereis(nothere)}),
    show("by ref", begin ets:insert(T, {v, k}), ets:lookup(ets:whereis(named), k) end),
    show("info/1 keys", [K || {K, _} <- ets:info(T)]),
    U = ets:new(unnamed, []),
    show("unnamed is ref", is_reference(U)),
    show("unnamed info", [{I, ets:info(U, I)} || I <- [name, named_table, type, protection, keypos]]),
    show("all", {lists:member(named, ets:all()), lists:member(U, ets:all())}),
    show("duplicate name", try_(fun() -> ets:new(named, [named_table]) end)),
    show("same name unnamed", is_reference(ets:new(named, []))),
    ets:delete(T),
    show("info deleted", {ets:info(T), ets:info(T, size), ets:info(U, size)}),
    show("all after", lists:member(named, ets:all())),
    show("bad item", try_(fun() -> ets:info(U, bogus) end)),
    ets:delete(U).

errors() ->
    T = ets:new(e, []),
    Cases = [{"new name", fun() -> ets:new(id("x"), []) end},
             {"new option", fun() -> ets:new(x, [id(bogus)]) end},
             {"new keypos", fun() -> ets:new(x, [{keypos, id(0)}]) end},
             {"new improper", fun() -> ets:new(x, id([set | bag])) end},
             {"insert not tuple", fun() -> ets:insert(T, id(a)) end},
             {"insert empty tuple", fun() -> ets:insert(T, id({})) end},
             {"insert bad list", fun() -> ets:insert(T, id([{a}, b])) end},
             {"lookup no table", fun() -> ets:lookup(id(nosuch), a) end},
             {"lookup not table", fun() -> ets:lookup(id("t"), a) end},
             {"lookup_element missing", fun() -> ets:lookup_element(T, nokey, 1) end},
             {"lookup_element range", fun() -> ets:insert(T, {a}), ets:lookup_element(T, a, 2) end},
             {"lookup_element zero", fun() -> ets:lookup_element(T, a, id(0)) end},
             {"delete no table", fun() -> ets:delete(id(nosuch)) end},
             {"first no table", fun() -> ets:first(id(nosuch)) end},
             {"delete_object bad", fun() -> ets:delete_object(T, id(a)) end},
             {"whereis not atom", fun() -> ets:whereis(id("x")) end},
             {"info not table", fun() -> ets:info(id("x")) end},
             {"info no table", fun() -> ets:info(id(nosuch)) end}],
    [show(L, try_(F)) || {L, F} <- Cases],
    ets:delete(T).

%% select/3 and the other chunked walks. Chunk boundaries of a hashed table
%% are erts' own, so only an ordered_set's chunks are shown as they come.
chunks() ->
    O = ets:new(o, [ordered_set]),
    ets:insert(O, [{I, I * I} || I <- lists:seq(1, 10)]),
    All = [{{'$1', '$2'}, [], [{{'$1', '$2'}}]}],
    show("select/3 chunks", walk(ets:select(O, All, 4))),
    show("select_reverse/3 chunks", walk(ets:select_reverse(O, All, 3))),
    show("match/3 chunks", walk(ets:match(O, {'$1', '_'}, 5))),
    show("match_object/3 chunks", walk(ets:match_object(O, {'_', '$1'}, 20))),
    Big = [{{'$1', '$2'}, [{'>', '$1', 7}], ['$2']}],
    show("guarded chunks", walk(ets:select(O, Big, 1))),
    show("no match", ets:select(O, [{{'$1', '_'}, [{'>', '$1', 99}], ['$1']}], 2)),
    show("bound key", walk(ets:select(O, [{{3, '$1'}, [], ['$1']}], 2))),
    show("end", ets:select('$end_of_table')),
    show("limit 0", try_(fun() -> ets:select(O, All, 0) end)),
    show("bad continuation", try_(fun() -> ets:select(nonsense) end)),
    S = ets:new(s, [set]),
    ets:insert(S, [{I} || I <- lists:seq(1, 50)]),
    Chunks = walk(ets:select(S, [{{'$1'}, [], ['$1']}], 7)),
    show("set chunks cover all", lists:sort(lists:append(Chunks)) =:= lists:seq(1, 50)),
    show("set chunks bounded", lists:all(fun(C) -> length(C) =< 7 end, Chunks)),
    B = ets:new(b, [duplicate_bag]),
    ets:insert(B, [{I rem 5, I} || I <- lists:seq(1, 30)]),
    BChunks = walk(ets:match_object(B, {'_', '_'}, 4)),
    show("bag chunks cover all", lists:sort(lists:append(BChunks)) =:= lists:sort(ets:tab2list(B))),
    [ets:delete(T) || T <- [O, S, B]].

walk('$end_of_table') -> [];
walk({Matches, Continuation}) -> [Matches | walk(ets:select(Continuation))].

access() ->
    Self = self(),
    Prot = ets:new(prot, [protected]),
    Priv = ets:new(priv, [private]),
    Pub = ets:new(pub, [public]),
    [ets:insert(X, {k, 1}) || X <- [Prot, Priv, Pub]],
    spawn(fun() ->
                  R = [{N, try_(F)} || {N, F} <-
                           [{prot_read, fun() -> ets:lookup(Prot, k) end},
                            {prot_write, fun() -> ets:insert(Prot, {k, 2}) end},
                            {prot_delete, fun() -> ets:delete(Prot) end},
                            {priv_read, fun() -> ets:lookup(Priv, k) end},
                            {priv_info, fun() -> ets:info(Priv, size) end},
                            {pub_write, fun() -> ets:insert(Pub, {k, 3}) end},
                            {pub_read, fun() -> ets:lookup(Pub, k) end},
                            {pub_counter, fun() -> ets:update_counter(Pub, k, 1) end}]],
                  Self ! {done, R}
          end),
    receive {done, R} -> [show(atom_to_list(N), V) || {N, V} <- R] end,
    [ets:delete(X) || X <- [Prot, Priv, Pub]].

ownership() ->
    Self = self(),
    Pid = spawn(fun() ->
                        ets:new(owned, [named_table, public]),
                        ets:insert(owned, {x}),
                        Self ! ready,
                        receive stop -> ok end
                end),
    receive ready -> ok end,
    show("while owner lives", ets:lookup(owned, x)),
    Ref = monitor(process, Pid),
    Pid ! stop,
    receive {'DOWN', Ref, _, _, _} -> ok end,
    show("after owner died", {ets:info(owned), try_(fun() -> ets:lookup(owned, x) end)}).

%% rename/2, give_away/3, setopts/2 and heirs: the 'ETS-TRANSFER' messages and
%% who owns a table afterwards.
transfers() ->
    Self = self(),
    T = ets:new(t, []),
    show("rename unnamed", ets:rename(T, u) =:= T),
    ets:new(n, [named_table]),
    ets:new(other, [named_table]),
    show("rename named", {ets:rename(n, m), ets:info(m, name), ets:whereis(n)}),
    show("rename taken", try_(fun() -> ets:rename(m, other) end)),
    show("give_away to self", try_(fun() -> ets:give_away(T, self(), x) end)),
    P = spawn(fun() ->
                  receive {'ETS-TRANSFER', Tab, From, D} ->
                      Self ! {got, Tab =:= T, From =:= Self, D, ets:info(T, owner) =:= self()}
                  end,
                  receive stop -> ok end
              end),
    show("give_away", ets:give_away(T, P, gift)),
    show("transfer message", receive {got, _, _, _, _} = G -> G end),
    show("give_away not owner", try_(fun() -> ets:give_away(T, P, again) end)),
    show("setopts not owner", try_(fun() -> ets:setopts(T, {protection, public}) end)),
    show("setopts", ets:setopts(m, [{heir, self(), hd}, {protection, public}])),
    show("heir and protection", {ets:info(m, heir) =:= self(), ets:info(m, protection)}),
    show("heir none", {ets:setopts(m, {heir, none}), ets:info(m, heir)}),
    show("setopts bad", try_(fun() -> ets:setopts(m, {protection, bogus}) end)),
    Child = spawn(fun() ->
                      ets:new(inherit, [named_table, {heir, Self, {my, data}}]),
                      ets:insert(inherit, {k, v}),
                      Self ! made,
                      receive stop -> ok end
                  end),
    receive made -> ok end,
    Child ! stop,
    receive
        {'ETS-TRANSFER', inherit, Child, Data} ->
            show("inherited", {Data, ets:info(inherit, owner) =:= Self, ets:lookup(inherit, k),
                               ets:info(inherit, heir) =:= Self})
    end,
    Orphan = spawn(fun() ->
                       ets:new(orphan, [named_table, {heir, P, x}]),
                       P ! stop,
                       receive after 20 -> ok end
                   end),
    Ref = monitor(process, Orphan),
    receive {'DOWN', Ref, _, _, _} -> ok end,
    show("heir dead first", ets:info(orphan)),
    show("heir option bad", try_(fun() -> ets:new(x, [{heir, self()}]) end)),
    [ets:delete(X) || X <- [m, other, inherit]],
    replacing(),
    long_and_deep().

%% select_replace/2 rewrites objects in place, keeping their keys.
replacing() ->
    T = ets:new(t, [ordered_set]),
    ets:insert(T, [{I, I * 10} || I <- lists:seq(1, 5)]),
    Bump = [{{'$1', '$2'}, [{'>', '$1', 2}], [{{'$1', {'+', '$2', 1}}}]}],
    show("replace", {ets:select_replace(T, Bump), ets:tab2list(T)}),
    show("replace key change", try_(fun() ->
        ets:select_replace(T, [{{'$1', '$2'}, [], [{{{'+', '$1', 1}, '$2'}}]}]) end)),
    show("replace not a tuple", try_(fun() -> ets:select_replace(T, [{{'$1', '$2'}, [], ['$1']}]) end)),
    show("replace float key", try_(fun() ->
        ets:select_replace(T, [{{'$1', '$2'}, [], [{{1.0, '$2'}}]}]) end)),
    show("replace grow", {ets:select_replace(T, [{{'$1', '$2'}, [], [{{'$1', '$2', x}}]}]),
                          ets:tab2list(T)}),
    show("replace same", ets:select_replace(T, [{{'$1', '_', '_'}, [], ['$_']}])),
    B = ets:new(b, [bag]),
    ets:insert(B, [{k, 1}, {k, 2}]),
    show("replace bag", try_(fun() -> ets:select_replace(B, [{{k, '$1'}, [], [{{k, 0}}]}]) end)),
    D = ets:new(d, [duplicate_bag]),
    ets:insert(D, [{k, 1}, {k, 1}, {j, 2}]),
    show("replace dbag", {ets:select_replace(D, [{{k, '$1'}, [], [{{k, 5}}]}]),
                          lists:sort(ets:tab2list(D))}),
    [ets:delete(X) || X <- [T, B, D]].

%% Patterns with a long list and a deeply nested tuple match without
%% exhausting anything.
long_and_deep() ->
    T = ets:new(t, [bag]),
    L = lists:seq(1, 100000),
    ets:insert(T, {k, L}),
    show("long list pattern", ets:select(T, [{{k, L}, [], [{{ok}}]}])),
    show("long list head", ets:select(T, [{{k, ['$1' | '_']}, [], [['$1', '$1']]}])),
    Deep = lists:foldl(fun(_, A) -> {A} end, x, lists:seq(1, 3000)),
    ets:insert(T, {d, Deep}),
    show("deep pattern", ets:select(T, [{{d, Deep}, [], [true]}])),
    show("deep object", length(ets:match_object(T, {d, '_'}))),
    ets:delete(T).
