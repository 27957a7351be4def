%% Atoms: creation from lists and binaries (latin1 and utf8), conversions
%% back, existing-atom lookups, length limits, quoting when printed, and
%% comparison order of atom text.
-module(atoms).
-import(diff_util, [id/1, catching/1]).
-export([main/0]).

main() ->
    conversions(),
    unicode_atoms(),
    existing(),
    limits(),
    printing(),
    order(),
    ok.

conversions() ->
    io:format("== conversions~n"),
    Lists = ["hello", "", "Hello World", "with'quote", "a\nb", "123", "_under",
             "ok", "true", "Elixir.Foo.Bar", [0], [255], "caf\x{e9}"],
    lists:foreach(
      fun(L) ->
              A = list_to_atom(L),
              show(L, {A, atom_to_list(A), atom_to_binary(A), atom_to_binary(A, latin1),
                       atom_to_binary(A, utf8), length(atom_to_list(A)),
                       binary_to_atom(atom_to_binary(A)) =:= A,
                       binary_to_atom(atom_to_binary(A, latin1), latin1) =:= A})
      end, Lists),
    show(binary_to_atom_latin1, binary_to_atom(<<"caf", 233>>, latin1)),
    show(binary_to_atom_utf8, binary_to_atom(<<"caf", 195, 169>>, utf8)),
    show(same_atom, binary_to_atom(<<"caf", 233>>, latin1) =:= binary_to_atom(<<"caf", 195, 169>>, utf8)),
    show(default_encoding, binary_to_atom(<<"plain">>)),
    show(is_atom, [is_atom(X) || X <- [a, 'A', [], "a", true, nil, undefined]]),
    show(booleans, [is_boolean(X) || X <- [true, false, 'true', yes, 1]]).

