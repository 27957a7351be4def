%% process_info/1,2 reach processes that never wait: one beside a requester that often sleeps,
%% then twice as many busy loops as schedulers, so that each scheduler takes one up again the
%% moment its slice ends. As in erts, a busy process gets the question as a signal and answers
%% it when its slice ends, and the answer takes in every signal sent to it before. Items are
%% checked before the process is looked for, so a bad one is badarg even for a process that is
%% gone.
-module(process_info_busy).
-export([main/0]).

main() ->
    one_busy(),
    many_busy(),
    gone().

%% As garb_other_running in OTP's process_SUITE, with process_info: 500 questions, the
%% requester sleeping a millisecond after each, so that a scheduler is often idle.
one_busy() ->
    {Pid, Mon} = spawn_monitor(fun() -> spin(0) end),
    Counts = [begin
                  {reductions, R} = process_info(Pid, reductions),
                  receive after 1 -> R end
              end || _ <- lists:seq(1, 500)],
    exit(Pid, kill),
    receive {'DOWN', Mon, process, Pid, Reason} -> ok end,
    io:format("one busy: ~p answers, reductions grew ~p, ~p~n",
              [length(Counts), lists:last(Counts) > hd(Counts), Reason]).

many_busy() ->
    N = erlang:system_info(schedulers_online),
    Self = self(),
    Spinners = [spawn_link(fun() -> put(key, K), Self ! {started, self()}, spin(0) end) || K <- lists:seq(1, 2 * N)],
    [receive {started, P} -> ok end || P <- Spinners],
    [P ! {hello, P} || P <- Spinners],
    Answers = [answer(P, K) || _ <- lists:seq(1, 20), {K, P} <- lists:zip(lists:seq(1, 2 * N), Spinners)],
    io:format("all answered: ~p, ~p~n", [length(Answers) =:= 40 * N, lists:usort(Answers)]),
    Defaults = [lists:sort([K || {K, _} <- process_info(P)]) || P <- Spinners],
    io:format("process_info/1: ~p~n", [lists:usort(Defaults)]),
    %% A link made just before is seen; a message sent just before is in the queue.
    Linked = [begin link(P), P ! late, {process_info(P, links), process_info(P, message_queue_len)} end
              || P <- Spinners],
    Seen = [{lists:member(Self, L), Q} || {{links, L}, {message_queue_len, Q}} <- Linked],
    io:format("signals first: ~p~n", [lists:usort(Seen)]),
    Bad = [catch process_info(P, [status | nonsense]) || P <- Spinners],
    io:format("bad items: ~p~n", [lists:usort([R || {'EXIT', {R, _}} <- Bad])]),
    process_flag(trap_exit, true),
    [exit(P, kill) || P <- Spinners],
    [receive {'EXIT', P, killed} -> ok end || P <- Spinners],
    process_flag(trap_exit, false),
    Killed = [begin P = spawn(fun() -> spin(0) end), exit(P, kill), process_info(P, status) end
              || _ <- Spinners],
    io:format("killed, then asked: ~p~n", [lists:usort(Killed)]).

%% What can be told of a spinner whatever the moment it is caught in.
answer(P, K) ->
    [{status, S}, {dictionary, D}, {message_queue_len, Q}, {messages, M}, {current_function, F},
     {trap_exit, T}] =
        process_info(P, [status, dictionary, message_queue_len, messages, current_function, trap_exit]),
    {lists:member(S, [running, runnable]), D =:= [{key, K}], Q, M =:= [{hello, P}], F, T}.

gone() ->
    {P, M} = spawn_monitor(fun() -> ok end),
    receive {'DOWN', M, process, P, normal} -> ok end,
    io:format("gone: ~p ~p ~p~n", [process_info(P, status), process_info(P), catch_reason(P, bad_item)]).

catch_reason(P, Item) ->
    try process_info(P, Item) catch error:R -> R end.

spin(N) -> spin(N + 1).
