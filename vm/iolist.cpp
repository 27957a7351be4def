#include "vm/iolist.h"

#include <vector>

#include "vm/binary.h"
#include "vm/unicode.h"

namespace ember {

void append_binary_bytes(std::string& out, Term bin) {
  Bits b = bitstring_bits(bin);
  size_t at = out.size();
  out.resize(at + b.bit_size / 8);
  copy_bits(b.bytes, b.bit_offset, reinterpret_cast<uint8_t*>(out.data() + at), 0, b.bit_size & ~uint64_t(7));
}

bool iolist_bytes(Term t, std::string& out) {
  std::vector<Term> todo{t};
  while (!todo.empty()) {
    Term u = todo.back();
    todo.pop_back();
    if (u == NIL) continue;
    if (is_binary(u)) {
      append_binary_bytes(out, u);
      continue;
    }
    if (!is_list(u)) return false;
    Term h = head(u);
    todo.push_back(tail(u));
    if (is_small(h)) {
      if (small_value(h) < 0 || small_value(h) > 255) return false;
      out += char(small_value(h));
    } else if (is_binary(h) || is_list(h) || h == NIL) {
      todo.push_back(h);
    } else {
      return false;
    }
  }
  return true;
}

bool iolist_byte_count(Term t, uint64_t* out) {
  uint64_t n = 0;
  std::vector<Term> todo{t};
  while (!todo.empty()) {
    Term u = todo.back();
    todo.pop_back();
    for (; is_list(u); u = tail(u)) {
      Term h = head(u);
      if (is_small(h)) {
        if (small_value(h) < 0 || small_value(h) > 255) return false;
        n++;
      } else if (is_binary(h)) {
        n += bitstring_bit_size(h) / 8;
      } else if (is_list(h)) {
        todo.push_back(h);
      } else if (h != NIL) {
        return false;
      }
    }
    if (is_binary(u)) n += bitstring_bit_size(u) / 8;
    else if (u != NIL) return false;
  }
  *out = n;
  return true;
}

bool char_list_utf8(Term t, std::string& out) {
  for (; is_list(t); t = tail(t)) {
    Term c = head(t);
    if (!is_small(c) || !is_valid_code_point(small_value(c))) return false;
    utf8_append(out, uint32_t(small_value(c)));
  }
  return t == NIL;
}

CharListRead char_list_utf8_bounded(Term t, size_t max_chars, std::string& out) {
  for (size_t n = 0; is_list(t); t = tail(t), n++) {
    if (n == max_chars) return CharListRead::too_long;
    Term c = head(t);
    if (!is_small(c) || !is_valid_code_point(small_value(c))) return CharListRead::invalid;
    utf8_append(out, uint32_t(small_value(c)));
  }
  return t == NIL ? CharListRead::ok : CharListRead::invalid;
}

}  // namespace ember
