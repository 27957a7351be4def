%% '--' and lists:subtract/2: each element on the right removes the first occurrence left on
%% the left, by exact equality; long lists on both sides finish in time (a scan of the left
%% per element on the right takes minutes for the last cases).
-module(list_subtract).
-export([main/0]).
-import(diff_util, [catching/1, id/1]).

main() ->
    Cases = [{[], []}, {[], [a]}, {[a], []}, {[a], [a]}, {[a, b], [b, c]},
             {[a, b, c, d, a, a], [a, b, c]}, {[a, b, c, d, a, x, a], [a, b, c, a]},
             {[42.0, 42, 42.0], [42, 42, 42]}, {[1, 2, 3, 4, 5, 42.0, 43.0], [42.0, 5]},
             {[{1}, {1.0}, [1], [1.0], <<1>>, "a"], [{1.0}, [1], "a", <<1>>]},
             {[2985095936, 47540628, 4187206564, 6662515191], [6662515191, 2985095936]}],
    [io:format("~p~n", [sub(A, B)]) || {A, B} <- Cases],
    %% Around the length where the right side is sorted instead of scanned.
    [io:format("~w ~w~n", [N, sub(mixed(40), mixed(N))]) || N <- lists:seq(10, 20)],
    [io:format("~w ~w~n", [N, sub(mixed(N), lists:reverse(mixed(N div 2)))]) || N <- [17, 33, 64]],
    Errors = [{[], [a | b]}, {[a], [a | b]}, {[a | b], []}, {[a | b], [a]}, {a, []}, {[], a},
              {[a | b], lists:seq(1, 100)}, {lists:seq(1, 100), [a | b]}],
    [io:format("~p ~p~n", [catching(fun() -> id(A) -- id(B) end),
                           catching(fun() -> lists:subtract(id(A), id(B)) end)]) || {A, B} <- Errors],
    N = 200000,
    Seq = lists:seq(1, N),
    Big = [{Seq, [x || _ <- Seq]},
           {[y || _ <- Seq], [x || _ <- Seq]},
           {Seq, lists:reverse(lists:seq(1, N, 2))},
           {Seq, lists:seq(3, N)},
           {[gurka || _ <- Seq], [gurka || _ <- lists:seq(1, N - 7)]},
           {Seq, lists:seq(-16, -1)},
           {Seq, lists:seq(N, N - 15, -1)},
           {Seq ++ Seq, lists:seq(1, N, 3)},
           {mixed(N), mixed(N div 3)},
           {mixed(N), lists:reverse(mixed(5000))}],
    [begin
         R = sub(A, B),
         io:format("~p ~p ~w~n", [length(R), erlang:phash2(R), lists:sublist(R, 8)])
     end || {A, B} <- Big],
    ok.

sub(A, B) ->
    R = id(A) -- id(B),
    R = lists:subtract(id(A), id(B)).

%% Integers, floats equal to some of them, atoms and tuples, with repeats.
mixed(N) ->
    [case K rem 4 of
         0 -> K rem 7;
         1 -> float(K rem 5);
         2 -> list_to_atom([$a + K rem 3]);
         3 -> {K rem 2}
     end || K <- lists:seq(1, N)].
