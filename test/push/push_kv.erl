%% test/run_push.sh's long-running process, compiled in several versions (erlc -DVERSION=N). It
%% answers {version, From} with the version of the code it runs, then goes on through a fully
%% qualified call: a pushed version takes over after the next message.
-module(push_kv).
-export([start/0, loop/0, ask/1]).

start() ->
    register(push_kv, spawn(?MODULE, loop, [])).

loop() ->
    receive
        {version, From} -> From ! {version, ?VERSION}
    end,
    ?MODULE:loop().

%% On another node (-s push_kv ask Node): prints the version push_kv on Node answers with, or
%% none when no process answers within a second.
ask([Node]) ->
    io:format("~p~n", [ask(Node, 10)]),
    halt().

%% Until the target's boot has registered push_kv: a message to a name not registered there is
%% dropped.
ask(_Node, 0) ->
    none;
ask(Node, Tries) ->
    {push_kv, Node} ! {version, self()},
    receive
        {version, Version} -> Version
    after 100 -> ask(Node, Tries - 1)
    end.
