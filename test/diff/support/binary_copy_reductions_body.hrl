%% The body of binary_copy_reductions and binary_copy_reductions_r24: copying binaries into a
%% binary being built costs a reduction per KiB, as in erts, and process_info(self(),
%% reductions) counts the running slice.

main() ->
    TwoMeg = <<0:(2_000*1024)/unit:8>>,
    [io:format("~p: at least ~p: ~p~n", [L, N, reductions(F) >= N])
     || {L, N, F} <- [{one, 2000, fun() -> <<0:8, TwoMeg/binary>> end},
                      {two, 4000, fun() -> <<0:8, TwoMeg/binary, TwoMeg/binary>> end},
                      {part, 1000, fun() -> <<0:8, TwoMeg:(1000*1024)/binary>> end},
                      {append, 2500, fun() -> <<TwoMeg/binary, TwoMeg:(2000*1024)/binary>> end},
                      {loop, 10, fun() -> lists:foldl(fun(_, Acc) -> <<Acc/binary, 0>> end, <<>>, lists:seq(1, 1000)) end}]],
    Small = reductions(fun() -> <<0:8, TwoMeg:10/binary>> end),
    io:format("small copy: ~p~n", [Small < 100]),
    {reductions, R0} = process_info(self(), reductions),
    spin(10000),
    {reductions, R1} = process_info(self(), reductions),
    io:format("self counts the running slice: ~p~n", [R1 - R0 >= 10000]).

reductions(Fun) ->
    receive after 1 -> ok end,
    {reductions, Red0} = process_info(self(), reductions),
    _ = Fun(),
    {reductions, Red1} = process_info(self(), reductions),
    Red1 - Red0.

spin(0) -> ok;
spin(N) -> spin(N - 1).
