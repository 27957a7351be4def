// Bignums to and from text in bases 2 to 36, as integer_to_list/2 and list_to_integer/2.
//
// In a power-of-two base each character is a fixed group of bits. Other bases work around
// the powers C^(2^k), where the chunk C is the largest power of the base that fits a digit:
// printing divides by a power near the square root of the number and prints quotient and
// remainder separately; parsing multiplies the high half's value by a power and adds the
// low half's. Converting a chunk at a time instead would make one pass over the whole number
// per chunk. Split this way, parsing costs about what Karatsuba multiplication does, and
// printing what long division does: 100,000 decimal digits take milliseconds, not seconds.
#include <algorithm>
#include <bit>
#include <cmath>
#include <deque>
#include <string>

#include "vm/term/bignum.h"
#include "vm/term/bignum_magnitude.h"

namespace ember::bignum {
namespace {

using magnitude::Digits;

constexpr char digit_chars[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

// Up to this many digits, a chunk at a time is cheaper than splitting.
constexpr size_t chunked_digits = 32;

unsigned digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'z') return c - 'a' + 10;
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  return 36;
}

// Bits per character in a power-of-two base, 0 in others.
unsigned bits_per_char(unsigned base) {
  return std::has_single_bit(base) ? std::countr_zero(base) : 0;
}

Digits trimmed(Digits v) {
  v.resize(magnitude::trimmed_length(v.data(), v.size()));
  return v;
}

struct Radix {
  unsigned base;
  Digit chunk = 1;
  unsigned chunk_chars = 0;
  // powers[k] = chunk^(2^k), grown on demand. A deque, so growing keeps references valid.
  std::deque<Digits> powers;

  explicit Radix(unsigned b) : base(b) {
    while (chunk <= ~Digit{0} / base) {
      chunk *= base;
      ++chunk_chars;
    }
    powers.push_back(Digits{chunk});
  }

