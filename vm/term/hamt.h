// The large-map half of vm/term/map.h: the hash trie. Private to map.cpp and hamt.cpp.
#pragma once

#include <cstddef>

#include "vm/process/heap.h"
#include "vm/term/map.h"
#include "vm/term/term.h"

namespace ember {

// A flat map from keys already sorted in map-key order and unique; n <= 32.
Term make_flat_map(Heap& heap, const Term* keys, const Term* values, size_t n);

// A map from n pairs, n > 32; later duplicates win. Flat if fewer than 33 keys remain.
Term hamt_from_pairs(Heap& heap, const Term* keys, const Term* values, size_t n);
Term hamt_get(Term root, Term key);
// root with key set to value. With `must_exist`, returns THE_NON_VALUE if key is absent.
Term hamt_put(Heap& heap, Term root, Term key, Term value, bool must_exist);
// root without key (root itself if absent); flat once 32 keys remain.
Term hamt_remove(Heap& heap, Term root, Term key);
MapStep hamt_next(MapCursor& cursor, Term* key, Term* value);

}  // namespace ember
