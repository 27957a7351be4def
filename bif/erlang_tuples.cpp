// Tuples, and the size and list accessors the compiler also uses as guard BIFs.
#include <cstring>

#include "bif/bif.h"
#include "vm/term/binary.h"
#include "vm/term/map.h"

namespace ember {

static bool index_of(Term tuple, Term index, Word* out) {
  if (!is_tuple(tuple) || !is_small(index)) return false;
  int64_t i = small_value(index);
  if (i < 1 || uint64_t(i) > tuple_arity(tuple)) return false;
  *out = Word(i - 1);
  return true;
}

Term erlang_element_2(Process* p, Term* a) {
  Word i;
  if (!index_of(a[1], a[0], &i)) return badarg(p);
  return tuple_element(a[1], i);
}

Term erlang_setelement_3(Process* p, Term* a) {
  Word i;
  if (!index_of(a[1], a[0], &i)) return badarg(p);
  ProcessHeap heap(p);
  Word n = tuple_arity(a[1]);
  Term* e;
  Term t = new_tuple(heap, n, &e);
  std::memcpy(e, tuple_elements(a[1]), n * sizeof(Term));
  e[i] = a[2];
  return t;
}

Term erlang_tuple_size_1(Process* p, Term* a) {
  if (!is_tuple(a[0])) return badarg(p);
  return make_small(int64_t(tuple_arity(a[0])));
}

Term erlang_size_1(Process* p, Term* a) {
  if (is_tuple(a[0])) return make_small(int64_t(tuple_arity(a[0])));
  if (is_bitstring(a[0])) return make_small(int64_t(bitstring_bit_size(a[0]) / 8));
  return badarg(p);
}

Term erlang_byte_size_1(Process* p, Term* a) {
  if (!is_bitstring(a[0])) return badarg(p);
  return make_small(int64_t((bitstring_bit_size(a[0]) + 7) / 8));
}

Term erlang_bit_size_1(Process* p, Term* a) {
  if (!is_bitstring(a[0])) return badarg(p);
  return make_small(int64_t(bitstring_bit_size(a[0])));
}

Term erlang_map_size_1(Process* p, Term* a) {
  if (!is_map(a[0])) return raise_error_with(p, atoms::badmap, a[0]);
  return make_small(int64_t(map_size(a[0])));
}

Term erlang_hd_1(Process* p, Term* a) { return is_list(a[0]) ? head(a[0]) : badarg(p); }
Term erlang_tl_1(Process* p, Term* a) { return is_list(a[0]) ? tail(a[0]) : badarg(p); }

Term erlang_make_tuple_2(Process* p, Term* a) {
  if (!is_small(a[0]) || small_value(a[0]) < 0 || uint64_t(small_value(a[0])) > max_tuple_arity) return badarg(p);
  ProcessHeap heap(p);
  Term* e;
  Term t = new_tuple(heap, Word(small_value(a[0])), &e);
  for (int64_t k = 0; k < small_value(a[0]); k++) e[k] = a[1];
  return t;
}

Term erlang_make_tuple_3(Process* p, Term* a) {
  Term t = erlang_make_tuple_2(p, a);
  if (t == THE_NON_VALUE) return t;
  for (Term l = a[2]; l != NIL; l = tail(l)) {
    if (!is_list(l)) return badarg(p);
    Term pair = head(l);
    Word i;
    if (!is_tuple(pair) || tuple_arity(pair) != 2 || !index_of(t, tuple_element(pair, 0), &i)) return badarg(p);
    tuple_element(t, i) = tuple_element(pair, 1);
  }
  return t;
}

Term erlang_append_element_2(Process* p, Term* a) {
  if (!is_tuple(a[0]) || tuple_arity(a[0]) >= max_tuple_arity) return badarg(p);
  ProcessHeap heap(p);
  Word n = tuple_arity(a[0]);
  Term* e;
  Term t = new_tuple(heap, n + 1, &e);
  std::memcpy(e, tuple_elements(a[0]), n * sizeof(Term));
  e[n] = a[1];
  return t;
}

Term erlang_tuple_to_list_1(Process* p, Term* a) {
  if (!is_tuple(a[0])) return badarg(p);
  ProcessHeap heap(p);
  Term list = NIL;
  for (Word k = tuple_arity(a[0]); k-- > 0;) list = cons(heap, tuple_element(a[0], k), list);
  return list;
}

Term erlang_list_to_tuple_1(Process* p, Term* a) {
  int64_t n = list_length(a[0]);
  if (n < 0 || uint64_t(n) > max_tuple_arity) return badarg(p);
  ProcessHeap heap(p);
  Term* e;
  Term t = new_tuple(heap, Word(n), &e);
  for (Term l = a[0]; l != NIL; l = tail(l)) *e++ = head(l);
  return t;
}

}  // namespace ember

namespace ember {

// split_binary(Bin, Pos): {first Pos bytes, the rest}, sharing Bin's bytes; the rest of a
// bitstring keeps its odd bits.
Term erlang_split_binary_2(Process* p, Term* a) {
  if (!is_bitstring(a[0]) || !is_small(a[1])) return badarg(p);
  int64_t pos = small_value(a[1]);
  uint64_t bits = bitstring_bit_size(a[0]);
  if (pos < 0 || uint64_t(pos) > bits / 8) return badarg(p);
  uint64_t split = uint64_t(pos) * 8;
  ProcessHeap heap(p);
  return tuple(heap, make_sub_binary(heap, a[0], 0, split), make_sub_binary(heap, a[0], split, bits - split));
}

}  // namespace ember
