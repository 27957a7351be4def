%% erlang:error/1 (and exit/1, throw/1) called in tail position after the compiler trimmed
%% the stack frame: the call carries the frame's size from before the trim, which a VM must
%% not use (erts calls the BIF with the frame in place), or the caller's catch is lost.
-module(catch_trimmed_frame).
-export([main/0, pick_error/2, pick_exit/2, pick_throw/2]).
-import(diff_util, [id/1]).

main() ->
    Keep = id(kept),
    Ok = {t, c, d},
    Bad = {t, c, []},
    R1 = [(catch ?MODULE:F(id({t, a, b}), id(Ok))) || F <- [pick_error, pick_exit, pick_throw]],
    R2 = case (catch ?MODULE:pick_error(id({t, a, b}), id(Bad))) of
             {'EXIT', {Reason, St2}} -> {'EXIT', Reason, trace(St2)};
             Other -> Other
         end,
    R3 = (catch ?MODULE:pick_exit(id({t, a, b}), id(Bad))),
    R4 = (catch ?MODULE:pick_throw(id({t, a, b}), id(Bad))),
    R5 = try ?MODULE:pick_error(id({t, a, b}), id(Bad)) catch error:E:St -> {E, trace(St)} end,
    io:format("~p~n", [[R1, R2, R3, R4, R5, Keep]]).

%% Shaped as sofs:composite/2, where OTP's own suite found it: values kept across a call in
%% y registers, the frame trimmed before the next call, then a raise that reads no y register.
pick_error({t, A, _} = T1, {t, _, D} = T2) ->
    ok = check(T1, T2),
    {t, _, B} = T1,
    {t, C, _} = T2,
    case combine(A, D) of
        L when is_list(L) -> {B, C, lists:sort(L)};
        Bad -> erlang:error(Bad)
    end.

pick_exit({t, A, _} = T1, {t, _, D} = T2) ->
    ok = check(T1, T2),
    {t, _, B} = T1,
    {t, C, _} = T2,
    case combine(A, D) of
        L when is_list(L) -> {B, C, lists:sort(L)};
        Bad -> exit(Bad)
    end.

pick_throw({t, A, _} = T1, {t, _, D} = T2) ->
    ok = check(T1, T2),
    {t, _, B} = T1,
    {t, C, _} = T2,
    case combine(A, D) of
        L when is_list(L) -> {B, C, lists:sort(L)};
        Bad -> throw(Bad)
    end.

check(_, _) -> ok.

combine(_, []) -> bad_combine;
combine(A, D) -> [A, D].

trace(St) -> [{M, F, A} || {M, F, A, _} <- St, M =:= ?MODULE].
