%% Records: creation with defaults, field access and update, matching in
%% heads and guards, is_record, record_info, nested records, records as plain
%% tuples, and the errors raised by bad record operations.
-module(records).
-import(diff_util, [id/1, catching/1]).
-export([main/0]).

-record(point, {x = 0, y = 0}).
-record(person, {name, age = 0 :: integer(), email = undefined, tags = []}).
-record(box, {id, content = #point{}, items = []}).
-record(empty, {}).

main() ->
    creation(),
    access(),
    matching(),
    introspection(),
    nested(),
    errors(),
    ok.

creation() ->
    io:format("== creation~n"),
    show(default_point, #point{}),
    show(point, #point{x = 1, y = 2}),
    show(partial, #point{y = 5}),
    show(person, #person{name = "Ann", age = 30}),
    show(all_underscore, #person{_ = filled}),
    show(underscore_override, #person{name = "Bo", _ = x}),
    show(empty, #empty{}),
    show(as_tuple, tuple_to_list(#point{x = a, y = b})),
    show(from_tuple, {point, 3, 4} =:= #point{x = 3, y = 4}),
    io:format("~p~n", [#person{name = "Pretty", tags = [a, b, c]}]),
    io:format("~w~n", [#box{id = 1}]).

access() ->
    io:format("== access~n"),
    P = #person{name = "Cy", age = 40},
    show(fields, {P#person.name, P#person.age, P#person.email, P#person.tags}),
    P2 = P#person{age = 41, email = "cy@example.com"},
    show(updated, P2),
    show(original_unchanged, P),
    show(field_index, {#person.name, #person.age, #person.tags, #point.y}),
    show(element_access, element(#person.age, P2)),
    People = [#person{name = N, age = A} || {N, A} <- [{"a", 5}, {"b", 50}, {"c", 25}]],
    show(sorted_by_age, [X#person.name || X <- lists:keysort(#person.age, People)]),
    show(keyfind, lists:keyfind("b", #person.name, People)),
    show(sum_ages, lists:sum([X#person.age || X <- People])),
    show(comprehension_filter, [N || #person{name = N, age = A} <- People, A > 10]).

matching() ->
    io:format("== matching~n"),
    Shapes = [#point{x = 0, y = 0}, #point{x = 3, y = 0}, #point{x = 1, y = 1},
              #person{name = "X"}, {point, only_one}, {other, 1, 2}],
    show(describe, [describe(S) || S <- Shapes]),
    show(guard_records, [classify(S) || S <- Shapes]),
    #point{x = X} = #point{x = 99},
    show(bind_field, X),
    case #box{id = 7, items = [1, 2]} of
        #box{id = Id, items = [First | _]} -> show(case_match, {Id, First})
    end.

describe(#point{x = 0, y = 0}) -> origin;
describe(#point{y = 0}) -> on_x_axis;
describe(#point{x = X, y = Y}) when X =:= Y -> diagonal;
describe(#person{name = N}) -> {person, N};
describe(_) -> unknown.

classify(R) when is_record(R, point) -> point;
classify(R) when is_record(R, person, 5) -> person;
classify(_) -> not_a_record.

introspection() ->
    io:format("== record_info~n"),
    show(point_fields, record_info(fields, point)),
    show(person_fields, record_info(fields, person)),
    show(sizes, {record_info(size, point), record_info(size, person), record_info(size, empty)}),
    show(is_record_bif, [is_record(#point{}, point), is_record(#point{}, person),
                         is_record({point, 1, 2}, point, 3), is_record({point, 1}, point, 3),
                         is_record(not_tuple, point)]),
    show(dynamic_is_record, [erlang:is_record(V, id(point)) || V <- [#point{}, {point}, {x, 1, 2}]]).

nested() ->
    io:format("== nested~n"),
    B = #box{id = 1, content = #point{x = 5, y = 6}},
    show(nested_access, (B#box.content)#point.y),
    show(nested_field_chain, B#box.content#point.x),
    B2 = B#box{content = (B#box.content)#point{x = 50}},
    show(nested_update, B2),
    Boxes = [#box{id = I, items = lists:seq(1, I)} || I <- lists:seq(1, 4)],
    show(box_items, [{Bx#box.id, length(Bx#box.items)} || Bx <- Boxes]),
    show(default_nested, #box{}).

errors() ->
    io:format("== errors~n"),
    Cases = [{"access wrong record", fun() -> (id(#point{}))#person.name end},
             {"access non-tuple", fun() -> (id(atom))#point.x end},
             {"update wrong record", fun() -> (id(#person{}))#point{x = 1} end},
             {"update wrong size", fun() -> (id({point, 1}))#point{x = 1} end},
             {"match wrong record", fun() -> #point{} = id(#person{}), ok end},
             {"function clause", fun() -> only_points(id({point, 1, 2, 3})) end}],
    lists:foreach(fun({L, F}) -> show(L, catching(F)) end, Cases).

only_points(#point{x = X}) -> X.

show(Label, Value) ->
    io:format("~p: ~w~n", [Label, Value]),
    io:format("  ~p~n", [Value]).
