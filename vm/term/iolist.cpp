#include "vm/term/iolist.h"

#include <cstring>

#include "vm/term/binary.h"
#include "vm/term/small_stack.h"
#include "vm/term/unicode.h"

namespace ember {

void append_binary_bytes(std::string& out, Term bin) {
  Bits b = bitstring_bits(bin);
  size_t at = out.size();
  out.resize(at + b.bit_size / 8);
  copy_bits(b.bytes, b.bit_offset, reinterpret_cast<uint8_t*>(out.data() + at), 0, b.bit_size & ~uint64_t(7));
}

namespace {

uint8_t* copy_binary_bytes(Term bin, uint8_t* out) {
  Bits b = bitstring_bits(bin);
  uint64_t bytes = b.bit_size / 8;
  if (b.byte_aligned()) std::memcpy(out, b.aligned_bytes(), bytes);
  else copy_bits(b.bytes, b.bit_offset, out, 0, bytes * 8);
  return out + bytes;
}

}  // namespace

bool iolist_bytes(Term t, std::string& out) {
  uint64_t n;
  if (!iolist_byte_count(t, &n)) return false;
  size_t at = out.size();
  out.resize(at + n);
  iolist_copy(t, reinterpret_cast<uint8_t*>(out.data() + at));
  return true;
}

uint8_t* iolist_copy(Term t, uint8_t* out) {
  SmallStack<Term, 32> rest;  // the tails still to copy of the lists walked into
  for (;;) {
    while (is_list(t)) {
      Term h = head(t);
      if (is_list(h)) {
        rest.push(tail(t));
        t = h;
        continue;
      }
      if (is_small(h)) *out++ = uint8_t(small_value(h));
      else if (h != NIL) out = copy_binary_bytes(h, out);
      t = tail(t);
    }
    if (t != NIL) out = copy_binary_bytes(t, out);
    if (rest.empty()) return out;
    t = rest.pop();
  }
}

bool iolist_byte_count(Term t, uint64_t* out) {
  uint64_t n = 0;
  SmallStack<Term, 32> todo;
  todo.push(t);
  while (!todo.empty()) {
    Term u = todo.pop();
    for (; is_list(u); u = tail(u)) {
      Term h = head(u);
      if (is_small(h)) {
        if (small_value(h) < 0 || small_value(h) > 255) return false;
        n++;
      } else if (is_binary(h)) {
        n += bitstring_bit_size(h) / 8;
      } else if (is_list(h)) {
        todo.push(h);
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
