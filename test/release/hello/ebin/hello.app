{application, hello,
 [{description, "An application booted from a systools release"},
  {vsn, "1.0"},
  {modules, [hello_app]},
  {registered, [hello_sup]},
  {applications, [kernel, stdlib]},
  {mod, {hello_app, []}},
  {env, [{greeting, hi}]}]}.
