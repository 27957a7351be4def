%% Fannkuch-redux (benchmarks game): permutations in count order, prefix reversals of short
%% lists, tuple updates; checks the checksum and the maximum number of flips.
-module(bench_fannkuch).
-export([run/1]).

run(quick) -> run(8, 1, {1616, 22});
run(default) -> run(9, 4, {8629, 30}).

run(N, Reps, Expected) ->
    check(lists:usort([fannkuch(N) || _ <- lists:seq(1, Reps)]), [Expected]).

fannkuch(N) ->
    loop(lists:seq(1, N), erlang:make_tuple(N, 0), N, N, 0, 0, 0).

%% P is the permutation (values 1..N), C the counts (element I is count[I-1] in the C
%% version), R the current rotation index.
loop(P, C, R, N, PermCount, Sum, Max) ->
    C1 = fill(C, R),
    Flips = flips(P, 0),
    Sum1 = case PermCount band 1 of
               0 -> Sum + Flips;
               1 -> Sum - Flips
           end,
    next(P, C1, 1, N, PermCount, Sum1, max(Max, Flips)).

next(_, _, N, N, _, Sum, Max) -> {Sum, Max};
next(P, C, R, N, PermCount, Sum, Max) ->
    P1 = rotate(P, R),
    Count = element(R + 1, C) - 1,
    C1 = setelement(R + 1, C, Count),
    if
        Count > 0 -> loop(P1, C1, R, N, PermCount + 1, Sum, Max);
        true -> next(P1, C1, R + 1, N, PermCount, Sum, Max)
    end.

fill(C, 1) -> C;
fill(C, R) -> fill(setelement(R, C, R), R - 1).

flips([1 | _], Flips) -> Flips;
flips([F | _] = P, Flips) -> flips(reverse_prefix(P, F, []), Flips + 1).

reverse_prefix(T, 0, Acc) -> Acc ++ T;
reverse_prefix([H | T], K, Acc) -> reverse_prefix(T, K - 1, [H | Acc]).

%% Moves the head behind the next R elements (rotates the first R + 1 left by one).
rotate([H | T], R) -> rotate(T, R, H).

rotate(T, 0, H) -> [H | T];
rotate([X | T], R, H) -> [X | rotate(T, R - 1, H)].

check(Expected, Expected) -> ok;
check(Got, _) -> erlang:error({wrong_result, fannkuch, Got}).
