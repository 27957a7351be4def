#include "vm/term/digest.h"

#include <zlib.h>

namespace ember {

// zlib takes 32-bit lengths; feed it in pieces so long binaries are checksummed whole.
template <typename Fn>
static uint32_t in_pieces(uint32_t value, std::string_view data, Fn fn) {
  constexpr size_t piece = 1u << 30;
  for (size_t at = 0; at < data.size(); at += piece) {
    std::string_view part = data.substr(at, piece);
    value = uint32_t(fn(value, reinterpret_cast<const Bytef*>(part.data()), uInt(part.size())));
  }
  return value;
}

uint32_t crc32_update(uint32_t crc, std::string_view data) { return in_pieces(crc, data, ::crc32); }
uint32_t adler32_update(uint32_t adler, std::string_view data) { return in_pieces(adler, data, ::adler32); }
uint32_t crc32_combine(uint32_t a, uint32_t b, uint64_t n) { return uint32_t(::crc32_combine64(a, b, z_off64_t(n))); }
uint32_t adler32_combine(uint32_t a, uint32_t b, uint64_t n) { return uint32_t(::adler32_combine64(a, b, z_off64_t(n))); }

}  // namespace ember
