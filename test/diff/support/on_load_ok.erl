%% Support module for on_load.erl: its on_load function records that it ran.
-module(on_load_ok).
-export([hello/0, loaded_by/0, native/0]).
-on_load(init/0).
-nifs([native/0]).

init() ->
    persistent_term:put(on_load_ok_ran, yes),
    ok.

hello() -> hello_from_loaded_module.
loaded_by() -> persistent_term:get(on_load_ok_ran, no).
native() -> erlang:nif_error(not_loaded).
