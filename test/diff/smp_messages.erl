%% flags: +P 400000
%% 100,000 processes in 50,000 pairs: each sender sends its receiver a numbered sequence, which
%% must arrive in order (erts' guarantee between any pair of processes), whichever schedulers
%% the two run on.
-module(smp_messages).
-export([main/0]).

-define(PAIRS, 50000).
-define(COUNT, 20).

main() ->
    Self = self(),
    Receivers = [spawn(fun() -> receiver(Self, 1) end) || _ <- lists:seq(1, ?PAIRS)],
    [spawn(fun() -> [R ! {seq, N} || N <- lists:seq(1, ?COUNT)] end) || R <- Receivers],
    Results = [receive {done, R, Ok} -> Ok end || R <- Receivers],
    io:format("pairs in order: ~p of ~p~n", [length([ok || true <- Results]), ?PAIRS]),
    io:format("processes left: ~p~n", [wait_for_exits(100)]).

receiver(Parent, N) when N > ?COUNT -> Parent ! {done, self(), true};
receiver(Parent, N) ->
    receive
        {seq, N} -> receiver(Parent, N + 1);
        {seq, _} -> Parent ! {done, self(), false}
    end.

wait_for_exits(0) -> length(processes());
wait_for_exits(Tries) ->
    case length(processes()) of
        N when N < 50 -> N div 100;
        _ -> receive after 10 -> wait_for_exits(Tries - 1) end
    end.