  const Digits& power(size_t k) {
    while (powers.size() <= k) {
      const Digits& p = powers.back();
      Digits square(2 * p.size());
      magnitude::mul(square.data(), p.data(), p.size(), p.data(), p.size());
      powers.push_back(trimmed(std::move(square)));
    }
    return powers[k];
  }
};

// ---- Printing ----------------------------------------------------------------------------

unsigned bits_at(View a, uint64_t position, unsigned width) {
  size_t i = position / 64;
  unsigned offset = position % 64;
  Digit bits = a.d[i] >> offset;
  if (offset + width > 64 && i + 1 < a.n) bits |= a.d[i + 1] << (64 - offset);
  return unsigned(bits & ((Digit{1} << width) - 1));
}

char* write_bits(View a, unsigned bits, char* out) {
  uint64_t chars = (bit_length(a) + bits - 1) / bits;
  for (uint64_t i = chars; i-- > 0;) *out++ = digit_chars[bits_at(a, i * bits, bits)];
  return out;
}

// Writes x with exactly width characters (leading zeros), or as many as it needs if width
// is 0, by dividing it by the chunk repeatedly.
char* write_chunked(const Radix& radix, const Digit* x, size_t n, size_t width, char* out) {
  Digits work(x, x + n);
  std::string reversed;
  while (n > 0) {
    Digit chunk = magnitude::divrem_1(work.data(), work.data(), n, radix.chunk);
    n = magnitude::trimmed_length(work.data(), n);
    // Inner chunks are zero-padded; the most significant one stops at its last non-zero digit.
    for (unsigned i = 0; i < radix.chunk_chars && (n > 0 || chunk > 0); ++i) {
      reversed += digit_chars[chunk % radix.base];
      chunk /= radix.base;
    }
  }
  if (reversed.size() < width) reversed.append(width - reversed.size(), '0');
  return std::copy(reversed.rbegin(), reversed.rend(), out);
}

// Writes x, which is below power(k), as write_chunked does.
char* write(Radix& radix, const Digit* x, size_t n, size_t k, size_t width, char* out) {
  for (; k > 0 && n > chunked_digits; --k) {
    const Digits& p = radix.power(k - 1);
    if (magnitude::compare(x, n, p.data(), p.size()) < 0) continue;

    // x = q·p + r with q, r < p, and r takes exactly the characters p stands for.
    Digits q(n - p.size() + 1), r(p.size());
    magnitude::divrem(q.data(), r.data(), x, n, p.data(), p.size());
    size_t low_width = size_t(radix.chunk_chars) << (k - 1);
    size_t high_width = width > low_width ? width - low_width : 0;
    q = trimmed(std::move(q));
    r = trimmed(std::move(r));
    out = write(radix, q.data(), q.size(), k - 1, high_width, out);
    return write(radix, r.data(), r.size(), k - 1, low_width, out);
  }
  return write_chunked(radix, x, n, width, out);
}

// The smallest k with |a| < power(k).
size_t level_above(Radix& radix, View a) {
  for (size_t k = 0;; ++k) {
    const Digits& p = radix.power(k);
    if (magnitude::compare(a.d, a.n, p.data(), p.size()) < 0) return k;
  }
}

// ---- Parsing -----------------------------------------------------------------------------

size_t read_bits(std::string_view text, unsigned bits, Digit* out) {
  size_t n = (text.size() * bits + 63) / 64;
  std::fill(out, out + n, 0);
  uint64_t position = 0;
  for (size_t i = text.size(); i-- > 0; position += bits) {
    Digit value = digit_value(text[i]);
    size_t at = position / 64;
    unsigned offset = position % 64;
    out[at] |= value << offset;
    if (offset + bits > 64) out[at + 1] |= value >> (64 - offset);
  }
  return n;
}

// Horner's rule, one chunk of characters at a time.
Digits read_chunked(const Radix& radix, std::string_view text) {
  Digits value(text.size() / radix.chunk_chars + 1);
  size_t n = 0;
  size_t len = text.size() % radix.chunk_chars;  // the most significant chunk may be short
  if (len == 0) len = radix.chunk_chars;
  for (size_t at = 0; at < text.size(); at += len, len = radix.chunk_chars) {
    Digit chunk = 0;
    for (char c : text.substr(at, len)) chunk = chunk * radix.base + digit_value(c);
    Digit high = magnitude::mul_add_1(value.data(), value.data(), n, radix.chunk, chunk);
    if (high != 0) value[n++] = high;
  }
  value.resize(n);
  return value;
}

Digits read(Radix& radix, std::string_view text) {
  if (text.size() <= chunked_digits * radix.chunk_chars) return read_chunked(radix, text);

  // Split off the low chunk_chars·2^k characters, the longest such tail shorter than text.
  size_t k = 0;
  while ((size_t(radix.chunk_chars) << (k + 1)) < text.size()) ++k;
  size_t low_len = size_t(radix.chunk_chars) << k;
  Digits high = read(radix, text.substr(0, text.size() - low_len));
  Digits low = read(radix, text.substr(text.size() - low_len));

  // high·power(k) + low, where low < power(k) cannot carry out of the product's length.
  const Digits& p = radix.power(k);
  Digits value(high.size() + p.size());
  magnitude::mul(value.data(), high.data(), high.size(), p.data(), p.size());
  magnitude::add(value.data(), value.data(), value.size(), low.data(), low.size());
  return trimmed(std::move(value));
}

}  // namespace

size_t to_text_capacity(View a, unsigned base) {
  // Digits of a b-bit number: at most floor(b·log_base(2)) + 1. The rest is the sign and a
  // margin for the floating-point logarithm.
  return size_t(double(bit_length(a)) / std::log2(double(base))) + 3;
}

size_t to_text(View a, unsigned base, char* out) {
  char* end = out;
  if (a.neg) *end++ = '-';
  if (a.n == 0) {
    *end++ = '0';
  } else if (unsigned bits = bits_per_char(base)) {
    end = write_bits(a, bits, end);
  } else {
    Radix radix(base);
    size_t k = a.n > chunked_digits ? level_above(radix, a) : 0;
    end = write(radix, a.d, a.n, k, 0, end);
  }
  return end - out;
}

size_t from_text_capacity(size_t length, unsigned base) {
  return size_t(double(length) * std::log2(double(base)) / 64) + 2;
}

std::optional<View> from_text(std::string_view text, unsigned base, Digit* out) {
  bool neg = false;
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
    neg = text[0] == '-';
    text.remove_prefix(1);
  }
  auto valid = [base](char c) { return digit_value(c) < base; };
  if (text.empty() || !std::all_of(text.begin(), text.end(), valid)) return std::nullopt;
  text.remove_prefix(std::min(text.find_first_not_of('0'), text.size()));

  size_t n;
  if (unsigned bits = bits_per_char(base)) {
    n = read_bits(text, bits, out);
  } else {
    Radix radix(base);
    Digits value = read(radix, text);
    std::copy(value.begin(), value.end(), out);
    n = value.size();
  }
  return magnitude::normalised(out, n, neg);
}

}  // namespace ember::bignum
