%% A process in a long dirty call can still be asked about and ended: it is alive and running
%% while the call goes on (and runs no old code of a module that has none), and an exit signal that ends it (kill, or any reason but normal if
%% it does not trap exits) makes it gone at once (erts marks it exiting), though it ends only
%% when the call returns. erts_debug's alive_waitexiting call tells it is alive, then returns
%% only a second after such a signal, so a VM that waited for the call to end would hang here.
-module(dirty_call_signals).
-export([main/0]).

main() ->
    Self = self(),
    [begin
         {P, M} = spawn_monitor(fun() ->
                                        process_flag(trap_exit, Trap),
                                        erts_debug:Kind(alive_waitexiting, Self)
                                end),
         receive {alive, P} -> ok end,
         Before = {process_info(P, status), is_process_alive(P),
                   erlang:check_process_code(P, no_such_module)},
         Trapped = [begin exit(P, Reason), {Reason, is_process_alive(P)} end || Reason <- Signals],
         After = {process_info(P, status), is_process_alive(P)},
         Down = receive {'DOWN', M, process, P, R} -> R end,
         io:format("~p trap_exit ~p: ~p ~p ~p, down ~p~n", [Kind, Trap, Before, Trapped, After, Down])
     end || {Kind, Trap, Signals} <- [{dirty_io, false, [shutdown]}, {dirty_cpu, true, [shutdown, kill]}]],
    ok.
