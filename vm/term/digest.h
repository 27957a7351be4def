// Checksums and digests Erlang code can ask for (erlang:md5/1, crc32, adler32) and that the
// loader uses for module identity.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace ember {

// MD5 (RFC 1321), ember's own: OpenSSL's libcrypto, 4.5 MB on arm64 and not given to apps on
// phones, would be linked for this alone. The state is plain data so that erlang:md5_init/0
// can hand it to Erlang code as a binary.
struct Md5State {
  uint32_t abcd[4];
  uint64_t bytes;       // hashed so far
  uint8_t pending[64];  // the first bytes % 64 of them are an incomplete block
};

class Md5 {
 public:
  Md5();
  void update(std::string_view data);
  void finish(uint8_t out[16]);

 private:
  Md5State state_;
};

// erlang:md5_init/update/final: the running state is a binary of erts' size; any binary of that
// size is accepted back, as erts does.
inline constexpr size_t md5_state_size = 92;
static_assert(sizeof(Md5State) <= md5_state_size);
void md5_state_init(uint8_t state[md5_state_size]);
void md5_state_update(uint8_t state[md5_state_size], std::string_view data);
void md5_state_final(const uint8_t state[md5_state_size], uint8_t digest[16]);

uint32_t crc32_update(uint32_t crc, std::string_view data);
uint32_t adler32_update(uint32_t adler, std::string_view data);
uint32_t crc32_combine(uint32_t a, uint32_t b, uint64_t b_length);
uint32_t adler32_combine(uint32_t a, uint32_t b, uint64_t b_length);

}  // namespace ember
