%% The first process of -bare mode: it starts the io server, makes it its group leader and
%% runs the -s function the way erl -s does (no arguments, or one list of atoms).
-module(ember_bare).
-export([run/3]).

run(Module, Function, Args) ->
    group_leader(ember_bare_io:start(), self()),
    case Args of
        [] -> Module:Function();
        _ -> Module:Function(Args)
    end.
