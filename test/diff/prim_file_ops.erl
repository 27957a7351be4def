%% prim_file's NIFs through prim_file's own functions (ember -bare has no file server), in a
%% fresh directory under /tmp: whole files, directories, links, file info, open files with
%% positions and read-ahead, and the errors as posix atoms.
-module(prim_file_ops).
-export([main/0]).
-include_lib("kernel/include/file.hrl").
-import(diff_util, [catching/1]).

main() ->
    Dir = "/tmp/prim_file_ops_" ++ os:getpid() ++ "_" ++ integer_to_list(os:system_time()),
    ok = prim_file:make_dir(Dir),
    try
        whole_files(Dir),
        directories(Dir),
        file_info(Dir),
        links(Dir),
        open_files(Dir),
        read_ahead(Dir),
        indirect_read(Dir),
        cwd(Dir)
    after
        cleanup(Dir)
    end,
    names().

p(Label, Value) -> io:format("~s: ~p~n", [Label, Value]).

whole_files(Dir) ->
    F = filename:join(Dir, "a.txt"),
    p("write_file", prim_file:write_file(F, [<<"hello ">>, "world", $\n])),
    p("read_file", prim_file:read_file(F)),
    p("read_file binary name", prim_file:read_file(list_to_binary(F))),
    p("read_file missing", prim_file:read_file(filename:join(Dir, "missing"))),
    p("read_file dir", prim_file:read_file(Dir)),
    p("read_file bad name", prim_file:read_file(foo)),
    p("read_file nul", prim_file:read_file("a\0b")),
    Big = binary:copy(<<"0123456789abcdef">>, 10000),
    p("write big", prim_file:write_file(F, Big)),
    {ok, Back} = prim_file:read_file(F),
    p("big back", {byte_size(Back), Back =:= Big}),
    p("write_file into missing dir", prim_file:write_file(filename:join([Dir, "no", "x"]), <<"x">>)).

directories(Dir) ->
    Sub = filename:join(Dir, "sub"),
    p("make_dir", prim_file:make_dir(Sub)),
    p("make_dir again", prim_file:make_dir(Sub)),
    [ok = prim_file:write_file(filename:join(Sub, N), N) || N <- ["x", "y", "z"]],
    {ok, Names} = prim_file:list_dir(Sub),
    p("list_dir", lists:sort(Names)),
    {ok, AllNames} = prim_file:list_dir_all(Sub),
    p("list_dir_all", lists:sort(AllNames)),
    p("list_dir missing", prim_file:list_dir(filename:join(Dir, "nope"))),
    p("list_dir file", prim_file:list_dir(filename:join(Sub, "x"))),
    p("del_dir non-empty", prim_file:del_dir(Sub)),
    p("rename", prim_file:rename(filename:join(Sub, "x"), filename:join(Sub, "w"))),
    p("rename missing", prim_file:rename(filename:join(Sub, "x"), filename:join(Sub, "v"))),
    {ok, Names2} = prim_file:list_dir(Sub),
    p("list_dir after rename", lists:sort(Names2)),
    p("delete", [prim_file:delete(filename:join(Sub, N)) || N <- ["w", "y", "z"]]),
    p("delete missing", prim_file:delete(filename:join(Sub, "w"))),
    p("delete dir", prim_file:delete(Sub)),
    p("del_dir", prim_file:del_dir(Sub)),
    p("del_dir missing", prim_file:del_dir(Sub)).

