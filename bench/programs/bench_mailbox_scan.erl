%% Selective receive from a long mailbox: another process fills the queue with numbered
%% messages, then the receiver takes some in reverse order, so each receive scans past almost
%% the whole queue before its match; then it drains the rest in order.
-module(bench_mailbox_scan).
-export([run/1]).

run(quick) -> run(10000, 100);
run(default) -> run(100000, 1000).

run(Queued, Taken) ->
    Self = self(),
    spawn(fun() -> fill(Self, 1, Queued) end),
    receive filled -> ok end,
    Reverse = take(Queued, Queued - Taken, 0),
    Rest = drain(Queued - Taken, 0),
    check({Reverse, Rest}, {sum(Queued - Taken + 1, Queued), sum(1, Queued - Taken)}).

fill(Receiver, I, N) when I > N -> Receiver ! filled;
fill(Receiver, I, N) ->
    Receiver ! {item, I},
    fill(Receiver, I + 1, N).

take(I, Stop, Sum) when I =< Stop -> Sum;
take(I, Stop, Sum) ->
    receive {item, I} -> take(I - 1, Stop, Sum + I) end.

drain(0, Sum) -> Sum;
drain(K, Sum) -> receive {item, I} -> drain(K - 1, Sum + I) end.

sum(From, To) -> (From + To) * (To - From + 1) div 2.

check(Expected, Expected) -> ok;
check(Got, _) -> erlang:error({wrong_result, mailbox_scan, Got}).
