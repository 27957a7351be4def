%% binaries_errors compiled by the OTP 24 compiler (bs_init2, bs_add, bs_put_*, bs_append).
-module(binaries_errors_r24).
-compile([r24]).
-export([main/0, id/1]).
-include("support/binaries_errors_body.hrl").
