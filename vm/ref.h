// Unique references (make_ref/0, monitors, timers, aliases).
#pragma once

#include "vm/heap.h"
#include "vm/term.h"

namespace ember {

Term make_ref(Heap& heap);
// A local reference from its three numbers, least significant first as erts stores them.
Term make_local_ref(Heap& heap, uint32_t n0, uint32_t n1, uint32_t n2);
// A reference whose numbers encode `id` (timer references carry their timer's id).
Term make_ref_with_id(Heap& heap, uint64_t id);
// The id of a reference made by make_ref_with_id, or 0.
uint64_t ref_id(Term ref);
// A local reference's three numbers; false for anything else.
bool ref_numbers(Term ref, uint32_t out[3]);

// The same numbers as a value, for keeping a reference off the heap. A reference that is not
// local gives all zeros, which no reference made here has.
struct RefNumbers {
  uint32_t n[3] = {};
  bool operator==(const RefNumbers&) const = default;
};
inline RefNumbers ref_numbers(Term ref) {
  RefNumbers r;
  ref_numbers(ref, r.n);
  return r;
}
// The numbers of a new reference, never given out before.
RefNumbers unique_ref_numbers();
inline Term make_local_ref(Heap& heap, const RefNumbers& r) { return make_local_ref(heap, r.n[0], r.n[1], r.n[2]); }

}  // namespace ember
