%% process_info(P, binary): a {Id, Size, RefCount} for each reference to a shared (refc) binary
%% that P holds, a part of one (a sub-binary) counting as its whole; small binaries live on the
%% heap and are not listed.
-module(process_info_binary).
-export([main/0]).
main() ->
    B1 = binary:copy(<<"a">>, 1000),
    B2 = binary:copy(<<"b">>, 2000),
    Small = <<"small">>,
    Sub = binary:part(B2, 10, 100),
    {binary, L} = process_info(self(), binary),
    io:format("~p~n", [lists:sort([{S, R} || {_, S, R} <- L])]),
    P = spawn(fun() -> receive {B, _} -> receive stop -> byte_size(B) end end end),
    P ! {B1, Sub},
    timer:sleep(10),
    {binary, L2} = process_info(P, binary),
    io:format("~p~n", [lists:sort([{S, R} || {_, S, R} <- L2])]),
    io:format("~p~n", [[is_integer(Id) || {Id, _, _} <- L2]]),
    {binary, []} = process_info(spawn(fun() -> receive _ -> ok end end), binary),
    P ! stop,
    {Small, Sub}.
