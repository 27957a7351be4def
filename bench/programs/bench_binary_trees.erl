%% Binary trees (benchmarks game, single process): allocation of many short-lived tuples,
%% a long-lived tree, and garbage collection; checks every node count against 2^(d+1)-1.
-module(bench_binary_trees).
-export([run/1]).

-define(MIN_DEPTH, 4).

run(quick) -> run_depth(14);
run(default) -> run_depth(18).

run_depth(N) ->
    Max = max(?MIN_DEPTH + 2, N),
    check(binary_trees(Max), expected(Max)).

binary_trees(Max) ->
    Stretch = check_tree(make(Max + 1)),
    LongLived = make(Max),
    Depths = [{D, iterations(D, Max), sum_checks(iterations(D, Max), D, 0)}
              || D <- lists:seq(?MIN_DEPTH, Max, 2)],
    {Stretch, Depths, check_tree(LongLived)}.

iterations(D, Max) -> 1 bsl (Max - D + ?MIN_DEPTH).

sum_checks(0, _, Sum) -> Sum;
sum_checks(I, D, Sum) -> sum_checks(I - 1, D, Sum + check_tree(make(D))).

make(0) -> {nil, nil};
make(D) -> {make(D - 1), make(D - 1)}.

check_tree({nil, nil}) -> 1;
check_tree({L, R}) -> 1 + check_tree(L) + check_tree(R).

%% A tree of depth D has 2^(D+1) - 1 nodes.
expected(Max) ->
    Nodes = fun(D) -> (1 bsl (D + 1)) - 1 end,
    {Nodes(Max + 1),
     [{D, iterations(D, Max), iterations(D, Max) * Nodes(D)}
      || D <- lists:seq(?MIN_DEPTH, Max, 2)],
     Nodes(Max)}.

check(Expected, Expected) -> ok;
check(Got, _) -> erlang:error({wrong_result, binary_trees, Got}).
