%% Support module for on_load.erl: its on_load function refuses, so it never loads.
-module(on_load_fails).
-export([hello/0]).
-on_load(init/0).

init() -> refused.

hello() -> should_not_run.
