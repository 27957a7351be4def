#include "vm/digest.h"

#include <openssl/evp.h>
#include <zlib.h>

namespace ember {

struct Md5::State {
  EVP_MD_CTX* context;
};

Md5::Md5() : state_(std::make_unique<State>()) {
  state_->context = EVP_MD_CTX_new();
  EVP_DigestInit_ex(state_->context, EVP_md5(), nullptr);
}

Md5::~Md5() { EVP_MD_CTX_free(state_->context); }

void Md5::update(std::string_view data) { EVP_DigestUpdate(state_->context, data.data(), data.size()); }

void Md5::finish(uint8_t out[16]) {
  unsigned int length = 16;
  EVP_DigestFinal_ex(state_->context, out, &length);
}

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
