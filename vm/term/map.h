// Maps. Up to 32 keys a map is flat: a sorted keys tuple and the values in the same order.
// Above 32 keys it is a hash array mapped trie (HAMT) shaped and hashed exactly as in erts, so
// that iteration order is the same as on erts. A map is large if and only if it has more than
// 32 keys: every operation converts at that boundary, in both directions, as erts does.
//
//   flat_map       header | size | keys tuple | values...            (header arity = 2 + size)
//   hash_map_head  header | size | bitmap | children...              (header arity = 2 + children)
//   hash_map_node  header | bitmap | children...                     (header arity = 1 + children)
//
// Trie level L looks at 4 bits of the key's hash: bits 4*(L%8).. of map_hash(key, L/8) (see
// vm/term/hash.h), so every 8 levels the key is hashed again with a new salt. Bit i of a bitmap says
// child i is present; children are stored in increasing i. A child is a leaf, a cons cell
// [Key | Value], or a hash_map_node. The trie is canonical, as in erts: a key sits as a leaf at
// the shallowest level where no other key shares its hash prefix, whatever the history of
// inserts and removals. Salted rehashing means there are no collision nodes.
//
// Orders erts shows to programs: the iteration order (map_for_each, MapCursor) is the order of
// maps:iterator/maps:next, maps:fold/3 and of printing. For a flat map it is map-key order. For
// a large map it is a depth-first walk of the trie, and maps:keys/1, maps:values/1 and
// maps:to_list/1 list a large map in the REVERSE of that order (erts conses while walking).
#pragma once

#include <cstddef>
#include <cstdint>

#include "vm/process/heap.h"
#include "vm/term/term.h"

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
// Replaces an existing key only; if the key is absent returns THE_NON_VALUE and sets
// *missing_key to it.
Term map_update(Heap& heap, Term map, Term key, Term value, Term* missing_key);
// A flat map with new values for n keys it already has (pairs: key, value, key, value...),
// built once; THE_NON_VALUE if a key is absent (nothing is built then).
Term flat_map_update_all(Heap& heap, Term map, const Term* pairs, size_t n);

// Whether two large maps are =:=, by walking both tries at once: the trie of a set of keys is
// canonical, so equal maps have the same shape.
bool hash_maps_eq_exact(Term a, Term b);

// ---- layout accessors ----------------------------------------------------------------------

inline const Term* flat_map_keys(Term map) { return tuple_elements(boxed_ptr(map)[2]); }
inline const Term* flat_map_values(Term map) { return boxed_ptr(map) + flat_map_fixed_words; }
inline size_t flat_map_size(Term map) { return boxed_ptr(map)[1]; }

inline constexpr Word hash_map_head_fixed_words = 3;
inline constexpr Word hash_map_node_fixed_words = 2;
inline bool is_hash_map_node(Term t) { return is_boxed_of(t, Subtag::hash_map_node); }
inline bool is_hash_map_leaf(Term child) { return is_list(child); }
inline size_t hash_map_size(Term head) { return boxed_ptr(head)[1]; }
// For a hash_map_head or hash_map_node.
inline uint32_t hash_map_bitmap(Term node) {
  return uint32_t(boxed_ptr(node)[is_hash_map(node) ? 2 : 1]);
}
inline const Term* hash_map_children(Term node, size_t* count) {
  Word fixed = is_hash_map(node) ? hash_map_head_fixed_words : hash_map_node_fixed_words;
  *count = header_arity(boxed_header(node)) + 1 - fixed;
  return boxed_ptr(node) + fixed;
}

// ---- iteration -----------------------------------------------------------------------------

namespace map_detail {
template <typename Fn>
bool walk(Term node, Fn& fn) {
  size_t count;
  const Term* children = hash_map_children(node, &count);
  for (size_t i = 0; i < count; i++) {
    Term child = children[i];
    bool more = is_hash_map_leaf(child) ? fn(head(child), tail(child)) : walk(child, fn);
    if (!more) return false;
  }
  return true;
}
}  // namespace map_detail

// Visits pairs in erts' iteration order; fn(key, value) returns false to stop early. The trie
// is at most a few levels deep, so the recursion is shallow.
template <typename Fn>
void map_for_each(Term map, Fn fn) {
  if (is_flat_map(map)) {
    const Term* keys = flat_map_keys(map);
    const Term* values = flat_map_values(map);
    for (size_t i = 0, n = flat_map_size(map); i < n; i++)
      if (!fn(keys[i], values[i])) return;
    return;
  }
  map_detail::walk(map, fn);
}

// A position in the iteration order, in erts' own encoding so that erts_internal:map_next/3
// can give it to Erlang as the Path integer and take it back. For a flat map, path[0] is the
// index of the next pair (erts' map_next/3 ignores a flat map's path and returns every pair).
// For a large map, the path names the child to take at each trie level, 4 bits per level with
// the root in the lowest bits of path[0] (path[1] continues at level 16, like the second digit
// of erts' bignum path); levels past the encoded ones take child 0. Paths deeper than 32
// levels would need 128 colliding hash bits and are not represented.
struct MapCursor {
  Term map;
  uint64_t path[2] = {0, 0};
  bool done = false;  // set once the last pair has been returned
};

enum class MapStep { pair, end, bad_path };
// Returns the pair at the cursor and advances it; `end` once done; `bad_path` if the path
// names a child that does not exist (erts raises badarg).
MapStep map_next(MapCursor& cursor, Term* key, Term* value);

}  // namespace ember
