// Unique references (make_ref/0, monitors, timers, aliases).
#pragma once

#include "vm/process/heap.h"
#include "vm/term/term.h"

namespace ember {

Term make_ref(Heap& heap);
// A local reference from its three numbers, least significant first as erts stores them.
Term make_local_ref(Heap& heap, uint32_t n0, uint32_t n1, uint32_t n2);
// ETS tables and timers number themselves and carry their number in their references; a mark in
// the reference's third number keeps each space apart from make_ref/0's references and from the
// other space, so that no two references are ever equal by accident.
enum class RefSpace : uint32_t { ets_table = 0x40000000, timer = 0x20000000, dist_handle = 0x60000000 };
// A reference of `space` whose numbers encode `id`.
Term make_ref_with_id(Heap& heap, uint64_t id, RefSpace space);
// The id of a reference made by make_ref_with_id in `space`, or 0 for any other term.
uint64_t ref_id(Term ref, RefSpace space);
// The number a local reference's numbers encode, marks aside; 0 for any other term.
uint64_t ref_number(Term ref);
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
