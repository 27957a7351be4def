// The term that the copy, external term format and garbage collection benchmarks move
// around: a list of records mixing the kinds of data real messages and heaps hold, so that no
// single term kind decides the result.
#pragma once

#include <cstddef>

#include "vm/process/heap.h"
#include "vm/term/term.h"

namespace ember::micro {

// A list of `records` tuples, each holding integers (one a bignum), a float, an atom, a
// binary, a string and a small map.
Term sample_term(Heap& heap, size_t records);

}  // namespace ember::micro
