%% Binary construction errors, compiled by the OTP 25 compiler (bs_create_bin).
-module(binaries_errors).
-export([main/0, id/1]).
-include("support/binaries_errors_body.hrl").
