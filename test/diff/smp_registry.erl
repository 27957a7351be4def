%% register/unregister races: processes on several schedulers fight over a few names while
%% the holders exit; a name is held by at most one live process, whereis finds it or nothing,
%% and every name is free once its holders are gone.
-module(smp_registry).
-export([main/0]).

-define(NAMES, [n1, n2, n3, n4]).

main() ->
    Self = self(),
    Pids = [spawn(fun() -> fight(Self, W, 300) end) || W <- lists:seq(1, 16)],
    Wins = lists:sum([receive {wins, P, N} -> N end || P <- Pids]),
    io:format("some registrations won: ~p~n", [Wins > 0]),
    timer_free(),
    io:format("names free after exits: ~p~n", [[whereis(N) || N <- ?NAMES]]),
    io:format("registered clean: ~p~n", [[N || N <- registered(), lists:member(N, ?NAMES)]]).

fight(Parent, W, Rounds) ->
    Wins = lists:sum([try_name(lists:nth(1 + (W + R) rem 4, ?NAMES)) || R <- lists:seq(1, Rounds)]),
    Parent ! {wins, self(), Wins}.

try_name(Name) ->
    Holder = spawn(fun() -> receive go -> ok end end),
    Won = try register(Name, Holder) of true -> 1 catch error:badarg -> 0 end,
    case whereis(Name) of
        undefined -> ok;
        P when is_pid(P) -> true = is_pid(P)
    end,
    Holder ! go,
    catch unregister(Name),
    Won.

timer_free() ->
    case [N || N <- ?NAMES, whereis(N) =/= undefined] of
        [] -> ok;
        _ -> receive after 10 -> timer_free() end
    end.
