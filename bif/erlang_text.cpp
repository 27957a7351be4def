// Identifiers as text: pid_to_list/1, list_to_pid/1, ref_to_list/1, list_to_ref/1,
// port_to_list/1, list_to_port/1, fun_to_list/1 (the text is what erlang:display/1 prints).
#include <cstdio>
#include <string_view>
#include <vector>

#include "bif/bif.h"
#include "vm/term/iolist.h"
#include "vm/term/node.h"
#include "vm/term/ref.h"
#include "vm/term/term_print.h"

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

// The numbers of `text` that lie between `prefix` and `suffix`, separated by dots: digits only
// (leading zeros allowed, as erts reads them), each at most 32 bits. Empty if malformed.
static std::vector<uint64_t> dotted_numbers(std::string_view text, std::string_view prefix, std::string_view suffix) {
  if (!text.starts_with(prefix) || !text.ends_with(suffix) || text.size() < prefix.size() + suffix.size())
    return {};
  std::string_view body = text.substr(prefix.size(), text.size() - prefix.size() - suffix.size());
  std::vector<uint64_t> numbers;
  for (;;) {
    size_t dot = body.find('.');
    std::string_view digits = body.substr(0, dot);
    uint64_t n = 0;
    if (digits.empty()) return {};
    for (char c : digits) {
      if (c < '0' || c > '9') return {};
      n = n * 10 + uint64_t(c - '0');
      if (n > UINT32_MAX) return {};
    }
    numbers.push_back(n);
    if (dot == std::string_view::npos) return numbers;
    body.remove_prefix(dot + 1);
  }
}

// "#Ref<0.A.B.C>" names a reference of this node, its most significant number first; the last
// holds 18 bits, as in erts.
Term erlang_list_to_ref_1(Process* p, Term* a) {
  std::string text;
  if (!char_list_utf8(a[0], text)) return badarg(p);
  std::vector<uint64_t> n = dotted_numbers(text, "#Ref<", ">");
  if (n.size() != 4 || n[0] != 0 || n[3] >= (1u << 18)) return badarg(p);
  ProcessHeap heap(p);
  return make_local_ref(heap, uint32_t(n[3]), uint32_t(n[2]), uint32_t(n[1]));
}

// "#Port<0.N>" names a port of this node; N has 28 bits, as in erts.
Term erlang_list_to_port_1(Process* p, Term* a) {
  std::string text;
  if (!char_list_utf8(a[0], text)) return badarg(p);
  std::vector<uint64_t> n = dotted_numbers(text, "#Port<", ">");
  if (n.size() != 2 || n[0] != 0 || n[1] >= (1u << 28)) return badarg(p);
  return make_port(n[1]);
}

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
