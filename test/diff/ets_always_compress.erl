%% flags: +ec
%% erts' +ec makes every new ETS table compressed whatever its options say, and
%% system_info(ets_always_compress) tells; the tables work as ever.
-module(ets_always_compress).
-export([main/0]).

main() ->
    io:format("always: ~p~n", [erlang:system_info(ets_always_compress)]),
    [begin
         T = ets:new(t, [Type]),
         ets:insert(T, [{K, <<"value">>, [K, K]} || K <- lists:seq(1, 100)]),
         io:format("~p: compressed ~p, ~p ~p~n",
                   [Type, ets:info(T, compressed), ets:lookup(T, 42), ets:select_count(T, [{'_', [], [true]}])]),
         ets:delete(T)
     end || Type <- [set, ordered_set, bag, duplicate_bag]].
