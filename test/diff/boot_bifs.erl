%% What booting OTP asks of the runtime beyond ordinary code: system processes, the DTrace tag
%% BIFs of a runtime without VM probes, nodes/2, the scheduler wall time switch and
%% persistent_term:info/0, and the system_info items common_test and OTP's suites read.
-module(boot_bifs).
-export([main/0, idle/0]).

main() ->
    system_processes(),
    dtrace_tags(),
    nodes_with_info(),
    wall_time(),
    persistent_terms(),
    info_items().

idle() -> receive stop -> ok end.

system_processes() ->
    System = erts_internal:spawn_system_process(?MODULE, idle, []),
    Plain = spawn(?MODULE, idle, []),
    io:format("system ~p, plain ~p, self ~p~n",
              [erts_internal:is_system_process(System), erts_internal:is_system_process(Plain),
               erts_internal:is_system_process(self())]),
    io:format("group leader inherited: ~p~n",
              [process_info(System, group_leader) =:= {group_leader, group_leader()}]),
    Plain ! stop,  % a system process that ends would end the VM
    io:format("not a pid: ~p~n", [try_(fun() -> erts_internal:is_system_process(id(self)) end)]).

dtrace_tags() ->
    io:format("~p~n", [[erlang:dt_put_tag(<<"t">>), erlang:dt_get_tag(), erlang:dt_get_tag_data(),
                        erlang:dt_prepend_vm_tag_data(<<"a">>), erlang:dt_append_vm_tag_data(<<"b">>),
                        erlang:dt_spread_tag(true), erlang:dt_spread_tag(false),
                        erlang:dt_restore_tag(true)]]),
    io:format("~p~n", [[try_(fun() -> erlang:dt_spread_tag(id(maybe)) end),
                        try_(fun() -> erlang:dt_restore_tag(id({0, []})) end)]]).

nodes_with_info() ->
    io:format("~p~n", [[erlang:nodes(visible, #{}), erlang:nodes(connected, #{node_type => true}),
                        erlang:nodes(this, #{connection_id => true, node_type => true}),
                        erlang:nodes([this, known], #{node_type => false}),
                        erlang:nodes(known, #{connection_id => true})]]),
    [io:format("~p~n", [try_(fun() -> erlang:nodes(Kind, Info) end)])
     || {Kind, Info} <- [{this, #{foo => true}}, {this, #{node_type => yes}}, {this, []},
                         {nowhere, #{}}, {[this | this], #{}}]].

wall_time() ->
    Before = erts_internal:scheduler_wall_time(true),
    Busy = lists:sum(lists:seq(1, 300000)),
    Times = erlang:statistics(scheduler_wall_time),
    All = erlang:statistics(scheduler_wall_time_all),
    Ids = lists:sort([Id || {Id, _, _} <- Times]),  % normal and dirty CPU schedulers, in any order
    io:format("was on: ~p, busy ~p, ids ~p, active =< total: ~p, total > 0: ~p, all ~p~n",
              [Before, Busy, Ids =:= lists:seq(1, length(Times)) andalso length(Times) >= erlang:system_info(schedulers),
               lists:all(fun({_, A, T}) -> A =< T end, Times),
               lists:all(fun({_, _, T}) -> T > 0 end, Times),
               length(All) >= length(Times)]),
    io:format("turned off: ~p, then ~p~n",
              [erts_internal:scheduler_wall_time(false), erlang:statistics(scheduler_wall_time)]).

persistent_terms() ->
    #{count := C0, memory := M0} = persistent_term:info(),
    persistent_term:put({?MODULE, big}, lists:seq(1, 1000)),
    #{count := C1, memory := M1} = persistent_term:info(),
    persistent_term:erase({?MODULE, big}),
    #{count := C2} = persistent_term:info(),
    io:format("persistent_term: ~p ~p ~p~n", [C1 - C0, M1 - M0 >= 1000 * 16, C2 - C0]).

info_items() ->
    Version = erlang:system_info(system_version),
    io:format("system_version: ~p~n", [lists:prefix("Erlang/OTP 25 [erts-13.1.5]", Version)
                                       andalso lists:last(Version) =:= $\n]),
    io:format("modified_timing_level: ~p~n", [erlang:system_info(modified_timing_level)]),
    Snifs = erlang:system_info(snifs),
    io:format("snifs: ~p~n", [[lists:member(F, Snifs)
                               || F <- [{lists, reverse, 2}, {erlang, self, 0}, {lists, keyfind, 3},
                                        {lists, map, 2}, {erlang, atom_to_list, 1}]]]),
    Count = erlang:system_info(ets_count),
    T = ets:new(t, []),
    io:format("ets_count: ~p~n", [erlang:system_info(ets_count) - Count]),
    ets:delete(T),
    io:format("gc: ~p~n", [lists:sort([K || {K, _} <- erlang:system_info(garbage_collection)])]),
    {Total, Online, Active} = erlang:system_info(schedulers_state),
    io:format("schedulers_state: ~p~n", [{Total, Online} =:= {erlang:system_info(schedulers),
                                                            erlang:system_info(schedulers_online)}
                                         andalso Active =< Total]),
    io:format("runtime: ~p~n", [[erlang:system_info(I) || I <- [heap_type, dynamic_trace, taints, dist_ctrl,
                                                                 context_reductions, lock_counting]]]),
    io:format("os: ~p ~p~n", [os:type(), os:version()]),
    Arch = erlang:system_info(system_architecture),
    io:format("architecture: ~p~n", [io_lib:printable_list(Arch) andalso length(string:split(Arch, "-", all)) >= 3]).

try_(F) ->
    try F() catch Class:Reason -> {Class, Reason} end.

id(X) -> X.
