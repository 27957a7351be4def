%% Garbage that BIFs make is collected as the interpreter's own is: loops whose
%% only allocations are BIF results (called directly, through funs, as guard
%% BIFs, map updates and binary matches) keep a small heap, and large binaries
%% made in a loop are freed in time because their sizes count against the
%% binary virtual heap.
-module(bif_garbage).
-export([main/0]).

-define(ROUNDS, 300000).
%% Each loop below would leave several million words behind if nothing were
%% collected; a collected heap stays far below this.
-define(BOUND, 400000).

main() ->
    check(integer_to_list, fun() -> integer_to_list_loop(?ROUNDS, []) end),
    check(make_tuple, fun() -> make_tuple_loop(?ROUNDS, {}) end),
    check(term_to_binary, fun() -> term_to_binary_loop(?ROUNDS, <<>>) end),
    check(make_ref, fun() -> make_ref_loop(?ROUNDS, none) end),
    check(put, fun() -> put_loop(?ROUNDS) end),
    check(float, fun() -> float_loop(?ROUNDS, 0.0) end),
    check(list_to_tuple, fun() -> list_to_tuple_loop(?ROUNDS, [a, b, c], {}) end),
    check(map_update, fun() -> map_loop(?ROUNDS, #{}) end),
    check(binary_match, fun() -> match_loop(binary:copy(<<"abcdefgh">>, ?ROUNDS), 0) end),
    check(big_binaries, fun() -> big_binary_loop(2000) end),
    vheap(),
    ok.

check(Name, Loop) ->
    {Pid, Ref} = spawn_monitor(fun() ->
        Loop(),
        {total_heap_size, Words} = process_info(self(), total_heap_size),
        exit({small_heap, Words < ?BOUND})
    end),
    receive {'DOWN', Ref, process, Pid, Reason} -> io:format("~p: ~p~n", [Name, Reason]) end.

%% Each loop passes its last result on, so the compiler cannot drop the call;
%% the result before it is garbage.
integer_to_list_loop(0, Last) -> Last;
integer_to_list_loop(N, _) -> integer_to_list_loop(N - 1, integer_to_list(N)).

make_tuple_loop(0, Last) -> Last;
make_tuple_loop(N, _) -> make_tuple_loop(N - 1, erlang:make_tuple(8, N)).

term_to_binary_loop(0, Last) -> Last;
term_to_binary_loop(N, _) -> term_to_binary_loop(N - 1, term_to_binary(N)).

make_ref_loop(0, Last) -> Last;
make_ref_loop(N, _) -> make_ref_loop(N - 1, make_ref()).

put_loop(0) -> ok;
put_loop(N) -> put(key, N), put_loop(N - 1).

%% float/1 is a guard BIF: the compiler calls it with gc_bif1.
float_loop(0, Last) -> Last;
float_loop(N, _) -> float_loop(N - 1, float(N)).

list_to_tuple_loop(0, _, Last) -> Last;
list_to_tuple_loop(N, L, _) -> list_to_tuple_loop(N - 1, L, list_to_tuple(L)).

map_loop(0, M) -> map_size(M);
map_loop(N, M) -> map_loop(N - 1, M#{N rem 10 => N}).

match_loop(<<Chunk:8/binary, Rest/binary>>, Acc) -> match_loop(Rest, Acc + byte_size(Chunk));
match_loop(<<>>, Acc) -> Acc.

big_binary_loop(N) -> big_binary_loop(N, <<>>).

big_binary_loop(0, Last) -> byte_size(Last);
big_binary_loop(N, _) -> big_binary_loop(N - 1, binary:copy(<<N:64>>, 16384)).

%% After a loop of 128 KiB binaries, the binaries the process still counts
%% stay within its binary virtual heap: it collected as they piled up.
vheap() ->
    {Pid, Ref} = spawn_monitor(fun() ->
        big_binary_loop(500),
        {garbage_collection_info, Info} = process_info(self(), garbage_collection_info),
        Held = proplists:get_value(bin_vheap_size, Info),
        Limit = proplists:get_value(bin_vheap_block_size, Info),
        exit({within_vheap, Held =< Limit})
    end),
    receive {'DOWN', Ref, process, Pid, Reason} -> io:format("vheap: ~p~n", [Reason]) end.
