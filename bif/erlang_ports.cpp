// Ports, as erts_internal exposes them to erlang.erl's open_port/port_command wrappers, and
// the port BIFs of erlang itself.
#include "bif/bif.h"
#include "bif/inet_gethost.h"
#include "bif/inet_socket.h"
#include "platform/file.h"
#include "vm/term/binary.h"
#include "vm/term/iolist.h"
#include "vm/process/port.h"

namespace ember {
namespace {

// A string, binary or flat character list argument of open_port; false otherwise.
bool text_of(Term t, std::string& out) {
  if (is_binary(t)) return out = std::string(bitstring_bits(t).view()), true;
  return char_list_utf8(t, out);
}

struct OpenRequest {
  PortOptions options;
  platform::ChildSpec child;
  bool has_args = false;
  bool has_arg0 = false;
  bool only_in = false, only_out = false;  // `in` and `out` together mean both ways

  void settle_direction() {
    options.in = child.in = !only_out || only_in;
    options.out = child.out = !only_in || only_out;
  }
};

bool parse_env(Term env, platform::ChildSpec& child) {
  for (; is_list(env); env = tail(env)) {
    Term pair = head(env);
    if (!is_tuple(pair) || tuple_arity(pair) != 2) return false;
    std::string name, value;
    if (!text_of(tuple_element(pair, 0), name) || name.empty() || name.find('=') != std::string::npos) return false;
    if (tuple_element(pair, 1) == atoms::false_) child.env.emplace_back(name, std::nullopt);
    else if (text_of(tuple_element(pair, 1), value)) child.env.emplace_back(name, value);
    else return false;
  }
  return env == NIL;
}

bool parse_option(Term o, OpenRequest& r) {
  PortOptions& opt = r.options;
  if (o == atoms::binary) opt.binary = true;
  else if (o == atoms::eof) opt.eof = true;
  else if (o == atoms::in) r.only_in = true;
  else if (o == atoms::out) r.only_out = true;
  else if (o == atom_put("exit_status")) opt.exit_status = true;
  else if (o == atom_put("stream")) opt.framing.kind = PortFraming::Kind::stream;
  else if (o == atom_put("use_stdio")) r.child.use_stdio = true;
  else if (o == atom_put("nouse_stdio")) r.child.use_stdio = false;
  else if (o == atom_put("stderr_to_stdout")) r.child.stderr_to_stdout = true;
  else if (o == atom_put("hide") || o == atom_put("overlapped_io")) return true;  // Windows only
  else if (!is_tuple(o) || tuple_arity(o) != 2) return false;
  else {
    Term key = tuple_element(o, 0), value = tuple_element(o, 1);
    if (key == atom_put("packet")) {
      if (value != make_small(1) && value != make_small(2) && value != make_small(4)) return false;
      opt.framing.kind = PortFraming::Kind::packet;
      opt.framing.size = size_t(small_value(value));
    } else if (key == atom_put("line")) {
      if (!is_small(value) || small_value(value) <= 0) return false;
      opt.framing.kind = PortFraming::Kind::line;
      opt.framing.size = size_t(small_value(value));
    } else if (key == atom_put("cd")) {
      return text_of(value, r.child.cd);
    } else if (key == atom_put("env")) {
      return parse_env(value, r.child);
    } else if (key == atom_put("args")) {
      r.has_args = true;
      for (; is_list(value); value = tail(value)) {
        std::string arg;
        if (!text_of(head(value), arg)) return false;
        r.child.argv.push_back(arg);
      }
      return value == NIL;
    } else if (key == atom_put("arg0")) {
      std::string arg0;
      if (!text_of(value, arg0)) return false;
      r.has_arg0 = true;
      r.child.argv.insert(r.child.argv.begin(), arg0);
    } else if (key == atom_put("parallelism")) {
      return value == atoms::true_ || value == atoms::false_;
    } else if (key != atom_put("busy_limits_port") && key != atom_put("busy_limits_msgq")) {
      return false;
    }
  }
  return true;
}

Term make_char_list_of(Process* p, Term atom) {
  ProcessHeap heap(p);
  return make_char_list(heap, atom_text(atom));
}

Term open_spawn(Process* p, Term kind, Term what, OpenRequest& r) {
  std::string name;
  if (!text_of(what, name) || name.empty()) return atoms::badarg;
  if (kind == atom_put("spawn_executable")) {
    // erts' resolver helper, which a phone could not start: ember's own (bif/inet_gethost.cpp).
    if (name.ends_with("/inet_gethost")) return open_builtin_gethost(p->pid);
    r.child.program = name;
    if (!r.has_arg0) r.child.argv.insert(r.child.argv.begin(), name);
  } else {
    // erts' terminal driver, which erl's and iex's shells try before their plain-terminal
    // fallback. erts' driver refuses to start when standard input or output is not a terminal;
    // ember has no terminal driver, so it refuses always, and the shells fall back.
    if (name == "tty_sl" || name.starts_with("tty_sl ")) return atom_put("einval");
    // {spawn_driver, Name} opens one of ember's drivers (it has no loadable ones); {spawn,
    // Command} too when Command names one. Otherwise the command runs through the shell, as
    // erts does; args and arg0 belong to spawn_executable only.
    if (name == "tcp_inet" || name == "udp_inet") return inet::Socket::open(p->pid, name == "tcp_inet");
    if (kind != atom_put("spawn") || r.has_args || r.has_arg0) return atoms::badarg;
    r.child.program = "/bin/sh";
    r.child.argv = {"sh", "-c", "exec " + name};
  }
  int error = 0;
  Term port = port_open_spawn(p, name, r.child, r.options, &error);
  return port == THE_NON_VALUE ? atom_put(platform::errno_name(error)) : port;
}

}  // namespace

// erts_internal:open_port/2 returns the port, or an error reason for erlang:open_port/2 to raise.
Term erts_internal_open_port_2(Process* p, Term* a) {
  Term name = a[0];
  OpenRequest r;
  for (Term l = a[1]; l != NIL; l = tail(l))
    if (!is_list(l) || !parse_option(head(l), r)) return atom_put("badopt");
  r.settle_direction();
  if (is_atom(name)) return open_spawn(p, atom_put("spawn"), make_char_list_of(p, name), r);  // erts' oldest form
  if (!is_tuple(name)) return atoms::badarg;
  Term kind = tuple_element(name, 0);
  if (tuple_arity(name) == 2) return open_spawn(p, kind, tuple_element(name, 1), r);
  if (tuple_arity(name) != 3 || kind != atoms::fd || !is_small(tuple_element(name, 1)) ||
      !is_small(tuple_element(name, 2)))
    return atoms::badarg;
  return port_open_fd(p, int(small_value(tuple_element(name, 1))), int(small_value(tuple_element(name, 2))),
                      r.options);
}

Term erts_internal_port_command_3(Process* p, Term* a) {
  if (!is_local_port(a[0]) || list_length(a[2]) < 0) return atoms::badarg;
  bool nosuspend = false;
  for (Term l = a[2]; l != NIL; l = tail(l)) {
    if (head(l) == atom_put("nosuspend")) nosuspend = true;
    else if (head(l) != atom_put("force")) return atom_put("badopt");
  }
  std::string bytes;
  if (!iolist_bytes(a[1], bytes)) return atoms::badarg;
  // A busy port does not take the command: erts suspends the sender, or with nosuspend
  // answers false. ember's drivers keep a busy port's commands in order themselves.
  if (nosuspend && port_busy(a[0])) return atoms::false_;
  return port_write(a[0], bytes, p->pid) ? atoms::true_ : atoms::badarg;
}

Term erts_internal_port_close_1(Process* p, Term* a) {
  if (!is_local_port(a[0])) return atoms::badarg;
  return port_close(a[0]) ? atoms::true_ : atoms::badarg;
}

Term erts_internal_port_connect_2(Process* p, Term* a) {
  if (!is_local_port(a[0]) || !is_pid(a[1])) return atoms::badarg;
  return port_connect(a[0], a[1]) ? atoms::true_ : atoms::badarg;
}

// The reply is a list of bytes (no ember driver asks for binary replies); a driver without
// control requests (fd, spawn) answers badarg, as in erts.
Term erts_internal_port_control_3(Process* p, Term* a) {
  std::string data;
  if (!is_local_port(a[0]) || !is_small(a[1]) || small_value(a[1]) < 0 || small_value(a[1]) > UINT32_MAX ||
      !iolist_bytes(a[2], data))
    return atoms::badarg;
  std::optional<std::string> reply = port_control(a[0], p->pid, unsigned(small_value(a[1])), data);
  if (!reply) return atoms::badarg;
  ProcessHeap heap(p);
  return make_byte_list(heap, *reply);
}

// No ember driver takes call requests (erlang:port_call/3), so it is badarg, as erts answers
// for a driver without them.
Term erts_internal_port_call_3(Process*, Term*) { return atoms::badarg; }

namespace {

// One item of port_info/2, THE_NON_VALUE for an unknown item.
Term info_item(Heap& heap, const PortInfo& info, Term item) {
  auto is = [&](const char* name) { return item == atom_put(name); };
  Term value;
  if (is("registered_name")) return NIL;
  if (is("id")) value = make_unsigned(heap, info.id);
  else if (is("connected")) value = info.connected;
  else if (is("links")) value = make_list_of(heap, info.links);
  else if (is("name")) value = make_char_list(heap, info.name);
  else if (is("input")) value = make_unsigned(heap, info.input);
  else if (is("output")) value = make_unsigned(heap, info.output);
  else if (is("os_pid")) value = info.os_pid >= 0 ? make_integer(heap, info.os_pid) : atoms::undefined;
  else if (is("monitors")) value = NIL;  // ports monitor nothing
  else if (is("monitored_by")) value = make_list_of(heap, info.monitored_by);
  else if (is("queue_size")) value = make_unsigned(heap, info.queue_size);
  else if (is("locking")) value = atom_put("port_level");
  else if (is("parallelism")) value = atoms::false_;
  else return THE_NON_VALUE;
  return tuple(heap, item, value);
}

}  // namespace

Term erts_internal_port_info_1(Process* p, Term* a) {
  if (!is_port(a[0])) return atoms::badarg;
  std::optional<PortInfo> info = port_info(a[0]);
  if (!info) return atoms::undefined;
  ProcessHeap heap(p);
  Term list = NIL;
  const char* items[] = {"name", "links", "id", "connected", "input", "output", "os_pid"};
  for (size_t k = std::size(items); k-- > 0;)
    if (info->os_pid >= 0 || std::string_view(items[k]) != "os_pid")
      list = cons(heap, info_item(heap, *info, atom_put(items[k])), list);
  return list;
}

Term erts_internal_port_info_2(Process* p, Term* a) {
  if (!is_port(a[0])) return atoms::badarg;
  ProcessHeap heap(p);
  std::optional<PortInfo> info = port_info(a[0]);
  if (!info) {
    PortInfo none{};
    return info_item(heap, none, a[1]) == THE_NON_VALUE ? atoms::badarg : atoms::undefined;
  }
  Term item = info_item(heap, *info, a[1]);
  return item == THE_NON_VALUE ? atoms::badarg : item;
}

Term erlang_port_set_data_2(Process* p, Term* a) {
  return is_local_port(a[0]) && port_set_data(a[0], a[1]) ? atoms::true_ : badarg(p);
}

Term erlang_port_get_data_1(Process* p, Term* a) {
  Term data = is_local_port(a[0]) ? port_get_data(p, a[0]) : THE_NON_VALUE;
  return data == THE_NON_VALUE ? badarg(p) : data;
}

}  // namespace ember
