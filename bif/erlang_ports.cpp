// Ports, as erts_internal exposes them to erlang.erl's open_port/port_command wrappers.
#include "bif/bif.h"
#include "vm/iolist.h"
#include "vm/port.h"

namespace ember {

// erts_internal:open_port/2 returns the port, or an error reason for erlang:open_port/2 to raise.
Term erts_internal_open_port_2(Process* p, Term* a) {
  Term name = a[0];
  if (!is_tuple(name) || tuple_arity(name) != 3 || tuple_element(name, 0) != atoms::fd ||
      !is_small(tuple_element(name, 1)) || !is_small(tuple_element(name, 2)))
    return atoms::badarg;  // only the fd driver exists so far
  PortOptions options;
  for (Term l = a[1]; l != NIL; l = tail(l)) {
    if (!is_list(l)) return atoms::badarg;
    Term o = head(l);
    if (o == atoms::binary) options.binary = true;
    else if (o == atoms::eof) options.eof = true;
    else if (o == atoms::in) options.out = false;
    else if (o == atoms::out) options.in = false;
    else return atoms::badarg;
  }
  Term port = port_open_fd(p, int(small_value(tuple_element(name, 1))),
                           int(small_value(tuple_element(name, 2))), options);
  return port == THE_NON_VALUE ? atoms::badarg : port;
}

Term erts_internal_port_command_3(Process* p, Term* a) {
  if (!is_local_port(a[0]) || list_length(a[2]) < 0) return atoms::badarg;
  std::string bytes;
  if (!iolist_bytes(a[1], bytes)) return atoms::badarg;
  return port_write(a[0], bytes) ? atoms::true_ : atoms::badarg;
}

Term erts_internal_port_close_1(Process* p, Term* a) {
  if (!is_local_port(a[0])) return atoms::badarg;
  return port_close(a[0]) ? atoms::true_ : atoms::badarg;
}

Term erts_internal_port_connect_2(Process* p, Term* a) {
  if (!is_local_port(a[0]) || !is_pid(a[1])) return atoms::badarg;
  return port_connect(a[0], a[1]) ? atoms::true_ : atoms::badarg;
}

}  // namespace ember
