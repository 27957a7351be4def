// Mutations of .beam files aimed inside the chunks: the IFF container is rebuilt with correct
// lengths after a chunk's contents change, a gzip-compressed file or a compressed literal table
// is inflated, mutated and compressed again, and the Code chunk is mutated instruction by
// instruction, so that the damage reaches the chunk decoders and the translator.
#pragma once

#include <string>
#include <vector>

#include "test/fuzz/fuzz.h"

namespace ember::fuzz {

struct BeamChunk {
  std::string id;
  std::string data;
};

// The chunks of a FOR1/BEAM file; false if it is not one.
bool split_beam(std::string_view file, std::vector<BeamChunk>& chunks);
std::string join_beam(const std::vector<BeamChunk>& chunks);

void mutate_beam(std::string& file, Rng& rng, const Corpus& others);

}  // namespace ember::fuzz
