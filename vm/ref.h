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

}  // namespace ember
