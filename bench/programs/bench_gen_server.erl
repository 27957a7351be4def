%% gen_server call throughput: a server started with gen_server:start_link answers many
%% synchronous calls (and some casts) from the benchmark process; stopped with
%% gen_server:stop.
-module(bench_gen_server).
-behaviour(gen_server).
-export([run/1]).
-export([init/1, handle_call/3, handle_cast/2, handle_info/2, terminate/2]).

run(quick) -> run_calls(10000);
run(default) -> run_calls(500000).

run_calls(Calls) ->
    {ok, Server} = gen_server:start_link(?MODULE, 0, []),
    Sum = calls(Calls, Server, 0),
    %% Every 10th call is also sent as a cast; casts of I add I to the state.
    {Total, Casts} = gen_server:call(Server, get),
    ok = gen_server:stop(Server),
    check({Sum, Total, Casts},
          {Calls * (Calls + 1) div 2, Calls * (Calls + 1) div 2 + casts_sum(Calls),
           Calls div 10}).

calls(0, _, Sum) -> Sum;
calls(I, Server, Sum) ->
    I rem 10 =:= 0 andalso gen_server:cast(Server, {add, I}),
    {ok, I} = gen_server:call(Server, {echo, I}),
    calls(I - 1, Server, Sum + I).

casts_sum(Calls) -> lists:sum(lists:seq(10, Calls, 10)).

%% The state is {Total, Casts}: echo adds I to Total; a cast adds I and counts.
init(0) -> {ok, {0, 0}}.

handle_call({echo, I}, _From, {Total, Casts}) -> {reply, {ok, I}, {Total + I, Casts}};
handle_call(get, _From, State) -> {reply, State, State}.

handle_cast({add, I}, {Total, Casts}) -> {noreply, {Total + I, Casts + 1}}.

handle_info(_, State) -> {noreply, State}.

terminate(_, _) -> ok.

check(Expected, Expected) -> ok;
check(Got, _) -> erlang:error({wrong_result, gen_server, Got}).
