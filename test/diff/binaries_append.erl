%% Appending to binaries, compiled by the OTP 25 compiler (bs_create_bin).
-module(binaries_append).
-export([main/0, id/1]).
-include("support/binaries_append_body.hrl").
