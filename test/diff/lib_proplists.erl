%% The proplists module as shipped.
-module(lib_proplists).
-import(diff_util, [catching/1]).
-export([main/0]).

main() ->
    P = [{a, 1}, b, {c, [x, y]}, {a, 2}, {d, true}, {e, false}, "junk", {f, 1, 2}, c, {g}],
    Cases =
        [{get_value, fun() -> [proplists:get_value(K, P) || K <- [a, b, c, d, e, f, g, z]] end},
         {get_value_default, fun() -> proplists:get_value(z, P, default) end},
         {get_all_values, fun() -> [proplists:get_all_values(K, P) || K <- [a, c, z]] end},
         {append_values, fun() -> proplists:append_values(c, P ++ [{c, [z]}]) end},
         {lookup, fun() -> [proplists:lookup(K, P) || K <- [a, b, f, g, z]] end},
         {lookup_all, fun() -> [proplists:lookup_all(K, P) || K <- [a, c, z]] end},
         {is_defined, fun() -> [proplists:is_defined(K, P) || K <- [a, b, g, z]] end},
         {get_bool, fun() -> [proplists:get_bool(K, P) || K <- [b, d, e, a, z]] end},
         {get_keys, fun() -> lists:sort(proplists:get_keys(P)) end},
         {delete, fun() -> proplists:delete(a, P) end},
         {compact, fun() -> proplists:compact([{a, true}, {b, 1}, c, {d, false}]) end},
         {property, fun() -> [proplists:property(X) || X <- [{a, true}, {b, 1}, c, {d, e, f}]] end},
         {property_2, fun() -> [proplists:property(a, true), proplists:property(a, 1)] end},
         {unfold, fun() -> proplists:unfold([a, {b, 1}, "str", c]) end},
         {expand, fun() -> proplists:expand([{foo, [bar, baz]}, {{all, true}, [x, y]}],
                                            [foo, {all, true}, other]) end},
         {normalize, fun() -> proplists:normalize([a, {b, 1}, {old, 2}, {neg, true}],
                                                  [{aliases, [{old, new}]},
                                                   {negations, [{neg, pos}]},
                                                   {expand, [{a, [{x, 1}, {y, 2}]}]}]) end},
         {substitute_aliases, fun() -> proplists:substitute_aliases([{k, key}], [{k, 1}, k, {z, 2}]) end},
         {substitute_negations, fun() -> proplists:substitute_negations([{no_x, x}],
                                                                        [no_x, {no_x, true}, {no_x, false}, y]) end},
         {split, fun() -> proplists:split(P, [a, c]) end},
         {to_map, fun() -> proplists:to_map([{a, 1}, b, {c, 3}, {a, ignored}]) end},
         {to_map_opts, fun() -> proplists:to_map([x, {y, 1}], [{aliases, [{x, xx}]}]) end},
         {from_map, fun() -> lists:sort(proplists:from_map(#{a => 1, b => 2})) end},
         {empty, fun() -> {proplists:get_value(a, []), proplists:get_all_values(a, []),
                           proplists:to_map([])} end},
         {err_not_list, fun() -> proplists:get_value(a, notalist) end},
         {err_delete_improper, fun() -> proplists:delete(a, [{a, 1} | tail]) end}],
    lists:foreach(fun({L, F}) -> show(L, catching(F)) end, Cases).

show(Label, Value) ->
    io:format("~p: ~p~n", [Label, Value]).