unicode_atoms() ->
    io:format("== unicode~n"),
    Texts = [[1000, 2000], [16#1F600], "\x{3b1}\x{3b2}\x{3b3}", [$a, 16#10FFFF], [16#4E2D, 16#6587]],
    lists:foreach(
      fun(T) ->
              A = list_to_atom(T),
              Utf8 = atom_to_binary(A, utf8),
              show(T, {atom_to_list(A) =:= T, Utf8, byte_size(Utf8),
                       binary_to_atom(Utf8, utf8) =:= A,
                       catching(fun() -> atom_to_binary(A, latin1) end)}),
              io:format("  ~tp ~tw~n", [A, A])
      end, Texts),
    show(bad_utf8, catching(fun() -> binary_to_atom(id(<<255, 254>>), utf8) end)),
    show(truncated_utf8, catching(fun() -> binary_to_atom(id(<<"a", 195>>), utf8) end)),
    show(bad_codepoint, catching(fun() -> list_to_atom(id([16#110000])) end)),
    show(negative_char, catching(fun() -> list_to_atom(id([-1])) end)),
    show(surrogate, catching(fun() -> list_to_atom(id([16#D800])) end)).

existing() ->
    io:format("== existing~n"),
    show(existing_ok, catching(fun() -> list_to_existing_atom("conversions") end)),
    show(existing_bin_ok, catching(fun() -> binary_to_existing_atom(<<"main">>, utf8) end)),
    show(missing, catching(fun() -> list_to_existing_atom("no_such_atom_xyzzy_4711") end)),
    show(missing_bin, catching(fun() -> binary_to_existing_atom(<<"no_such_atom_plugh_42">>) end)),
    show(missing_bin_latin1,
         catching(fun() -> binary_to_existing_atom(<<"no_such_atom_", 200>>, latin1) end)),
    show(bad_arg, catching(fun() -> list_to_existing_atom(id(foo)) end)),
    Created = list_to_atom(id("created_at_runtime_1234")),
    show(now_exists, {Created, catching(fun() -> list_to_existing_atom("created_at_runtime_1234") end)}).

limits() ->
    io:format("== limits~n"),
    A255 = lists:duplicate(255, $x),
    show(len_255, length(atom_to_list(list_to_atom(A255)))),
    show(len_256, catching(fun() -> list_to_atom([$y | A255]) end)),
    U255 = lists:duplicate(255, 16#3b1),
    show(unicode_len_255, byte_size(atom_to_binary(list_to_atom(U255)))),
    show(unicode_len_256, catching(fun() -> list_to_atom([16#3b1 | U255]) end)),
    show(bin_len_256, catching(fun() -> binary_to_atom(list_to_binary([$z | A255])) end)),
    show(not_a_list, catching(fun() -> list_to_atom(id(<<"x">>)) end)),
    show(improper, catching(fun() -> list_to_atom(id([$a | b])) end)),
    show(deep_list, catching(fun() -> list_to_atom(id([$a, "b"])) end)),
    show(atom_to_list_int, catching(fun() -> atom_to_list(id(1)) end)),
    show(bad_encoding, catching(fun() -> atom_to_binary(a, id(utf16)) end)),
    length_checks().

%% erts reads at most 255 characters of a new atom's name: a longer one is system_limit
%% whatever follows (a bad character, a bad tail, bad UTF-8), an error within them is badarg,
%% and the existing-atom BIFs say badarg for all of these.
length_checks() ->
    A255 = lists:duplicate(255, $q),
    B255 = list_to_binary(A255),
    W255 = unicode:characters_to_binary(lists:duplicate(255, 16#1F600)),
    Cases = [{"list: 256th is not a character", fun() -> list_to_atom(A255 ++ [-1]) end},
             {"list: 255 then improper tail", fun() -> list_to_atom(A255 ++ foo) end},
             {"list: 256 then improper tail", fun() -> list_to_atom(A255 ++ [$q | foo]) end},
             {"list: 256 four-byte", fun() -> list_to_atom(lists:duplicate(256, 16#1F600)) end},
             {"existing list: 256", fun() -> list_to_existing_atom(A255 ++ [$q]) end},
             {"existing list: 256th bad", fun() -> list_to_existing_atom(A255 ++ [-1]) end},
             {"utf8: 255 then bad byte", fun() -> binary_to_atom(<<B255/binary, 255>>, utf8) end},
             {"utf8: 254 then bad byte", fun() -> binary_to_atom(<<B255:254/binary, 255>>, utf8) end},
             {"utf8: over 1020 bad bytes", fun() -> binary_to_atom(binary:copy(<<255>>, 1021), utf8) end},
             {"utf8: 1020 bad bytes", fun() -> binary_to_atom(binary:copy(<<255>>, 1020), utf8) end},
             {"utf8: 255 four-byte", fun() -> atom_length(binary_to_atom(W255, utf8)) end},
             {"utf8: 256 four-byte", fun() -> binary_to_atom(<<W255/binary, "x">>, utf8) end},
             {"latin1: 255 high bytes", fun() -> atom_length(binary_to_atom(binary:copy(<<200>>, 255), latin1)) end},
             {"latin1: 256 high bytes", fun() -> binary_to_atom(binary:copy(<<200>>, 256), latin1) end},
             {"latin1: 4-byte text read as 1020 latin1", fun() -> binary_to_atom(W255, latin1) end},
             {"existing utf8: 256", fun() -> binary_to_existing_atom(<<B255/binary, "q">>, utf8) end},
             {"existing latin1: 256", fun() -> binary_to_existing_atom(<<B255/binary, "q">>, latin1) end},
             {"existing utf8: 255 then bad byte", fun() -> binary_to_existing_atom(<<B255/binary, 255>>) end}],
    lists:foreach(fun({L, F}) -> show(L, catching(F)) end, Cases).

atom_length(A) -> length(atom_to_list(A)).

printing() ->
    io:format("== printing~n"),
    Atoms = [abc, 'Abc', '_abc', 'a b', '', 'hello@world', a@b, 'a.b', 'a-b', 'é',
             '[]', '{}', 'if', 'case', 'receive', 'end', 'catch', 'and', 'div',
             'when', 'fun', 'maybe', 'else', 'true', '1abc', 'a\'b', 'a\\b', 'tab\there',
             'aB9_@', 'ñandú', '\x{3b1}'],
    lists:foreach(
      fun(A) ->
              io:format("~w | ~p | ~tp | ~ts~n", [A, A, A, A]),
              io:format("  ~ts~n", [io_lib:write_atom(A)])
      end, Atoms).

order() ->
    io:format("== order~n"),
    Atoms = [b, a, 'B', 'A', aa, '', 'a ', z, 'é', 'e', '\x{3b1}', 'zz', '0', '~'],
    show(sorted, lists:sort(Atoms)),
    show(pairs, [{X, Y, X < Y} || X <- [a, 'é', '\x{3b1}'], Y <- [z, 'ö', '\x{3b2}']]).

show(Label, Value) ->
    io:format("~tp: ~w~n", [Label, Value]),
    io:format("  ~tp~n", [Value]).
