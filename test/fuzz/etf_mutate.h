// Mutations of the external term format that know its structure: lengths and counts of nested
// terms set to wrong values, tags swapped, subterms deleted, duplicated, spliced and nested
// deeply, compressed payloads mutated inside and recompressed.
#pragma once

#include <string>

#include "test/fuzz/fuzz.h"

namespace ember::fuzz {

// `input` starts with the version byte 131 (else it gets generic mutations).
void mutate_etf(std::string& input, Rng& rng, const Corpus& others);

}  // namespace ember::fuzz
