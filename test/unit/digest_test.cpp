#include <catch2/catch.hpp>

#include <string>

#include "md5_hex.h"
#include "vm/term/digest.h"

using namespace ember;

TEST_CASE("MD5 gives RFC 1321's test suite") {
  CHECK(md5_hex("") == "d41d8cd98f00b204e9800998ecf8427e");
  CHECK(md5_hex("a") == "0cc175b9c0f1b6a831c399e269772661");
  CHECK(md5_hex("abc") == "900150983cd24fb0d6963f7d28e17f72");
  CHECK(md5_hex("message digest") == "f96b697d7cb7938d525a2f31aaf161d0");
  CHECK(md5_hex("abcdefghijklmnopqrstuvwxyz") == "c3fcd3d76192e4007dfb496cca67e13b");
  CHECK(md5_hex("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") ==
        "d174ab98d277d9f5a5611c2c9f419d9f");
  CHECK(md5_hex("12345678901234567890123456789012345678901234567890123456789012345678901234567890") ==
        "57edf4a22be3c955ac49da2e2107b67a");
}

TEST_CASE("MD5 of data fed in pieces equals MD5 of it whole, at every block boundary") {
  std::string data;
  for (int k = 0; k < 300; k++) data += char('a' + k % 26);
  for (size_t length : {55u, 56u, 63u, 64u, 65u, 119u, 120u, 128u, 300u}) {
    std::string_view whole(data.data(), length);
    for (size_t cut = 0; cut <= length; cut += 7) {
      uint8_t state[md5_state_size], digest[16];
      md5_state_init(state);
      md5_state_update(state, whole.substr(0, cut));
      md5_state_update(state, whole.substr(cut));
      md5_state_final(state, digest);
      CHECK(hex_digest(digest) == md5_hex(whole));
    }
  }
}
