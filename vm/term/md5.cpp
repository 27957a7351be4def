// MD5 as RFC 1321 specifies it: 64-byte blocks, four rounds of sixteen steps.
#include <bit>
#include <cstring>

#include "vm/term/digest.h"

namespace ember {
namespace {

// floor(|sin(i + 1)| * 2^32), the RFC's table T.
constexpr uint32_t sines[64] = {
    0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
    0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
    0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
    0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
    0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
    0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
    0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
    0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
};

// The left rotation of each step, by round and step within a group of four.
constexpr int rotations[4][4] = {{7, 12, 17, 22}, {5, 9, 14, 20}, {4, 11, 16, 23}, {6, 10, 15, 21}};

uint32_t little_endian(const uint8_t* p) {
  return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
}

void compress(uint32_t abcd[4], const uint8_t block[64]) {
  uint32_t m[16];
  for (int k = 0; k < 16; k++) m[k] = little_endian(block + 4 * k);
  uint32_t a = abcd[0], b = abcd[1], c = abcd[2], d = abcd[3];
  for (int i = 0; i < 64; i++) {
    int round = i / 16;
    uint32_t f;
    int word;
    switch (round) {
      case 0: f = (b & c) | (~b & d); word = i; break;
      case 1: f = (d & b) | (~d & c); word = (5 * i + 1) % 16; break;
      case 2: f = b ^ c ^ d; word = (3 * i + 5) % 16; break;
      default: f = c ^ (b | ~d); word = (7 * i) % 16; break;
    }
    uint32_t rotated = std::rotl(a + f + sines[i] + m[word], rotations[round][i % 4]);
    a = d;
    d = c;
    c = b;
    b = b + rotated;
  }
  abcd[0] += a;
  abcd[1] += b;
  abcd[2] += c;
  abcd[3] += d;
}

void init(Md5State& s) {
  s = Md5State{{0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476}, 0, {}};
}

void update(Md5State& s, std::string_view data) {
  auto in = reinterpret_cast<const uint8_t*>(data.data());
  size_t n = data.size();
  size_t held = s.bytes % 64;
  s.bytes += n;
  if (held) {
    size_t take = n < 64 - held ? n : 64 - held;
    std::memcpy(s.pending + held, in, take);
    in += take, n -= take, held += take;
    if (held < 64) return;
    compress(s.abcd, s.pending);
  }
  for (; n >= 64; in += 64, n -= 64) compress(s.abcd, in);
  std::memcpy(s.pending, in, n);
}

// Pads with 0x80, zeros and the message's bit length, as the RFC's step 1 and 2.
void finish(Md5State s, uint8_t out[16]) {
  uint64_t bits = s.bytes * 8;
  uint8_t pad[72] = {0x80};
  size_t held = s.bytes % 64;
  size_t pad_length = (held < 56 ? 56 : 120) - held;
  for (int k = 0; k < 8; k++) pad[pad_length + k] = uint8_t(bits >> (8 * k));
  update(s, std::string_view(reinterpret_cast<const char*>(pad), pad_length + 8));
  for (int k = 0; k < 16; k++) out[k] = uint8_t(s.abcd[k / 4] >> (8 * (k % 4)));
}

}  // namespace

Md5::Md5() { init(state_); }

void Md5::update(std::string_view data) { ember::update(state_, data); }

void Md5::finish(uint8_t out[16]) { ember::finish(state_, out); }

void md5_state_init(uint8_t state[md5_state_size]) {
  Md5State s;
  init(s);
  std::memset(state, 0, md5_state_size);
  std::memcpy(state, &s, sizeof s);
}

void md5_state_update(uint8_t state[md5_state_size], std::string_view data) {
  Md5State s;
  std::memcpy(&s, state, sizeof s);
  update(s, data);
  std::memcpy(state, &s, sizeof s);
}

void md5_state_final(const uint8_t state[md5_state_size], uint8_t digest[16]) {
  Md5State s;
  std::memcpy(&s, state, sizeof s);
  finish(s, digest);
}

}  // namespace ember
