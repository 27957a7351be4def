%% Ports running programs ({spawn, Command}, {spawn_executable, File}): data, framing, exit
%% status, eof, closing, links, monitors, port_info, errors (the terminal driver tty_sl refuses
%% an input that is not a terminal), and os:cmd on top of them.
-module(ports_spawn).
-export([main/0]).

main() ->
    process_flag(trap_exit, true),
    exit_status(),
    lines(),
    packets(),
    environment(),
    info_and_data(),
    killed_and_monitored(),
    owner_exit(),
    errors(),
    io:format("os:cmd: ~p~n", [os:cmd("echo hi; echo there 1>&2; echo done")]).

exit_status() ->
    P = open_port({spawn, "echo hello; exit 3"}, [exit_status, binary]),
    io:format("~p~n", [collect(P)]).

lines() ->
    P = open_port({spawn_executable, "/bin/sh"},
                  [{args, ["-c", "printf 'abcdefgh\\nxy\\n\\nz'"]}, {line, 4}, eof]),
    io:format("~p~n", [collect(P)]),
    port_close(P),
    io:format("~p~n", [collect(P)]).

packets() ->
    P = open_port({spawn_executable, "/bin/cat"}, [{packet, 2}, binary]),
    true = port_command(P, <<"hey">>),
    port_command(P, [<<"io">>, $l, "ist"]),
    io:format("~p~n", [[receive {P, D} -> D end || _ <- [1, 2]]]),
    io:format("too big: ~p~n", [try_(fun() -> port_command(P, binary:copy(<<0>>, 70000)) end)]),
    P ! {self(), close},
    io:format("~p~n", [collect(P)]).

environment() ->
    P = open_port({spawn_executable, "/bin/sh"},
                  [{args, ["-c", "echo $FOO-$BAR; pwd; echo $0"]}, {arg0, "mysh"},
                   {env, [{"FOO", "foo"}, {"BAR", false}]}, {cd, "/"}, {line, 100}, exit_status]),
    os:putenv("BAR", "bar"),
    io:format("~p~n", [collect(P)]).

info_and_data() ->
    P = open_port({spawn, "cat"}, [binary]),
    port_command(P, <<"12345">>),
    receive {P, {data, _}} -> ok end,
    Info = erlang:port_info(P),
    io:format("info: ~p~n", [[{K, normalize(P, V)} || {K, V} <- Info, K =/= id, K =/= os_pid]]),
    io:format("os_pid: ~p, in ports(): ~p~n",
              [is_integer(element(2, erlang:port_info(P, os_pid))), lists:member(P, erlang:ports())]),
    io:format("items: ~p~n", [[normalize(P, erlang:port_info(P, I))
                               || I <- [name, connected, links, input, output, registered_name,
                                        monitors, monitored_by]]]),
    io:format("bad item: ~p~n", [try_(fun() -> erlang:port_info(P, foo) end)]),
    true = erlang:port_set_data(P, {some, data}),
    io:format("data: ~p~n", [erlang:port_get_data(P)]),
    port_close(P),
    io:format("closed: ~p ~p ~p~n", [erlang:port_info(P), erlang:port_info(P, name),
                                     try_(fun() -> erlang:port_get_data(P) end)]),
    io:format("~p~n", [collect(P)]).

killed_and_monitored() ->
    P = open_port({spawn, "cat"}, []),
    Ref = monitor(port, P),
    io:format("monitored_by: ~p~n", [normalize(P, erlang:port_info(P, monitored_by))]),
    exit(P, kill),
    io:format("~p~n", [[normalize(P, normalize_ref(Ref, M)) || M <- collect(P)]]),
    Ref2 = monitor(port, P),
    io:format("~p~n", [[normalize(P, normalize_ref(Ref2, M)) || M <- collect(P)]]),
    io:format("link to closed: ~p~n", [try_(fun() -> link(P) end)]),
    io:format("~p~n", [[normalize(P, M) || M <- collect(P)]]).

owner_exit() ->
    Self = self(),
    {Pid, Ref} = spawn_monitor(fun() ->
                                       P = open_port({spawn, "cat"}, []),
                                       Self ! {port, P},
                                       receive go -> exit(gone) end
                               end),
    P = receive {port, Port} -> Port end,
    PRef = monitor(port, P),
    Pid ! go,
    receive {'DOWN', Ref, process, Pid, R1} -> io:format("owner: ~p~n", [R1]) end,
    receive {'DOWN', PRef, port, P, R2} -> io:format("its port: ~p ~p~n", [R2, erlang:port_info(P)]) end.

errors() ->
    Cases = [{{spawn_executable, "/nonexistent"}, []}, {{spawn_executable, "/etc/passwd"}, []},
             {{spawn, "cat"}, [{args, ["x"]}]},
             {{spawn, "cat"}, [{packet, 3}]}, {{spawn, "cat"}, [{line, 0}]}, {{spawn, "cat"}, [bogus]},
             {{spawn, "cat"}, [{env, [{"A=B", "c"}]}]}, {{spawn_driver, "nodriver"}, []},
             {{spawn, "tty_sl -c -e"}, [eof]}, {nothing, []}, {{spawn, "cat"}, improper}],
    [io:format("~p~n", [case try_(fun() -> open_port(Name, Opts) end) of
                             Port when is_port(Port) -> a_port;
                             Error -> Error
                         end]) || {Name, Opts} <- Cases],
    P = open_port({spawn, "exit 0"}, [exit_status]),
    io:format("~p~n", [collect(P)]),
    io:format("~p~n", [[try_(fun() -> port_command(P, <<"x">>) end), try_(fun() -> port_close(P) end)]]).

collect(P) ->
    receive
        {P, _} = M -> [normalize(P, M) | collect(P)];
        {'EXIT', P, _} = M -> [normalize(P, M) | collect(P)];
        {'DOWN', _, port, P, _} = M -> [M | collect(P)]
    after 1000 -> []
    end.

normalize(P, T) when T =:= P -> port;
normalize(_, T) when is_pid(T) -> case T =:= self() of true -> self; false -> pid end;
normalize(P, T) when is_tuple(T) -> list_to_tuple(normalize(P, tuple_to_list(T)));
normalize(P, T) when is_list(T) -> [normalize(P, E) || E <- T];
normalize(_, T) -> T.

normalize_ref(Ref, T) when T =:= Ref -> ref;
normalize_ref(Ref, T) when is_tuple(T) -> list_to_tuple([normalize_ref(Ref, E) || E <- tuple_to_list(T)]);
normalize_ref(_, T) -> T.

try_(F) ->
    try F() catch Class:Reason -> {Class, Reason} end.
