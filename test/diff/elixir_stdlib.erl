%% Elixir's standard library as its .beam files ship (compiled by OTP 24, so they use the older
%% binary construction instructions), called from Erlang.
-module(elixir_stdlib).
-export([main/0]).

main() ->
    show(string_upcase, 'Elixir.String':upcase(<<"hello wörld">>)),
    show(string_pad, 'Elixir.String':pad_leading(<<"42">>, 6, <<"0">>)),
    show(string_split, 'Elixir.String':split(<<"a,b,,c">>, <<",">>)),
    show(string_replace, 'Elixir.String':replace(<<"a-b-c">>, <<"-">>, <<"+">>)),
    show(string_slice, 'Elixir.String':slice(<<"elixir">>, 1, 3)),
    show(string_reverse, 'Elixir.String':reverse(<<"abc">>)),
    show(string_duplicate, 'Elixir.String':duplicate(<<"ab">>, 3)),
    show(integer_to_string, 'Elixir.Integer':to_string(255, 16)),
    show(integer_digits, 'Elixir.Integer':digits(123456)),
    show(integer_parse, 'Elixir.Integer':parse(<<"12abc">>)),
    show(base64, 'Elixir.Base':encode64(<<"ember VM">>)),
    show(base16, 'Elixir.Base':encode16(<<1, 2, 255>>)),
    show(base16_decode, 'Elixir.Base':decode16(<<"0102FF">>)),
    show(enum_map, 'Elixir.Enum':map([1, 2, 3], fun(X) -> X * X end)),
    show(enum_join, 'Elixir.Enum':join([<<"a">>, <<"b">>, <<"c">>], <<"-">>)),
    show(enum_chunk, 'Elixir.Enum':chunk_every([1, 2, 3, 4, 5], 2)),
    show(enum_sort_by, 'Elixir.Enum':sort_by([<<"ccc">>, <<"a">>, <<"bb">>], fun byte_size/1)),
    show(enum_reduce, 'Elixir.Enum':reduce(lists:seq(1, 100), 0, fun(X, A) -> X + A end)),
    show(list_flatten, 'Elixir.List':flatten([1, [2, [3, [4]]]])),
    show(keyword, 'Elixir.Keyword':get([{a, 1}, {b, 2}], b)),
    show(uri_encode, 'Elixir.URI':encode(<<"a b&c">>)),
    ok.

show(Label, Value) -> io:format("~p: ~p~n", [Label, Value]).
