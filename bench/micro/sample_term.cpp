#include "sample_term.h"

#include "vm/term/atom.h"
#include "vm/term/binary.h"
#include "vm/term/build.h"
#include "vm/term/map.h"

namespace ember::micro {
namespace {

Term record(Heap& heap, size_t k) {
  Word big_digits[2] = {Word(k), 1};
  Term keys[2] = {atoms::type, atoms::name};
  Term values[2] = {make_small(int64_t(k)), make_binary(heap, "a name")};
  return tuple(heap, make_small(int64_t(k)), make_big(heap, big_digits, 2, false),
               make_float(heap, double(k) * 0.5), k % 2 ? atoms::ok : atoms::error,
               make_binary(heap, "a binary of some bytes"), make_byte_list(heap, "a string"),
               map_from_pairs(heap, keys, values, 2));
}

}  // namespace

Term sample_term(Heap& heap, size_t records) {
  Term list = NIL;
  for (size_t k = 0; k < records; k++) list = cons(heap, record(heap, k), list);
  return list;
}

}  // namespace ember::micro
