%% The base64 module as shipped: encode/decode of binaries and strings,
%% padding, every byte value, mime decoding (ignoring junk), and errors.
-module(lib_base64).
-import(diff_util, [catching/1]).
-export([main/0]).

main() ->
    Inputs = [<<>>, <<"f">>, <<"fo">>, <<"foo">>, <<"foob">>, <<"fooba">>, <<"foobar">>,
              <<0>>, <<255, 254, 253>>, list_to_binary(lists:seq(0, 255)),
              <<"The quick brown fox jumps over the lazy dog">>, binary:copy(<<"xyz">>, 100)],
    lists:foreach(
      fun(B) ->
              E = base64:encode(B),
              ES = base64:encode_to_string(B),
              D = base64:decode(E),
              io:format("~p~n  ~s~n  ~w ~w ~w~n",
                        [shorten(B), E, ES =:= binary_to_list(E), D =:= B,
                         base64:decode_to_string(ES) =:= binary_to_list(B)])
      end, Inputs),
    Cases =
        [{encode_string_input, fun() -> base64:encode("hello") end},
         {encode_iolist, fun() -> base64:encode([<<"he">>, "llo"]) end},
         {decode_string_input, fun() -> base64:decode("aGVsbG8=") end},
         {decode_no_padding, fun() -> base64:decode(<<"aGVsbG8">>) end},
         {mime_decode_junk, fun() -> base64:mime_decode(<<"aGV\r\nsbG8=!!">>) end},
         {mime_decode_to_string, fun() -> base64:mime_decode_to_string("aGVs\nbG8=") end},
         {mime_stops_at_padding, fun() -> base64:mime_decode(<<"Zg==Zm9v">>) end},
         {decode_whitespace, fun() -> base64:decode(<<"aGVs bG8=">>) end},
         {err_bad_char, fun() -> base64:decode(<<"a$==">>) end},
         {err_bad_length, fun() -> base64:decode(<<"abcde">>) end},
         {err_bad_padding, fun() -> base64:decode(<<"a===">>) end},
         {err_not_binary, fun() -> base64:encode(notbinary) end},
         {err_bitstring, fun() -> base64:encode(<<1:3>>) end}],
    lists:foreach(fun({L, F}) -> io:format("~p: ~p~n", [L, catching(F)]) end, Cases).

shorten(B) when byte_size(B) > 40 -> {byte_size(B), binary:part(B, 0, 10)};
shorten(B) -> B.
