%% Reductions of binary copies, compiled by the OTP 25 compiler (bs_create_bin).
-module(binary_copy_reductions).
-export([main/0]).
-include("support/binary_copy_reductions_body.hrl").
