%% Naive reverse of a list (quadratic append): cons allocation, list traversal and
%% garbage collection of short-lived lists.
-module(bench_nrev).
-export([run/1]).

run(quick) -> run(500, 20);
run(default) -> run(1000, 200).

run(Length, Reps) ->
    L = lists:seq(1, Length),
    check(loop(Reps, L, []), lists:reverse(L)).

loop(0, _, R) -> R;
loop(Reps, L, _) -> loop(Reps - 1, L, nrev(L)).

nrev([]) -> [];
nrev([H | T]) -> app(nrev(T), [H]).

app([], L) -> L;
app([H | T], L) -> [H | app(T, L)].

check(Expected, Expected) -> ok;
check(Got, _) -> erlang:error({wrong_result, nrev, lists:sublist(Got, 10)}).
