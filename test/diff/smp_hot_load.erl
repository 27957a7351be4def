%% Hot loading while 1,000 processes call the module in a loop: each call sees whole old or
%% whole new code, never a mix, and every process ends on the newest version.
-module(smp_hot_load).
-export([main/0]).

-define(CALLERS, 1000).

main() ->
    Self = self(),
    process_flag(priority, high),  % the loader gets its turn among 1,000 busy callers
    load(1),
    Pids = [spawn(fun() -> call_loop(Self, 0, 0) end) || _ <- lists:seq(1, ?CALLERS)],
    [begin load(V), receive after 5 -> ok end end || V <- lists:seq(2, 6)],
    [P ! stop || P <- Pids],
    Seen = [receive {seen, P, Last, Bad} -> {Last, Bad} end || P <- Pids],
    io:format("callers: ~p, mixed versions seen: ~p~n", [length(Seen), lists:sum([B || {_, B} <- Seen])]),
    io:format("last versions: ~p~n", [lists:usort([L || {L, _} <- Seen])]).

call_loop(Parent, Last, Bad) ->
    receive
        stop -> Parent ! {seen, self(), hot_target:version(), Bad}
    after 1 ->
        {V, V2} = {hot_target:version(), hot_target:twice()},
        Whole = V2 rem 2 =:= 0 andalso V2 div 2 >= V,  % twice/0 saw its own version
        call_loop(Parent, max(Last, V), Bad + (case Whole of true -> 0; false -> 1 end))
    end.

load(V) ->
    Src = "-module(hot_target).\n-export([version/0, twice/0]).\n"
          "version() -> " ++ integer_to_list(V) ++ ".\n"
          "twice() -> 2 * version().\n",
    {ok, Tokens, _} = erl_scan:string(Src),
    Forms = split_forms(Tokens, [], []),
    {ok, hot_target, Bin} = compile:forms([F || {ok, F} <- [erl_parse:parse_form(T) || T <- Forms]]),
    soft_purge(),
    {module, hot_target} = erlang:load_module(hot_target, Bin).

%% The old code goes once no caller is inside it (a call is short, so that comes soon).
soft_purge() ->
    case erts_code_purger:soft_purge(hot_target) of
        true -> ok;
        false -> receive after 1 -> soft_purge() end
    end.

split_forms([], [], Acc) -> lists:reverse(Acc);
split_forms([{dot, _} = D | Rest], Cur, Acc) -> split_forms(Rest, [], [lists:reverse([D | Cur]) | Acc]);
split_forms([T | Rest], Cur, Acc) -> split_forms(Rest, [T | Cur], Acc).
