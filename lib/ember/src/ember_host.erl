%% The host's mailbox when ember is embedded (include/ember.h): a process registered as
%% ember_host hands every message it receives to the host program, in the external term format.
-module(ember_host).
-export([start/0, deliver/1]).
-on_load(init/0).

init() -> erlang:load_nif("ember_host", 0).

%% Started by ember_start/3 through -s, before the host's own -s and -eval items.
start() ->
    Host = spawn(fun loop/0),
    register(ember_host, Host),
    ok.

loop() ->
    receive
        Message -> deliver(term_to_binary(Message))
    end,
    loop().

deliver(_Bytes) -> erlang:nif_error(undef).
