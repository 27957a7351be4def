// Checksums and digests Erlang code can ask for (erlang:md5/1, crc32, adler32) and that the
// loader uses for module identity.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

namespace ember {

class Md5 {
 public:
  Md5();
  ~Md5();
  void update(std::string_view data);
  void finish(uint8_t out[16]);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

uint32_t crc32_update(uint32_t crc, std::string_view data);
uint32_t adler32_update(uint32_t adler, std::string_view data);
uint32_t crc32_combine(uint32_t a, uint32_t b, uint64_t b_length);
uint32_t adler32_combine(uint32_t a, uint32_t b, uint64_t b_length);

}  // namespace ember

namespace ember {

// erlang:md5_init/update/final: the running MD5 state is a value (a binary) in Erlang, so it
// is kept as plain bytes that can be copied, stored and resumed.
inline constexpr size_t md5_state_size = 92;
void md5_state_init(uint8_t state[md5_state_size]);
void md5_state_update(uint8_t state[md5_state_size], std::string_view data);
void md5_state_final(const uint8_t state[md5_state_size], uint8_t digest[16]);

}  // namespace ember
