// zlib for the mutators: compressed terms, literal tables and gzip-compressed .beam files are
// inflated, mutated and compressed again.
#pragma once

#include <string>
#include <string_view>

namespace ember::fuzz {

enum class Wrapper { zlib, gzip };

std::string compress(std::string_view plain, Wrapper wrapper, int level);
// False on a corrupt stream, or one that inflates past `limit` bytes.
bool inflate_bounded(std::string_view compressed, Wrapper wrapper, size_t limit, std::string& out);

}  // namespace ember::fuzz
