%% OTP's behaviours as shipped, on top of processes, monitors, aliases and
%% receive: gen_server (call, cast, info, timeouts, stop, registered names),
%% gen_statem in state_functions mode, and proc_lib's start/ack handshake.
%% No process crashes here: a crash report needs the application controller,
%% which a bare VM does not run.
-module(otp_behaviours).
-behaviour(gen_server).
-export([main/0, init/1, handle_call/3, handle_cast/2, handle_info/2, terminate/2]).
-export([callback_mode/0, locked/3, open/3]).
-export([acker/1]).

main() ->
    counter_server(),
    named_server(),
    door(),
    proc_lib_handshake(),
    ok.

show(Label, Value) -> io:format("~s: ~p~n", [Label, Value]).

%% ---- gen_server -----------------------------------------------------------

counter_server() ->
    {ok, Pid} = gen_server:start_link(?MODULE, 10, []),
    show("call add", gen_server:call(Pid, {add, 5})),
    ok = gen_server:cast(Pid, {add, 1}),
    Pid ! {add, 100},
    show("call get", gen_server:call(Pid, get)),
    show("noreply then reply", gen_server:call(Pid, deferred)),
    show("call timeout", catch_timeout(fun() -> gen_server:call(Pid, sleep, 10) end)),
    show("late reply dropped", flush()),
    show("stop", gen_server:stop(Pid)),
    show("alive after stop", is_process_alive(Pid)).

named_server() ->
    {ok, Pid} = gen_server:start({local, counter}, ?MODULE, 0, []),
    show("registered", whereis(counter) =:= Pid),
    show("already started", element(1, gen_server:start({local, counter}, ?MODULE, 0, []))),
    show("call by name", gen_server:call(counter, {add, 3})),
    show("multi_call", gen_server:call({counter, node()}, get)),
    show("init ignore", gen_server:start(?MODULE, ignore, [])),
    gen_server:stop(counter),
    show("unregistered", whereis(counter)),
    show("call dead name", catch_exit(fun() -> gen_server:call(counter, get) end)).

catch_timeout(F) ->
    try F() catch exit:{timeout, {gen_server, call, _}} -> timeout end.

catch_exit(F) ->
    try F() catch exit:{Reason, {gen_server, call, _}} -> {exit, Reason} end.

flush() ->
    receive M -> [M | flush()] after 100 -> [] end.

init(ignore) -> ignore;
init({stop, Why}) -> {stop, Why};
init(Code) when is_list(Code) -> {ok, locked, #{code => Code, entered => []}};  % gen_statem
init(N) -> {ok, N}.

handle_call({add, K}, _From, N) -> {reply, N + K, N + K};
handle_call(get, _From, N) -> {reply, N, N};
handle_call(deferred, From, N) ->
    self() ! {reply_to, From},
    {noreply, N};
handle_call(sleep, _From, N) ->
    receive after 50 -> ok end,
    {reply, slept, N}.

handle_cast({add, K}, N) -> {noreply, N + K}.

handle_info({add, K}, N) -> {noreply, N + K};
handle_info({reply_to, From}, N) ->
    gen_server:reply(From, {deferred, N}),
    {noreply, N}.

terminate(_Reason, _N) -> ok.

%% ---- gen_statem -----------------------------------------------------------

door() ->
    {ok, Pid} = gen_statem:start_link(?MODULE, [1, 2, 3], []),
    show("wrong code", gen_statem:call(Pid, {button, 9})),
    show("digit", gen_statem:call(Pid, {button, 1})),
    show("digit", gen_statem:call(Pid, {button, 2})),
    show("open", gen_statem:call(Pid, {button, 3})),
    show("state", sys:get_state(Pid)),
    receive after 60 -> ok end,
    show("relocked by timeout", element(1, sys:get_state(Pid))),
    show("stop", gen_statem:stop(Pid)).

callback_mode() -> state_functions.

locked({call, From}, {button, Digit}, #{code := Code, entered := Entered} = Data) ->
    case Entered ++ [Digit] of
        Code ->
            {next_state, open, Data#{entered := []},
             [{reply, From, open}, {state_timeout, 30, lock}]};
        Prefix ->
            case lists:prefix(Prefix, Code) of
                true -> {keep_state, Data#{entered := Prefix}, [{reply, From, more}]};
                false -> {keep_state, Data#{entered := []}, [{reply, From, wrong}]}
            end
    end.

open(state_timeout, lock, Data) -> {next_state, locked, Data};
open({call, From}, _, _Data) -> {keep_state_and_data, [{reply, From, already_open}]}.

%% ---- proc_lib -------------------------------------------------------------

proc_lib_handshake() ->
    show("start", element(1, proc_lib:start(?MODULE, acker, [hello]))),
    show("start_link", proc_lib:start_link(?MODULE, acker, [fail])).

acker(hello) ->
    proc_lib:init_ack({ok, self()}),
    receive after 10 -> ok end;
acker(fail) ->
    proc_lib:init_ack({error, refused}).
