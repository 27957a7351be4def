// Maps. Up to 32 keys a map is flat: a sorted keys tuple and the values in the same order.
// Above 32 keys it is a hash array mapped trie (HAMT) laid out and hashed exactly as erts does,
// so that iteration order (maps:to_list/1, maps:keys/1, printing) is the same as on erts.
//
//   flat_map       header | size | keys tuple | values...
//   hash_map_head  header | size | bitmap | children...      (header arity = 2 + children)
//   hash_map_node  header | bitmap | children...
// A child is a cons cell [Key | Value] (a leaf), a hash_map_node, or, at the deepest level, a
// collision list.
#pragma once

#include <cstddef>

#include "vm/heap.h"
#include "vm/term.h"

namespace ember {

size_t map_size(Term map);
// The value for `key` (matched with =:=), or THE_NON_VALUE.
Term map_get(Term map, Term key);

// A new map from n key/value pairs; later duplicates (=:=) win. The arrays are not modified.
Term map_from_pairs(Heap& heap, const Term* keys, const Term* values, size_t n);
// map with key set to value (inserted or replaced).
Term map_put(Heap& heap, Term map, Term key, Term value);
// map without key (the same map if key is absent).
Term map_remove(Heap& heap, Term map, Term key);
// Replaces existing keys only; THE_NON_VALUE and *missing_key set if a key is absent.
Term map_update(Heap& heap, Term map, Term key, Term value, Term* missing_key);

// Visits pairs in erts' iteration order. Stops early if fn returns false.
template <typename Fn>
void map_for_each(Term map, Fn fn);

// Iteration order as an explicit cursor, for maps:next/erts_internal:map_next and printing.
struct MapCursor {
  Term map;
  size_t position = 0;
};
bool map_next(MapCursor& cursor, Term* key, Term* value);

}  // namespace ember
