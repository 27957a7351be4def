%% N-body simulation of the Jovian planets (benchmarks game): float arithmetic on tuples,
%% math:sqrt; checks the energy before and after, to 9 decimals.
-module(bench_nbody).
-export([run/1]).

-define(PI, 3.141592653589793).
-define(SOLAR_MASS, (4 * ?PI * ?PI)).
-define(DAYS_PER_YEAR, 365.24).

%% Energies (times 1e9, rounded) checked against an independent implementation.
run(quick) -> run(20000, {-169075164, -169089263});
run(default) -> run(400000, {-169075164, -169092782}).

run(Steps, Expected) ->
    Bodies = offset_momentum(bodies()),
    Before = energy(Bodies),
    After = energy(steps(Steps, Bodies)),
    check({nano(Before), nano(After)}, Expected).

nano(E) -> round(E * 1.0e9).

steps(0, Bodies) -> Bodies;
steps(N, Bodies) -> steps(N - 1, advance(Bodies, 0.01)).

%% A body is {X, Y, Z, VX, VY, VZ, Mass}.
advance(Bodies, Dt) -> [move(B, Dt) || B <- velocities(Bodies, Dt)].

velocities([], _) -> [];
velocities([B | Rest], Dt) ->
    {B1, Rest1} = pull(B, Rest, Dt, []),
    [B1 | velocities(Rest1, Dt)].

pull(B, [], _, Acc) -> {B, lists:reverse(Acc)};
pull({X, Y, Z, VX, VY, VZ, M}, [{X2, Y2, Z2, VX2, VY2, VZ2, M2} | Rest], Dt, Acc) ->
    DX = X - X2,
    DY = Y - Y2,
    DZ = Z - Z2,
    D2 = DX * DX + DY * DY + DZ * DZ,
    Mag = Dt / (D2 * math:sqrt(D2)),
    MM2 = M2 * Mag,
    MM = M * Mag,
    pull({X, Y, Z, VX - DX * MM2, VY - DY * MM2, VZ - DZ * MM2, M},
         Rest, Dt,
         [{X2, Y2, Z2, VX2 + DX * MM, VY2 + DY * MM, VZ2 + DZ * MM, M2} | Acc]).

move({X, Y, Z, VX, VY, VZ, M}, Dt) ->
    {X + Dt * VX, Y + Dt * VY, Z + Dt * VZ, VX, VY, VZ, M}.

energy(Bodies) -> energy(Bodies, 0.0).

energy([], E) -> E;
energy([{X, Y, Z, VX, VY, VZ, M} | Rest], E) ->
    E1 = E + 0.5 * M * (VX * VX + VY * VY + VZ * VZ),
    energy(Rest, lists:foldl(
                   fun({X2, Y2, Z2, _, _, _, M2}, Acc) ->
                           DX = X - X2,
                           DY = Y - Y2,
                           DZ = Z - Z2,
                           Acc - (M * M2) / math:sqrt(DX * DX + DY * DY + DZ * DZ)
                   end, E1, Rest)).

offset_momentum(Bodies) ->
    {PX, PY, PZ} = lists:foldl(fun({_, _, _, VX, VY, VZ, M}, {PX, PY, PZ}) ->
                                       {PX + VX * M, PY + VY * M, PZ + VZ * M}
                               end, {0.0, 0.0, 0.0}, Bodies),
    [{X, Y, Z, _, _, _, M} | Rest] = Bodies,
    [{X, Y, Z, -PX / ?SOLAR_MASS, -PY / ?SOLAR_MASS, -PZ / ?SOLAR_MASS, M} | Rest].

bodies() ->
    [%% Sun
     {0.0, 0.0, 0.0, 0.0, 0.0, 0.0, ?SOLAR_MASS},
     %% Jupiter
     {4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01,
      1.66007664274403694e-03 * ?DAYS_PER_YEAR, 7.69901118419740425e-03 * ?DAYS_PER_YEAR,
      -6.90460016972063023e-05 * ?DAYS_PER_YEAR, 9.54791938424326609e-04 * ?SOLAR_MASS},
     %% Saturn
     {8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01,
      -2.76742510726862411e-03 * ?DAYS_PER_YEAR, 4.99852801234917238e-03 * ?DAYS_PER_YEAR,
      2.30417297573763929e-05 * ?DAYS_PER_YEAR, 2.85885980666130812e-04 * ?SOLAR_MASS},
     %% Uranus
     {1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01,
      2.96460137564761618e-03 * ?DAYS_PER_YEAR, 2.37847173959480950e-03 * ?DAYS_PER_YEAR,
      -2.96589568540237556e-05 * ?DAYS_PER_YEAR, 4.36624404335156298e-05 * ?SOLAR_MASS},
     %% Neptune
     {1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01,
      2.68067772490389322e-03 * ?DAYS_PER_YEAR, 1.62824170038242295e-03 * ?DAYS_PER_YEAR,
      -9.51592254519715870e-05 * ?DAYS_PER_YEAR, 5.15138902046611451e-05 * ?SOLAR_MASS}].

check(Expected, Expected) -> ok;
check(Got, _) -> erlang:error({wrong_result, nbody, Got}).
