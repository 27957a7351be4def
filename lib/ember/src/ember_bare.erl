%% The first process of -bare mode. -bare has no boot script, so no OTP `init'; but stdlib
%% asks `init' for command-line flags (erl_features, for one). This module therefore registers
%% a process as `init' that answers those queries from ember's real command line, starts the
%% io server, and runs the -s function the way erl -s does (no arguments, or one list of atoms).
-module(ember_bare).
-export([run/4]).

%% `init' is registered here, before anything runs that may ask it: on another scheduler the new
%% process might not yet have run, and a query meanwhile (erl_scan asks for the enabled
%% features when io_lib quotes an atom) would fail with badarg.
run(Module, Function, Args, Flags) ->
    Init = spawn_link(fun() -> init_loop(Flags) end),
    register(init, Init),
    group_leader(ember_bare_io:start(), self()),
    case Args of
        [] -> Module:Function();
        _ -> Module:Function(Args)
    end.

%% The query part of init's protocol: {From, Request} answered with {init, Reply}.
init_loop(Flags) ->
    receive
        {From, Request} when is_pid(From) ->
            From ! {init, init_reply(Request, Flags)};
        _ ->
            ok
    end,
    init_loop(Flags).

init_reply(get_arguments, Flags) -> Flags;
init_reply({get_argument, Flag}, Flags) ->
    case [Values || {F, Values} <- Flags, F =:= Flag] of
        [] -> error;
        All -> {ok, All}
    end;
init_reply(get_plain_arguments, _Flags) -> [];
init_reply(get_status, _Flags) -> {started, started};
init_reply({ensure_loaded, Module}, _Flags) ->
    try Module:module_info(module) of
        Module -> {module, Module}
    catch
        error:undef -> {error, nofile}
    end;
init_reply(_Other, _Flags) -> {error, notsup}.
