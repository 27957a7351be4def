// The hash functions whose exact values Erlang programs can observe: erlang:phash/2,
// erlang:phash2/1,2, and the internal hash that orders large maps.
#pragma once

#include <cstdint>

#include "vm/term.h"

namespace ember {

uint32_t phash(Term t, uint32_t range);    // erlang:phash/2, range 1..2^32 (0 means 2^32)
uint32_t phash2(Term t);                   // erlang:phash2/1 (27 bits)
uint32_t phash2_range(Term t, uint32_t range);
uint32_t map_hash(Term key, uint32_t level);  // the HAMT hash of a key at a given trie level

}  // namespace ember
