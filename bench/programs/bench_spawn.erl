%% 100,000 spawns of a process that exits at once, each waited for: process creation and
%% teardown.
-module(bench_spawn).
-export([main/0]).

main() -> bench_timer:report(fun() -> spawn_all(100000, 0) end, 100000).

spawn_all(0, Done) -> Done;
spawn_all(N, Done) ->
    {_, Ref} = spawn_monitor(fun() -> ok end),
    receive {'DOWN', Ref, process, _, normal} -> spawn_all(N - 1, Done + 1) end.
