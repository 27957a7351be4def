// Unsigned digit-array kernels: the schoolbook loops, Karatsuba multiplication and Knuth's
// long division that the signed operations in bignum.cpp are built on.
#include "vm/term/bignum_magnitude.h"

#include <algorithm>
#include <bit>

namespace ember::bignum::magnitude {
namespace {

using Wide = unsigned __int128;

// Below this many digits in the shorter operand, Karatsuba's extra additions and scratch
// memory cost more than the digit products they save (measured on x86-64).
constexpr size_t karatsuba_threshold = 32;

Digit high(Wide w) { return Digit(w >> 64); }
Wide join(Digit hi, Digit lo) { return (Wide(hi) << 64) | lo; }

// r[0..n) += a * x; returns the digit carried out.
Digit addmul_1(Digit* r, const Digit* a, size_t n, Digit x) {
  Digit carry = 0;
  for (size_t i = 0; i < n; ++i) {
    Wide t = Wide(a[i]) * x + r[i] + carry;
    r[i] = Digit(t);
    carry = high(t);
  }
  return carry;
}

// r[0..n) -= a * x; returns the digit borrowed beyond.
Digit submul_1(Digit* r, const Digit* a, size_t n, Digit x) {
  Digit borrow = 0;
  for (size_t i = 0; i < n; ++i) {
    Wide product = Wide(a[i]) * x + borrow;
    Digit low = Digit(product);
    borrow = high(product) + (r[i] < low);
    r[i] -= low;
  }
  return borrow;
}

// a is at least twice as long as b: Karatsuba cannot split it evenly, so multiply b by
// successive b-sized slices of a and add each partial product where it belongs.
void mul_by_slices(Digit* r, const Digit* a, size_t an, const Digit* b, size_t bn) {
  Digits partial(2 * bn);
  std::fill(r, r + bn, 0);
  for (size_t at = 0; at < an; at += bn) {
    size_t len = std::min(bn, an - at);
    mul(partial.data(), a + at, len, b, bn);
    // r[at..at + bn) holds the previous slice's high half; everything above it is unset.
    add(r + at, partial.data(), len + bn, r + at, bn);
  }
}

// With a = a1·B^h + a0 and b = b1·B^h + b0, the product is z2·B^2h + z1·B^h + z0 where
// z1 = (a0 + a1)(b0 + b1) - z0 - z2: three half-size products instead of four.
// Needs an >= bn > h.
void mul_karatsuba(Digit* r, const Digit* a, size_t an, const Digit* b, size_t bn) {
  size_t h = (an + 1) / 2;
  size_t rn = an + bn;
  mul(r, a, h, b, h);                            // z0 into r[0..2h)
  mul(r + 2 * h, a + h, an - h, b + h, bn - h);  // z2 into r[2h..rn)

  Digits scratch(4 * h + 4);
  Digit* sum_a = scratch.data();
  Digit* sum_b = sum_a + h + 1;
  Digit* z1 = sum_b + h + 1;
  sum_a[h] = add(sum_a, a, h, a + h, an - h);
  sum_b[h] = add(sum_b, b, h, b + h, bn - h);
  mul(z1, sum_a, h + 1, sum_b, h + 1);
  size_t z1n = 2 * h + 2;
  sub(z1, z1, z1n, r, 2 * h);
  sub(z1, z1, z1n, r + 2 * h, rn - 2 * h);
  // z1 = a0·b1 + a1·b0 < 2·B^an, so it fits in the an + 1 <= rn - h digits above B^h.
  add(r + h, r + h, rn - h, z1, trimmed_length(z1, z1n));
}

// Möller and Granlund, "Improved division by invariant integers" (2011): dividing by a
// normalised digit with a precomputed reciprocal costs two multiplications, where a
// 128-by-64-bit division is a slow library call (AArch64 has no such instruction).
struct Divisor {
  Digit d;        // top bit set
  Digit inverse;  // floor((B^2 - 1) / d) - B
  explicit Divisor(Digit normalised)
      : d(normalised), inverse(Digit(join(~normalised, ~Digit{0}) / normalised)) {}

