%% Many processes hammering one ETS table of each type with write_concurrency (and
%% read_concurrency), each on keys of its own and on shared counters; the table must end as a
%% model of the same operations says.
-module(smp_ets).
-export([main/0]).

-define(WORKERS, 16).
-define(OPS, 500).

main() ->
    [run(Type, Opts) || Type <- [set, ordered_set, bag, duplicate_bag],
                        Opts <- [[{write_concurrency, true}], [{read_concurrency, true}, {write_concurrency, true}]]],
    ok.

run(Type, Opts) ->
    T = ets:new(t, [Type, public | Opts]),
    Self = self(),
    Pids = [spawn(fun() -> work(T, Type, W), Self ! {done, self()} end) || W <- lists:seq(1, ?WORKERS)],
    [receive {done, P} -> ok end || P <- Pids],
    Model = lists:sort(lists:append([model(Type, W) || W <- lists:seq(1, ?WORKERS)])),
    Actual = lists:sort([O || O <- ets:tab2list(T), element(1, O) =/= counter]),
    Counter = case Type of
                  set -> ets:lookup_element(T, counter, 2);
                  ordered_set -> ets:lookup_element(T, counter, 2);
                  _ -> none
              end,
    io:format("~p ~p: model ~p, size ~p, counter ~p~n",
              [Type, Opts, Model =:= Actual, length(Actual), Counter]),
    ets:delete(T).

%% Worker W inserts keys {W, K}, deletes every third, and updates a shared counter.
work(T, Type, W) ->
    [begin
         ets:insert(T, {{W, K}, K}),
         case K rem 3 of
             0 -> ets:delete(T, {W, K});
             _ -> ok
         end,
         case Type of
             S when S =:= set; S =:= ordered_set -> ets:update_counter(T, counter, 1, {counter, 0});
             _ -> ets:insert(T, {{W, K}, extra})
         end,
         [_ | _] = ets:lookup(T, {W, K}) ++ [x]
     end || K <- lists:seq(1, ?OPS)].

model(Type, W) ->
    lists:append([case {K rem 3, Type} of
                      {0, S} when S =:= set; S =:= ordered_set -> [];
                      {0, _} -> [{{W, K}, extra}];
                      {_, S} when S =:= set; S =:= ordered_set -> [{{W, K}, K}];
                      {_, _} -> [{{W, K}, K}, {{W, K}, extra}]
                  end || K <- lists:seq(1, ?OPS)]).
