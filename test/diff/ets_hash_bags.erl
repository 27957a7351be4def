-module(ets_hash_bags).
-export([main/0]).

%% bag and duplicate_bag tables as erts keeps them: the objects of one key are adjacent in
%% their bucket, newest first, so lookup gives them oldest first and walks (which list the
%% last found first) too; a list inserted into a bag at once goes in backwards.

show(Label, Value) -> io:format("~s: ~w~n", [Label, Value]).

show_long(Label, List) ->
    io:format("~s: ~w ~w~n  ~w~n", [Label, length(List), erlang:phash2(List),
                                     lists:sublist(List, 60)]).

main() ->
    lists:foreach(fun(Type) ->
        T = ets:new(t, [Type]),
        [ets:insert(T, {K rem 37, K rem 5, K}) || K <- lists:seq(1, 400)],
        [ets:insert(T, {K rem 37, K rem 5, K}) || K <- lists:seq(1, 50)],
        insert_list(T, [{K rem 41, list, K} || K <- lists:seq(1, 100)]),
        show_long(atom_to_list(Type) ++ " tab2list", ets:tab2list(T)),
        show(atom_to_list(Type) ++ " lookup 3", ets:lookup(T, 3)),
        show(atom_to_list(Type) ++ " lookup_element", ets:lookup_element(T, 5, 3)),
        show_long(atom_to_list(Type) ++ " match", ets:match(T, {'$1', 2, '$2'})),
        show_long(atom_to_list(Type) ++ " select", ets:select(T, [{{'$1', '$2', '$3'}, [{'<', '$3', 60}], [{{'$3', '$1'}}]}])),
        show_long(atom_to_list(Type) ++ " keys", walk(T, ets:first(T))),
        ets:delete_object(T, {3, 3, 3}),
        ets:delete_object(T, {3, 1, 41}),
        ets:delete_object(T, {4, list, 4}),
        show(atom_to_list(Type) ++ " after delete_object", {ets:lookup(T, 3), ets:lookup(T, 4)}),
        ets:insert(T, {3, 3, 3}),
        show(atom_to_list(Type) ++ " reinserted", ets:lookup(T, 3)),
        show(atom_to_list(Type) ++ " take", ets:take(T, 7)),
        show(atom_to_list(Type) ++ " insert_new", [ets:insert_new(T, {7, x}), ets:insert_new(T, {7, y}),
                                                ets:insert_new(T, [{8, z}, {900, z}]),
                                                ets:insert_new(T, [{900, a}, {901, b}, {900, c}])]),
        show(atom_to_list(Type) ++ " 900", ets:lookup(T, 900)),
        show(atom_to_list(Type) ++ " size", ets:info(T, size)),
        show_long(atom_to_list(Type) ++ " final", ets:tab2list(T))
    end, [bag, duplicate_bag]),
    B = ets:new(b, [bag]),
    ets:insert(B, [{k, 1}, {k, 2}, {k, 3}]),
    ets:insert(B, {k, 4}),
    ets:insert(B, [{k, 2}, {k, 5}]),
    show("bag of lists", ets:lookup(B, k)),
    D = ets:new(d, [duplicate_bag]),
    ets:insert(D, [{k, 1}, {k, 2}, {k, 1}]),
    ets:insert(D, {k, 2}),
    show("duplicate_bag of lists", ets:lookup(D, k)),
    ets:delete_object(D, {k, 1}),
    show("duplicates deleted", ets:lookup(D, k)).

walk(_, '$end_of_table') -> [];
walk(T, K) -> [K | walk(T, ets:next(T, K))].

%% erts inserts a list in order only if the time slice has enough reductions left for it
%% (8 objects per reduction); a fresh slice always has (the call after the yield starts it).
insert_list(T, Objects) ->
    erlang:yield(),
    insert_now(T, Objects).

insert_now(T, Objects) -> ets:insert(T, Objects).
