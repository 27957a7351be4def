%% Programs that run out of memory, for the stress cases (*.sh beside this file).
-module(exhaust).
-export([heap/0, binary/0, binary_copy/0, binary_peak/0, deep_exit/0, write_bombs/0]).

%% Non-tail recursion that never ends: the stack and heap grow until memory
%% runs out. The clause for -1 keeps the compiler from seeing that it never
%% returns.
heap() -> length(grow(0)).

grow(-1) -> [];
grow(N) -> [N | grow(N + 1)].

%% 8 GiB and 16 GiB binaries, more than the cap allows.
binary() -> io:format("~p~n", [byte_size(<<0:(1 bsl 36)>>)]).
binary_copy() -> io:format("~p~n", [byte_size(binary:copy(<<1>>, 1 bsl 34))]).

%% A 1 GiB binary of zeros: it fits under a cap of 1.5 GiB only if building it
%% takes no second copy.
binary_peak() -> io:format("~p~n", [bit_size(<<0:(1 bsl 33)>>)]).

%% Exit reasons nested a million deep, through a monitor and a link.
deep_exit() ->
    Reason = lists:foldl(fun(_, A) -> {A} end, x, lists:seq(1, 1000000)),
    {Pid, Ref} = spawn_monitor(fun() -> exit(Reason) end),
    receive {'DOWN', Ref, process, Pid, Down} -> io:format("~p~n", [erlang:phash2(Down)]) end,
    process_flag(trap_exit, true),
    Linked = spawn_link(fun() -> exit(Reason) end),
    receive {'EXIT', Linked, Exit} -> io:format("~p~n", [erlang:phash2(Exit)]) end.

%% Writes stress_bomb.beam twice, as files that inflate to 512 MiB: gz/ holds
%% the whole file gzip-compressed with a chunk of zeros added; lit/ holds it
%% with a literal table that says it inflates to 512 MiB of zeros.
write_bombs() ->
    {ok, <<"FOR1", _:32, "BEAM", Chunks/binary>>} = file:read_file("stress_bomb.beam"),
    Zeros = <<0:(512 * 1024 * 1024 * 8)>>,
    Gz = zlib:gzip(form([{<<"Junk">>, Zeros} | chunks(Chunks)])),
    Literals = [C || {Id, _} = C <- chunks(Chunks), Id =/= <<"LitT">>],
    Lit = form([{<<"LitT">>, <<(byte_size(Zeros)):32, (zlib:compress(Zeros))/binary>>} | Literals]),
    ok = filelib:ensure_dir("gz/"),
    ok = filelib:ensure_dir("lit/"),
    ok = file:write_file("gz/stress_bomb.beam", Gz),
    ok = file:write_file("lit/stress_bomb.beam", Lit).

chunks(<<>>) -> [];
chunks(<<Id:4/binary, Size:32, Data:Size/binary, Rest/binary>>) ->
    Pad = (4 - Size rem 4) rem 4,
    <<_:Pad/binary, Next/binary>> = Rest,
    [{Id, Data} | chunks(Next)].

form(Chunks) ->
    Body = << <<Id/binary, (byte_size(D)):32, D/binary, 0:((4 - byte_size(D) rem 4) rem 4 * 8)>>
              || {Id, D} <- Chunks >>,
    <<"FOR1", (byte_size(Body) + 4):32, "BEAM", Body/binary>>.
