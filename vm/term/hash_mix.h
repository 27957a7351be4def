// Building blocks shared by erts' hash functions (private to hash.cpp, phash2.cpp, map_hash.cpp and
// ets_hash.cpp, which places an atom key by its text hash as erts does):
// Bob Jenkins' 96-bit mix, his block hash over bytes, the multiples of the golden ratio that
// tag each kind of input, and the hash of an atom's text.
#pragma once

#include <bit>
#include <cstdint>
#include <string_view>
#include <vector>

#include "vm/term/atom.h"
#include "vm/term/binary.h"
#include "vm/term/node.h"

namespace ember::hash_mix {

inline constexpr uint32_t golden = 0x9e3779b9;  // erts' HCONST; its multiples follow
inline constexpr uint32_t golden_times(uint32_t k) { return golden * k; }

inline void mix(uint32_t& a, uint32_t& b, uint32_t& c) {
  a -= b; a -= c; a ^= c >> 13;
  b -= c; b -= a; b ^= a << 8;
  c -= a; c -= b; c ^= b >> 13;
  a -= b; a -= c; a ^= c >> 12;
  b -= c; b -= a; b ^= a << 16;
  c -= a; c -= b; c ^= b >> 5;
  a -= b; a -= c; a ^= c >> 3;
  b -= c; b -= a; b ^= a << 10;
  c -= a; c -= b; c ^= b >> 15;
}

// Mixes two 32-bit inputs, each offset by the kind constant, into `hash`.
inline void mix2(uint32_t& hash, uint32_t x, uint32_t y, uint32_t kind) {
  uint32_t a = kind + x, b = kind + y;
  mix(a, b, hash);
}

inline uint32_t le32(const uint8_t* p) {
  return p[0] | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
}

inline uint32_t low32(uint64_t w) { return uint32_t(w); }
inline uint32_t high32(uint64_t w) { return uint32_t(w >> 32); }
// Both hashes mix a bignum's 64-bit digits, least significant first, tagged by its sign.
inline void mix_bignum(uint32_t& hash, Term t) {
  uint32_t kind = big_negative(t) ? golden_times(10) : golden_times(11);
  for (Word i = 0; i < big_size(t); i++)
    mix2(hash, low32(big_digits(t)[i]), high32(big_digits(t)[i]), kind);
}

inline bool is_byte(Term t) { return is_small(t) && uint64_t(small_value(t)) < 256; }

// The internal hash's string optimisation (phash2's, which may stop inside a run, is its own):
// the run of byte-valued elements at the start of list t is mixed in four bytes to a word. Returns the rest of the list; *left and *count hold the
// last 0..3 bytes, which each hash finishes in its own way.
inline Term mix_byte_run(uint32_t& hash, Term t, uint32_t* left, unsigned* count) {
  uint32_t packed = 0;
  unsigned n = 0;
  for (; is_list(t) && is_byte(head(t)); t = tail(t)) {
    packed = (packed << 8) + uint32_t(small_value(head(t)));
    if (++n == 4) {
      mix2(hash, packed, 0, golden_times(4));
      packed = n = 0;
    }
  }
  *left = packed;
  *count = n;
  return t;
}

// Jenkins' hash of n bytes, continuing from `initial`.
inline uint32_t block_hash(const uint8_t* k, size_t n, uint32_t initial) {
  uint32_t a = golden, b = golden, c = initial;
  size_t length = n;
  for (; n >= 12; n -= 12, k += 12) {
    a += le32(k);
    b += le32(k + 4);
    c += le32(k + 8);
    mix(a, b, c);
  }
  c += uint32_t(length);
  // The tail fills a, b, then c from its second byte up: c's low byte holds the length.
  for (size_t i = 0; i < n; i++) {
    uint32_t byte = k[i];
    if (i < 4) a += byte << (8 * i);
    else if (i < 8) b += byte << (8 * (i - 4));
    else c += byte << (8 * (i - 7));
  }
  mix(a, b, c);
  return c;
}

// erts' atom hash (hashpjw over the text, two-byte UTF-8 Latin-1 letters taken as one byte),
// the value phash and phash2 use for atoms.
inline uint32_t atom_text_hash(std::string_view text) {
  uint32_t h = 0;
  for (size_t i = 0; i < text.size(); i++) {
    uint8_t v = uint8_t(text[i]);
    bool latin1_pair = i + 1 < text.size() && (v & 0xFE) == 0xC2 &&
                       (uint8_t(text[i + 1]) & 0xC0) == 0x80;
    if (latin1_pair) v = uint8_t((v << 6) | (uint8_t(text[++i]) & 0x3F));
    h = (h << 4) + v;
    if (uint32_t g = h & 0xf0000000) h ^= (g >> 24) ^ g;
  }
  return h;
}

// What phash and phash2 take of an atom, a pid, a port, a reference and a float.
inline uint32_t atom_hash(Term atom) { return atom_text_hash(atom_text(atom)); }
inline uint32_t pid_number_of(Term t) {
  return is_local_pid(t) ? pid_number(pid_id(t)) : uint32_t(boxed_ptr(t)[3]);
}
inline uint64_t port_number_of(Term t) { return is_local_port(t) ? port_id(t) : boxed_ptr(t)[3]; }
inline uint32_t first_ref_number(Term t) {
  return is_local_ref(t) ? ref_number(t, 0) : uint32_t(boxed_ptr(t)[4]);
}
inline uint64_t positive_zero_bits(double d) { return std::bit_cast<uint64_t>(d == 0.0 ? 0.0 : d); }

// A bitstring's bytes starting at a byte boundary: the whole bytes, then the trailing bits
// (bit_size % 8 of them) left-aligned in one more byte. Copies only when misaligned.
struct AlignedBits {
  const uint8_t* bytes;
  size_t whole_bytes;
  unsigned trailing_bits;
  std::vector<uint8_t> copy;

  explicit AlignedBits(const Bits& bits)
      : whole_bytes(bits.bit_size / 8), trailing_bits(unsigned(bits.bit_size % 8)) {
    if (bits.byte_aligned() || bits.bit_size == 0) {
      bytes = bits.bytes + bits.bit_offset / 8;
      return;
    }
    copy.assign((bits.bit_size + 7) / 8, 0);
    copy_bits(bits.bytes, bits.bit_offset, copy.data(), 0, bits.bit_size);
    bytes = copy.data();
  }
  // The trailing bits as a number (right-aligned).
  uint32_t tail_value() const { return bytes[whole_bytes] >> (8 - trailing_bits); }
};

}  // namespace ember::hash_mix
