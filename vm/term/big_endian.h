// Integers as network protocols write them, most significant byte first: the inet drivers'
// requests and replies, epmd's, and distribution's.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ember {

inline void put_be16(std::string& out, uint32_t v) {
  out += char(v >> 8);
  out += char(v);
}

inline void put_be32(std::string& out, uint32_t v) {
  put_be16(out, v >> 16);
  put_be16(out, v);
}

inline void put_be64(std::string& out, uint64_t v) {
  put_be32(out, uint32_t(v >> 32));
  put_be32(out, uint32_t(v));
}

// The first 2, 4 or 8 bytes of `d`, which must have them.
inline uint16_t get_be16(std::string_view d) { return uint16_t(uint8_t(d[0]) << 8 | uint8_t(d[1])); }
inline uint32_t get_be32(std::string_view d) { return uint32_t(get_be16(d)) << 16 | get_be16(d.substr(2)); }
inline uint64_t get_be64(std::string_view d) { return uint64_t(get_be32(d)) << 32 | get_be32(d.substr(4)); }

}  // namespace ember
