%% Mandelbrot set (benchmarks game): float iteration per pixel, output bit-packed into a
%% binary with bit syntax (PBM P4 format); checks the MD5 of the image.
-module(bench_mandelbrot).
-export([run/1]).

-define(ITERATIONS, 50).

%% The expected digests were checked against an independent implementation.
run(quick) ->
    run(120, <<2, 192, 12, 191, 223, 95, 155, 148, 255, 122, 8, 49, 184, 202, 138, 209>>);
run(default) ->
    run(900, <<219, 109, 77, 219, 184, 182, 181, 92, 29, 107, 182, 59, 196, 140, 113, 45>>).

run(N, Expected) -> check(erlang:md5(mandelbrot(N)), Expected).

mandelbrot(N) ->
    Header = iolist_to_binary(["P4\n", integer_to_list(N), " ", integer_to_list(N), "\n"]),
    rows(0, N, Header).

rows(N, N, Image) -> Image;
rows(Y, N, Image) ->
    Ci = 2.0 * Y / N - 1.0,
    rows(Y + 1, N, row(0, N, Ci, Image)).

%% Appends one row, padded with zero bits to a whole number of bytes.
row(N, N, _, Image) ->
    case bit_size(Image) rem 8 of
        0 -> Image;
        Used -> <<Image/bits, 0:(8 - Used)>>
    end;
row(X, N, Ci, Image) ->
    Cr = 2.0 * X / N - 1.5,
    row(X + 1, N, Ci, <<Image/bits, (pixel(0.0, 0.0, Cr, Ci, ?ITERATIONS)):1>>).

pixel(_, _, _, _, 0) -> 1;
pixel(Zr, Zi, Cr, Ci, I) ->
    Tr = Zr * Zr - Zi * Zi + Cr,
    Ti = 2.0 * Zr * Zi + Ci,
    if
        Tr * Tr + Ti * Ti > 4.0 -> 0;
        true -> pixel(Tr, Ti, Cr, Ci, I - 1)
    end.

check(Expected, Expected) -> ok;
check(Got, _) -> erlang:error({wrong_result, mandelbrot, Got}).
