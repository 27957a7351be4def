%% Spectral norm (benchmarks game): float arithmetic in nested loops over lists, integer
%% index arithmetic; checks the norm to 9 decimals.
-module(bench_spectral_norm).
-export([run/1]).

%% Norms (times 1e9, rounded) checked against an independent implementation.
run(quick) -> run(100, 1274219991);
run(default) -> run(600, 1274224131).

run(N, Expected) -> check(round(spectral_norm(N) * 1.0e9), Expected).

spectral_norm(N) ->
    U0 = lists:duplicate(N, 1.0),
    {U, V} = iterate(10, N, U0, U0),
    math:sqrt(dot(U, V, 0.0) / dot(V, V, 0.0)).

iterate(0, _, U, V) -> {U, V};
iterate(K, N, U, _) ->
    V = mul_atav(N, U),
    iterate(K - 1, N, mul_atav(N, V), V).

dot([A | As], [B | Bs], Acc) -> dot(As, Bs, Acc + A * B);
dot([], [], Acc) -> Acc.

a(I, J) -> 1.0 / ((I + J) * (I + J + 1) div 2 + I + 1).

mul_atav(N, U) -> mul_atv(N, mul_av(N, U)).

%% (A u)_i = sum_j A(i, j) u_j
mul_av(N, U) -> [row_av(I, 0, U, 0.0) || I <- lists:seq(0, N - 1)].

row_av(_, _, [], Acc) -> Acc;
row_av(I, J, [Uj | Us], Acc) -> row_av(I, J + 1, Us, Acc + a(I, J) * Uj).

%% (A^T u)_i = sum_j A(j, i) u_j
mul_atv(N, U) -> [row_atv(I, 0, U, 0.0) || I <- lists:seq(0, N - 1)].

row_atv(_, _, [], Acc) -> Acc;
row_atv(I, J, [Uj | Us], Acc) -> row_atv(I, J + 1, Us, Acc + a(J, I) * Uj).

check(Expected, Expected) -> ok;
check(Got, _) -> erlang:error({wrong_result, spectral_norm, Got}).
