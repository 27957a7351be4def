%% A receive whose `after` value is not a timeout raises timeout_value and leaves the
%% mailbox as it was: the next receive scans it from its first message again. (Nothing
%% between the two receives may receive, as io:format does, or it would hide the fault.)
-module(receive_bad_timeout).
-export([main/0]).
-import(diff_util, [id/1]).

main() ->
    self() ! init,
    R1 = try
             receive blipp -> ok after blupp -> ok end
         catch C1:E1 -> {C1, E1}
         end,
    G1 = receive init -> got_init after 500 -> timeout end,
    io:format("~p~n~p~n", [R1, G1]),
    self() ! init2,
    R2 = try
             receive blapp -> ok after id(blepp) -> ok end
         catch C2:E2 -> {C2, E2}
         end,
    G2 = receive init2 -> got_init2 after 500 -> timeout end,
    io:format("~p~n~p~n", [R2, G2]),
    %% A reference receive right after, which may use a receive marker.
    self() ! init3,
    R3 = try
             receive blapp -> ok after id(-1) -> ok end
         catch C3:E3 -> {C3, E3}
         end,
    Ref = make_ref(),
    self() ! Ref,
    G3 = receive init3 -> got_init3 after 500 -> timeout end,
    G4 = receive Ref -> got_ref after 500 -> timeout end,
    io:format("~p~n~p~n~p~n", [R3, G3, G4]),
    io:format("~p~n", [process_info(self(), message_queue_len)]).
