%% garbage_collect/1,2 and check_process_code/2,3 of another process are signals too: they
%% come after the signals the target already has, so a target killed just before does not
%% collect (false), also after many link/unlink signals in between.
-module(system_task_order).
-export([main/0]).

main() ->
    Ref = make_ref(),
    Pid = sleeper(),
    [begin link(Pid), unlink(Pid) end || _ <- lists:seq(1, 1000)],
    exit(Pid, kill),
    async = garbage_collect(Pid, [{async, Ref}]),
    Async = receive {garbage_collect, Ref, Res} -> Res end,
    Killed = [begin P = sleeper(), exit(P, kill), F(P) end
              || F <- [fun garbage_collect/1, fun(P) -> erlang:check_process_code(P, ?MODULE) end,
                       fun(P) -> garbage_collect(P, [{type, minor}]) end]],
    Alive = sleeper(),
    Exited = sleeper(),
    exit(Exited, normal),  % not trapping exits: an exit with reason normal leaves it alive
    io:format("~p~n", [[Async, Killed, garbage_collect(Alive), garbage_collect(Exited)]]).

sleeper() -> spawn(fun() -> receive after infinity -> ok end end).
