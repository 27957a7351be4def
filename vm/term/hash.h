// The hash functions whose exact values Erlang programs can observe: erlang:phash/2,
// erlang:phash2/1,2, and the internal hash that shapes large maps (and so their order).
#pragma once

#include <cstdint>

#include "vm/term/term.h"

namespace ember {

// erlang:phash/2. range is 1..2^32, with 0 standing for 2^32; the result is 1..range, which
// for range 2^32 may itself be 2^32.
uint64_t phash(Term t, uint32_t range);
uint32_t phash2(Term t);                         // erlang:phash2/1 (27 bits)
uint32_t phash2_range(Term t, uint32_t range);   // erlang:phash2/2; range 0 stands for 2^32

// The hash that places a key in a large map: erts' internal hash, salted by `depth`, which
// counts groups of 8 trie levels (level L uses depth L/8). Immediates are hashed by their
// word, as erts does, so atoms hash by their index: a large map with atom keys has erts'
// order only if the atoms have erts' indices. Local pids and ports hash by ember's word (erts
// mixes in its process-table slot), and remote identifiers by node name and creation (erts
// uses the address of its node entry).
uint32_t map_hash(Term key, uint32_t depth);

}  // namespace ember
