%% Stack frames whose Y slots are set at different times: by the moves right after
%% `allocate`, by init_yregs, or only after a call returns. Collections run while such frames
%% are live, over a stack that deeper calls have filled with stale words. Checked builds
%% (scripts/test.sh --sanitize) also stop if the collector meets a slot never set.
-module(stack_frames).
-export([main/0]).
-import(diff_util, [id/1]).

main() ->
    io:format("~p~n", [[late_slots(N) || N <- [1, 10, 100, 1000]]]),
    io:format("~p~n", [all_set(2000, [])]),
    io:format("~p~n", [mixed(500)]),
    io:format("~p~n", [deep_then_shallow(3000)]).

%% Three slots: A and B are saved by moves before the first call; C only after it.
late_slots(N) ->
    A = id(N),
    B = id([N, N]),
    C = garbage(N),
    D = garbage(N + 1),
    length(B) + A + lists:sum(C) + lists:sum(D).

garbage(N) -> lists:seq(1, N rem 97 + 1) ++ [length(lists:seq(1, 300))].

%% Every slot saved by the moves after allocate, then a call that collects.
all_set(0, Acc) -> lists:sum(Acc);
all_set(N, Acc) ->
    X = id(N),
    Y = id({N}),
    _ = garbage(N),
    all_set(N - 1, [X + element(1, Y) | Acc]).

%% Slots saved in alternation with calls, and a binary kept across them.
mixed(0) -> 0;
mixed(N) ->
    Bin = id(<<N:64, (binary:copy(<<"x">>, 100))/binary>>),
    L = garbage(N),
    T = id(list_to_tuple(L)),
    <<M:64, _/binary>> = Bin,
    M + tuple_size(T) + mixed(N - 1) - N.

%% A deep recursion leaves its frames' words below the stack pointer; shallow frames built
%% afterwards over the same memory must not see them.
deep_then_shallow(N) ->
    Deep = deep(N),
    Shallow = [late_slots(K) || K <- lists:seq(1, 50)],
    {length(Deep), lists:sum([K || {K, true} <- Deep]), lists:sum(Shallow)}.

deep(0) -> [];
deep(N) -> [{N, id(make_ref()) =/= ok} | deep(N - 1)] -- [].
