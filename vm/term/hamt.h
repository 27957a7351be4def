// The large-map half of vm/term/map.h: the hash trie. Private to map.cpp, hamt.cpp and
// hamt_build.cpp.
#pragma once

#include <cstddef>
#include <cstdint>

#include "vm/process/heap.h"
#include "vm/term/hash.h"
#include "vm/term/map.h"
#include "vm/term/term.h"

namespace ember {

inline constexpr unsigned levels_per_hash = 8;  // a 32-bit hash gives 8 levels of 4 bits

// A key's hash, read 4 bits per trie level; rehashes with the next salt every 8 levels.
class KeyHash {
 public:
  explicit KeyHash(Term key) : key_(key), hash_(map_hash(key, 0)) {}
  KeyHash(Term key, uint32_t first_hash) : key_(key), hash_(first_hash) {}

  unsigned nibble(unsigned level) {
    uint32_t depth = level / levels_per_hash;
    if (depth != depth_) {
      depth_ = depth;
      hash_ = map_hash(key_, depth);
    }
    return (hash_ >> (4 * (level % levels_per_hash))) & 0xF;
  }

 private:
  Term key_;
  uint32_t hash_;
  uint32_t depth_ = 0;
};

// Trie order compares hashes nibble by nibble from the low end; reversing the nibbles turns
// that into plain integer order.
inline uint32_t nibbles_reversed(uint32_t h) {
  uint32_t r = 0;
  for (int i = 0; i < 8; i++, h >>= 4) r = (r << 4) | (h & 0xF);
  return r;
}

// A trie node (a head with `size` keys, or an inner node) of `count` children.
Term make_node(Heap& heap, bool is_head, size_t size, uint32_t bitmap, const Term* children, size_t count);

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
