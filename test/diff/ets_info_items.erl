-module(ets_info_items).
-import(diff_util, [id/1]).
-export([main/0]).

%% ets:info/1,2 as erts answers: every item of info/1 (but the identifiers of processes and
%% tables), the options as ets:new reads them (in order; `set` and `protected` change
%% nothing), memory in words as erts counts it (table, segments, locks, objects with erts'
%% binary layouts, fixations), and the debugging items fixed, safe_fixed and stats.

show(Label, Value) -> io:format("~s: ~w~n", [Label, Value]).

info(T) ->
    [{K, unpid(V)} || {K, V} <- ets:info(T), not lists:member(K, [id, owner, node])].

%% Options and items without the printed form of a pid.
unpid(P) when is_pid(P) -> a_pid;
unpid(T) when is_tuple(T) -> list_to_tuple(unpid(tuple_to_list(T)));
unpid(L) when is_list(L) -> [unpid(E) || E <- L];
unpid(X) -> X.

main() ->
    lists:foreach(fun(Opts) ->
        T = ets:new(t, Opts),
        show(io_lib:format("~w", [unpid(Opts)]), info(T)),
        [ets:insert(T, {K, K * 2}) || K <- lists:seq(1, 300)],
        show("  300 objects", {ets:info(T, memory), ets:info(T, size)}),
        ets:delete(T)
    end, [[], [bag], [duplicate_bag], [ordered_set], [bag, set], [public, protected],
          [private, protected], [{keypos, 2}], [named_table, private],
          [{write_concurrency, true}], [{write_concurrency, auto}],
          [{write_concurrency, true}, {read_concurrency, true}],
          [{read_concurrency, true}], [private, {read_concurrency, true}],
          [private, {write_concurrency, true}],
          [{write_concurrency, true}, {decentralized_counters, true}],
          [{decentralized_counters, true}],
          [{write_concurrency, {debug_hash_fixed_number_of_locks, 100}}],
          [{write_concurrency, {debug_hash_fixed_number_of_locks, 2000}}],
          [ordered_set, {read_concurrency, true}],
          [{write_concurrency, true}, ordered_set, {write_concurrency, false}],
          [ordered_set, {write_concurrency, true}], [ordered_set, {write_concurrency, auto}, {read_concurrency, true}],
          [ordered_set, {write_concurrency, true}, {decentralized_counters, false}], [compressed],
          [{heir, none}], [{heir, self(), ok}], [{heir, self(), {data, [1, 2.0], "three"}}]]),
    lists:foreach(fun(Opts) ->
        show(io_lib:format("bad ~w", [Opts]), catch_badarg(fun() -> ets:new(t, Opts) end))
    end, [[{keypos, 0}], [{write_concurrency, maybe}], [ordered_set, {write_concurrency, {debug_hash_fixed_number_of_locks, 8}}],
          [{write_concurrency, {debug_hash_fixed_number_of_locks, 0}}], [{read_concurrency, 1}],
          [{decentralized_counters, yes}], [unknown], [set | bag]]),
    objects(),
    debugging().

catch_badarg(F) -> try F(), created catch error:badarg -> badarg end.

%% What each object costs: 4 words besides erts' flat size of the tuple in a hash table, 5 in a
%% tree; an off-heap binary counts its reference, not its bytes.
objects() ->
    Big = binary:copy(<<"0123456789">>, 20),
    <<_:3, Odd/bitstring>> = id(Big),
    <<_:8, Slice:100/binary, _/binary>> = id(Big),
    <<_:8, Small:10/binary, _/binary>> = id(<<"0123456789abcdefghij">>),
    Objects = [{1}, {2, a}, {3, 1.5}, {4, 1 bsl 100}, {5, <<"short">>}, {6, Big}, {7, Odd},
               {8, Slice}, {9, Small}, {10, <<1:5>>}, {11, #{a => 1, b => [1, 2]}},
               {12, "a string", {nested, [1.0, 2.0]}}, {13, maps:from_list([{K, K} || K <- lists:seq(1, 40)])},
               {14, -1, 300, 1 bsl 40, -(1 bsl 70), [a | b], [1, [2, 3], "x"], {}, <<>>},
               {15, fun lists:sort/1, make_ref(), self(), [<<"key">>, "key"]},
               {16, fun() -> Big end, fun() -> ok end, #{}, {{}}, [1.0]}],
    lists:foreach(fun(Opts) ->
        Type = lists:flatten(io_lib:format("~w", [Opts])),
        T = ets:new(t, Opts),
        Sizes = [begin
                     Before = ets:info(T, memory),
                     ets:insert(T, O),
                     ets:info(T, memory) - Before
                 end || O <- Objects],
        show(Type ++ " object words", Sizes),
        ets:delete(T, 6),
        ets:delete_object(T, {7, Odd}),
        show(Type ++ " after deletes", ets:info(T, memory))
    end, [[set], [bag], [ordered_set], [set, compressed], [ordered_set, compressed],
          [bag, compressed]]).

debugging() ->
    T = ets:new(t, [set]),
    show("not fixed", [ets:info(T, fixed), ets:info(T, safe_fixed),
                       ets:info(T, safe_fixed_monotonic_time)]),
    M0 = ets:info(T, memory),
    ets:safe_fixtable(T, true),
    {{Mega, Sec, Micro}, Procs} = ets:info(T, safe_fixed),
    {Mono, Procs} = ets:info(T, safe_fixed_monotonic_time),
    show("fixed", [ets:info(T, fixed), Procs =:= [{self(), 1}], is_integer(Mega + Sec + Micro),
                   is_integer(Mono), ets:info(T, memory) - M0]),
    ets:insert(T, [{K} || K <- lists:seq(1, 10)]),
    M1 = ets:info(T, memory),
    ets:delete(T, 3),
    ets:delete(T, 4),
    show("deleted while fixed", ets:info(T, memory) - M1),
    ets:safe_fixtable(T, false),
    show("unfixed", ets:info(T, memory) - M1),
    show("stats", [ets:info(T, stats), ets:info(ets:new(o, [ordered_set]), stats)]),
    show("unknown item", catch_badarg(fun() -> ets:info(T, colour) end)),
    Gone = ets:new(gone, [named_table]),
    ets:delete(Gone),
    show("gone", [ets:info(gone), ets:info(gone, size)]).
