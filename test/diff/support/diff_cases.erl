%% A test made of cases, each run in a process of its own and printed as `Name: Result`, so
%% that one case that crashes or hangs shows as such and the others still run.
-module(diff_cases).
-export([run/1, scrub/1, helper/1]).

%% Runs one case and prints its result: its value, {Class, Reason} if it raised, {died, Why}
%% if its process was killed (by a linked socket, say), or timeout after 8 s. The helpers it
%% started are killed when it is done.
run({Name, F}) ->
    Parent = self(),
    {Pid, Mon} = spawn_monitor(fun() ->
                                       put(helpers, []),
                                       R = try F() of V -> V
                                           catch C:E -> {C, scrub(E)} end,
                                       [begin unlink(H), exit(H, kill) end
                                        || H <- get(helpers)],
                                       Parent ! {self(), result, R}
                               end),
    Result = receive
                 {Pid, result, R} -> R;
                 {'DOWN', Mon, process, Pid, Why} -> {died, scrub(Why)}
             after 8000 -> timeout
             end,
    exit(Pid, kill),
    receive {'DOWN', Mon, process, Pid, _} -> ok after 5000 -> ok end,
    io:format("~p: ~p~n", [Name, scrub(Result)]).

%% Replaces what may not be printed (sockets, pids, refs, funs) by atoms.
scrub(P) when is_port(P) -> port;
scrub(P) when is_pid(P) -> pid;
scrub(R) when is_reference(R) -> ref;
scrub(F) when is_function(F) -> 'fun';
scrub(L) when is_list(L) -> scrub_list(L);
scrub(T) when is_tuple(T) -> list_to_tuple(scrub_list(tuple_to_list(T)));
scrub(M) when is_map(M) -> maps:from_list(scrub_list(maps:to_list(M)));
scrub(X) -> X.

scrub_list([H | T]) -> [scrub(H) | scrub_list(T)];
scrub_list([]) -> [];
scrub_list(T) -> scrub(T).

%% A process linked to the running case, killed when the case is done.
helper(F) ->
    P = spawn_link(F),
    put(helpers, [P | get(helpers)]),
    P.
