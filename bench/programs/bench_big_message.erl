%% Copying a large term (about 1 MB: a list of tuples holding integers, floats, atoms, small
%% binaries and short lists) to another process and back many times: message copying and
%% the receiving heaps' garbage collection.
-module(bench_big_message).
-export([run/1]).

-define(ELEMENTS, 6000).

run(quick) -> run_trips(10);
run(default) -> run_trips(1000).

run_trips(RoundTrips) ->
    Term = term(?ELEMENTS),
    {Echo, Ref} = spawn_monitor(fun echo/0),
    Back = round_trips(RoundTrips, Echo, Term),
    Echo ! stop,
    receive {'DOWN', Ref, process, Echo, normal} -> ok end,
    check({Back =:= Term, erlang:phash2(Back), length(Back)},
          {true, erlang:phash2(term(?ELEMENTS)), ?ELEMENTS}).

term(N) -> [item(I) || I <- lists:seq(1, N)].

item(I) ->
    {I, I * 1.5, <<"payload", I:32, (I rem 251):8>>, [I, -I, I bsl 40],
     case I rem 3 of 0 -> red; 1 -> green; 2 -> blue end}.

round_trips(0, _, Term) -> Term;
round_trips(N, Echo, Term) ->
    Echo ! {self(), Term},
    receive
        {Echo, Back} -> round_trips(N - 1, Echo, Back)
    end.

echo() ->
    receive
        {From, Term} -> From ! {self(), Term}, echo();
        stop -> ok
    end.

check(Expected, Expected) -> ok;
check(Got, _) -> erlang:error({wrong_result, big_message, Got}).
