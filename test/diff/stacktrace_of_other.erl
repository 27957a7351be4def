%% process_info(Other, current_stacktrace) and current_function: the answer belongs to the
%% caller, so it stays intact however often the inspected process collects garbage afterwards;
%% and garbage_collect/1,2 of other processes, synchronous and asynchronous.
-module(stacktrace_of_other).
-export([main/0, deep/1]).

main() ->
    Self = self(),
    Q = spawn(fun() -> deep(20), Self ! done end),
    timer:sleep(50),
    {current_stacktrace, Trace} = process_info(Q, current_stacktrace),
    {current_function, Fun} = process_info(Q, current_function),
    [begin Q ! churn, erlang:garbage_collect(Q) end || _ <- lists:seq(1, 50)],
    async = erlang:garbage_collect(Q, [{async, other}]),
    async = erlang:garbage_collect(self(), [{async, mine}, {type, minor}]),
    io:format("~p~n", [[receive {garbage_collect, R, B} -> {R, B} end || R <- [other, mine]]]),
    Q ! stop,
    receive done -> ok end,
    timer:sleep(10),
    io:format("gone: ~p~n", [erlang:garbage_collect(Q)]),
    [io:format("~p~n", [{M, F, A}]) || {M, F, A, _} <- Trace],
    io:format("~p~n", [Fun]).

deep(0) -> churn();
deep(N) -> [N | deep(N - 1)].

churn() ->
    receive
        churn -> _ = lists:seq(1, 2000), churn();
        stop -> []
    end.
