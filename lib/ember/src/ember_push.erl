%% `ember push' (cli/push_command.h): loads modules on a running node over distribution. This
%% node joins as a hidden node that neither listens nor registers with epmd, so it takes no name
%% on any host and leaves nothing behind. On the target only OTP's own modules run (code,
%% erlang, erl_eval): it needs nothing of ember's, and may be erl as well as ember.
-module(ember_push).
-export([main/0]).

%% The words after -extra, as cli/push_command.cpp writes them:
%%   purge|soft_purge shortnames|longnames OwnName Node File...
main() ->
    [Mode, Domain, Own, Node | Files] = init:get_plain_arguments(),
    erlang:halt(push(list_to_atom(Mode), list_to_atom(Domain), list_to_atom(Own), Node, Files)).

%% The exit status: 0 when every module was loaded.
push(Mode, Domain, Own, Node, Files) ->
    case connect(Domain, Own, Node) of
        {ok, Target} ->
            Results = [push_file(Target, File, Mode) || File <- Files],
            case lists:all(fun(Result) -> Result =:= ok end, Results) of
                true -> 0;
                false -> 1
            end;
        {error, Message} ->
            complain(Message),
            1
    end.

%% Distribution is started here rather than from the command line, so that a failure to start
%% is one line too, without the reports net_kernel and its supervisor log.
connect(Domain, Own, Node) ->
    Options = #{name_domain => Domain, hidden => true, dist_listen => false},
    #{level := Level} = logger:get_primary_config(),
    logger:set_primary_config(level, none),
    Started = net_kernel:start(Own, Options),
    logger:set_primary_config(level, Level),
    case Started of
        {ok, _} ->
            connect(target(Node));
        {error, Reason} ->
            {error, io_lib:format("cannot start distribution as ~ts with ~ts: ~0p"
                                  " (-sname or -name NAME@HOST names this node)",
                                  [Own, Domain, start_failure(Reason)])}
    end.

%% Why net_kernel did not start, from inside its supervisor's report.
start_failure({{shutdown, {failed_to_start_child, net_kernel, {'EXIT', Reason}}}, _}) -> Reason;
start_failure({{shutdown, {failed_to_start_child, net_kernel, Reason}}, _}) -> Reason;
start_failure(Reason) -> Reason.

connect(Target) ->
    case net_kernel:connect_node(Target) of
        true -> {ok, Target};
        _ -> {error, io_lib:format("cannot connect to ~ts: ~ts", [Target, unreachable(Target)])}
    end.

%% A bare name is a node on this host.
target(Node) ->
    case lists:member($@, Node) of
        true ->
            list_to_atom(Node);
        false ->
            [_, Host] = string:split(atom_to_list(node()), "@"),
            list_to_atom(Node ++ "@" ++ Host)
    end.

%% connect_node/1 says only false; the target host's epmd tells a node that is not running from
%% one that refused us.
unreachable(Target) ->
    [Name, Host] = string:split(atom_to_list(Target), "@"),
    Epmd = net_kernel:epmd_module(),
    case Epmd:names(Host) of
        {ok, Names} ->
            case lists:keymember(Name, 1, Names) of
                true -> "it refused the connection (a different cookie?)";
                false -> "it is not running (epmd on " ++ Host ++ " knows no " ++ Name ++ ")"
            end;
        {error, _} ->
            "no epmd answers on " ++ Host
    end.

%% ok, or error once the reason is told.
push_file(Target, File, Mode) ->
    try
        Binary = read(File),
        Module = module_of(File, Binary),
        make_room(Target, Module, Mode),
        load(Target, Module, File, Binary),
        Old = old_processes(Target, Module),
        say("~ts: loaded; ~ts", [Module, processes_text("on the old code", Old)]),
        ok
    catch
        throw:{push_failed, Message} ->
            complain(Message),
            error
    end.

read(File) ->
    case file:read_file(File) of
        {ok, Binary} -> Binary;
        {error, Reason} -> fail("~ts: cannot read: ~ts", [File, file:format_error(Reason)])
    end.

%% The module is named by the file's contents, as code:load_binary/3 checks it.
module_of(File, Binary) ->
    case beam_lib:info(Binary) of
        {error, beam_lib, _} -> fail("~ts: not a BEAM file", [File]);
        Info -> proplists:get_value(module, Info)
    end.

%% load_binary/3 refuses (not_purged) while the code of an earlier load is still there; that
%% code goes by soft_purge when no process runs it any more, else only by purge, which kills
%% the processes that do.
make_room(Target, Module, Mode) ->
    case call(Target, code, soft_purge, [Module]) of
        true -> ok;
        false when Mode =:= soft_purge ->
            Running = old_processes(Target, Module),
            fail("~ts: not loaded: ~ts; --purge kills such processes",
                 [Module, processes_text("still on the code of an earlier load", Running)]);
        false ->
            Running = old_processes(Target, Module),
            call(Target, code, purge, [Module]),
            say("~ts: purged the code of an earlier load; ~ts",
                [Module, processes_text("killed", Running)])
    end.

%% The absolute name, which code:which/1 on the target then gives.
load(Target, Module, File, Binary) ->
    case call(Target, code, load_binary, [Module, filename:absname(File), Binary]) of
        {module, Module} -> ok;
        {error, Reason} -> fail("~ts: not loaded: ~0p", [Module, Reason])
    end.

%% The processes on Target running Module's old code, each as the target writes its pid, with its
%% registered name when it has one. erl_eval checks them all on the target in one round trip.
old_processes(Target, Module) ->
    {ok, Tokens, _} = erl_scan:string(
        "[{erlang:pid_to_list(P), erlang:process_info(P, registered_name)}"
        " || P <- erlang:processes(), erlang:check_process_code(P, Module)]."),
    {ok, Expressions} = erl_parse:parse_exprs(Tokens),
    %% Bindings as an orddict, which erl_eval takes in every release.
    {value, Found, _} = call(Target, erl_eval, exprs, [Expressions, [{'Module', Module}]]),
    [describe(Pid, Name) || {Pid, Name} <- Found].

describe(Pid, {registered_name, Name}) -> Pid ++ " (" ++ atom_to_list(Name) ++ ")";
describe(Pid, _) -> Pid.

%% "2 processes Where: <0.95.0> (kv_server), <0.96.0>"
processes_text(Where, []) -> ["no process ", Where];
processes_text(Where, [One]) -> ["1 process ", Where, ": ", One];
processes_text(Where, All) ->
    [integer_to_list(length(All)), " processes ", Where, ": ", lists:join(", ", All)].

call(Target, Module, Function, Args) ->
    try
        erpc:call(Target, Module, Function, Args)
    catch
        error:{erpc, noconnection} ->
            fail("lost the connection to ~ts", [Target]);
        Class:Reason ->
            fail("~ts:~ts/~b failed on ~ts: ~0p",
                 [Module, Function, length(Args), Target, {Class, Reason}])
    end.

fail(Format, Args) -> throw({push_failed, io_lib:format(Format, Args)}).

say(Format, Args) -> io:format("~ts~n", [io_lib:format(Format, Args)]).

complain(Message) -> io:format(standard_error, "ember push: ~ts~n", [Message]).
