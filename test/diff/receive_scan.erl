%% Receives that scan long mailboxes: messages taken out of the middle in many orders (the
%% queue keeps the rest in arrival order), receives whose first test is a tag among messages of
%% every shape, receives with several clauses, guards and after 0, messages arriving from
%% another process while a receive looks for a late one, and erl_eval's receive
%% (prim_eval), which takes a message and removes it in separate steps.
-module(receive_scan).
-export([main/0]).

main() ->
    orders(),
    tags(),
    clauses(),
    arriving(),
    binaries(),
    evaluated(),
    ok.

%% 3000 numbered messages: some taken from the end, every seventh from the middle, then the
%% oldest few; what is left must be in arrival order.
orders() ->
    io:format("== orders~n"),
    [self() ! {n, I} || I <- lists:seq(1, 3000)],
    Newest = [receive {n, I} -> I end || I <- lists:seq(3000, 2901, -1)],
    show(newest_sum, lists:sum(Newest)),
    Sevenths = [receive {n, I} -> I end || I <- lists:seq(7, 2900, 7)],
    show(sevenths, {length(Sevenths), lists:sum(Sevenths)}),
    Oldest = [receive {n, I} -> I end || I <- lists:seq(1, 6)],
    show(oldest, Oldest),
    Left = [I || {n, I} <- messages()],
    show(left, {length(Left), Left =:= [I || I <- lists:seq(8, 2900), I rem 7 =/= 0]}),
    show(queue_len, queue_len()),
    %% A scrambled order: each receive finds its message somewhere in the middle.
    Order = scramble(Left),
    Taken = [receive {n, I} -> I end || I <- lists:sublist(Order, 1000)],
    show(scrambled_taken, Taken =:= lists:sublist(Order, 1000)),
    show(still_in_order, [I || {n, I} <- messages()] =:= lists:sort(lists:nthtail(1000, Order))),
    show(drained, length([receive {n, _} -> x end || _ <- lists:seq(1, queue_len())])),
    show(empty, queue_len()).

%% A receive for one tag among messages of other shapes: atoms, lists, binaries, maps, tuples of
%% other sizes and tags, and tuples with the tag but another size.
tags() ->
    io:format("== tags~n"),
    Noise = [atom, [1, 2], <<"bin">>, #{k => v}, {}, {x}, {want}, {want, 1, 2}, {other, 3}, 42, 3.5],
    [self() ! M || _ <- lists:seq(1, 200), M <- Noise],
    [self() ! {want, I} || I <- lists:seq(1, 50)],
    [self() ! M || _ <- lists:seq(1, 20), M <- Noise],
    Wanted = [receive {want, I} -> I end || _ <- lists:seq(1, 50)],
    show(wanted_in_order, Wanted =:= lists:seq(1, 50)),
    show(noise_left, {queue_len(), messages() =:= lists:append(lists:duplicate(220, Noise))}),
    show(none_left, receive {want, X} -> X after 0 -> none end),
    show(wide_tuple, receive {want, A, B} -> {A, B} end),
    show(unit_tuple, receive {want} -> unit end),
    flush().

%% Receives with several clauses take the first message that matches any of them; a guard
%% that fails passes the message over; after 0 leaves the queue as it was; a clause after a
%% tagged one sees the messages without the tag.
clauses() ->
    io:format("== clauses~n"),
    [self() ! M || M <- [{b, 1}, {c, 1}, {a, 1}, {b, 2}, {a, 2}, {c, 2}, {a, 3}]],
    First = receive {a, X} -> {a, X}; {c, Y} -> {c, Y} end,
    show(first_of_two_tags, First),
    Guarded = receive {a, X1} when X1 > 1 -> {a, X1}; {b, Y1} when Y1 > 1 -> {b, Y1} end,
    show(guarded, Guarded),
    show(after_zero, receive {d, _} -> d after 0 -> timeout end),
    show(kept, messages()),
    Rest = [receive {T, N} -> {T, N} end || _ <- lists:seq(1, 5)],
    show(rest, Rest),
    %% A tag test whose failure leads to another clause, not back to the next message.
    [self() ! M || M <- [{b, 1}, [1], {a, 2}, <<"x">>]],
    show(catch_all, receive {a, X2} -> {a, X2}; Other -> {other, Other} end),
    show(list_clause, receive {a, X3} -> {a, X3}; [_ | _] = L -> {list, L} end),
    show(binary_clause, receive {z, X4} -> {z, X4}; B when is_binary(B) -> {binary, B} end),
    show(tag_after_all, receive {a, X5} -> {a, X5} end).

%% Another process sends 20,000 messages; the receiver looks for the last one while they are
%% still arriving, then takes the rest in order.
arriving() ->
    io:format("== arriving~n"),
    Self = self(),
    spawn(fun() -> [Self ! {early, I} || I <- lists:seq(1, 20000)], Self ! {late, done} end),
    show(late, receive {late, R} -> R end),
    Early = [receive {early, I} -> I end || _ <- lists:seq(1, 20000)],
    show(early_in_order, Early =:= lists:seq(1, 20000)),
    show(empty, queue_len()).

%% Messages holding binaries shared with the sender (over 64 bytes) and parts of them, taken
%% in reverse order with garbage collections between: their bytes stay intact.
binaries() ->
    io:format("== binaries~n"),
    Self = self(),
    spawn(fun() ->
                  Big = list_to_binary(lists:seq(0, 255)),
                  [Self ! {bin, I, binary:part(Big, I, 100), Big} || I <- lists:seq(1, 100)],
                  Self ! {sent, byte_size(Big)}
          end),
    show(sent, receive {sent, Size} -> Size end),
    Checks = [receive {bin, I, Part, Big} ->
                      erlang:garbage_collect(),
                      Part =:= binary:part(Big, I, 100) andalso binary:first(Part) =:= I
              end || I <- lists:seq(100, 1, -1)],
    show(binaries_intact, lists:all(fun(B) -> B end, Checks)),
    show(empty, queue_len()).

%% erl_eval's receive runs in prim_eval: it looks at messages and removes the one that matched
%% in separate steps, with other code between.
evaluated() ->
    io:format("== evaluated~n"),
    [self() ! M || M <- [{x, 1}, {y, 2}, {x, 3}, {z, 4}]],
    show(eval_y, eval("receive {y, A} -> A end.")),
    show(eval_guard, eval("receive {x, A} when A > 1 -> A end.")),
    show(eval_after, eval("receive {w, A} -> A after 0 -> none end.")),
    show(eval_left, messages()),
    flush().

eval(Text) ->
    {ok, Tokens, _} = erl_scan:string(Text),
    {ok, Exprs} = erl_parse:parse_exprs(Tokens),
    {value, V, _} = erl_eval:exprs(Exprs, erl_eval:new_bindings()),
    V.

%% A fixed permutation: multiply by a number coprime with the length.
scramble(L) ->
    N = length(L),
    T = list_to_tuple(L),
    [element((I * 7919) rem N + 1, T) || I <- lists:seq(0, N - 1)].

messages() -> element(2, process_info(self(), messages)).
queue_len() -> element(2, process_info(self(), message_queue_len)).

flush() ->
    receive _ -> flush() after 0 -> ok end.

show(Label, Value) ->
    io:format("~p: ~w~n", [Label, Value]).
