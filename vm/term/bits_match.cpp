#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <vector>

#include "vm/term/bignum.h"
#include "vm/term/bits.h"
#include "vm/term/build.h"
#include "vm/term/unicode.h"

namespace ember {
namespace {

Bits ctx_bits(Term ctx) { return bitstring_bits(match_ctx_binary(ctx)); }

// Copies `bits` bits at the context position into `out` (left-aligned), advancing nothing.
void peek(Term ctx, uint64_t bits, uint8_t* out) {
  Bits b = ctx_bits(ctx);
  size_t bytes = (bits + 7) / 8;
  if (bytes) out[bytes - 1] = 0;
  copy_bits(b.bytes, b.bit_offset + match_ctx_position(ctx), out, 0, bits);
}

// The bytes of an N-bit segment as a little-endian magnitude array (two's complement if signed).
void to_little_endian(uint8_t* buf, size_t bytes, uint64_t bits, bool little) {
  unsigned partial = unsigned(bits % 8);
  if (little) {
    if (partial) buf[bytes - 1] >>= (8 - partial);
    return;
  }
  if (partial) {  // right-align the big-endian bit string
    for (size_t k = bytes; k-- > 0;) {
      uint8_t lower = k > 0 ? buf[k - 1] : 0;
      buf[k] = uint8_t((buf[k] >> (8 - partial)) | (lower << partial));
    }
  }
  for (size_t k = 0; k < bytes / 2; k++) std::swap(buf[k], buf[bytes - 1 - k]);
}

// Up to 64 bits at bit position `at`, read big-endian and right-aligned, straight from the
// binary: segments of a machine word, the common case, need none of the byte buffers of the
// general path.
uint64_t read_word(const Bits& b, uint64_t at, uint64_t bits) {
  const uint8_t* bytes = b.bytes + at / 8;
  unsigned shift = unsigned(at % 8);
  unsigned span = unsigned((shift + bits + 7) / 8);  // at most 9 bytes
  unsigned __int128 window = 0;
  for (unsigned k = 0; k < span; k++) window = (window << 8) | bytes[k];
  uint64_t value = uint64_t(window >> (span * 8 - shift - bits));
  return bits == 64 ? value : value & ((uint64_t(1) << bits) - 1);
}

// A segment of at most 64 bits as an integer term; little-endian ones of whole bytes only
// (erts' rules for the others are the general path's).
Term word_segment(Heap& heap, uint64_t value, uint64_t bits, unsigned flags) {
  if (bs_little(flags)) value = __builtin_bswap64(value) >> (64 - bits);
  bool negative = (flags & bs_flag_signed) && ((value >> (bits - 1)) & 1);
  if (!negative) return make_unsigned(heap, value);
  return make_integer(heap, bits == 64 ? int64_t(value) : int64_t(value | (~uint64_t(0) << bits)));
}

}  // namespace

Term bs_start_match(Heap& heap, Term bitstring) {
  Word* p = heap.alloc(match_ctx_words);
  p[0] = make_header(Subtag::match_ctx, match_ctx_words - 1);
  p[1] = bitstring;
  p[2] = 0;
  return make_boxed(p);
}

bool bs_segment_bits(Term size, uint64_t unit, uint64_t* bits) {
  if (!is_small(size) || small_value(size) < 0) return false;
  unsigned __int128 total = (unsigned __int128)uint64_t(small_value(size)) * unit;
  if (total > (uint64_t(1) << 60)) return false;
  *bits = uint64_t(total);
  return true;
}

Term bs_get_integer(Heap& heap, Term ctx, uint64_t bits, unsigned flags) {
  if (match_ctx_remaining(ctx) < bits) return THE_NON_VALUE;
  bool is_signed = flags & bs_flag_signed;
  size_t bytes = (bits + 7) / 8;
  if (bits == 0) {
    return make_small(0);
  }
  if (bits <= 64 && (!bs_little(flags) || bits % 8 == 0)) {
    Bits b = ctx_bits(ctx);
    uint64_t value = read_word(b, b.bit_offset + match_ctx_position(ctx), bits);
    match_ctx_position(ctx) += bits;
    return word_segment(heap, value, bits, flags);
  }
  std::vector<uint8_t> buf(bytes + 8, 0);
  peek(ctx, bits, buf.data());
  to_little_endian(buf.data(), bytes, bits, bs_little(flags));
  bool negative = is_signed && ((buf[(bits - 1) / 8] >> ((bits - 1) % 8)) & 1);
  if (negative) {  // sign-extend the top byte, then negate to get the magnitude
    unsigned used = unsigned(bits % 8);
    if (used) buf[bytes - 1] |= uint8_t(0xFF << used);
    for (size_t k = 0; k < bytes; k++) buf[k] = uint8_t(~buf[k]);
    for (size_t k = 0; k < bytes && ++buf[k] == 0; k++) {
    }
  }
  std::vector<Word> digits((bytes + 7) / 8, 0);
  for (size_t k = 0; k < bytes; k++) digits[k / 8] |= Word(buf[k]) << (8 * (k % 8));
  size_t n = digits.size();
  while (n > 0 && digits[n - 1] == 0) n--;
  if (n > bignum::max_digits) return THE_NON_VALUE;  // erts: an integer too large to hold does not match
  match_ctx_position(ctx) += bits;
  return make_big(heap, digits.data(), n, negative);
}

Term bs_get_float(Heap& heap, Term ctx, uint64_t bits, unsigned flags) {
  if ((bits != 16 && bits != 32 && bits != 64) || match_ctx_remaining(ctx) < bits) return THE_NON_VALUE;
  uint8_t buf[8] = {};
  peek(ctx, bits, buf);
  size_t n = bits / 8;
  if (!bs_little(flags))
    for (size_t k = 0; k < n / 2; k++) std::swap(buf[k], buf[n - 1 - k]);
  double d;
  if (bits == 64) {
    uint64_t u;
    std::memcpy(&u, buf, 8);
    d = std::bit_cast<double>(u);
  } else if (bits == 32) {
    uint32_t u;
    std::memcpy(&u, buf, 4);
    d = std::bit_cast<float>(u);
  } else {
    uint16_t h = uint16_t(buf[0] | (buf[1] << 8));
    int exponent = (h >> 10) & 0x1F, mantissa = h & 0x3FF;
    double magnitude = exponent == 0 ? std::ldexp(mantissa, -24)
                       : exponent == 31 ? HUGE_VAL
                                        : std::ldexp(mantissa | 0x400, exponent - 25);
    d = (h & 0x8000) ? -magnitude : magnitude;
  }
  if (!std::isfinite(d)) return THE_NON_VALUE;
  match_ctx_position(ctx) += bits;
  return make_float(heap, d);
}

Term bs_get_binary(Heap& heap, Term ctx, uint64_t bits) {
  if (match_ctx_remaining(ctx) < bits) return THE_NON_VALUE;
  Term bin = match_ctx_binary(ctx);
  uint64_t at = match_ctx_position(ctx);
  match_ctx_position(ctx) += bits;
  return make_sub_binary(heap, bin, at, bits);
}

// Leaves the position alone: the compiler may go on matching with the same context (a
// function that accepts a match context gets it after its tail was taken).
Term bs_get_tail(Heap& heap, Term ctx) {
  uint64_t at = match_ctx_position(ctx);
  if (at == 0) return match_ctx_binary(ctx);
  return make_sub_binary(heap, match_ctx_binary(ctx), at, match_ctx_remaining(ctx));
}

bool bs_skip(Term ctx, uint64_t bits) {
  if (match_ctx_remaining(ctx) < bits) return false;
  match_ctx_position(ctx) += bits;
  return true;
}

bool bs_match_string(Term ctx, const uint8_t* bytes, uint64_t bits) {
  if (match_ctx_remaining(ctx) < bits) return false;
  Bits b = ctx_bits(ctx);
  uint64_t at = b.bit_offset + match_ctx_position(ctx);
  if (at % 8 == 0 && bits % 8 == 0) {  // the usual case: compare in place
    if (std::memcmp(b.bytes + at / 8, bytes, bits / 8) != 0) return false;
    match_ctx_position(ctx) += bits;
    return true;
  }
  std::vector<uint8_t> buf((bits + 7) / 8 + 1, 0);
  peek(ctx, bits, buf.data());
  uint64_t whole = bits / 8;
  if (std::memcmp(buf.data(), bytes, whole) != 0) return false;
  if (bits % 8) {
    uint8_t mask = uint8_t(0xFF << (8 - bits % 8));
    if ((buf[whole] & mask) != (bytes[whole] & mask)) return false;
  }
  match_ctx_position(ctx) += bits;
  return true;
}

Term bs_get_utf(Term ctx, int width, unsigned flags) {
  uint64_t remaining = match_ctx_remaining(ctx);
  uint8_t buf[4] = {};
  int32_t cp;
  uint64_t used;
  if (width == 8) {
    uint64_t available = std::min<uint64_t>(remaining / 8, 4);
    if (available == 0) return THE_NON_VALUE;
    peek(ctx, available * 8, buf);
    size_t i = 0;
    cp = utf8_decode(std::string_view(reinterpret_cast<char*>(buf), available), i);
    used = i * 8;
  } else if (width == 16) {
    if (remaining < 16) return THE_NON_VALUE;
    peek(ctx, std::min<uint64_t>(remaining, 32) & ~uint64_t(15), buf);
    auto unit = [&](int k) {
      return bs_little(flags) ? buf[2 * k] | (buf[2 * k + 1] << 8) : (buf[2 * k] << 8) | buf[2 * k + 1];
    };
    int w1 = unit(0);
    used = 16;
    cp = w1;
    if (w1 >= 0xD800 && w1 <= 0xDBFF) {
      if (remaining < 32) return THE_NON_VALUE;
      int w2 = unit(1);
      if (w2 < 0xDC00 || w2 > 0xDFFF) return THE_NON_VALUE;
      cp = 0x10000 + ((w1 - 0xD800) << 10) + (w2 - 0xDC00);
      used = 32;
    } else if (w1 >= 0xDC00 && w1 <= 0xDFFF) {
      return THE_NON_VALUE;
    }
  } else {
    if (remaining < 32) return THE_NON_VALUE;
    peek(ctx, 32, buf);
    uint32_t v = bs_little(flags) ? buf[0] | buf[1] << 8 | buf[2] << 16 | uint32_t(buf[3]) << 24
                                  : uint32_t(buf[0]) << 24 | buf[1] << 16 | buf[2] << 8 | buf[3];
    cp = is_valid_code_point(v) ? int32_t(v) : -1;
    used = 32;
  }
  if (cp < 0) return THE_NON_VALUE;
  match_ctx_position(ctx) += used;
  return make_small(cp);
}

}  // namespace ember