file_info(Dir) ->
    F = filename:join(Dir, "info"),
    ok = prim_file:write_file(F, <<"12345">>),
    {ok, I} = prim_file:read_file_info(F),
    p("info", {I#file_info.size, I#file_info.type, I#file_info.access, I#file_info.links}),
    p("time formats", {is_tuple(I#file_info.mtime),
                       element(1, prim_file:read_file_info(F, [{time, posix}]))}),
    {ok, DI} = prim_file:read_file_info(Dir),
    p("dir info", {DI#file_info.type, DI#file_info.access}),
    p("info missing", prim_file:read_file_info(filename:join(Dir, "missing"))),
    p("set mode", prim_file:write_file_info(F, #file_info{mode = 8#640})),
    {ok, I2} = prim_file:read_file_info(F),
    p("mode", I2#file_info.mode band 8#777),
    p("set time", prim_file:write_file_info(F, #file_info{mtime = {{2020, 2, 29}, {12, 30, 0}},
                                                          atime = {{2021, 1, 1}, {0, 0, 0}}},
                                            [{time, universal}])),
    {ok, I3} = prim_file:read_file_info(F, [{time, universal}]),
    p("times", {I3#file_info.mtime, I3#file_info.atime}),
    {ok, I4} = prim_file:read_file_info(F, [{time, posix}]),
    p("posix times", {I4#file_info.mtime, I4#file_info.atime}).

links(Dir) ->
    F = filename:join(Dir, "target"),
    ok = prim_file:write_file(F, <<"t">>),
    L = filename:join(Dir, "soft"),
    H = filename:join(Dir, "hard"),
    p("make_symlink", prim_file:make_symlink("target", L)),
    p("make_symlink again", prim_file:make_symlink("target", L)),
    p("read_link", prim_file:read_link(L)),
    p("read_link_all", prim_file:read_link_all(L)),
    p("read_link of a file", prim_file:read_link(F)),
    {ok, LI} = prim_file:read_link_info(L),
    p("link info", LI#file_info.type),
    {ok, FI} = prim_file:read_file_info(L),
    p("followed info", FI#file_info.type),
    p("make_link", prim_file:make_link(F, H)),
    {ok, HI} = prim_file:read_file_info(H),
    p("links", HI#file_info.links),
    p("read through link", prim_file:read_file(L)),
    p("altname", prim_file:altname(F)).

open_files(Dir) ->
    F = filename:join(Dir, "handle"),
    {ok, W} = prim_file:open(F, [write, binary]),
    p("write", prim_file:write(W, [<<"abcdef">>, "ghij"])),
    p("position cur", prim_file:position(W, cur)),
    p("position bof 2", prim_file:position(W, 2)),
    p("write over", prim_file:write(W, <<"XY">>)),
    p("position eof", prim_file:position(W, eof)),
    p("position negative", prim_file:position(W, {bof, -1})),
    p("pwrite", prim_file:pwrite(W, 12, <<"end">>)),
    p("sync", prim_file:sync(W)),
    p("datasync", prim_file:datasync(W)),
    p("advise", prim_file:advise(W, 0, 0, sequential)),
    p("advise bad", prim_file:advise(W, 0, 0, sometimes)),
    p("close", prim_file:close(W)),
    p("write after close", prim_file:write(W, <<"x">>)),
    p("close again", prim_file:close(W)),
    p("contents", prim_file:read_file(F)),
    {ok, R} = prim_file:open(F, [read, binary]),
    p("read 4", prim_file:read(R, 4)),
    p("read 100", prim_file:read(R, 100)),
    p("read at eof", prim_file:read(R, 1)),
    p("pread", prim_file:pread(R, 1, 3)),
    p("pread past end", prim_file:pread(R, 100, 3)),
    p("pread list", prim_file:pread(R, [{0, 2}, {13, 10}, {200, 1}])),
    p("write on read-only", prim_file:write(R, <<"x">>)),
    {ok, Info} = prim_file:read_handle_info(R),
    p("handle info", {Info#file_info.size, Info#file_info.type}),
    p("get_handle", byte_size(prim_file:get_handle(R))),
    p("bad arguments", [prim_file:read(R, -1), catching(fun() -> prim_file:read(R, foo) end), prim_file:pread(R, -1, 5),
                        prim_file:pread(R, 0, -5), prim_file:pread(R, x, 5),
                        prim_file:position(R, {bof, foo}), prim_file:position(R, {foo, 1}),
                        prim_file:position(R, {cur, -1000}), prim_file:allocate(R, -1, 5),
                        prim_file:advise(R, -1, 0, normal), prim_file:advise(R, a, 0, normal),
                        prim_file:ipread_s32bu_p32bu(R, 0, a)]),
    ok = prim_file:close(R),
    p("after close", [prim_file:sync(R), prim_file:read(R, 1), prim_file:position(R, 0),
                      prim_file:get_handle(R), prim_file:truncate(R), prim_file:pread(R, 0, 1),
                      prim_file:read_handle_info(R), prim_file:allocate(R, 0, 1)]),
    {ok, RW} = prim_file:open(F, [read, write, binary]),
    p("rw position", prim_file:position(RW, 4)),
    p("truncate", prim_file:truncate(RW)),
    p("rw read all", prim_file:pread(RW, 0, 100)),
    p("pwrite list", prim_file:pwrite(RW, [{0, <<"1">>}, {10, <<"2">>}])),
    p("after pwrite", prim_file:pread(RW, 0, 100)),
    p("allocate", prim_file:allocate(RW, 0, 20)),
    ok = prim_file:close(RW),
    {ok, A} = prim_file:open(F, [append]),
    p("append", prim_file:write(A, <<"++">>)),
    ok = prim_file:close(A),
    p("after append", prim_file:read_file(F)),
    p("exclusive existing", prim_file:open(F, [write, exclusive])),
    p("open missing", prim_file:open(filename:join(Dir, "none"), [read])),
    p("open dir", prim_file:open(Dir, [read])),
    p("open bad modes", prim_file:open(F, bad)),
    {ok, D} = prim_file:open(Dir, [directory]),
    p("directory mode", [prim_file:read(D, 1), prim_file:close(D), prim_file:open(F, [directory])]),
    p("file_desc_to_ref", [prim_file:file_desc_to_ref(999, [read]), prim_file:file_desc_to_ref(a, [read])]),
    p("write bad data", prim_file:write_file(F ++ ".bad", [foo])),
    p("read with no handle", catching(fun() -> prim_file:read(not_a_file, 1) end)),
    Self = self(),
    Other = spawn(fun() -> Self ! {self(), prim_file:open(F, [read])}, receive stop -> ok end end),
    receive {Other, {ok, Theirs}} -> p("other owner", catching(fun() -> prim_file:read(Theirs, 1) end)) end,
    Other ! stop.

read_ahead(Dir) ->
    F = filename:join(Dir, "lines"),
    Lines = [integer_to_list(N) ++ "\r\n" || N <- lists:seq(1, 2000)],
    ok = prim_file:write_file(F, [Lines, "last"]),
    {ok, R} = prim_file:open(F, [read, binary, {read_ahead, 256}]),
    First = [prim_file:read_line(R) || _ <- lists:seq(1, 3)],
    p("read_line", First),
    p("read after lines", prim_file:read(R, 10)),
    p("position with buffer", prim_file:position(R, cur)),
    All = read_lines(R, 0),
    p("remaining lines", All),
    p("read_line at eof", prim_file:read_line(R)),
    ok = prim_file:close(R).

indirect_read(Dir) ->
    F = filename:join(Dir, "dets_like"),
    ok = prim_file:write_file(F, [<<5:32, 16:32, 100:32, 20:32>>, <<"hello world">>]),
    {ok, R} = prim_file:open(F, [read, binary]),
    p("ipread", [prim_file:ipread_s32bu_p32bu(R, 0, infinity),
                 prim_file:ipread_s32bu_p32bu(R, 0, 4),
                 prim_file:ipread_s32bu_p32bu(R, 8, 1000),
                 prim_file:ipread_s32bu_p32bu(R, 20, 1000),
                 prim_file:ipread_s32bu_p32bu(R, 0, 1 bsl 31),
                 prim_file:ipread_s32bu_p32bu(R, -1, 10),
                 prim_file:ipread_s32bu_p32bu(R, a, 10)]),
    ok = prim_file:close(R).

read_lines(R, N) ->
    case prim_file:read_line(R) of
        {ok, <<"last">>} -> {N, last};
        {ok, _} -> read_lines(R, N + 1);
        Other -> {N, Other}
    end.

cwd(Dir) ->
    {ok, Old} = prim_file:get_cwd(),
    p("set_cwd", prim_file:set_cwd(Dir)),
    {ok, New} = prim_file:get_cwd(),
    p("cwd is dir", New =:= Dir),
    p("relative read", prim_file:read_file("a.txt") =:= prim_file:read_file(filename:join(Dir, "a.txt"))),
    p("set_cwd missing", prim_file:set_cwd(filename:join(Dir, "nope"))),
    p("get_cwd drive", prim_file:get_cwd("c:")),
    p("del_dir cwd", prim_file:del_dir(".")),
    ok = prim_file:set_cwd(Old).

cleanup(Dir) ->
    {ok, Names} = prim_file:list_dir(Dir),
    [prim_file:delete(filename:join(Dir, N)) || N <- Names],
    ok = prim_file:del_dir(Dir).

names() ->
    p("name2native", [catching(fun() -> prim_file:internal_name2native(N) end)
                      || N <- ["abc", <<"abc">>, [[$a], "b"], [960], "", abc, "a\0", [16#D800], [$a | <<"b">>]]]),
    p("native2name", [catching(fun() -> prim_file:internal_native2name(N) end)
                      || N <- [<<"abc">>, <<207, 128>>, <<255>>, "abc"]]),
    p("normalize_utf8", [catching(fun() -> prim_file:internal_normalize_utf8(N) end)
                         || N <- [<<"abc">>, <<207, 128>>, <<255>>]]),
    p("is_translatable", [catching(fun() -> prim_file:is_translatable(N) end)
                          || N <- [<<"abc">>, <<255>>, "abc"]]).
