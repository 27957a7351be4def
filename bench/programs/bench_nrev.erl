%% Naive reverse of a 1,000-element list, 200 times: allocation and list traversal.
-module(bench_nrev).
-export([main/0]).

main() ->
    L = lists:seq(1, 1000),
    bench_timer:report(fun() -> loop(200, L, []) end, lists:reverse(L)).

loop(0, _, R) -> R;
loop(N, L, _) -> loop(N - 1, L, nrev(L)).

nrev([]) -> [];
nrev([H | T]) -> app(nrev(T), [H]).

app([], L) -> L;
app([H | T], L) -> [H | app(T, L)].
