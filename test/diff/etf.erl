%% External term format: the exact bytes of term_to_binary for every kind of
%% term (funs, pids, refs and ports excluded), with the compressed and
%% minor_version options, round trips through binary_to_term, the [safe] and
%% [used] options, malformed input, and erlang:external_size.
-module(etf).
-import(diff_util, [id/1, catching/1]).
-export([main/0]).

main() ->
    encodings(),
    options(),
    round_trips(),
    decoding(),
    errors(),
    ok.

terms() ->
    [a, 'Hello World', '', '\x{3b1}\x{3b2}', list_to_atom(lists:duplicate(255, $z)),
     true, false, undefined,
     0, 1, 255, 256, -1, -128, 16#7FFFFFFF, -16#80000000, 16#80000000, -16#80000001,
     (1 bsl 59) - 1, 1 bsl 59, 1 bsl 64, -(1 bsl 64), 1 bsl 2040, -(1 bsl 2050),
     0.0, -0.0, 1.5, -2.25, 3.141592653589793, 1.0e300, 5.0e-324,
     [], "abc", [1, 2, 300], [a | b], [[]], "x\x{100}", lists:seq(1, 300),
     lists:duplicate(70000, $a),
     {}, {a}, {a, b, c}, {{nested}, [{tuple}]}, list_to_tuple(lists:seq(1, 256)),
     #{}, #{a => 1}, #{1 => one, b => [two], {c} => #{}},
     maps:from_list([{I, I} || I <- lists:seq(1, 33)]),
     <<>>, <<1, 2, 3>>, <<"binary">>, binary:copy(<<"0123456789">>, 30),
     <<1:1>>, <<255, 7:3>>, <<1, 2, 3, 4:5>>,
     {ok, [1.0, "two", <<3>>, #{four => {4}}]}].

encodings() ->
    io:format("== term_to_binary~n"),
    lists:foreach(
      fun(T) ->
              B = term_to_binary(T),
              io:format("~P~n  size ~w ext ~w~n  ~w~n",
                        [T, 12, byte_size(B), erlang:external_size(T), shorten(B)])
      end, terms()).

%% Long encodings: first and last 64 bytes plus a checksum of the middle.
shorten(B) when byte_size(B) =< 200 -> B;
shorten(B) ->
    Size = byte_size(B),
    {binary:part(B, 0, 64), {md5, erlang:md5(B)}, binary:part(B, Size - 64, 64)}.

options() ->
    io:format("== options~n"),
    Samples = [hello, 12345678901234567890, 2.5, "text", {tuple, [list]},
               #{key => value}, lists:duplicate(200, $z),
               lists:seq(1, 100), binary:copy(<<"abc">>, 100)],
    Opts = [[], [compressed], [{compressed, 0}], [{compressed, 1}], [{compressed, 9}],
            [{minor_version, 0}], [{minor_version, 1}], [{minor_version, 2}], [deterministic],
            [{minor_version, 1}, compressed]],
    lists:foreach(
      fun(T) ->
              io:format("~P~n", [T, 8]),
              lists:foreach(
                fun(O) ->
                        B = term_to_binary(T, O),
                        io:format("  ~w ~w: ~w~n", [O, byte_size(B), shorten(B)]),
                        T = binary_to_term(B)
                end, Opts),
              io:format("  external_size ~w ~w~n",
                        [erlang:external_size(T), erlang:external_size(T, [{minor_version, 0}])])
      end, Samples),
    show(term_to_iovec, iolist_to_binary(term_to_iovec({iovec, <<"data">>}))
             =:= term_to_binary({iovec, <<"data">>})).

round_trips() ->
    io:format("== round trips~n"),
    Results = [{T =:= binary_to_term(term_to_binary(T)),
                T =:= binary_to_term(term_to_binary(T, [compressed])),
                T =:= binary_to_term(term_to_binary(T, [{minor_version, 0}]))}
               || T <- terms()],
    show(all_equal, lists:all(fun(R) -> R =:= {true, true, true} end, Results)),
    show(neg_zero_kept, binary_to_term(term_to_binary(-0.0))),
    show(used, binary_to_term(<<(term_to_binary(hello))/binary, "trailing">>, [used])),
    show(safe_known_atom, binary_to_term(term_to_binary(main), [safe])).

decoding() ->
    io:format("== decoding hand-made binaries~n"),
    Bins = [<<131, 97, 42>>,                                  % SMALL_INTEGER_EXT
            <<131, 98, 255, 255, 255, 255>>,                  % INTEGER_EXT -1
            <<131, 110, 3, 0, 1, 2, 3>>,                      % SMALL_BIG_EXT
            <<131, 110, 1, 1, 5>>,                            % negative small big
            <<131, 110, 0, 0>>,                               % zero-length big
            <<131, 111, 0, 0, 0, 2, 0, 0, 0>>,                % LARGE_BIG_EXT
            <<131, 99, "1.50000000000000000000e+00", 0, 0, 0, 0, 0>>, % FLOAT_EXT
            <<131, 70, 64, 9, 33, 251, 84, 68, 45, 24>>,      % NEW_FLOAT_EXT
            <<131, 100, 0, 3, "abc">>,                        % ATOM_EXT
            <<131, 115, 3, "abc">>,                           % SMALL_ATOM_EXT
            <<131, 118, 0, 2, 206, 177>>,                     % ATOM_UTF8_EXT
            <<131, 119, 2, 206, 178>>,                        % SMALL_ATOM_UTF8_EXT
            <<131, 100, 0, 1, 233>>,                          % latin1 atom e-acute
            <<131, 106>>,                                     % NIL_EXT
            <<131, 107, 0, 3, 1, 2, 3>>,                      % STRING_EXT
            <<131, 108, 0, 0, 0, 1, 97, 1, 97, 2>>,           % improper LIST_EXT
            <<131, 104, 2, 97, 1, 97, 2>>,                    % SMALL_TUPLE_EXT
            <<131, 105, 0, 0, 0, 1, 106>>,                    % LARGE_TUPLE_EXT
            <<131, 116, 0, 0, 0, 1, 97, 1, 97, 2>>,           % MAP_EXT
            <<131, 116, 0, 0, 0, 2, 97, 1, 97, 2, 97, 1, 97, 3>>, % MAP_EXT duplicate key
            <<131, 109, 0, 0, 0, 2, 7, 8>>,                   % BINARY_EXT
            <<131, 77, 0, 0, 0, 1, 3, 160>>,                  % BIT_BINARY_EXT
            <<131, 77, 0, 0, 0, 1, 8, 160>>,                  % BIT_BINARY_EXT full byte
            <<131, 80, 0, 0, 0, 203, 120, 156, 203, 102, 56, 81, 53, 76, 0, 0, 95, 206, 96, 132>>], % compressed
    lists:foreach(fun(B) -> show(B, catching(fun() -> binary_to_term(B) end)) end, Bins).

errors() ->
    io:format("== errors~n"),
    Bad = [<<>>, <<131>>, <<130, 97, 1>>, <<131, 97>>, <<131, 98, 0, 0>>,
           <<131, 100, 0, 5, "ab">>, <<131, 107, 0, 5, 1>>, <<131, 108, 0, 0, 0, 2, 97, 1, 106>>,
           <<131, 104, 1>>, <<131, 255>>, <<131, 77, 0, 0, 0, 1, 0, 255>>,
           <<131, 80, 0, 0, 0, 10, 1, 2, 3>>, <<131, 118, 0, 2, 255, 255>>,
           <<131, 116, 0, 0, 0, 1, 97, 1>>, <<131, 97, 1, 0>>],
    lists:foreach(fun(B) -> show(B, catching(fun() -> binary_to_term(B) end)) end, Bad),
    NewAtom = <<131, 119, 20, "etf_never_seen_atom1">>,
    show(safe_new_atom, catching(fun() -> binary_to_term(NewAtom, [safe]) end)),
    show(unsafe_new_atom, catching(fun() -> binary_to_term(NewAtom) end)),
    show(not_binary, catching(fun() -> binary_to_term(id("list")) end)),
    show(bad_option, catching(fun() -> binary_to_term(term_to_binary(a), [id(bogus)]) end)),
    show(t2b_bad_option, catching(fun() -> term_to_binary(a, [id(bogus)]) end)),
    show(t2b_bad_level, catching(fun() -> term_to_binary(a, [{compressed, id(10)}]) end)),
    show(t2b_bad_minor, catching(fun() -> term_to_binary(a, [{minor_version, id(3)}]) end)),
    show(bitstring_input, catching(fun() -> binary_to_term(id(<<131, 97, 1, 1:1>>)) end)).

show(Label, Value) ->
    io:format("~w: ~w~n", [Label, Value]).
