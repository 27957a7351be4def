// Conversions between atoms, lists, binaries, integers and floats.
#include <cmath>
#include <string>
#include <vector>

#include "bif/bif.h"
#include "vm/term/iolist.h"
#include "vm/term/arith.h"
#include "vm/term/bignum.h"
#include "vm/term/binary.h"
#include "vm/term/compare.h"
#include "vm/term/unicode.h"

namespace ember {
namespace {

using bignum::Digit;
using bignum::View;

bool integer_text(Term t, unsigned base, std::string& out) {
  if (!is_integer(t) || base < 2 || base > 36) return false;
  Digit s[1];
  View v = integer_view(t, s);
  out.resize(bignum::to_text_capacity(v, base));
  out.resize(bignum::to_text(v, base, out.data()));
  return true;
}

Term parse_integer(Process* p, std::string_view text, unsigned base) {
  std::vector<Digit> digits(bignum::from_text_capacity(text.size(), base) + 1);
  auto v = bignum::from_text(text, base, digits.data());
  if (!v) return badarg(p);
  ProcessHeap heap(p);
  return make_big(heap, v->d, v->n, v->neg);
}

bool get_base(Term t, unsigned* base) {
  if (!is_small(t) || small_value(t) < 2 || small_value(t) > 36) return false;
  *base = unsigned(small_value(t));
  return true;
}

// Latin-1 bytes of a list of characters 0..255.
bool latin1_list(Term t, std::string& out) {
  for (; is_list(t); t = tail(t)) {
    if (!is_small(head(t)) || small_value(head(t)) < 0 || small_value(head(t)) > 255) return false;
    out += char(small_value(head(t)));
  }
  return t == NIL;
}

bool encoding_is_utf8(Term enc, bool* utf8) {
  if (enc == atoms::latin1) *utf8 = false;
  else if (enc == atoms::utf8 || enc == atoms::unicode) *utf8 = true;
  else return false;
  return true;
}

std::string latin1_to_utf8(std::string_view s) {
  std::string out;
  for (unsigned char c : s) utf8_append(out, c);
  return out;
}

// What is wrong with a new atom's name, as erts checks it (NIL if nothing): too long is
// system_limit, decided before the encoding is looked at beyond the first 255 characters.
Term new_atom_name_error(std::string_view bytes, bool utf8) {
  if (!utf8) return bytes.size() > max_atom_characters ? atoms::system_limit : NIL;
  if (bytes.size() > 4 * max_atom_characters) return atoms::system_limit;
  size_t i = 0;
  for (size_t chars = 0; i < bytes.size(); chars++) {
    if (chars == max_atom_characters) return atoms::system_limit;
    if (utf8_decode(bytes, i) < 0) return atoms::badarg;
  }
  return NIL;
}

Term atom_from_binary(Process* p, Term bin, Term enc, bool existing) {
  bool utf8;
  if (!is_binary(bin) || !encoding_is_utf8(enc, &utf8)) return badarg(p);
  std::string bytes;
  append_binary_bytes(bytes, bin);
  std::string text = utf8 ? bytes : latin1_to_utf8(bytes);
  if (existing) {
    Term a = atom_find(text);
    return a != THE_NON_VALUE ? a : badarg(p);
  }
  if (Term a = atom_find(text); a != THE_NON_VALUE) return a;
  if (Term error = new_atom_name_error(bytes, utf8); error != NIL) return raise_error(p, error);
  Term a = atom_put(text);
  return a != THE_NON_VALUE ? a : system_limit(p);
}

}  // namespace

Term erlang_atom_to_list_1(Process* p, Term* a) {
  if (!is_atom(a[0])) return badarg(p);
  ProcessHeap heap(p);
  return make_char_list(heap, atom_text(a[0]));
}

static Term list_to_atom(Process* p, Term list, bool existing) {
  std::string text;
  switch (char_list_utf8_bounded(list, max_atom_characters, text)) {
    case CharListRead::ok: break;
    case CharListRead::invalid: return badarg(p);
    case CharListRead::too_long: return existing ? badarg(p) : system_limit(p);
  }
  Term a = existing ? atom_find(text) : atom_put(text);
  if (a == THE_NON_VALUE) return existing ? badarg(p) : system_limit(p);
  return a;
}

Term erlang_list_to_atom_1(Process* p, Term* a) { return list_to_atom(p, a[0], false); }
Term erlang_list_to_existing_atom_1(Process* p, Term* a) { return list_to_atom(p, a[0], true); }

Term erlang_atom_to_binary_2(Process* p, Term* a) {
  bool utf8;
  if (!is_atom(a[0]) || !encoding_is_utf8(a[1], &utf8)) return badarg(p);
  std::string_view text = atom_text(a[0]);
  ProcessHeap heap(p);
  if (utf8) return make_binary(heap, text);
  std::string latin1;
  for (size_t i = 0; i < text.size();) {
    int32_t cp = utf8_decode(text, i);
    if (cp > 255) return badarg(p);
    latin1 += char(cp);
  }
  return make_binary(heap, latin1);
}

Term erlang_atom_to_binary_1(Process* p, Term* a) {
  Term args[2] = {a[0], atoms::utf8};
  return erlang_atom_to_binary_2(p, args);
}

Term erlang_binary_to_atom_2(Process* p, Term* a) { return atom_from_binary(p, a[0], a[1], false); }
Term erlang_binary_to_atom_1(Process* p, Term* a) { return atom_from_binary(p, a[0], atoms::utf8, false); }
Term erlang_binary_to_existing_atom_2(Process* p, Term* a) { return atom_from_binary(p, a[0], a[1], true); }
Term erlang_binary_to_existing_atom_1(Process* p, Term* a) {
  return atom_from_binary(p, a[0], atoms::utf8, true);
}

Term erlang_integer_to_list_2(Process* p, Term* a) {
  unsigned base;
  std::string text;
  if (!get_base(a[1], &base) || !integer_text(a[0], base, text)) return badarg(p);
  ProcessHeap heap(p);
  return make_byte_list(heap, text);
}

Term erlang_integer_to_list_1(Process* p, Term* a) {
  Term args[2] = {a[0], make_small(10)};
  return erlang_integer_to_list_2(p, args);
}

Term erlang_integer_to_binary_2(Process* p, Term* a) {
  unsigned base;
  std::string text;
  if (!get_base(a[1], &base) || !integer_text(a[0], base, text)) return badarg(p);
  ProcessHeap heap(p);
  return make_binary(heap, text);
}

Term erlang_integer_to_binary_1(Process* p, Term* a) {
  Term args[2] = {a[0], make_small(10)};
  return erlang_integer_to_binary_2(p, args);
}

Term erlang_list_to_integer_2(Process* p, Term* a) {
  unsigned base;
  std::string text;
  if (!get_base(a[1], &base) || !latin1_list(a[0], text)) return badarg(p);
  return parse_integer(p, text, base);
}

Term erlang_list_to_integer_1(Process* p, Term* a) {
  Term args[2] = {a[0], make_small(10)};
  return erlang_list_to_integer_2(p, args);
}

// string:list_to_integer/1: the integer a list of characters starts with (an optional sign and
// decimal digits), and the rest of the list, which may be improper.
Term string_list_to_integer_1(Process* p, Term* a) {
  ProcessHeap heap(p);
  Term t = a[0];
  if (!is_list(t) && t != NIL) return tuple(heap, atoms::error, atom_put("not_a_list"));
  auto char_between = [&](char low, char high) {
    return is_list(t) && is_small(head(t)) && small_value(head(t)) >= low && small_value(head(t)) <= high;
  };
  std::string text;
  if (char_between('+', '+') || char_between('-', '-')) {
    text += char(small_value(head(t)));
    t = tail(t);
  }
  size_t sign = text.size();
  for (; char_between('0', '9'); t = tail(t)) text += char(small_value(head(t)));
  if (text.size() == sign) return tuple(heap, atoms::error, atom_put("no_integer"));
  return tuple(heap, parse_integer(p, text, 10), t);
}

Term erlang_binary_to_integer_2(Process* p, Term* a) {
  unsigned base;
  if (!get_base(a[1], &base) || !is_binary(a[0])) return badarg(p);
  std::string text;
  append_binary_bytes(text, a[0]);
  return parse_integer(p, text, base);
}

Term erlang_binary_to_integer_1(Process* p, Term* a) {
  Term args[2] = {a[0], make_small(10)};
  return erlang_binary_to_integer_2(p, args);
}

Term erlang_binary_to_list_1(Process* p, Term* a) {
  if (!is_binary(a[0])) return badarg(p);
  std::string bytes;
  append_binary_bytes(bytes, a[0]);
  charge_work(p, bytes.size());
  ProcessHeap heap(p);
  return make_byte_list(heap, bytes);
}

Term erlang_binary_to_list_3(Process* p, Term* a) {
  if (!is_binary(a[0]) || !is_small(a[1]) || !is_small(a[2])) return badarg(p);
  std::string bytes;
  append_binary_bytes(bytes, a[0]);
  int64_t from = small_value(a[1]), to = small_value(a[2]);
  if (from < 1 || to < from || uint64_t(to) > bytes.size()) return badarg(p);
  charge_work(p, uint64_t(to - from + 1));
  ProcessHeap heap(p);
  return make_byte_list(heap, std::string_view(bytes).substr(size_t(from - 1), size_t(to - from + 1)));
}

Term erlang_bitstring_to_list_1(Process* p, Term* a) {
  if (!is_bitstring(a[0])) return badarg(p);
  Bits b = bitstring_bits(a[0]);
  std::string bytes;
  append_binary_bytes(bytes, a[0]);
  ProcessHeap heap(p);
  Term tail_ = NIL;
  if (b.bit_size % 8) tail_ = cons(heap, make_sub_binary(heap, a[0], b.bit_size & ~uint64_t(7), b.bit_size % 8), NIL);
  Term list = tail_;
  for (size_t k = bytes.size(); k-- > 0;) list = cons(heap, make_small(uint8_t(bytes[k])), list);
  return list;
}

Term erlang_float_1(Process* p, Term* a) {
  if (is_float(a[0])) return a[0];
  double d;
  if (!is_integer(a[0]) || !number_to_double(a[0], &d)) return badarg(p);
  ProcessHeap heap(p);
  return make_float(heap, d);
}

static Term integer_of_double(Process* p, double d) {
  if (!std::isfinite(d)) return badarg(p);
  // Below 2^59 in magnitude the value is a small integer; above, a bignum.
  if (std::fabs(d) < 0x1p59) return make_small(int64_t(d));
  Digit digits[bignum::double_capacity];
  View v = bignum::from_double(d, digits);
  ProcessHeap heap(p);
  return make_big(heap, v.d, v.n, v.neg);
}

static Term rounding(Process* p, Term x, double (*fn)(double)) {
  if (is_integer(x)) return x;
  if (!is_float(x)) return badarg(p);
  return integer_of_double(p, fn(float_value(x)));
}

Term erlang_trunc_1(Process* p, Term* a) { return rounding(p, a[0], std::trunc); }
Term erlang_round_1(Process* p, Term* a) { return rounding(p, a[0], std::round); }
Term erlang_ceil_1(Process* p, Term* a) { return rounding(p, a[0], std::ceil); }
Term erlang_floor_1(Process* p, Term* a) { return rounding(p, a[0], std::floor); }

Term erlang_abs_1(Process* p, Term* a) {
  Term x = a[0];
  if (is_small(x)) return small_value(x) < 0 ? arith_neg(p, x) : x;
  if (is_big(x)) return big_negative(x) ? arith_neg(p, x) : x;
  if (is_float(x)) {
    ProcessHeap heap(p);
    double d = float_value(x);
    return make_float(heap, d < 0 ? -d : d);  // as erts: abs(-0.0) stays -0.0
  }
  return badarg(p);
}

Term erlang_max_2(Process*, Term* a) { return compare_terms(a[0], a[1]) < 0 ? a[1] : a[0]; }
Term erlang_min_2(Process*, Term* a) { return compare_terms(a[0], a[1]) > 0 ? a[1] : a[0]; }

}  // namespace ember

