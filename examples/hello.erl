%% ember's bundled example: a little of everything the core VM runs.
-module(hello).
-export([main/0]).

main() ->
    io:format("Hello from ~s!~n", [ember]),
    io:format("fib(25) = ~p~n", [fib(25)]),
    io:format("100! has ~p digits~n", [length(integer_to_list(factorial(100)))]),
    Parent = self(),
    Pids = [spawn(fun() -> Parent ! {self(), N * N} end) || N <- lists:seq(1, 10)],
    Squares = [receive {Pid, Square} -> Square end || Pid <- Pids],
    io:format("squares from 10 processes: ~w~n", [Squares]),
    io:format("~p~n", [#{language => erlang, vm => ember, works => true}]).

fib(N) when N < 2 -> N;
fib(N) -> fib(N - 1) + fib(N - 2).

factorial(0) -> 1;
factorial(N) -> N * factorial(N - 1).
