%% {scheduler, N} binds a process to a scheduler (spawn_opt/2,4 and process_flag/2), 0 unbinds
%% it; N beyond the schedulers, negative or no integer is badarg. The bound process runs as any
%% other. Also the system_info items OTP's atomics and counters suites read.
-module(scheduler_binding).
-export([main/0]).
-import(diff_util, [id/1, catching/1]).

main() ->
    Self = self(),
    Beyond = erlang:system_info(schedulers) + 1,
    [begin
         R = try
                 {P, M} = spawn_opt(fun() -> Self ! {self(), process_flag(scheduler, 0)} end,
                                    [monitor, {scheduler, id(N)}]),
                 receive {P, Old} -> ok end,
                 receive {'DOWN', M, process, P, Why} -> {bound, Old, Why} end
             catch C:E -> {C, E}
             end,
         io:format("spawn_opt ~p: ~p~n", [if N =:= Beyond -> beyond; true -> N end, R])
     end || N <- [0, 1, Beyond, -1, 1.0, a, 1 bsl 64]],
    io:format("process_flag: ~p~n", [[catching(fun() -> process_flag(scheduler, id(N)) end)
                                      || N <- [1, 1, 0, 0, Beyond, -1, a]]]),
    io:format("spawn_opt/4: ~p~n", [catching(fun() -> spawn_opt(erlang, now, [], [{scheduler, Beyond}]) end)]),
    io:format("wordsize: ~p~n", [[catching(fun() -> erlang:system_info(id(W)) end)
                                  || W <- [wordsize, {wordsize, internal}, {wordsize, external}, {wordsize, x}]]]),
    EI = erlang:system_info(ethread_info),
    io:format("ethread_info: ~p~n", [[case lists:keyfind(Name, 1, EI) of
                                          {_, Impl, Ops} -> {Name, is_list(Impl), is_list(Ops)};
                                          false -> {Name, missing}
                                      end || Name <- ["32-bit native atomics", "64-bit native atomics"]]]).
