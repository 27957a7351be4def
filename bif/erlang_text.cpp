// Identifiers as text: pid_to_list/1, list_to_pid/1, ref_to_list/1, port_to_list/1,
// fun_to_list/1 (the text is what erlang:display/1 prints).
#include <cstdio>

#include "bif/bif.h"
#include "vm/iolist.h"
#include "vm/node.h"
#include "vm/term_print.h"

namespace ember {
namespace {

Term as_text(Process* p, Term t) {
  std::string text;
  print_term_display(text, t);
  ProcessHeap heap(p);
  return make_byte_list(heap, text);
}

}  // namespace

Term erlang_pid_to_list_1(Process* p, Term* a) { return is_pid(a[0]) ? as_text(p, a[0]) : badarg(p); }
Term erlang_ref_to_list_1(Process* p, Term* a) { return is_ref(a[0]) ? as_text(p, a[0]) : badarg(p); }
Term erlang_port_to_list_1(Process* p, Term* a) { return is_port(a[0]) ? as_text(p, a[0]) : badarg(p); }
Term erlang_fun_to_list_1(Process* p, Term* a) { return is_fun(a[0]) ? as_text(p, a[0]) : badarg(p); }

// "<0.Number.Serial>" names a pid of this node; other nodes' pids cannot be named by text here.
Term erlang_list_to_pid_1(Process* p, Term* a) {
  std::string text;
  if (!char_list_utf8(a[0], text)) return badarg(p);
  unsigned node, number, serial;
  char end;
  if (std::sscanf(text.c_str(), "<%u.%u.%u%c", &node, &number, &serial, &end) != 4 || end != '>' ||
      text.back() != '>' || node != 0 || number > 0x7FFF || serial > 8191)
    return badarg(p);
  std::string canonical = "<0." + std::to_string(number) + "." + std::to_string(serial) + ">";
  if (canonical != text) return badarg(p);
  return make_pid(pid_id_from(number, serial));
}

}  // namespace ember
