%% erlang:display/1 of every kind of term except pids, refs, ports and funs.
%% erlang:display writes straight to the standard output file descriptor
%% while io:format goes through the io server, so their relative order is not
%% stable on erl: this module uses erlang:display only.
-module(display).
-export([main/0]).

main() ->
    Groups =
        [{integers, [0, 1, -1, 42, -42, 255, 65535, (1 bsl 59) - 1, 1 bsl 59, -(1 bsl 59) - 1,
                     1 bsl 64, -(1 bsl 64), 1 bsl 200, fact(40)]},
         {floats, [0.0, -0.0, 1.0, -1.5, 0.1, 1/3, 3.141592653589793, 1.0e10, 1.0e-10,
                   123456789.123, 1.0e100, 1.7976931348623157e308, 5.0e-324, 2.5e-5]},
         {atoms, [a, abc, 'Abc', 'with space', '', 'quote\'s', 'new\nline', true, false,
                  undefined, '[]', 'é', '\x{3b1}', 'a@b', '_x', 'if', 'tab\t']},
         {lists, [[], [1], [1, 2, 3], [a | b], [1, 2 | 3], [[]], [[1, 2], [3]], [{a, 1}],
                  lists:seq(1, 30)]},
         {strings, ["", "abc", "hello world", "with \"quotes\"", "tab\there", "new\nline",
                    "\x{e9}t\x{e9}", "\x{3b1}\x{3b2}", [7, 8, 27], "back\\slash", [0], [255],
                    [256], "caf\x{e9}"]},
         {tuples, [{}, {a}, {a, b}, {1, {2, {3, {4}}}}, {"s", <<"b">>, [l], #{m => 1}},
                   list_to_tuple(lists:seq(1, 20))]},
         {maps, [#{}, #{a => 1}, #{b => 2, a => 1}, #{1 => one, "two" => 2, {three} => [3]},
                 #{nested => #{deeper => #{deepest => true}}},
                 maps:from_list([{I, I * I} || I <- lists:seq(1, 40)])]},
         {binaries, [<<>>, <<0>>, <<"abc">>, <<1, 2, 3>>, <<255, 0, 127, 128>>,
                     <<"hello world">>, binary:copy(<<"x">>, 100), <<"é"/utf8>>,
                     <<"new\nline">>]},
         {bitstrings, [<<1:1>>, <<0:1>>, <<5:3>>, <<1, 2:4>>, <<"abc", 1:1>>, <<255, 255, 127:7>>]},
         {mixed, [{ok, [1.5, "two", <<3>>, three, #{four => {4.0}}]},
                  [#{a => [b, {c, <<"d">>}]}, {}, [], <<>>, ''],
                  {error, {badarg, [{m, f, 2, [{file, "x.erl"}, {line, 3}]}]}}]}],
    lists:foreach(
      fun({Name, Terms}) ->
              erlang:display({group, Name}),
              lists:foreach(fun(T) -> erlang:display(T) end, Terms)
      end, Groups),
    erlang:display({result_of_display, erlang:display(x)}),
    erlang:display(deep(30)),
    erlang:display(lists:seq(1, 300)),
    erlang:display(done),
    ok.

fact(0) -> 1;
fact(N) -> N * fact(N - 1).

deep(0) -> bottom;
deep(N) -> [N, {deep(N - 1)}].
