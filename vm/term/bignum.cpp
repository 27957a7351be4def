// Signed arithmetic, machine-integer and floating-point conversions for bignums.
// Signs are handled here; the digit work is in bignum_magnitude.cpp.
#include "vm/term/bignum.h"

#include <algorithm>
#include <bit>
#include <cmath>

#include "vm/term/bignum_magnitude.h"

namespace ember::bignum {
namespace {

using magnitude::normalised;

View negated(View a) { return View{a.d, a.n, a.n > 0 && !a.neg}; }

}  // namespace

// ---- Machine integers --------------------------------------------------------------------

View from_uint64(uint64_t value, Digit out[1]) {
  out[0] = value;
  return View{out, value != 0, false};
}

View from_int64(int64_t value, Digit out[1]) {
  // Negating in unsigned arithmetic keeps INT64_MIN representable.
  out[0] = value < 0 ? Digit{0} - Digit(value) : Digit(value);
  return normalised(out, 1, value < 0);
}

View from_int128(__int128 value, Digit out[2]) {
  using U128 = unsigned __int128;
  U128 magnitude = value < 0 ? U128{0} - U128(value) : U128(value);
  out[0] = Digit(magnitude);
  out[1] = Digit(magnitude >> 64);
  return normalised(out, 2, value < 0);
}

std::optional<int64_t> to_int64(View a) {
  if (a.n == 0) return 0;
  Digit largest = a.neg ? Digit{1} << 63 : (Digit{1} << 63) - 1;
  if (a.n > 1 || a.d[0] > largest) return std::nullopt;
  return a.neg ? int64_t(Digit{0} - a.d[0]) : int64_t(a.d[0]);
}

bool fits_int64(View a) { return to_int64(a).has_value(); }

bool fits_small(View a) {
  std::optional<int64_t> v = to_int64(a);
  return v && *v >= small_min && *v <= small_max;
}

uint64_t bit_length(View a) {
  if (a.n == 0) return 0;
  return 64 * uint64_t(a.n) - std::countl_zero(a.d[a.n - 1]);
}

// ---- Arithmetic --------------------------------------------------------------------------

int compare(View a, View b) {
  if (a.neg != b.neg) return a.neg ? -1 : 1;
  int c = magnitude::compare(a.d, a.n, b.d, b.n);
  return a.neg ? -c : c;
}

size_t add_capacity(View a, View b) { return std::max(a.n, b.n) + 1; }

View add(View a, View b, Digit* out) {
  if (a.n < b.n) std::swap(a, b);
  if (a.neg == b.neg) {
    out[a.n] = magnitude::add(out, a.d, a.n, b.d, b.n);
    return normalised(out, a.n + 1, a.neg);
  }
  // Opposite signs: subtract the smaller magnitude from the larger, which gives the sign.
  if (magnitude::compare(a.d, a.n, b.d, b.n) < 0) std::swap(a, b);
  magnitude::sub(out, a.d, a.n, b.d, b.n);
  return normalised(out, a.n, a.neg);
}

View sub(View a, View b, Digit* out) { return add(a, negated(b), out); }

size_t mul_capacity(View a, View b) { return a.n + b.n; }

View mul(View a, View b, Digit* out) {
  if (a.n == 0 || b.n == 0) return View{out, 0, false};
  magnitude::mul(out, a.d, a.n, b.d, b.n);
  return normalised(out, a.n + b.n, a.neg != b.neg);
}

size_t quotient_capacity(View a, View b) { return a.n >= b.n ? a.n - b.n + 1 : 0; }
size_t remainder_capacity(View a, View b) { return std::min(a.n, b.n); }

QuotRem divrem(View a, View b, Digit* quot_out, Digit* rem_out) {
  bool quot_neg = a.neg != b.neg;
  QuotRem qr{View{quot_out, 0, false}, View{rem_out, 0, false}};
  if (magnitude::compare(a.d, a.n, b.d, b.n) < 0) {
    if (rem_out) {
      std::copy(a.d, a.d + a.n, rem_out);
      qr.rem = View{rem_out, a.n, a.neg};
    }
    return qr;
  }
  size_t qn = a.n - b.n + 1;
  if (b.n == 1) {
    Digit r = magnitude::divrem_1(quot_out, a.d, a.n, b.d[0]);
    if (rem_out) rem_out[0] = r;
  } else {
    magnitude::divrem(quot_out, rem_out, a.d, a.n, b.d, b.n);
  }
  if (quot_out) qr.quot = normalised(quot_out, qn, quot_neg);
  if (rem_out) qr.rem = normalised(rem_out, b.n, a.neg);
  return qr;
}

// ---- Floating point ----------------------------------------------------------------------

std::optional<double> to_double(View a) {
  // Any number of more than 16 digits is at least 2^1024, past the largest double.
  if (a.n > double_capacity) return std::nullopt;
  // d·2^64 is exact, so a fused multiply-add cannot round differently from erts.
  double d = 0.0;
  for (size_t i = a.n; i-- > 0;) d = d * 0x1p64 + double(a.d[i]);
  if (!std::isfinite(d)) return std::nullopt;
  return a.neg ? -d : d;
}

View from_double(double value, Digit* out) {
  constexpr int mantissa_bits = 52;
  constexpr int exponent_bias = 1023;
  uint64_t bits = std::bit_cast<uint64_t>(value);
  int exponent = int((bits >> mantissa_bits) & 0x7ff) - exponent_bias;
  if (exponent < 0) return View{out, 0, false};  // |value| < 1

  // |value| = significand · 2^(exponent - 52), the significand with its implicit leading 1.
  uint64_t implicit_one = uint64_t{1} << mantissa_bits;
  uint64_t significand = (bits & (implicit_one - 1)) | implicit_one;
  int shift = exponent - mantissa_bits;
  bool neg = value < 0;
  if (shift <= 0) {
    out[0] = significand >> -shift;
    return normalised(out, 1, neg);
  }
  size_t words = size_t(shift) / 64;
  std::fill(out, out + words, 0);
  Digit spill = magnitude::shift_left(out + words, &significand, 1, unsigned(shift) % 64);
  if (spill == 0) return normalised(out, words + 1, neg);
  out[words + 1] = spill;  // never past double_capacity: the value is below 2^1024
  return normalised(out, words + 2, neg);
}

}  // namespace ember::bignum
