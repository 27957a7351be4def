// unicode:characters_to_binary/2, characters_to_list/2 and bin_is_7bit/1: chardata (nested
// lists of code points and binaries) in UTF-8 or Latin-1, to UTF-8 binaries or code points.
#include <string>
#include <vector>

#include "bif/bif.h"
#include "vm/binary.h"
#include "vm/iolist.h"
#include "vm/unicode.h"

namespace ember {
namespace {

enum class Outcome { ok, error, incomplete, badarg };

struct Conversion {
  std::vector<uint32_t> code_points;
  Outcome outcome = Outcome::ok;
  Term rest = NIL;  // what was not converted, for the error and incomplete tuples
};

bool latin1_encoding(Term enc, bool* latin1) {
  if (enc == atoms::latin1) *latin1 = true;
  else if (enc == atoms::unicode || enc == atoms::utf8) *latin1 = false;
  else return false;
  return true;
}

// Decodes a binary; on failure records the undecoded tail as `rest`.
Outcome decode_binary(Process* p, Term bin, bool latin1, Conversion& c, bool last) {
  std::string bytes;
  append_binary_bytes(bytes, bin);
  if (latin1) {
    for (unsigned char b : bytes) c.code_points.push_back(b);
    return Outcome::ok;
  }
  for (size_t i = 0; i < bytes.size();) {
    size_t at = i;
    int32_t cp = utf8_decode(bytes, i);
    if (cp >= 0) {
      c.code_points.push_back(uint32_t(cp));
      continue;
    }
    ProcessHeap heap(p);
    c.rest = make_sub_binary(heap, bin, at * 8, (bytes.size() - at) * 8);
    bool truncated = bytes.size() - at < 4 && last;
    return truncated && utf8_prefix_valid(std::string_view(bytes).substr(at)) ? Outcome::incomplete : Outcome::error;
  }
  return Outcome::ok;
}

Conversion convert(Process* p, Term data, bool latin1) {
  Conversion c;
  std::vector<Term> todo{data};
  while (!todo.empty()) {
    Term t = todo.back();
    todo.pop_back();
    if (t == NIL) continue;
    if (is_binary(t)) {
      c.outcome = decode_binary(p, t, latin1, c, todo.empty());
      if (c.outcome != Outcome::ok) {
        ProcessHeap heap(p);
        while (!todo.empty()) {
          c.rest = cons(heap, c.rest, todo.back());
          todo.pop_back();
        }
        return c;
      }
      continue;
    }
    if (!is_list(t)) {
      c.outcome = Outcome::badarg;
      return c;
    }
    Term h = head(t);
    todo.push_back(tail(t));
    if (is_small(h)) {
      int64_t cp = small_value(h);
      if (!is_valid_code_point(cp) || (latin1 && cp > 255)) {
        ProcessHeap heap(p);
        c.rest = cons(heap, h, tail(t));
        todo.pop_back();
        while (!todo.empty()) {
          c.rest = cons(heap, c.rest, todo.back());
          todo.pop_back();
        }
        c.outcome = cp >= 0 && is_small(h) ? Outcome::error : Outcome::badarg;
        return c;
      }
      c.code_points.push_back(uint32_t(cp));
    } else if (is_list(h) || h == NIL || is_binary(h)) {
      todo.push_back(h);
    } else {
      c.outcome = Outcome::badarg;
      return c;
    }
  }
  return c;
}

Term utf8_binary(Heap& heap, const std::vector<uint32_t>& cps) {
  std::string out;
  for (uint32_t cp : cps) utf8_append(out, cp);
  return make_binary(heap, out);
}

Term code_point_list(Heap& heap, const std::vector<uint32_t>& cps) {
  Term list = NIL;
  for (size_t k = cps.size(); k-- > 0;) list = cons(heap, make_small(cps[k]), list);
  return list;
}

Term result(Process* p, const Conversion& c, bool as_list) {
  ProcessHeap heap(p);
  Term converted = as_list ? code_point_list(heap, c.code_points) : utf8_binary(heap, c.code_points);
  switch (c.outcome) {
    case Outcome::ok: return converted;
    case Outcome::badarg: return badarg(p);
    case Outcome::error: return tuple(heap, atoms::error, converted, c.rest);
    case Outcome::incomplete: return tuple(heap, atom_put("incomplete"), converted, c.rest);
  }
  return converted;
}

}  // namespace

Term unicode_characters_to_binary_2(Process* p, Term* a) {
  bool latin1;
  if (!latin1_encoding(a[1], &latin1)) return badarg(p);
  if (is_binary(a[0]) && !latin1) {
    Conversion c = convert(p, a[0], false);
    if (c.outcome == Outcome::ok) return a[0];
    return result(p, c, false);
  }
  return result(p, convert(p, a[0], latin1), false);
}

Term unicode_characters_to_list_2(Process* p, Term* a) {
  bool latin1;
  if (!latin1_encoding(a[1], &latin1)) return badarg(p);
  return result(p, convert(p, a[0], latin1), true);
}

Term unicode_bin_is_7bit_1(Process*, Term* a) {
  if (!is_binary(a[0])) return atoms::false_;
  std::string bytes;
  append_binary_bytes(bytes, a[0]);
  for (unsigned char b : bytes)
    if (b >= 0x80) return atoms::false_;
  return atoms::true_;
}

}  // namespace ember
