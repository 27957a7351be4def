#include "vm/term/ref.h"

#include <atomic>

namespace ember {

static std::atomic<uint64_t> next_ref{1};

// erts keeps 18 bits in a reference's first number and 32 in the others: a number is spread
// over them so, and ember's references print and read back (list_to_ref/1) as erts' do. The top
// three bits of the third number are marks (RefSpace, and resources'), never number bits.
constexpr unsigned first_bits = 18;
constexpr uint32_t mark_bits = 0xE0000000u;

static RefNumbers spread(uint64_t n, uint32_t mark) {
  return RefNumbers{{uint32_t(n & ((1u << first_bits) - 1)), uint32_t(n >> first_bits),
                     (uint32_t(n >> (first_bits + 32)) & ~mark_bits) | mark}};
}

Term make_local_ref(Heap& heap, uint32_t n0, uint32_t n1, uint32_t n2) {
  Word* p = heap.alloc(ref_words);
  p[0] = make_header(Subtag::ref, ref_words - 1);
  p[1] = n0;
  p[2] = n1;
  p[3] = n2;
  return make_boxed(p);
}

Term make_ref_with_id(Heap& heap, uint64_t id, RefSpace space) {
  return make_local_ref(heap, spread(id, uint32_t(space)));
}

// Relaxed: the numbers need only be unique, which any order of the increments gives.
RefNumbers unique_ref_numbers() { return spread(next_ref.fetch_add(1, std::memory_order_relaxed), 0); }

Term make_ref(Heap& heap) { return make_local_ref(heap, unique_ref_numbers()); }

bool ref_numbers(Term ref, uint32_t out[3]) {
  if (!is_local_ref(ref)) return false;
  for (int k = 0; k < 3; k++) out[k] = uint32_t(boxed_ptr(ref)[1 + k]);
  return true;
}

uint64_t ref_number(Term ref) {
  uint32_t n[3];
  if (!ref_numbers(ref, n)) return 0;
  return uint64_t(n[0]) | uint64_t(n[1]) << first_bits | uint64_t(n[2] & ~mark_bits) << (first_bits + 32);
}

uint64_t ref_id(Term ref, RefSpace space) {
  uint32_t n[3];
  if (!ref_numbers(ref, n) || (n[2] & mark_bits) != uint32_t(space)) return 0;
  return ref_number(ref);
}

}  // namespace ember
