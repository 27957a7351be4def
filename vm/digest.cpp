#include "vm/digest.h"

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

#define OPENSSL_SUPPRESS_DEPRECATED  // MD5_CTX is the one MD5 state that is plain, copyable data
#include <openssl/md5.h>

#include <cstring>

namespace ember {

static_assert(sizeof(MD5_CTX) <= md5_state_size);

// MD5_CTX rather than an EVP context: OpenSSL 3 looks the algorithm up again at every
// EVP_DigestInit_ex, some 50,000 instructions (the loader makes one digest per module,
// erlang:md5/1 one per call).
struct Md5::State {
  MD5_CTX context;
};

Md5::Md5() : state_(std::make_unique<State>()) { MD5_Init(&state_->context); }

Md5::~Md5() = default;

void Md5::update(std::string_view data) { MD5_Update(&state_->context, data.data(), data.size()); }

void Md5::finish(uint8_t out[16]) { MD5_Final(out, &state_->context); }

void md5_state_init(uint8_t state[md5_state_size]) {
  MD5_CTX ctx;
  MD5_Init(&ctx);
  std::memset(state, 0, md5_state_size);
  std::memcpy(state, &ctx, sizeof ctx);
}

void md5_state_update(uint8_t state[md5_state_size], std::string_view data) {
  MD5_CTX ctx;
  std::memcpy(&ctx, state, sizeof ctx);
  MD5_Update(&ctx, data.data(), data.size());
  std::memcpy(state, &ctx, sizeof ctx);
}

void md5_state_final(const uint8_t state[md5_state_size], uint8_t digest[16]) {
  MD5_CTX ctx;
  std::memcpy(&ctx, state, sizeof ctx);
  MD5_Final(digest, &ctx);
}

}  // namespace ember
