%% The rand module as shipped, fully deterministic: every algorithm seeded
%% with a fixed seed, then uniform/0,1, uniform_real/0, normal/0,2, bytes/1,
%% jump/0, the functional *_s API, and exported seed states.
-module(lib_rand).
-import(diff_util, [catching/1]).
-export([main/0]).

main() ->
    Algs = [exsss, exro928ss, exrop, exs1024s, exsp],
    lists:foreach(fun per_alg/1, Algs),
    functional(),
    misc(),
    ok.

per_alg(Alg) ->
    io:format("== ~p~n", [Alg]),
    _ = rand:seed(Alg, {1, 2, 3}),
    io:format("uniform/0: ~w~n", [[rand:uniform() || _ <- lists:seq(1, 10)]]),
    io:format("uniform/1: ~w~n", [[rand:uniform(N) || N <- [1, 2, 6, 10, 100, 1000, 1 bsl 32, 1 bsl 58, 1 bsl 64, 1 bsl 100]]]),
    io:format("uniform_real: ~w~n", [[rand:uniform_real() || _ <- lists:seq(1, 5)]]),
    io:format("normal/0: ~w~n", [[rand:normal() || _ <- lists:seq(1, 5)]]),
    io:format("normal/2: ~w~n", [[rand:normal(10, 4) || _ <- lists:seq(1, 3)]]),
    io:format("bytes: ~w~n", [rand:bytes(12)]),
    State = rand:export_seed(),
    io:format("export_seed alg: ~w~n", [element(1, State)]),
    A = [rand:uniform(1000) || _ <- lists:seq(1, 5)],
    _ = rand:seed(State),
    B = [rand:uniform(1000) || _ <- lists:seq(1, 5)],
    io:format("reseed from export: ~w ~w~n", [A, A =:= B]),
    _ = rand:seed(Alg, 42),
    io:format("integer seed: ~w~n", [[rand:uniform(100) || _ <- lists:seq(1, 10)]]),
    _ = rand:seed(Alg, {1, 2, 3}),
    _ = rand:jump(),
    io:format("after jump: ~w~n", [[rand:uniform(100) || _ <- lists:seq(1, 10)]]),
    Counts = lists:foldl(fun(_, Acc) -> maps:update_with(rand:uniform(6), fun(C) -> C + 1 end, 1, Acc) end,
                         #{}, lists:seq(1, 6000)),
    io:format("dice histogram: ~w~n", [lists:sort(maps:to_list(Counts))]),
    Sum = lists:sum([rand:uniform() || _ <- lists:seq(1, 10000)]),
    io:format("sum of 10000 uniforms: ~.6f~n", [Sum]).

functional() ->
    io:format("== functional API~n"),
    S0 = rand:seed_s(exsss, {7, 8, 9}),
    {X1, S1} = rand:uniform_s(S0),
    {X2, S2} = rand:uniform_s(100, S1),
    {X3, S3} = rand:normal_s(S2),
    {X4, S4} = rand:uniform_real_s(S3),
    {B, S5} = rand:bytes_s(5, S4),
    io:format("~w~n", [[X1, X2, X3, X4, B]]),
    {Again, _} = rand:uniform_s(S0),
    io:format("same state same value: ~w~n", [Again =:= X1]),
    io:format("state is exportable: ~w~n", [rand:export_seed_s(S5) =/= undefined]),
    J = rand:jump(S0),
    io:format("jumped: ~w~n", [element(1, rand:uniform_s(J))]),
    Seq = element(1, lists:mapfoldl(fun(_, S) -> rand:uniform_s(10, S) end,
                                    rand:seed_s(exrop, {1, 1, 1}), lists:seq(1, 30))),
    io:format("exrop sequence: ~w~n", [Seq]),
    Shuffled = shuffle(lists:seq(1, 20), rand:seed_s(exsss, {3, 2, 1})),
    io:format("shuffle: ~w~n", [Shuffled]).

shuffle(L, S) ->
    {Keyed, _} = lists:mapfoldl(fun(X, St) -> {R, St2} = rand:uniform_s(St), {{R, X}, St2} end, S, L),
    [X || {_, X} <- lists:sort(Keyed)].

misc() ->
    io:format("== misc~n"),
    _ = rand:seed(exsss, {1, 2, 3}),
    io:format("pdict seeded: ~w~n", [rand:uniform(1000000)]),
    io:format("bad range: ~w~n", [catching(fun() -> rand:uniform(0) end)]),
    io:format("bad alg: ~w~n", [catching(fun() -> rand:seed(no_such_alg, {1, 2, 3}) end)]),
    io:format("bad float range: ~w~n", [catching(fun() -> rand:uniform(1.5) end)]).
