%% io_lib:format and io:format with every control sequence, field widths,
%% precisions and padding, the pretty printer on deep and long terms, unicode
%% handling (~t modifier, ~tp), and io_lib:write/print/fwrite helpers.
-module(lib_io_lib).
-import(diff_util, [id/1, catching/1]).
-export([main/0]).

-record(rec, {name, value = 0, children = []}).

main() ->
    directives(),
    widths(),
    numbers(),
    pretty(),
    unicode(),
    helpers(),
    errors(),
    ok.

%% Print the formatted text between bars, and the character list with ~w so
%% the exact characters are visible.
fmt(Format, Args) ->
    R = catching(fun() -> lists:flatten(io_lib:format(Format, Args)) end),
    case R of
        Text when is_list(Text) ->
            io:format("~p ~w -> |~ts|~n", [Format, Args, Text]),
            io:format("    ~w~n", [Text]);
        Err ->
            io:format("~p ~w -> ~w~n", [Format, Args, Err])
    end.

directives() ->
    io:format("== directives~n"),
    T = {tuple, [1, 2.5, "str", <<"bin">>, atom, 'Quoted atom'], #{k => v}},
    [fmt(F, A) || {F, A} <- [
        {"~w", [T]}, {"~p", [T]}, {"~P", [T, 3]}, {"~W", [T, 3]}, {"~P", [lists:seq(1, 20), 5]},
        {"~s", ["string"]}, {"~s", [<<"binary">>]}, {"~s", [atom]}, {"~s", [[$a, [$b, <<"c">>]]]},
        {"~c", [$x]}, {"~3c", [$y]}, {"~-3c|", [$z]}, {"~.3c", [$q]}, {"~5.3c", [$r]},
        {"~e", [3.14159]}, {"~f", [3.14159]}, {"~g", [3.14159]}, {"~g", [1.0e20]},
        {"~b", [255]}, {"~b", [-255]}, {"~.2b", [10]}, {"~.16b", [48879]}, {"~.36b", [123456789]},
        {"~B", [255]}, {"~.16B", [48879]}, {"~.16x", [255, "0x"]}, {"~.16X", [255, "0x"]},
        {"~.16#", [255]}, {"~.2#", [5]}, {"~+", [255]}, {"~.16+", [-255]},
        {"~i~w", [ignored, shown]}, {"a~nb", []}, {"~~", []},
        {"~w ~w ~w", [1, a, "s"]}, {"~p", ["a string"]}, {"~w", ["a string"]},
        {"~p", [[1, 2, 3]]}, {"~p", [[65, 66, 67]]}, {"~p", [[7, 8, 9]]}, {"~p", [[$a, 200]]},
        {"~p", [<<"printable">>]}, {"~p", [<<1, 2, 3>>]}, {"~p", [<<"a", 0>>]}, {"~p", [<<1:3>>]},
        {"~lp", [[65, 66]]}, {"~lw", [[65, 66]]}, {"~p", [#rec{name = n}]},
        {"~p", [-0.0]}, {"~w", [1.0e-10]}, {"~p", [{'A', 'b c', '', 'é'}]}]].

widths() ->
    io:format("== widths and padding~n"),
    [fmt(F, A) || {F, A} <- [
        {"~10s|", ["abc"]}, {"~-10s|", ["abc"]}, {"~10.2s|", ["abcdef"]}, {"~.2s|", ["abcdef"]},
        {"~10.5.*s|", ["abc"]}, {"~*s|", [8, "star"]}, {"~-*s|", [8, "star"]}, {"~*.*s|", [8, 2, "star"]},
        {"~10w|", [atom]}, {"~-10w|", [atom]}, {"~3w|", [toolong]}, {"~10p|", [{a, b}]},
        {"~10.3f|", [3.14159]}, {"~-10.3f|", [3.14159]}, {"~010.3f|", [-3.14159]}, {"~10.3.0f|", [3.14159]},
        {"~.3f", [2.0005]}, {"~.1f", [0.05]}, {"~.1f", [0.25]}, {"~.0e", [1.5]},
        {"~8b|", [5]}, {"~-8b|", [5]}, {"~8.2.0b|", [5]}, {"~8.16.0B|", [255]}, {"~.10.xb|", [7]},
        {"~5c|", [$a]}, {"~*c|", [4, $b]}, {"~5.2s|", ["abc"]}, {"~5..xs|", ["ab"]},
        {"~20.10e|", [12345.6789]}, {"~.12g", [0.1]}, {"~15.4g|", [123456.0]}]].

numbers() ->
    io:format("== numbers~n"),
    Ints = [0, 1, -1, 42, 1 bsl 40, -(1 bsl 70)],
    [fmt("~w ~b ~.8b ~.16b ~.36B ~.16x ~.16#", [I, I, I, I, I, I, "0x", I]) || I <- Ints],
    Floats = [0.0, 0.1, -2.5, 1.0e-7, 123456789.125, 1.0e15, 9.999e99],
    [fmt("~w ~p ~f ~.2f ~e ~.3e ~g ~.3g", [F, F, F, F, F, F, F, F]) || F <- Floats].

pretty() ->
    io:format("== pretty printing~n"),
    Deep = lists:foldl(fun(I, Acc) -> {level, I, [Acc, Acc]} end, leaf, lists:seq(1, 4)),
    Long = [{key, I, lists:duplicate(I rem 4, x), integer_to_list(I * 1000)} || I <- lists:seq(1, 15)],
    Map = maps:from_list([{list_to_atom("k" ++ integer_to_list(I)), lists:seq(1, I)} || I <- lists:seq(1, 12)]),
    Rec = #rec{name = "root", value = 1,
               children = [#rec{name = "child" ++ integer_to_list(I), value = I * 10} || I <- lists:seq(1, 4)]},
    Terms = [Deep, Long, Map, Rec, lists:seq(1, 100), [lists:seq(1, 10) || _ <- lists:seq(1, 5)],
             {<<"a long binary that will need to be printed across lines maybe">>, list_to_binary(lists:seq(0, 60))},
             [{a, "string one"}, {b, "string two"}, {c, ["nested", "strings", 'and', atoms]}],
             {fun_placeholder, 'an atom that is rather long indeed', "and a string that is also long"}],
    lists:foreach(
      fun(T) ->
              io:format("~p~n", [T]),
              io:format("~P~n", [T, 8]),
              io:format("~80p~n", [T]),
              io:format("~40p~n", [T]),
              io:format("column: ~p~n", [T])
      end, Terms),
    io:format("~s~n", [io_lib:print(Long, 10, 50, -1)]),
    io:format("~s~n", [io_lib:print(Long, 1, 80, 3)]).

unicode() ->
    io:format("== unicode~n"),
    Uni = "gr\x{fc}\x{df} \x{3b1}\x{3b2}\x{3b3} \x{1F600}",
    UBin = unicode:characters_to_binary(Uni),
    [fmt(F, A) || {F, A} <- [
        {"~ts", [Uni]}, {"~ts", [UBin]}, {"~tp", [Uni]}, {"~p", [Uni]}, {"~tp", [UBin]}, {"~p", [UBin]},
        {"~tw", [Uni]}, {"~tc", [16#3b1]}, {"~c", [16#3b1]}, {"~tp", ['\x{3b1}tom']}, {"~p", ['\x{3b1}tom']},
        {"~10ts|", [Uni]}, {"~-12ts|", ["\x{3b1}\x{3b2}"]}, {"~.3ts|", [Uni]}, {"~tp", [[{k, Uni}]]},
        {"~s", [[233, 234]]}, {"~p", [[233, 234]]}, {"~p", [<<233, 234>>]}, {"~tp", [<<233, 234>>]},
        {"~ts", [[16#10FFFF]]}, {"~p", [<<"\x{e9}"/utf8>>]}]],
    show(io_lib_chars_length, length(lists:flatten(io_lib:format("~ts", [Uni])))),
    show(unicode_binary_out, unicode:characters_to_binary(io_lib:format("~ts|~tp", [Uni, Uni]))).

helpers() ->
    io:format("== helpers~n"),
    T = {a, "b", <<"c">>, [d, 1.5], #{e => f}},
    show(write, lists:flatten(io_lib:write(T))),
    show(write_depth, lists:flatten(io_lib:write(lists:seq(1, 10), 4))),
    show(print, lists:flatten(io_lib:print(T))),
    show(fwrite, lists:flatten(io_lib:fwrite("~w-~s", [x, "y"]))),
    show(write_string, lists:flatten(io_lib:write_string("quote\"s\n"))),
    show(write_char, lists:flatten(io_lib:write_char($a))),
    show(write_atom, [lists:flatten(io_lib:write_atom(A)) || A <- [ok, 'OK', 'a b', '']]),
    show(format_binary_format, lists:flatten(io_lib:format(<<"~w">>, [bin_fmt]))),
    show(format_atom_format, lists:flatten(io_lib:format('~w', [atom_fmt]))),
    show(printable_list, [io_lib:printable_list(L) || L <- ["abc", [1, 2], [233], [300], []]]),
    show(printable_latin1, [io_lib:printable_latin1_list(L) || L <- ["abc", [233], [300]]]),
    show(printable_unicode, [io_lib:printable_unicode_list(L) || L <- ["abc", [233], [300], [16#D800]]]),
    show(deep_char_list, [io_lib:deep_char_list(L) || L <- [["a", ["b"]], [a], "abc"]]),
    show(chars_length, io_lib:chars_length(["ab", [$c, "de"]])),
    show(indentation, io_lib:indentation("ab\n  cd", 5)),
    show(scan_format, io_lib:scan_format("~w ~10.2f~n", [a, 1.0])),
    show(build_text, lists:flatten(io_lib:build_text(io_lib:scan_format("<~p>", [x])))),
    io:format("io:format record: ~p~n", [#rec{name = top, children = [#rec{}]}]),
    io:format("io:fwrite: ~w ~s~n", [fwrite, "works"]),
    io:fwrite("plain fwrite~n"),
    io:format("no args~n"),
    io:put_chars("put_chars\n"),
    io:put_chars(["deep", [" iolist", <<" binary">>], $\n]),
    io:write({io_write, 1}),
    io:nl(),
    io:format(standard_io, "to standard_io ~w~n", [ok]),
    io:format(user, "to user ~w~n", [ok]).

errors() ->
    io:format("== errors~n"),
    Cases = [{"~d", [1]}, {"~w", []}, {"~w", [a, b]}, {"~s", [1]}, {"~s", [[a]]}, {"~c", [a]},
             {"~f", [1]}, {"~e", [a]}, {"~b", [1.0]}, {"~.1b", [5]}, {"~.37b", [5]},
             {"~P", [x, a]}, {"~*s", [a, "x"]}, {"~ts", [[-1]]}, {"~s", [[256]]}, {"~", []},
             {bad_format, []}, {"~w", not_a_list}],
    lists:foreach(
      fun({F, A}) ->
              show({F, A}, catching(fun() -> lists:flatten(io_lib:format(F, A)) end))
      end, Cases),
    show(io_format_badarg, catching(fun() -> io:format(id("~w~n"), [a, b]) end)).

show(Label, Value) ->
    io:format("~p: ~w~n", [Label, Value]).
