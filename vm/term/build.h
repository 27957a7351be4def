// Building terms on a Heap. Sizes are exact so callers can reserve space up front.
#pragma once

#include <bit>
#include <string_view>
#include <vector>

#include "vm/process/heap.h"
#include "vm/term/term.h"

namespace ember {

inline Term make_float(Heap& heap, double d) {
  Word* p = heap.alloc(float_words);
  p[0] = make_header(Subtag::float_, 1);
  p[1] = std::bit_cast<Word>(d);
  return make_boxed(p);
}

inline Term cons(Heap& heap, Term h, Term t) {
  Word* p = heap.alloc(2);
  p[0] = h;
  p[1] = t;
  return make_list(p);
}

// A tuple with uninitialised elements; the caller fills all of them before any GC.
inline Term new_tuple(Heap& heap, Word arity, Term** elements) {
  Word* p = heap.alloc(arity + 1);
  p[0] = make_header(Subtag::tuple, arity);
  *elements = p + 1;
  return make_boxed(p);
}

template <typename... Ts>
Term tuple(Heap& heap, Ts... elements) {
  Term* e;
  Term t = new_tuple(heap, sizeof...(Ts), &e);
  ((*e++ = elements), ...);
  return t;
}

// Integers: a small when it fits, else a bignum.
Term make_integer(Heap& heap, int64_t v);
Term make_unsigned(Heap& heap, uint64_t v);
// A bignum from normalised little-endian digits; demotes to a small when it fits.
Term make_big(Heap& heap, const Word* digits, size_t n, bool negative);

// A list of the bytes of `s` (an Erlang string of Latin-1 characters).
Term make_byte_list(Heap& heap, std::string_view s);
// A list of the code points of UTF-8 text (valid UTF-8 required).
Term make_char_list(Heap& heap, std::string_view utf8);
// A proper list of the terms, in order.
Term make_list_of(Heap& heap, const std::vector<Term>& terms);

}  // namespace ember
