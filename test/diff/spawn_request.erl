%% spawn_request/1..5 on the local node, and what stands on it (erpc and rpc to node()):
%% replies with the default and a custom tag, reply options, monitor by request id, link,
%% bad options, and spawn_request_abandon/1 after the answer came.
-module(spawn_request).
-export([main/0, child/1]).

main() ->
    R1 = spawn_request(?MODULE, child, [self()]),
    show(receive {spawn_reply, R1, ok, P1} -> P1 ! go, is_pid(P1) end),
    show(receive {child_ran, _} -> ran end),
    R2 = spawn_request(node(), ?MODULE, child, [self()], [{reply_tag, mine}, monitor]),
    P2 = receive {mine, R2, ok, P} -> P end,
    P2 ! go,
    show(receive {child_ran, P2} -> ran end),
    show(receive {'DOWN', R2, process, P2, Why} -> {down, Why} end),
    R3 = spawn_request(fun() -> ok end, [{reply, no}]),
    show(receive {spawn_reply, R3, _, _} -> replied after 50 -> quiet end),
    R4 = spawn_request(fun() -> ok end, [{reply, error_only}]),
    show(receive {spawn_reply, R4, _, _} -> replied after 50 -> quiet end),
    process_flag(trap_exit, true),
    R5 = spawn_request(fun() -> exit(bye) end, [link, {reply, success_only}]),
    P5 = receive {spawn_reply, R5, ok, P55} -> P55 end,
    show(receive {'EXIT', P5, Reason} -> {exit, Reason} end),
    [begin
         R = spawn_request(?MODULE, child, [self()], Opts),
         show(receive {Tag, R, error, E} -> {Tag, E} after 50 -> quiet end)
     end || Opts <- [[bad_option], [{reply, maybe}], [{priority, bad}, {reply_tag, t}],
                     [{reply, no}, bad_option], [{reply, success_only}, bad_option]]],
    show(err(fun() -> spawn_request(?MODULE, child, [], bad_list) end)),
    show(err(fun() -> spawn_request("m", child, []) end)),
    show(spawn_request_abandon(R1)),
    show(err(fun() -> spawn_request_abandon(not_a_ref) end)),
    show(erpc:call(node(), lists, reverse, [[1, 2, 3]])),
    show(rpc:call(node(), erlang, atom_to_list, [abc])),
    show(err(fun() -> erpc:call(node(), erlang, error, [oops]) end)),
    ok = erpc:cast(node(), erlang, send, [self(), casted]),
    show(receive casted -> casted end).

child(Parent) ->
    receive go -> Parent ! {child_ran, self()} end.

err(F) ->
    try F() catch Class:Reason:Stack -> {Class, Reason, hd(Stack)} end.

show(X) -> io:format("~p~n", [X]).
