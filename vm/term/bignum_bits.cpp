// Bitwise operations and shifts. Erlang defines them on an infinite two's complement: a
// negative number has infinitely many one bits above its magnitude. Operands are converted
// to that form a digit at a time and results converted back, never materialised in full.
#include <algorithm>

#include "vm/term/bignum.h"
#include "vm/term/bignum_magnitude.h"

namespace ember::bignum {
namespace {

using magnitude::normalised;

// The two's complement digits of a number, lowest first, continuing past its length with the
// sign extension. For a negative magnitude m they are those of ~(m - 1): the borrow of the
// "- 1" ripples up through the low zero digits of m and stops at its first non-zero one.
class TwosComplement {
 public:
  explicit TwosComplement(View v) : v_(v), borrow_(v.neg) {}

  Digit next() {
    Digit m = i_ < v_.n ? v_.d[i_] : 0;
    ++i_;
    if (!v_.neg) return m;
    Digit digit = ~(m - borrow_);
    borrow_ = borrow_ && m == 0;
    return digit;
  }

 private:
  View v_;
  size_t i_ = 0;
  bool borrow_;
};

Digit sign_extension(View v) { return v.neg ? ~Digit{0} : 0; }

template <class Op>
View bitwise(View a, View b, Digit* out, Op op) {
  size_t n = std::max(a.n, b.n);
  TwosComplement x(a), y(b);
  for (size_t i = 0; i < n; ++i) out[i] = op(x.next(), y.next());
  if (op(sign_extension(a), sign_extension(b)) == 0) return normalised(out, n, false);

  // Negative: the magnitude is ~r + 1, and every digit of r from n up is all ones, so the
  // only digit the +1 can carry into beyond r's own is digit n.
  Digit carry = 1;
  for (size_t i = 0; i < n; ++i) {
    out[i] = ~out[i] + carry;
    carry = carry && out[i] == 0;
  }
  out[n] = carry;
  return normalised(out, n + 1, true);
}

}  // namespace

size_t bitwise_capacity(View a, View b) { return std::max(a.n, b.n) + 1; }

View band(View a, View b, Digit* out) {
  return bitwise(a, b, out, [](Digit x, Digit y) { return x & y; });
}

View bor(View a, View b, Digit* out) {
  return bitwise(a, b, out, [](Digit x, Digit y) { return x | y; });
}

View bxor(View a, View b, Digit* out) {
  return bitwise(a, b, out, [](Digit x, Digit y) { return x ^ y; });
}

size_t bnot_capacity(View a) { return a.n + 1; }

View bnot(View a, Digit* out) {
  // In two's complement, bnot a == -1 - a.
  Digit one = 1;
  return sub(View{&one, 1, true}, a, out);
}

size_t shift_left_capacity(View a, uint64_t shift) { return a.n == 0 ? 0 : a.n + shift / 64 + 1; }

View shift_left(View a, uint64_t shift, Digit* out) {
  if (a.n == 0) return View{out, 0, false};
  size_t words = shift / 64;
  std::fill(out, out + words, 0);
  out[words + a.n] = magnitude::shift_left(out + words, a.d, a.n, shift % 64);
  return normalised(out, words + a.n + 1, a.neg);
}

size_t shift_right_capacity(View a, uint64_t shift) {
  // Rounding a negative number down can carry into one digit more than its shifted magnitude.
  return a.n > shift / 64 ? a.n - shift / 64 + 1 : 1;
}

View shift_right(View a, uint64_t shift, Digit* out) {
  uint64_t words = shift / 64;
  unsigned bits = shift % 64;
  if (words >= a.n) {
    // Every bit is shifted out: what remains is the sign extension, 0 or -1.
    out[0] = a.neg;
    return normalised(out, 1, a.neg);
  }
  size_t n = a.n - words;
  magnitude::shift_right(out, a.d + words, n, bits);
  if (!a.neg) return normalised(out, n, false);

  // -m >> k == -ceil(m / 2^k): one more when any one bit was shifted out.
  bool lost_bits = std::any_of(a.d, a.d + words, [](Digit d) { return d != 0; }) ||
                   (bits > 0 && (a.d[words] << (64 - bits)) != 0);
  Digit one = 1;
  out[n] = lost_bits ? magnitude::add(out, out, n, &one, 1) : 0;
  return normalised(out, n + 1, true);
}

}  // namespace ember::bignum
