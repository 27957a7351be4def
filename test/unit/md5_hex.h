// MD5 of some bytes as lowercase hex, as the tests compare digests.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

#include "vm/term/digest.h"

namespace ember {

inline std::string hex_digest(const uint8_t digest[16]) {
  std::string hex;
  for (int k = 0; k < 16; k++) {
    char pair[3];
    std::snprintf(pair, sizeof pair, "%02x", digest[k]);
    hex += pair;
  }
  return hex;
}

inline std::string md5_hex(std::string_view bytes) {
  uint8_t digest[16];
  Md5 md5;
  md5.update(bytes);
  md5.finish(digest);
  return hex_digest(digest);
}

}  // namespace ember