  // (hi·B + lo) / d for hi < d; the remainder goes to *rem.
  Digit divide(Digit hi, Digit lo, Digit* rem) const {
    Wide q = Wide(inverse) * hi + join(hi, lo);  // wraps modulo B^2 by design
    Digit q1 = high(q) + 1;
    Digit r = lo - q1 * d;
    if (r > Digit(q)) {
      --q1;
      r += d;
    }
    if (r >= d) {
      ++q1;
      r -= d;
    }
    *rem = r;
    return q1;
  }
};

// The next quotient digit of the running remainder u (its top bn + 1 digits at u[0..bn]) by
// v, an estimate from the top digits that is exact or one too large (Knuth 4.3.1, step D3).
Digit estimate_quotient_digit(const Digit* u, const Digit* v, size_t bn, const Divisor& top) {
  Digit u2 = u[bn], u1 = u[bn - 1], u0 = u[bn - 2];
  Digit v1 = v[bn - 1], v0 = v[bn - 2];
  Digit qhat, rhat;
  if (u2 == v1) {
    // The true digit is B - 1 or less; if rhat overflows, no correction can apply.
    qhat = ~Digit{0};
    rhat = u1 + v1;
    if (rhat < v1) return qhat;
  } else {
    qhat = top.divide(u2, u1, &rhat);
  }
  while (Wide(qhat) * v0 > join(rhat, u0)) {
    --qhat;
    rhat += v1;
    if (rhat < v1) break;
  }
  return qhat;
}

}  // namespace

size_t trimmed_length(const Digit* a, size_t n) {
  while (n > 0 && a[n - 1] == 0) --n;
  return n;
}

int compare(const Digit* a, size_t an, const Digit* b, size_t bn) {
  if (an != bn) return an < bn ? -1 : 1;
  for (size_t i = an; i-- > 0;) {
    if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return 0;
}

Digit add(Digit* r, const Digit* a, size_t an, const Digit* b, size_t bn) {
  Digit carry = 0;
  for (size_t i = 0; i < an; ++i) {
    Wide t = Wide(a[i]) + (i < bn ? b[i] : 0) + carry;
    r[i] = Digit(t);
    carry = high(t);
  }
  return carry;
}

Digit sub(Digit* r, const Digit* a, size_t an, const Digit* b, size_t bn) {
  Digit borrow = 0;
  for (size_t i = 0; i < an; ++i) {
    Wide t = Wide(a[i]) - (i < bn ? b[i] : 0) - borrow;
    r[i] = Digit(t);
    borrow = high(t) & 1;
  }
  return borrow;
}

Digit shift_left(Digit* r, const Digit* a, size_t n, unsigned bits) {
  if (bits == 0) {
    std::copy(a, a + n, r);
    return 0;
  }
  Digit out = 0;
  for (size_t i = 0; i < n; ++i) {
    Digit d = a[i];
    r[i] = (d << bits) | out;
    out = d >> (64 - bits);
  }
  return out;
}

void shift_right(Digit* r, const Digit* a, size_t n, unsigned bits) {
  if (bits == 0) {
    std::copy(a, a + n, r);
    return;
  }
  for (size_t i = 0; i < n; ++i) {
    Digit above = i + 1 < n ? a[i + 1] << (64 - bits) : 0;
    r[i] = (a[i] >> bits) | above;
  }
}

Digit mul_add_1(Digit* r, const Digit* a, size_t n, Digit x, Digit carry) {
  for (size_t i = 0; i < n; ++i) {
    Wide t = Wide(a[i]) * x + carry;
    r[i] = Digit(t);
    carry = high(t);
  }
  return carry;
}

void mul_schoolbook(Digit* r, const Digit* a, size_t an, const Digit* b, size_t bn) {
  r[an] = mul_add_1(r, a, an, b[0], 0);
  for (size_t j = 1; j < bn; ++j) r[an + j] = addmul_1(r + j, a, an, b[j]);
}

void mul(Digit* r, const Digit* a, size_t an, const Digit* b, size_t bn) {
  if (an < bn) {
    std::swap(a, b);
    std::swap(an, bn);
  }
  if (bn == 0) {
    std::fill(r, r + an, 0);
  } else if (bn < karatsuba_threshold) {
    mul_schoolbook(r, a, an, b, bn);
  } else if (bn <= (an + 1) / 2) {
    mul_by_slices(r, a, an, b, bn);
  } else {
    mul_karatsuba(r, a, an, b, bn);
  }
}

Digit divrem_1(Digit* q, const Digit* a, size_t n, Digit d) {
  if (n == 0) return 0;
  // Divide a·2^s by d·2^s so the divisor is normalised; the quotient is the same.
  unsigned s = std::countl_zero(d);
  Divisor divisor(d << s);
  Digit r = s ? a[n - 1] >> (64 - s) : 0;
  for (size_t i = n; i-- > 0;) {
    Digit below = s && i > 0 ? a[i - 1] >> (64 - s) : 0;
    Digit qi = divisor.divide(r, (a[i] << s) | below, &r);
    if (q) q[i] = qi;
  }
  return r >> s;
}

void divrem(Digit* q, Digit* r, const Digit* a, size_t an, const Digit* b, size_t bn) {
  // Normalise so the divisor's top bit is set: that keeps each estimate within one of the truth.
  unsigned s = std::countl_zero(b[bn - 1]);
  Digits v(bn), u(an + 1);
  shift_left(v.data(), b, bn, s);
  u[an] = shift_left(u.data(), a, an, s);
  Divisor top(v[bn - 1]);

  for (size_t j = an - bn + 1; j-- > 0;) {
    Digit* window = u.data() + j;
    Digit qhat = estimate_quotient_digit(window, v.data(), bn, top);
    Digit borrow = submul_1(window, v.data(), bn, qhat);
    Digit head = window[bn];
    window[bn] = head - borrow;
    if (head < borrow) {  // the estimate was one too large: add one divisor back
      --qhat;
      window[bn] += add(window, window, bn, v.data(), bn);
    }
    if (q) q[j] = qhat;
  }
  if (r) shift_right(r, u.data(), bn, s);
}

}  // namespace ember::bignum::magnitude