namespace ember {

// list_to_bitstring: an iolist whose binaries may be bitstrings, joined bit by bit.
Term erlang_list_to_bitstring_1(Process* p, Term* a) {
  std::vector<uint8_t> bytes;
  uint64_t bits = 0;
  auto append = [&](const uint8_t* src, uint64_t offset, uint64_t count) {
    bytes.resize((bits + count + 7) / 8 + 1, 0);
    copy_bits(src, offset, bytes.data(), bits, count);
    bits += count;
  };
  std::vector<Term> todo{a[0]};
  if (!is_list(a[0]) && a[0] != NIL) return badarg(p);
  while (!todo.empty()) {
    Term t = todo.back();
    todo.pop_back();
    if (t == NIL) continue;
    if (is_bitstring(t)) {
      Bits b = bitstring_bits(t);
      append(b.bytes, b.bit_offset, b.bit_size);
      continue;
    }
    if (!is_list(t)) return badarg(p);
    Term h = head(t);
    todo.push_back(tail(t));
    if (is_small(h) && small_value(h) >= 0 && small_value(h) <= 255) {
      uint8_t byte = uint8_t(small_value(h));
      append(&byte, 0, 8);
    } else if (is_list(h) || h == NIL || is_bitstring(h)) {
      todo.push_back(h);
    } else {
      return badarg(p);
    }
  }
  ProcessHeap heap(p);
  return make_bitstring(heap, Bits{bytes.data(), 0, bits});
}

}  // namespace ember
