#include "vm/term/build.h"

#include <algorithm>

#include "vm/term/unicode.h"

namespace ember {

Term make_big(Heap& heap, const Word* digits, size_t n, bool negative) {
  while (n > 0 && digits[n - 1] == 0) n--;
  if (n == 0) return make_small(0);
  if (n == 1) {
    uint64_t magnitude = digits[0];
    if (!negative && magnitude <= uint64_t(small_max)) return make_small(int64_t(magnitude));
    if (negative && magnitude <= uint64_t(small_max) + 1) return make_small(-int64_t(magnitude));
  }
  Word* p = heap.alloc(n + 1);
  p[0] = make_header(negative ? Subtag::neg_big : Subtag::pos_big, n);
  std::memcpy(p + 1, digits, n * sizeof(Word));
  return make_boxed(p);
}

Term make_integer(Heap& heap, int64_t v) {
  if (fits_small(v)) return make_small(v);
  Word magnitude = v < 0 ? Word(0) - Word(v) : Word(v);
  return make_big(heap, &magnitude, 1, v < 0);
}

Term make_unsigned(Heap& heap, uint64_t v) {
  if (v <= uint64_t(small_max)) return make_small(int64_t(v));
  return make_big(heap, &v, 1, false);
}

Term make_byte_list(Heap& heap, std::string_view s) {
  Term list = NIL;
  for (size_t i = s.size(); i-- > 0;) list = cons(heap, make_small(uint8_t(s[i])), list);
  return list;
}

Term make_char_list(Heap& heap, std::string_view utf8) {
  // ASCII text (file names in stack traces, most atoms) needs no decoding.
  bool ascii = std::all_of(utf8.begin(), utf8.end(), [](char c) { return uint8_t(c) < 0x80; });
  long n = ascii ? long(utf8.size()) : utf8_count(utf8);
  if (n <= 0) return NIL;
  Word* cells = heap.alloc(2 * size_t(n));
  size_t i = 0;
  for (long k = 0; k < n; k++) {
    cells[2 * k] = make_small(ascii ? uint8_t(utf8[size_t(k)]) : utf8_decode(utf8, i));
    cells[2 * k + 1] = k + 1 < n ? make_list(cells + 2 * (k + 1)) : NIL;
  }
  return make_list(cells);
}

Term make_list_of(Heap& heap, const std::vector<Term>& terms) {
  Term list = NIL;
  for (size_t k = terms.size(); k-- > 0;) list = cons(heap, terms[k], list);
  return list;
}

}  // namespace ember
