%% An OTP application for a release made by systools: it prints as it starts.
-module(hello_app).
-behaviour(application).
-behaviour(supervisor).
-export([start/2, stop/1, init/1]).

start(_Type, _Args) ->
    io:format("hello started: ~p~n", [application:get_env(hello, greeting)]),
    supervisor:start_link({local, hello_sup}, ?MODULE, []).

stop(_State) -> ok.

init([]) -> {ok, {#{}, []}}.
