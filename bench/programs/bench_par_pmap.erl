%% A pmap over a list of binaries: one process per element computes a checksum of its binary
%% (erlang:crc32 over slices and a fold over the bytes).
-module(bench_par_pmap).
-export([run/1]).

run(quick) -> run(64, 4096);
run(default) -> run(512, 65536).

run(Count, Size) ->
    Bins = [binary:copy(<<(K rem 251)>>, Size) || K <- lists:seq(1, Count)],
    Sums = pmap(fun digest/1, Bins),
    check(Sums, [digest(B) || B <- Bins]).

pmap(F, List) ->
    Self = self(),
    Pids = [spawn(fun() -> Self ! {self(), F(X)} end) || X <- List],
    [receive {P, R} -> R end || P <- Pids].

digest(Bin) ->
    {erlang:crc32(Bin), lists:foldl(fun(B, A) -> (A * 31 + B) band 16#ffffff end, 0, binary_to_list(Bin))}.

check(Expected, Expected) -> ok;
check(_, _) -> erlang:error({wrong_result, par_pmap}).
