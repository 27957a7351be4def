%% binaries_append compiled by the OTP 24 compiler (bs_append, bs_private_append).
-module(binaries_append_r24).
-compile([r24]).
-export([main/0, id/1]).
-include("support/binaries_append_body.hrl").
