// The atom table: every distinct atom text gets one index for the life of the VM.
#pragma once

#include <string_view>

#include "vm/term/term.h"

namespace ember {

enum class AtomIndex : uint32_t {
#define X(id, text) id,
#include "vm/term/atoms.def"
#undef X
  predefined_count
};

namespace atoms {
#define X(id, text) inline constexpr Term id = make_atom(uint32_t(AtomIndex::id));
#include "vm/term/atoms.def"
#undef X
}  // namespace atoms

inline Term boolean(bool b) { return b ? atoms::true_ : atoms::false_; }

inline constexpr size_t max_atom_characters = 255;

// Returns the atom for `utf8`, creating it if needed; THE_NON_VALUE if the text is longer than
// 255 characters or is not valid UTF-8 (callers raise system_limit or badarg).
Term atom_put(std::string_view utf8);
// Returns the atom only if it already exists, else THE_NON_VALUE.
Term atom_find(std::string_view utf8);
// The UTF-8 text of an atom; valid for the life of the VM.
std::string_view atom_text(Term atom);
size_t atom_count();

// The atom table's memory in bytes, as erlang:memory(atom) and memory(atom_used) report it:
// what the table has allocated, and the part of it the atoms that exist take.
struct AtomTableMemory {
  size_t allocated;
  size_t used;
};
AtomTableMemory atom_table_memory();

// The atom table's shape, as a crash dump describes it: the hash index (buckets, buckets in
// use, atoms, the longest chain) and the entry table (entries allocated, the limit).
struct AtomTableShape {
  size_t buckets, used_buckets, atoms, longest_chain;
  size_t entry_capacity, limit;
};
AtomTableShape atom_table_shape();

}  // namespace ember
