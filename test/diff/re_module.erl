%% The re module: the BIFs (compile/1,2, run/2,3, internal_run/4, inspect/2, version/0)
%% and re.erl's split, replace and global run on top of them, with cases in the manner of
%% OTP's re_SUITE: compile and run options, captures of every kind and type, named and
%% duplicate groups, unicode and ucp, Latin-1 classes without unicode, global matches and
%% empty matches, match limits, and the errors (badopt, badarg, compile errors).
%%
%% Expected differences: ember runs PCRE2 where erts runs PCRE 8.44, so the text of a
%% compile error differs ("missing closing parenthesis" for "missing )", "quantifier does
%% not follow a repeatable item" for "nothing to repeat", ...); the test prints compile
%% errors as {error, {text, Position}} and compares only positions.
%% re:version/0 and the bytes of a compiled pattern are ember's own and are not printed.
-module(re_module).
-import(diff_util, [id/1, catching/1]).
-export([main/0]).

main() ->
    version(),
    compile_results(),
    compile_options(),
    syntax(),
    run_options(),
    captures(),
    names(),
    unicode(),
    global(),
    split_replace(),
    limits(),
    errors(),
    binaries(),
    ok.

show(Label, Result) -> io:format("~s: ~w~n", [Label, hide_text(Result)]).

%% Compile error texts are PCRE's own: see the expected differences above.
hide_text({error, {compile, {Text, Pos}}}) when is_list(Text) -> {error, {compile, {text, Pos}}};
hide_text({error, {Text, Pos}}) when is_list(Text), Text =/= [] -> {error, {text, Pos}};
hide_text(Other) -> Other.

version() ->
    V = re:version(),
    show("version shape", re:run(V, "^[0-9]+\\.[0-9]+ [0-9]{4}-[0-9]{2}-[0-9]{2}$", [{capture, none}])).

compile_results() ->
    [begin
         R = catching(fun() -> re:compile(id(P), id(O)) end),
         show(io_lib:format("compile ~w ~w", [P, O]), shape(R))
     end || {P, O} <- [{"abc", []}, {"(a)(b)(?<n>c)", []}, {<<"x(y)">>, []}, {["a", <<"(b)">>, $c], []},
                       {"a", [unicode]}, {"a", [{newline, crlf}]}, {"a", [{newline, any}]},
                       {"a", [{newline, anycrlf}]}, {"a", [{newline, cr}]}, {"a", [{newline, lf}]},
                       {"(*CRLF)a", []}, {"(*ANYCRLF)a", []}, {"(*CR)a", []},
                       {"(", []}, {"a)", []}, {"[a", []}, {"a{2,1}", []}, {"\\", []},
                       {"*", []}, {"(?P<n", []}, {"(?<n>a)(?<n>b)", [dupnames]}, {"(?<n>a)(?<n>b)", []},
                       {"(?P<n>a)(?P<n>b)", []}, {"(?'n'a)(?'n'b)", []},
                       {"a", [{newline, cr}, {newline, lf}]}, {"a", [{newline, lf}, {newline, any}]},
                       {"a", [bsr_anycrlf, bsr_unicode]}, {"a", [{newline, crlf}, {newline, crlf}]}, {"x\\", []},
                       {"a", [global]}, {"a", [bad]}, {"a", [{offset, 1}]}, {"a", [notempty]},
                       {"a", [{capture, all}]}, {"a", [report_errors]}, {"a", [caseless | x]},
                       {"a", [{newline, 3}]}, {"a", [{newline, apa}]}, {"a", ["global"]},
                       {"\x{400}", [unicode]}, {[<<"ap">> | $a], []}, {atom, []},
                       {"ABC", [unicode, never_utf]}, {"(*UTF)ABC", [never_utf]}, {"(*UTF)ABC", []}]],
    show("compile/1", shape(re:compile(id("a(b)")))),
    show("compile/1 error", shape(re:compile(id("a(b")))),
    show("compile/1 bad", catching(fun() -> re:compile(id({x})) end)).

%% A compiled pattern without its binary (ember's own format): {ok, {re_pattern, N, U, CRLF}}.
shape({ok, {re_pattern, N, U, C, B}}) when is_binary(B) -> {ok, {re_pattern, N, U, C}};
shape(Other) -> hide_text(Other).

%% {Subject, RE, CompileOptions, RunOptions}: each is run with the RE compiled first and, when
%% the run options allow it, with the textual RE and both option lists together.
compile_option_cases() ->
    [{"ABDabcdABCD", "abcd", [], []},
     {"ABDabcdABCD", "abcd", [anchored], []},
     {"ABDabcdABCD", ".*abcd", [anchored], []},
     {"ABCabcdABC", "ABCD", [caseless], []},
     {"abcdABC\n", "ABC$", [], []},
     {"abcdABC\n", "ABC$", [dollar_endonly], []},
     {"abcdABC\n", "ABC.", [dotall], []},
     {"abcdABCD", "ABC .", [extended], []},
     {"abcd\nABCD", "ABC", [firstline], []},
     {"abcd\nABCD", "^ABC", [multiline], []},
     {"abcdABCD", "(ABC)", [no_auto_capture], []},
     {"abcdABCD", "(?<FOO>ABC)|(?<FOO>DEF)", [dupnames], []},
     {"abcdABCDabcABCD", "abcd.*D", [ungreedy], []},
     {"abcdABCabcABC\nD", "abcd.*D", [{newline, cr}], []},
     {"abcdABCabcABC\rD", "abcd.*D", [], []},
     {"abcdABCabcABC\rD", "abcd.*D", [{newline, cr}], [{newline, lf}]},
     {"abcdABCabcABC\nD", "abcd.*D", [], [{newline, cr}]},
     {"abcdABCabcd\r\n", "abcd$", [], [{newline, lf}]},
     {"abcdABCabcd\r\n", "abcd$", [], [{newline, cr}]},
     {"abcdABCabcd\r\n", "abcd$", [], [{newline, crlf}]},
     {"abcdABCabcd\r", "abcd$", [], [{newline, crlf}]},
     {"abcdABCabcd\r\n", "abcd$", [{newline, anycrlf}], []},
     {"abcdABCabcd\r", "abcd$", [{newline, anycrlf}], []},
     {"abcdABCabcd\x{85}", "abcd$", [{newline, any}], []},
     {"abcdABCabcd\x{85}", "abcd$", [{newline, anycrlf}], []},
     {"a\x{85}b", "a\\Rb", [], []},
     {"a\x{85}b", "a\\Rb", [bsr_anycrlf], []},
     {"a\x{85}b", "a\\Rb", [], [bsr_anycrlf]},
     {"a\r\nb", "a\\Rb", [bsr_anycrlf], [bsr_unicode]},
     {"DEFABC", "(*COMMIT)ABC", [], []},
     {"DEFABC", "(*COMMIT)ABC", [no_start_optimize], []},
     {"ABC", "ABC", [never_utf], []},
     {"ABC", "(*UTF)ABC", [], []},
     {"ABC", "(*UTF8)ABC", [], []},
     {"a\x{e9}b", "a\\wb", [], []},
     {"a\x{e9}b", "a\\Wb", [], []},
     {"a\x{d7}b", "a\\wb", [], []},
     {"\x{c9}T\x{c9}", "\x{e9}t\x{e9}", [caseless], []},
     {"\x{df}\x{ff}", "\x{df}\x{ff}", [caseless], []},
     {"\x{ff}", "\x{df}", [caseless], []},
     {"\x{aa}\x{b5}\x{ba}", "^[[:lower:]]+$", [], []},
     {"\x{c0}\x{de}", "^[[:upper:]]+$", [], []},
     {"\x{a0}", "\\s", [], []},
     {"\x{a0}", "[[:punct:]]", [], []},
     {"\x{a0}", "[[:graph:]]", [], []},
     {"\x{9f}", "[[:cntrl:]]", [], []},
     {"\x{d7}\x{f7}", "^[[:punct:]]+$", [], []},
     {"\x{e9}", "[[:alpha:]]", [], []},
     {"\x{e9}", "\\b", [], []},
     {"\v", "\\s", [], []},
     {"aBc", "(?i)abc", [], []},
     {"abc", "a(?#comment)bc", [], []},
     {"foo.bar", "\\Qo.b\\E", [], []}].

compile_options() ->
    [begin
         Compiled = catching(fun() ->
                                     {ok, MP} = re:compile(S, CO),
                                     re:run(S, MP, RO)
                             end),
         Direct = catching(fun() -> re:run(S, RE, CO ++ RO) end),
         show(io_lib:format("copt ~w ~w ~w ~w", [S, RE, CO, RO]), {Compiled, Direct})
     end || {S, RE, CO, RO} <- compile_option_cases()].

%% PCRE 8.44 syntax that PCRE2 reads otherwise or refuses: hyphens after class escapes,
%% escaped letters without meaning, \8 and \9 before their group, \c before a control
%% character, \K in lookarounds; and the positions of errors after such places.
syntax() ->
    Cases =
        [{"12-34z", "[\\d-z]+"}, {"a.b-c", "^[\\w-.]+$"}, {"x-y", "[[:alpha:]-z]+"},
         {"a-", "[\\s-a]+"}, {"R", "[\\R]"}, {"X", "[\\X]"}, {"B", "^[\\B]$"}, {"i", "\\i"},
         {"jmq", "\\j\\m\\q"}, {"FIJ", "\\F\\I\\J"}, {"kz", "[\\k][\\z]"}, {"-", "[\\d-]"},
         {"8abcdefgh", "\\8(a)(b)(c)(d)(e)(f)(g)(h)"}, {"abcdefghh", "(a)(b)(c)(d)(e)(f)(g)(h)\\8"},
         {"abcdefgh9", "(a)(b)(c)(d)(e)(f)(g)(h)\\9"}, {"81", "\\81"}, {"8", "[\\8]"},
         {"?", [$^, $\\, $c, 127]}, {[1], "\\cA"}, {[27], [$\\, $c, $[]},
         {"ab", "(?=a\\Kb)ab"}, {"a-b", "\\Q[\\d-z]\\E|[\\d-z]"}, {"x", "(?#[\\d-z)x"},
         {"e", "[\\d-\\s]"}, {"q", "[a-\\d]"}, {"x", "\\i("}, {"x", "[\\w-.]("},
         {"x", "\\8\\9("}, {"x", [$\\, $c, 127, $(]}, {"x", "[[:alpha:]-z]{2,1}"}],
    [show(io_lib:format("syntax ~w ~w", [S, RE]), {catching(fun() -> re:run(S, RE) end),
                                                   shape(re:compile(RE)), shape(re:compile(RE, [extended]))})
     || {S, RE} <- Cases],
    show("extended comment", re:run("a-", "[\\d-a] # [\\w-x\n", [extended])).

run_options() ->
    Cases =
        [{"abc", "ab", [{offset, 0}]}, {"abc", "ab", [{offset, 1}]}, {"abc", "", [{offset, 3}]},
         {"abc", "c", [{offset, 2}]}, {"abc", "^b", [{offset, 1}]}, {"abc", "\\Gb", [{offset, 1}]},
         {"abc", "b", [anchored]}, {"abc", "b", [anchored, {offset, 1}]},
         {"abc\ndef", "^def", [multiline, notbol]}, {"abc\ndef", "^abc", [multiline, notbol]},
         {"abc\ndef", "def$", [multiline, noteol]}, {"abc\ndef", "abc$", [multiline, noteol]},
         {"ABC\nD", "[a-z]*", []}, {"ABC\nD", "[a-z]*", [notempty]},
         {"ABC", "[a-z]*", [notempty_atstart]}, {"aBC", "[a-z]*", [notempty_atstart]},
         {"abcdABCabcd\r\nefgh", "abcd$", [{newline, crlf}]},
         {"abcdABCabcd\r\nefgh", "abcd$", [{newline, crlf}, multiline]},
         {"abcdABCabcd\r\nefgh", "efgh$", [{newline, crlf}, multiline, noteol]},
         {"abcdABCabcd\r\nefgh", "^efgh", [{newline, crlf}, multiline, notbol]},
         {"abc", "b", [report_errors]}, {"abc", "x", [report_errors]},
         {"abc", "b", [{match_limit, 100}]}, {"abc", "b", [{match_limit_recursion, 100}]},
         {<<"abc">>, <<"b">>, []}, {[<<"a">>, [$b | <<"c">>]], [<<"b">>], []},
         {"abc", "b", [{capture, all}, {capture, first, list}]},
         {"aaa", "a", [{offset, 1}, {offset, 2}]}],
    [show(io_lib:format("run ~w ~w ~w", [S, RE, O]), catching(fun() -> re:run(id(S), id(RE), id(O)) end))
     || {S, RE, O} <- Cases],
    show("run/2", re:run(id("xaby"), id("a(b)"))),
    show("run/2 nomatch", re:run(id("xy"), id("a(b)"))),
    show("internal_run true", re:internal_run(id("xaby"), id("a(b)"), [], true)),
    show("internal_run false", re:internal_run(id(<<"xaby">>), id("a(b)"), [], false)),
    show("internal_run bad", catching(fun() -> re:internal_run(id("xaby"), id("a(b)"), [], maybe) end)).

capture_specs() ->
    [all, all_but_first, first, none, all_names, [], [0], [1], [2], [3], [4], [200], [3, 1, 0],
     ['FOO'], ["FOO"], [<<"FOO">>], ['BAR'], [[$F, <<"OO">>]], ['FOO', 2, "FOO"]].

captures() ->
    {ok, MP} = re:compile(".*((?<FOO>abdd)|a(..d)).*"),
    {ok, MP2} = re:compile("(a)(x)?(?<FOO>b)(y)?"),
    [begin
         show(io_lib:format("capture ~w ~w mp", [Spec, Type]),
              catching(fun() -> re:run("ABCabcdABC", MP, [{capture, Spec, Type}]) end)),
         show(io_lib:format("capture ~w ~w mp2", [Spec, Type]),
              catching(fun() -> re:run(<<"zabq">>, MP2, [{capture, Spec, Type}]) end)),
         show(io_lib:format("capture ~w ~w nomatch", [Spec, Type]),
              catching(fun() -> re:run("zzz", MP2, [{capture, Spec, Type}]) end))
     end || Spec <- capture_specs(), Type <- [index, list, binary]],
    [show(io_lib:format("capture/2 ~w", [Spec]), catching(fun() -> re:run("zabq", MP2, [{capture, Spec}]) end))
     || Spec <- capture_specs()],
    show("trailing unset groups", re:run("ab", "(a)(x)?")),
    show("inner unset group", re:run("ab", "(a)(x)?(b)")).

names() ->
    Days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    DN = "(?<DN>Mon|Fri|Sun)(?:day)?|(?<DN>Tue)(?:sday)?|(?<DN>Wed)(?:nesday)?|"
         "(?<DN>Thu)(?:rsday)?|(?<DN>Sat)(?:urday)?",
    [show("dupnames " ++ Day, {re:run(Day, DN, [dupnames, {capture, ['DN'], list}]),
                               re:run(Day, DN, [dupnames, {capture, ['DN'], binary}]),
                               re:run(Day, DN, [dupnames, {capture, all_names, index}])}) || Day <- Days],
    Skrap = "(?<Skrap>.)(?<DN>Mon|Fri|Sun)(?:day)?(?<Skrap2>.)|(?<DN>Tue)(?:sday)?|"
            "(?<DN>Wed)nesday|(?<DN>Thu)(?:rsday)?|(?<DN>Sat)(?:urday)?",
    [show("skrap " ++ S, {re:run(S, Skrap, [dupnames, {capture, ['Skrap', 'DN', 'Skrap2'], index}]),
                          re:run(S, Skrap, [dupnames, {capture, all_names, index}])})
     || S <- ["SMondayX", "Wednesday", "Wednsday"]],
    [show("abc names " ++ S, [re:run(S, RE, [{capture, all_names, T}]) || T <- [index, binary, list]])
     || S <- ["A", "B", "C"], RE <- ["(?<A>A)|(?<B>B)|(?<C>C)", "(?<C>A)|(?<B>B)|(?<A>C)"]],
    show("global all_names", re:run("CCC", "(?<A>A)|(?<B>B)|(?<C>C)", [global, {capture, all_names, binary}])),
    show("global dup all_names", re:run("CBC", "(?<A>A)|(?<B>B)|(?<A>C)", [global, dupnames, {capture, all_names, binary}])),
    [show("dup A " ++ S, re:run(S, "(?<A>D)|(?<B>E)|(?<A>F)", [dupnames, {capture, C, list}]))
     || S <- ["ABCE", "ABCDE", "ABCFE"], C <- [['A'], ['A', 'B'], all_names]],
    show("no names", re:run("Subject", "b", [dupnames, {capture, all_names, binary}])),
    show("many names", re:run("SubjectIsMoreThanTen",
                              "(?<S>S)(?<u>u)(?<b>b)(?<j>j)(?<e>e)(?<c>c)(?<t>t)(?<I>I)(?<s>s)(?<M>M)"
                              "(?<o>o)(?<r>r)(?<e>e)(?<T>T)(?<h>h)(?<a>a)(?<n>n)(?<T>T)(?<e>e)(?<n>n)",
                              [dupnames, {capture, all_names, binary}])),
    show("name with nul", re:run("ab", "(?<x>b)", [{capture, [<<"x", 0, "y">>]}])),
    show("perl names", re:run("ab", "(?P<x>b)(?'y'$)", [{capture, all_names}])),
    {ok, MP} = re:compile("(?<A>A)|(?<B>B)|(?<C>C)."),
    {ok, MPD} = re:compile("(?<A>A)|(?<B>B)|(?<A>C).", [dupnames]),
    {ok, MPN} = re:compile("(A)|(B)|(C)."),
    {ok, MPJ} = re:compile("(?J)(?<Z>A)|(?<Y>B)|(?<Z>C)."),
    [show("inspect", catching(fun() -> re:inspect(P, I) end))
     || {P, I} <- [{MP, namelist}, {MPD, namelist}, {MPN, namelist}, {MPJ, namelist},
                   {MPD, namelistk}, {{re_pattern, 3, 0, 0, <<"kalle">>}, namelist},
                   {{re_pattern, 3, 0, 0, <<"kalle", 2:2>>}, namelist}, {"", namelist},
                   {{re_pattern, 3, 0, 0}, namelist}, {MP, 999}]],
    show("dupname (?J) capture", re:run("xC", MPJ, [{capture, ['Z'], list}])),
    [show("erts pattern names", catching(fun() -> re:inspect(P, namelist) end)) || P <- erts_patterns()].

%% What erl's re:compile/2 returns (PCRE 8.44 code) for "a(?<n>b)", for "(?<b>x)(?<a>y)(?<b>z)"
%% with dupnames and for "(?J)(?<Z>A)|(?<Y>B)|(?<Z>C).", as Elixir's .beam files hold regex
%% literals: Regex.names/1 lists their names through re:inspect/2 whatever re:version/0 says.
erts_patterns() ->
    [{re_pattern,1,0,0,<<69,82,67,80,87,0,0,0,0,0,0,0,81,0,0,0,255,255,255,255,255,255,255,255,97,0,98,0,0,0,1,0,0,0,64,0,4,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1,110,0,131,0,15,29,97,133,0,7,0,1,29,98,120,0,7,120,0,15,0>>},
     {re_pattern,3,0,0,<<69,82,67,80,113,0,0,0,0,0,8,0,81,0,0,0,255,255,255,255,255,255,255,255,120,0,122,0,0,0,3,0,0,0,64,0,4,0,3,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,2,97,0,0,1,98,0,0,3,98,0,131,0,33,133,0,7,0,1,29,120,120,0,7,133,0,7,0,2,29,121,120,0,7,133,0,7,0,3,29,122,120,0,7,120,0,33,0>>},
     {re_pattern,3,0,0,<<69,82,67,80,120,0,0,0,0,0,0,0,1,4,0,0,255,255,255,255,255,255,255,255,0,0,0,0,0,0,3,0,0,0,64,0,4,0,3,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,2,89,0,0,1,90,0,0,3,90,0,131,0,13,133,0,7,0,1,29,65,120,0,7,119,0,13,133,0,7,0,2,29,66,120,0,7,119,0,14,133,0,7,0,3,29,67,120,0,7,12,120,0,40,0>>}].

unicode() ->
    Cases =
        [{"ABC\x{c5}bcdABCabcdA", ".(?<FOO>bcd)", [global, {capture, all, binary}, unicode]},
         {<<"ABC", 8#303, 8#205, "bcdABCabcdA">>, ".(?<FOO>bcd)", [global, {capture, all, list}, unicode]},
         {"ABC\x{c5}bcdABCabcdA", ".(?<FOO>bcd)", [global, {capture, all, list}, unicode]},
         {"ABC\x{c5}bcdABCabcdA", ".(?<FOO>bcd)", [global, {capture, all, index}, unicode]},
         {"ABC\x{c5}bcdABCabcdA", ".(?<FOO>bcd)", [{capture, all, list}, unicode]},
         {"ABC\x{c5}bcdABCabcdA", ".(?<FOO>bcd)", [{capture, all, binary}, unicode]},
         {"\x{400}\x{401}x", "(.)x", [unicode]},
         {"\x{400}\x{401}x", "(.)x", [unicode, {capture, all, list}]},
         {"\x{400}\x{401}x", "\x{401}", [unicode]},
         {[$a, <<"\x{400}"/utf8>>, "bc"], "b", [unicode]},
         {"a", "\\w", [unicode]}, {[229], "\\w", [unicode]}, {[1024], "\\w", [unicode]},
         {[1024], "\\w", [unicode, ucp]}, {[1633], "\\d", [unicode]}, {[1633], "\\d", [unicode, ucp]},
         {"\x{e9}T\x{c9}", "\x{c9}t\x{e9}", [unicode, caseless]},
         {"\x{3a3}", "\x{3c3}", [unicode, caseless]},
         {"\x{3a3}", "\\p{Lu}", [unicode]}, {"x", "\\p{Lu}", [unicode]},
         {<<65, 204, 128, 65, 204, 128, 97, 98, 99>>, <<"\\X?abc">>, [unicode, {capture, none}]},
         {"a\x{400}b", "", [unicode, global]},
         {"a\x{10000}b", "x*", [unicode, global]},
         {"\x{400}", "\\x{400}", [unicode]}, {"\x{400}", "\\x{400}", []},
         {"\x{e9}", <<"\x{e9}"/utf8>>, [unicode]},
         {<<255, 255, 255>>, <<"a">>, []}, {<<255, 255, 255>>, "a", []}, {<<"aaa">>, <<255>>, []},
         {<<"aaa">>, [255], []}, {<<255, 255, 255>>, <<255>>, []}, {<<255, 255, 255>>, [255], []},
         {<<255, 255, 255>>, <<"a">>, [unicode]}, {<<255, 255, 255>>, "a", [unicode]},
         {<<"aaa">>, <<255>>, [unicode]}, {<<"aaa">>, [255], [unicode]},
         {<<255, 255, 255>>, <<255>>, [unicode]}, {<<255, 255, 255>>, [255], [unicode]},
         {<<"\x{400}"/utf8>>, <<"">>, [unicode, {offset, 1}]},
         {<<"\x{400}"/utf8>>, <<"">>, [unicode, {offset, 2}]},
         {[1024, 2048], "(.)", [unicode, {capture, all, binary}]},
         {[16#110000], "a", [unicode]}],
    [show(io_lib:format("unicode ~w ~w ~w", [S, RE, O]), catching(fun() -> re:run(id(S), id(RE), id(O)) end))
     || {S, RE, O} <- Cases],
    {ok, U} = re:compile("(.)(?<n>.)", [unicode]),
    show("compiled unicode", shape({ok, U})),
    [show(io_lib:format("compiled unicode ~w ~w", [S, O]), catching(fun() -> re:run(id(S), U, O) end))
     || S <- ["\x{400}\x{401}", <<"\x{400}\x{401}"/utf8>>, [<<"\x{400}"/utf8>>, 16#401]],
        O <- [[], [{capture, all, list}], [{capture, all, binary}], [global, {capture, all, list}]]],
    show("ucompile list", shape(re:compile([16#400, "x"], [unicode]))),
    show("ucompile bad", catching(fun() -> re:compile([16#110000], [unicode]) end)).

global() ->
    Cases =
        [{"aaa", "a*?", []}, {"aaa", "a*", []}, {"abc", "", []}, {"", "", []}, {"abc", "x", []},
         {"a\r\nb", "", [{newline, crlf}]}, {"a\r\nb", "", [{newline, anycrlf}]},
         {"a\r\nb", "", [{newline, any}]}, {"a\r\nb", "", []},
         {"ABCabcdABCabcdA", "(?<FOO>abcd)", [{capture, all}]},
         {"ABCabcdABCabcdA", "(?<FOO>abcd)", [{capture, first}]},
         {"ABCabcdABCabcdA", "a(?<FOO>bcd)", [{capture, all_but_first, binary}]},
         {"ABCabcdABCabcdA", "a(?<FOO>bcd)", [{capture, all, list}]},
         {"ABCabcdABCabcdA", "a(?<FOO>bcd)", [{capture, none, list}]},
         {"ABCabcdABCabcdA", ".*(?<FOO>abcd).*", [{capture, [1]}]},
         {"ABCabcdABCabcdA", ".*(?<FOO>abcd).*", [{capture, ['FOO']}]},
         {"abcabc", "b", [{offset, 2}]}, {"abcabc", "b", [{offset, 6}]},
         {"ab12cd345", "[0-9]+|", []}, {"xyz", "(?=y)|y", []}, {"abc", "\\b", []},
         {"abc", "(?<=a)", []}, {"aaa", "a|", [notempty]}, {"aaa", "", [notempty_atstart]},
         {"abc", "b", [{capture, [1, {a}]}]}, {"abc", "b", [{capture, all, bunary}]},
         {<<"abc">>, <<"b">>, [{capture, all, binary}]}],
    [show(io_lib:format("global ~w ~w ~w", [S, RE, O]), catching(fun() -> re:run(id(S), id(RE), [global | O]) end))
     || {S, RE, O} <- Cases],
    {ok, P} = re:compile("(p)"),
    show("global compiled", {re:run(<<"apa">>, P, [global]), re:run("apa", P, [global])}),
    show("global compiled+unicode", catching(fun() -> re:run(<<"apa">>, P, [global, unicode]) end)),
    show("global bad pattern", catching(fun() -> re:run("apa", {1, 2, 3, 4}, [global]) end)),
    show("global error", catching(fun() -> re:run("apa", "(p", [global]) end)),
    show("global report_errors", re:run("apa", "(p", [report_errors, global])),
    show("grun direct", catching(fun() -> re:grun("abab", element(2, re:compile("b")), {[global], false}) end)).

split_replace() ->
    Splits =
        [{"a,b,,c", ",", []}, {"a,b,,c,,", ",", []}, {"a,b,,c,,", ",", [trim]},
         {"a,b,,c,,", ",", [{parts, 2}]}, {"a,b,,c,,", ",", [{parts, infinity}]},
         {"a b c ", "( )", [group, trim]}, {"a b c ", "( )", [group, {parts, 0}]},
         {"a b c ", "( )", [{parts, infinity}, group]}, {"a b c ", "( )", [group]},
         {" a b c d ", "( +)", [group, trim]}, {"a b c d", "( +)", [{parts, 2}, group]},
         {[967] ++ " b c d", "( +)", [{parts, 2}, group, {return, list}, unicode]},
         {[967] ++ " b c d", "( +)", [{parts, 2}, group, {return, binary}, unicode]},
         {[967] ++ " b c d", "( +)", [{parts, 2}, group, {return, binary}]},
         {"a b c d", "( +)", [{parts, -2}]}, {"a b c d", "( +)", [{parts, banan}]},
         {"a b c d", "( +)", [{capture, all}]}, {"a b c d", "( *)", [{parts, 0}, {return, list}]},
         {"abdf", "^(?!(ab)de|x)(abd)(f)", [trim]}, {"abc1abc2xyzabc3", "\\Aabc.", [trim]},
         {"abc", "", []}, {"abc", "", [{return, list}]}, {"abc", "x*", [trim]},
         {"a\x{400}b", "", [unicode, {return, list}]}, {<<"a1b2c">>, "[0-9]", [{return, iodata}]},
         {"apa", "p", [report_errors]}, {"apa", "p", [global]}, {"apa", "(p", []},
         {"aaaaaaaaaaaaaz", "(a+)*zz", [{match_limit, 3000}, {return, list}]}],
    [show(io_lib:format("split ~w ~w ~w", [S, RE, O]), catching(fun() -> re:split(id(S), id(RE), id(O)) end))
     || {S, RE, O} <- Splits],
    show("split/2", re:split("x-y-z", "-")),
    Replaces =
        [{"abcabc", "b", "[&]", [global, {return, list}]}, {"abcabc", "b", "[\\&]", [{return, list}]},
         {<<"nisse">>, "i", "a", [{return, binary}]},
         {"ABC\305abcdABCabcdA", "a(?<FOO>bcd)", "X", [global, {return, binary}]},
         {"ABC\x{c5}abcdABCabcdA", "a(?<FOO>bcd)", "X", [global, {return, iodata}]},
         {"ABC\x{c5}abcdABCabcdA", "a(?<FOO>bcd)", "X", [global, {return, list}, unicode]},
         {"ABC\x{c5}abcdABCabcdA", "a(?<FOO>bcd)", "X", [{return, binary}, unicode]},
         {"abcdefghijk", "(.)(.)(.)(.)(.)(.)(.)(.)(.)(.)", "\\9X", [{return, binary}]},
         {"abcdefghijk", "(.)(.)(.)(.)(.)(.)(.)(.)(.)(.)", "\\10X", [{return, binary}]},
         {"abcdefghijk", "(.)(.)(.)(.)(.)(.)(.)(.)(.)(.)", "\\11X", [{return, binary}]},
         {"12345678901", "(.)(.)(.)(.)(.)(.)(.)(.)(.)(.)", "\\g{10}7", [{return, binary}]},
         {"a\x{400}bcd", "d", "X", [global, {return, list}, unicode]},
         {"a\x{400}bcd", "Z", "X", [global, {return, binary}, unicode]},
         {<<"abcd">>, "b", "\x{400}", [{return, binary}, unicode]},
         {"abc", "", "-", [global, {return, list}]}, {"abc", "x*", "-", [global, {return, list}]},
         {"apa", "p", "X", [report_errors]}, {"apa", "p", "X", [{return, banana}]},
         {"apa", "(p", "X", []}, {"apa", {1, 2, 3, 4}, "X", []},
         {"hello world", "(?<w>o)", "<\\g{w}>", [global, {return, list}]},
         {"aaaaaaaaaaaaaz", "(a+)*zz", "!", [{match_limit, 3000}, {return, list}]},
         {"aaaaaaaaaaaaaz", "(a+)*zz", "!", [{match_limit, -1}, {return, list}]}],
    [show(io_lib:format("replace ~w ~w ~w ~w", [S, RE, R, O]),
          catching(fun() -> re:replace(id(S), id(RE), id(R), id(O)) end))
     || {S, RE, R, O} <- Replaces],
    show("replace/3", iolist_to_binary(re:replace("x-y", "-", "+"))).

limits() ->
    Cases =
        [{"aaaaaaaaaaaaaz", "(a+)*zz", []}, {"aaaaaaaaaaaaaz", "(a+)*zz", [{match_limit, 3000}]},
         {"aaaaaaaaaaaaaz", "(a+)*zz", [{match_limit_recursion, 10}]},
         {"aaaaaaaaaaaaaz", "(a+)*zz", [report_errors]},
         {"aaaaaaaaaaaaaz", "(a+)*zz", [{match_limit, 3000}, report_errors]},
         {"aaaaaaaaaaaaaz", "(a+)*zz", [{match_limit_recursion, 10}, report_errors]},
         {"aaaaaaaaaaaaaz", "(a+)*zz", [{match_limit, 3000}, report_errors, global]},
         {"aaaaaaaaaaaaaz", "(a+)*zz", [{match_limit_recursion, 10}, report_errors, global]},
         {"aaaaaaaaaaaaaz", "(a+)*zz", [{match_limit_recursion, -1}, report_errors, global]},
         {"aaaaaaaaaaaaaz", "(a+)*zz", [{match_limit, -1}, report_errors, global]},
         {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaab", "(a+)+$", [{match_limit, 100}, report_errors]},
         {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaab", "(a+)+$", [{match_limit_recursion, 5}, report_errors]},
         {"abc", "abc", [{match_limit, 0}, report_errors]},
         {"abc", "abc", [{match_limit, 1 bsl 31}]}],
    [show(io_lib:format("limit ~w ~w ~w", [S, RE, O]), catching(fun() -> re:run(id(S), id(RE), id(O)) end))
     || {S, RE, O} <- Cases].

errors() ->
    {ok, RE} = re:compile("(p)"),
    Cases =
        [{"apa", RE, ["global"]}, {"apa", RE, [{offset, -1}]}, {"apa", RE, [{offset, ett}]},
         {"apa", RE, [{offset, 1 bsl 40}]},
         {"apa", RE, [{captore, [1, 2], binary}]}, {"apa", RE, [{capture, [1, 2], binary, list}]},
         {"apa", RE, [{capture, [1, 2], bunary}]}, {"apa", RE, [{capture, {1, 2}, binary}]},
         {"apa", RE, [{newline, 3}]}, {"apa", RE, [{newline, apa}]}, {"apa", RE, [{njuline, cr}]},
         {"apa", RE, [{<<"newline">>, cr}]}, {"apa", RE, [global | dupnames]},
         {[<<"ap">> | $a], RE, []}, {"apa", RE, [{capture, [0 | 1], binary}]},
         {"apa", RE, [{capture, [<<"apa">> | 1], binary}]}, {"apa", RE, [{capture, [[<<"ap">> | $a]], binary}]},
         {"apa", RE, [{capture, [-1]}]}, {"apa", RE, [{capture, [1.0]}]}, {"apa", RE, [{capture, [1 bsl 40]}]},
         {"apa", RE, [caseless]}, {"apa", RE, [unicode]}, {"apa", RE, [anchored]},
         {"apa", [<<"(p">> | 41], []}, {"apa", {re_pattern, 3, 0, 0, []}, []},
         {"apa", {re_pattern, 3, 0, 0, <<"apa">>}, []}, {"apa", {re_pattern, 3, 0, 0, <<"apa", 3:2>>}, []},
         {"apa", {re_pattern, a, 0, 0, <<"apa">>}, []}, {"apa", {re_pattern, 1, 0, 0}, []},
         {<<"apa", 2:2>>, <<"(p)">>, [{capture, [0, 1], binary}]}, {"apa", apa, []}, {apa, "p", []},
         {"apa", "(p", []}, {"apa", "(p", [report_errors]}, {"apa", "p", bad_options},
         {"apa", "p", [a | b]}, {"apa", "p", [partial]}, {"abc", "a", [{offset, 3}]}],
    [show(io_lib:format("error ~w ~w ~w", [S, label(P, RE), O]), catching(fun() -> re:run(id(S), id(P), id(O)) end))
     || {S, P, O} <- Cases],
    %% The stack frames and error_info erl_stdlib_errors reads.
    [show(io_lib:format("frame ~w", [Args]), frame(Args))
     || Args <- [["a", "b", [bad]], ["a", "(", []], ["a", {x}, []]]],
    show("compile frame", try re:compile(id("a"), id([bad])) catch error:R1:S1 -> {R1, hd(S1)} end),
    <<_:4, Temp:3/binary, _:4>> = id(<<38, 23, 6, 18>>),
    show("unaligned subject", re:run(Temp, <<"(p)">>, [])),
    show("unaligned capture", re:run(Temp, <<"(p)">>, [{capture, all, binary}])).

label(RE, RE) -> compiled;
label(P, _) -> P.

frame(Args) ->
    try apply(re, run, id(Args)) catch error:R:S -> {R, hd(S)} end.

binaries() ->
    Bin = list_to_binary(lists:seq(0, 255) ++ lists:seq(0, 255)),
    Whole = binary:referenced_byte_size(Bin),
    {match, [B, C]} = re:run(Bin, "a(.+)$", [{capture, all, binary}]),
    {match, [D]} = re:run(Bin, "a(.+)$", [{capture, [1], binary}]),
    show("sub binaries", {byte_size(B), byte_size(C), Whole, [binary:referenced_byte_size(X) || X <- [B, C, D]]}),
    Big = binary:copy(<<"abc\n">>, 100000),
    show("long subject", re:run(Big, <<"c\n$">>, [])),
    show("long global count", length(element(2, re:run(Big, <<"b">>, [global, {capture, first}, unicode])))),
    show("long split", length(re:split(Big, <<"\n">>))),
    show("long nomatch", re:run(Big, <<"x">>, [unicode])),
    Subject = lists:duplicate(1000, "ab"),
    show("iolist subject", re:run(Subject, "(ab)+$", [{capture, all_but_first}])).
