%% flags: +S 1 +SDcpu 1 +SDio 3
%% Dirty schedulers: their counts as the flags set them (+SDcpu is capped by +S), the dirty
%% CPU ones online, where erts_debug's test BIFs run, their results and errors, and that a
%% process waiting a second on a dirty scheduler leaves the only normal scheduler free: a
%% ticker beside it keeps running.
-module(dirty_schedulers).
-export([main/0]).

main() ->
    counts(),
    where(),
    results(),
    errors(),
    free_while_dirty(),
    free_while_compressing(),
    files(),
    ok.

counts() ->
    io:format("~p~n", [[erlang:system_info(I) || I <- [schedulers, dirty_cpu_schedulers,
                                                         dirty_cpu_schedulers_online,
                                                         dirty_io_schedulers]]]),
    io:format("~p~n", [erlang:system_info(all_schedulers_state)]),
    io:format("~p~n", [caught(fun() -> erlang:system_flag(dirty_cpu_schedulers_online, 2) end)]),
    io:format("~p~n", [erlang:system_flag(dirty_cpu_schedulers_online, 1)]),
    io:format("~p ~p~n", [length(erlang:statistics(run_queue_lengths_all)),
                          length(erlang:statistics(run_queue_lengths))]).

where() ->
    io:format("~p~n", [[erts_debug:dirty_cpu(scheduler, type), erts_debug:dirty_io(scheduler, type),
                        erts_debug:dirty(normal, scheduler, type),
                        erts_debug:dirty(dirty_cpu, scheduler, type),
                        erts_debug:dirty(dirty_io, scheduler, type),
                        (fun erts_debug:dirty_io/2)(scheduler, type),
                        apply(erts_debug, dirty_cpu, [scheduler, type])]]).

results() ->
    Term = {a, [1, 2.5, <<"bin">>], self()},
    Copies = erts_debug:dirty_cpu(copy, Term),
    io:format("~p ~p~n", [length(Copies), lists:usort(Copies) =:= [Term]]),
    io:format("~p~n", [[erts_debug:dirty_cpu(reschedule, N) || N <- [0, 2, 4, 8, 1000]]]),
    ok = erts_debug:dirty_io(send, self()),
    Self = self(),
    receive {ok, Self} -> io:format("sent from a dirty scheduler~n") end.

errors() ->
    [io:format("~p~n", [try erts_debug:dirty_io(error, R) of
                             V -> {value, V}
                         catch
                             C:E:S -> {C, E, hd(S)}
                         end]) || R <- [badarith, noproc, badarg, other]],
    io:format("~p~n", [caught(fun() -> erts_debug:dirty_cpu(reschedule, 3) end)]),
    [io:format("~p~n", [try F() catch error:R:S -> {R, hd(S)} end])
     || F <- [fun() -> erts_debug:dirty_cpu(reschedule, 1001) end,
              fun() -> erts_debug:dirty(normal, reschedule, 1001) end,
              fun() -> erts_debug:dirty(normal, scheduler, kind) end]],
    io:format("~p~n", [caught(fun() -> erts_debug:dirty(elsewhere, scheduler, type) end)]).

%% The error and the failing call's frame (erts shows the arguments a reschedule began with,
%% and its caller twice).
caught(F) ->
    try F() catch C:E:S -> {M, Fn, A, _} = hd(S), {C, E, M, Fn, length(A)} end.

%% A process waits a second on a dirty I/O scheduler: a ticker that wants to run every 10 ms
%% ticks most of those times on the one normal scheduler (with the wait on the normal
%% scheduler, it would tick once).
free_while_dirty() ->
    Self = self(),
    Waiter = spawn(fun() -> ok = erts_debug:dirty_io(wait, 1000), Self ! waited end),
    Ticks = tick(0),
    io:format("ticks while ~p waited on a dirty scheduler: ~p~n", [is_pid(Waiter), Ticks > 50]).

%% term_to_binary compresses a long encoding on a dirty CPU scheduler: a ticker beside it on the
%% one normal scheduler never waits a second (compressing at once, ember held the scheduler
%% 1.4 s here; erts, which deflates a slice's share at a time, 0.3 s; ember now 0.1 s).
free_while_compressing() ->
    Self = self(),
    L = lists:seq(1, 3000000),
    spawn(fun() -> Self ! {size, byte_size(term_to_binary(L, [compressed]))}, Self ! waited end),
    Gap = max_gap(erlang:monotonic_time(millisecond), 0),
    receive {size, Size} -> ok end,
    io:format("compressed to ~p bytes, the ticker waiting less than a second: ~p~n", [Size, Gap < 1000]).

max_gap(Last, Max) ->
    receive
        waited -> Max
    after 10 ->
        Now = erlang:monotonic_time(millisecond),
        max_gap(Now, max(Max, Now - Last))
    end.

tick(N) ->
    receive
        waited -> N
    after 10 -> tick(N + 1)
    end.

%% prim_file's NIFs run on dirty I/O schedulers, as erts': a file written and read back, through
%% prim_file itself (-bare has no file server).
files() ->
    Name = "/tmp/dirty_schedulers_" ++ os:getpid() ++ "_" ++ integer_to_list(os:system_time()),
    ok = prim_file:write_file(Name, lists:duplicate(1000, "dirty")),
    {ok, Bin} = prim_file:read_file(Name),
    {ok, Info} = prim_file:read_file_info(Name),
    ok = prim_file:delete(Name),
    io:format("~p ~p ~p~n", [byte_size(Bin), element(2, Info), prim_file:read_file(Name)]).
