%% binary_copy_reductions compiled by the OTP 24 compiler (bs_init2, bs_put_binary, bs_append).
-module(binary_copy_reductions_r24).
-compile([r24]).
-export([main/0]).
-include("support/binary_copy_reductions_body.hrl").
