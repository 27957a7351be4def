// Floats to and from text: float_to_list/binary, list_to_float, binary_to_float, and the
// string module's prefix parsers.
#include "bif/bif.h"
#include "vm/term/binary.h"
#include "vm/term/bignum.h"
#include "vm/term/float_format.h"
#include "vm/term/iolist.h"

namespace ember {
namespace {

bool parse_options(Term list, float_format::Options& o) {
  for (; is_list(list); list = tail(list)) {
    Term opt = head(list);
    if (opt == atoms::short_) {
      o.set_short();
    } else if (opt == atoms::compact) {
      o.set_compact();
    } else if (is_tuple(opt) && tuple_arity(opt) == 2 && is_small(tuple_element(opt, 1))) {
      Term key = tuple_element(opt, 0);
      int64_t n = small_value(tuple_element(opt, 1));
      if (key == atoms::decimals ? !o.set_decimals(n) : key == atoms::scientific ? !o.set_scientific(n) : true)
        return false;
    } else {
      return false;
    }
  }
  return list == NIL;
}

// The float's text for float_to_list/binary with options; false means badarg.
bool float_text(Term x, Term options, std::string& out) {
  if (!is_float(x)) return false;
  float_format::Options o;
  if (!parse_options(options, o)) return false;
  auto text = float_format::format(float_value(x), o);
  if (!text) return false;
  out = std::move(*text);
  return true;
}

// The bytes of a Latin-1 string (list of 0..255) or binary; false if neither.
bool text_of(Term t, std::string& out, bool binary) {
  if (binary) {
    if (!is_binary(t)) return false;
    append_binary_bytes(out, t);
    return true;
  }
  for (; is_list(t); t = tail(t)) {
    if (!is_small(head(t)) || small_value(head(t)) < 0 || small_value(head(t)) > 255) return false;
    out += char(small_value(head(t)));
  }
  return t == NIL;
}

Term parse_float(Process* p, Term t, bool binary) {
  std::string text;
  if (!text_of(t, text, binary)) return badarg(p);
  auto d = float_format::parse(text);
  if (!d) return badarg(p);
  ProcessHeap heap(p);
  return make_float(heap, *d);
}

}  // namespace

Term erlang_float_to_list_1(Process* p, Term* a) {
  if (!is_float(a[0])) return badarg(p);
  ProcessHeap heap(p);
  return make_byte_list(heap, float_format::to_default(float_value(a[0])));
}

Term erlang_float_to_list_2(Process* p, Term* a) {
  std::string text;
  if (!float_text(a[0], a[1], text)) return badarg(p);
  ProcessHeap heap(p);
  return make_byte_list(heap, text);
}

Term erlang_float_to_binary_1(Process* p, Term* a) {
  if (!is_float(a[0])) return badarg(p);
  ProcessHeap heap(p);
  return make_binary(heap, float_format::to_default(float_value(a[0])));
}

Term erlang_float_to_binary_2(Process* p, Term* a) {
  std::string text;
  if (!float_text(a[0], a[1], text)) return badarg(p);
  ProcessHeap heap(p);
  return make_binary(heap, text);
}

Term erlang_list_to_float_1(Process* p, Term* a) { return parse_float(p, a[0], false); }
Term erlang_binary_to_float_1(Process* p, Term* a) { return parse_float(p, a[0], true); }

// string:list_to_float/1: {Float, Rest} | {error, no_float}
Term string_list_to_float_1(Process* p, Term* a) {
  ProcessHeap heap(p);
  if (!is_list(a[0]) && a[0] != NIL) return tuple(heap, atoms::error, atom_put("not_a_list"));
  std::string text;
  Term rest = a[0];
  for (; is_list(rest) && is_small(head(rest)) && small_value(head(rest)) >= 0 &&
         small_value(head(rest)) < 128;
       rest = tail(rest))
    text += char(small_value(head(rest)));
  auto prefix = float_format::parse_prefix(text);
  if (!prefix) return tuple(heap, atoms::error, atom_put("no_float"));
  Term remaining = a[0];
  for (size_t k = 0; k < prefix->length; k++) remaining = tail(remaining);
  return tuple(heap, make_float(heap, prefix->value), remaining);
}

}  // namespace ember
