// One object stored in an ETS table: a copy of the inserted tuple in an arena of its own, so
// deleting the object frees exactly it and the table outlives the heaps that filled it.
#pragma once

#include <cstdint>
#include <memory>

#include "vm/process/heap.h"
#include "vm/process/memory_usage.h"
#include "vm/term/term.h"

namespace ember {

enum class EtsType : uint8_t { set, ordered_set, bag, duplicate_bag };

// The storage of stored terms, counted as ETS memory while it lives.
struct EtsStorageRelease {
  void operator()(Arena* storage) const;
};
using EtsStorage = std::unique_ptr<Arena, EtsStorageRelease>;
// Storage for a term of `words` words (copy_size).
EtsStorage ets_storage(size_t words);

struct EtsObject {
  EtsStorage storage;
  Term tuple;
  // The words erts would store the tuple in (its flat size with erts' binary layouts), which
  // ets:info counts as the table's memory.
  size_t erts_words = 0;

  size_t words() const { return erts_words; }
};

// A copy of object in storage of its own. A compressed table (compressed_keypos > 0) counts
// the words erts' compressed form would take.
EtsObject ets_stored_copy(Term object, uint32_t compressed_keypos = 0);

// erts' flat size of a term: ember's, except where erts lays objects out otherwise (binaries,
// whose erts structures are larger: 6 words for a reference to an off-heap binary, 5 more for
// a slice at a bit offset; trie nodes of large maps; funs, refs; the shared empty tuple).
size_t erts_flat_size(Term t);

}  // namespace ember
