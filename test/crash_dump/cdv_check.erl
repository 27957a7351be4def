%% Reads a crash dump with OTP's crashdump_viewer (its server, without the GUI) and prints what
%% the viewer found: the general information, the number of processes and ETS tables, the
%% memory figures' names, whether the atoms and the atom table were read, and every warning.
%% Run as: erl -noshell -pa DIR -s cdv_check main DUMP
-module(cdv_check).
-export([main/1]).

main([Dump]) ->
    {ok, _} = crashdump_viewer:start_link(),
    register(cdv_progress_handler, self()),
    crashdump_viewer:read_file(atom_to_list(Dump)),
    wait_until_read(),
    {ok, Info, W1} = crashdump_viewer:general_info(),
    {ok, Procs, W2} = crashdump_viewer:processes(),
    {ok, Tables, W3} = crashdump_viewer:ets_tables(all),
    {ok, Memory, W4} = crashdump_viewer:memory(),
    {ok, Atoms, W5} = crashdump_viewer:atoms(),
    {ok, Hash, W6} = crashdump_viewer:hash_tables(),
    [_, Created, Slogan, SysVsn | _] = tuple_to_list(Info),
    io:format("created: ~p~nslogan: ~ts~nsystem version: ~ts~n", [Created =/= "", Slogan, SysVsn]),
    io:format("processes: ~p~nets tables: ~p~n", [length(Procs), length(Tables)]),
    io:format("memory: ~p~n", [[K || {K, _} <- Memory]]),
    io:format("atoms read: ~p~natom table: ~p~n", [Atoms =/= [], [element(2, H) || H <- Hash]]),
    io:format("warnings: ~p~n", [W1 ++ W2 ++ W3 ++ W4 ++ W5 ++ W6]),
    halt().

wait_until_read() ->
    receive
        {progress, {ok, done}} -> ok;
        {progress, {error, Reason}} -> io:format("unreadable: ~p~n", [Reason]), halt(1);
        {progress, _} -> wait_until_read()
    after 60000 -> io:format("timeout~n"), halt(1)
    end.
