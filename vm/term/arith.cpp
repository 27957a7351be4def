#include "vm/term/arith.h"

#include <cmath>
#include <vector>

#include "vm/term/atom.h"
#include "vm/term/bignum.h"
#include "vm/term/build.h"
#include "vm/code/exception.h"

namespace ember {
namespace {

using bignum::Digit;
using bignum::View;

// Runs a bignum operation into a temporary buffer and stores the result as a term.
// A capacity is at most one digit more than the result needs, so only a capacity beyond that
// proves the result too large before computing it; the result's own length decides the rest.
template <typename Op>
Term big_result(Process* p, size_t capacity, Op op) {
  if (capacity > bignum::max_digits + 1) return system_limit(p);
  std::vector<Digit> out(std::max<size_t>(capacity, 1));
  View r = op(out.data());
  if (r.n > bignum::max_digits) return system_limit(p);
  ProcessHeap heap(p);
  return make_big(heap, r.d, r.n, r.neg);
}

template <typename Op>
Term big_binary(Process* p, Term a, Term b, size_t (*capacity)(View, View), Op op) {
  Digit sa[1], sb[1];
  View va = integer_view(a, sa), vb = integer_view(b, sb);
  return big_result(p, capacity(va, vb), [&](Digit* out) { return op(va, vb, out); });
}

Term float_result(Process* p, double d) {
  if (!std::isfinite(d)) return badarith(p);
  ProcessHeap heap(p);
  return make_float(heap, d);
}

// Both operands as doubles for float arithmetic; false raises badarith.
bool float_operands(Term a, Term b, double* da, double* db) {
  return number_to_double(a, da) && number_to_double(b, db);
}

Term small_or_big(Process* p, __int128 v) {
  if (v >= small_min && v <= small_max) return make_small(int64_t(v));
  Digit buf[2];
  View r = bignum::from_int128(v, buf);
  ProcessHeap heap(p);
  return make_big(heap, r.d, r.n, r.neg);
}

}  // namespace

View integer_view(Term t, Digit scratch[1]) {
  if (is_small(t)) return bignum::from_int64(small_value(t), scratch);
  return View{big_digits(t), big_size(t), big_negative(t)};
}

bool number_to_double(Term t, double* out) {
  if (is_small(t)) {
    *out = double(small_value(t));
    return true;
  }
  if (is_float(t)) {
    *out = float_value(t);
    return true;
  }
  if (!is_big(t)) return false;
  auto d = bignum::to_double(View{big_digits(t), big_size(t), big_negative(t)});
  if (!d) return false;
  *out = *d;
  return true;
}

Term arith_add(Process* p, Term a, Term b) {
  if (is_float(a) && is_float(b)) return float_result(p, float_value(a) + float_value(b));
  if (is_small(a) && is_small(b)) return small_or_big(p, __int128(small_value(a)) + small_value(b));
  if (is_integer(a) && is_integer(b)) return big_binary(p, a, b, bignum::add_capacity, bignum::add);
  double da, db;
  if (!is_number(a) || !is_number(b) || !float_operands(a, b, &da, &db)) return badarith(p);
  return float_result(p, da + db);
}

Term arith_sub(Process* p, Term a, Term b) {
  if (is_float(a) && is_float(b)) return float_result(p, float_value(a) - float_value(b));
  if (is_small(a) && is_small(b)) return small_or_big(p, __int128(small_value(a)) - small_value(b));
  if (is_integer(a) && is_integer(b)) return big_binary(p, a, b, bignum::add_capacity, bignum::sub);
  double da, db;
  if (!is_number(a) || !is_number(b) || !float_operands(a, b, &da, &db)) return badarith(p);
  return float_result(p, da - db);
}

Term arith_mul(Process* p, Term a, Term b) {
  if (is_float(a) && is_float(b)) return float_result(p, float_value(a) * float_value(b));
  if (is_small(a) && is_small(b)) return small_or_big(p, __int128(small_value(a)) * small_value(b));
  if (is_integer(a) && is_integer(b)) return big_binary(p, a, b, bignum::mul_capacity, bignum::mul);
  double da, db;
  if (!is_number(a) || !is_number(b) || !float_operands(a, b, &da, &db)) return badarith(p);
  return float_result(p, da * db);
}

Term arith_fdiv(Process* p, Term a, Term b) {
  double da, db;
  if (!is_number(a) || !is_number(b) || !float_operands(a, b, &da, &db) || db == 0.0) return badarith(p);
  return float_result(p, da / db);
}

static Term integer_division(Process* p, Term a, Term b, bool want_quotient) {
  if (!is_integer(a) || !is_integer(b) || b == make_small(0)) return badarith(p);
  if (is_small(a) && is_small(b)) {
    int64_t x = small_value(a), y = small_value(b);
    return small_or_big(p, want_quotient ? __int128(x) / y : x % y);
  }
  Digit sa[1], sb[1];
  View va = integer_view(a, sa), vb = integer_view(b, sb);
  size_t capacity = want_quotient ? bignum::quotient_capacity(va, vb) : bignum::remainder_capacity(va, vb);
  return big_result(p, capacity, [&](Digit* out) {
    bignum::QuotRem qr = want_quotient ? bignum::divrem(va, vb, out, nullptr) : bignum::divrem(va, vb, nullptr, out);
    return want_quotient ? qr.quot : qr.rem;
  });
}

Term arith_div(Process* p, Term a, Term b) { return integer_division(p, a, b, true); }
Term arith_rem(Process* p, Term a, Term b) { return integer_division(p, a, b, false); }

Term arith_neg(Process* p, Term a) {
  if (is_small(a)) return small_or_big(p, -__int128(small_value(a)));
  if (is_big(a)) {
    ProcessHeap heap(p);
    return make_big(heap, big_digits(a), big_size(a), !big_negative(a));
  }
  if (is_float(a)) return float_result(p, -float_value(a));  // -(0.0) is -0.0 here, unlike fnegate
  return badarith(p);
}

#define BITWISE(name, op)                                                               \
  Term arith_##name(Process* p, Term a, Term b) {                                        \
    if (is_small(a) && is_small(b)) return make_small(small_value(a) op small_value(b)); \
    if (!is_integer(a) || !is_integer(b)) return badarith(p);                           \
    return big_binary(p, a, b, bignum::bitwise_capacity, bignum::name);                  \
  }
BITWISE(band, &)
BITWISE(bor, |)
BITWISE(bxor, ^)
#undef BITWISE

Term arith_bnot(Process* p, Term a) {
  if (is_small(a)) return make_small(~small_value(a));
  if (!is_big(a)) return badarith(p);
  Digit s[1];
  View va = integer_view(a, s);
  return big_result(p, bignum::bnot_capacity(va), [&](Digit* out) { return bignum::bnot(va, out); });
}

static Term shift(Process* p, Term a, Term b, bool left) {
  if (!is_integer(a) || !is_integer(b)) return badarith(p);
  if (a == make_small(0)) return a;
  if (is_big(b)) {  // an enormous shift: everything shifts out, or nothing fits
    bool grows = left != big_negative(b);
    if (grows) return system_limit(p);
    return make_small(is_small(a) ? (small_value(a) < 0 ? -1 : 0) : (big_negative(a) ? -1 : 0));
  }
  int64_t n = small_value(b);
  if (n < 0) {
    left = !left;
    n = -n;
  }
  Digit s[1];
  View va = integer_view(a, s);
  if (left) {
    if (bignum::bit_length(va) + uint64_t(n) > bignum::max_digits * 64) return system_limit(p);
    return big_result(p, bignum::shift_left_capacity(va, uint64_t(n)),
                      [&](Digit* out) { return bignum::shift_left(va, uint64_t(n), out); });
  }
  return big_result(p, bignum::shift_right_capacity(va, uint64_t(n)),
                    [&](Digit* out) { return bignum::shift_right(va, uint64_t(n), out); });
}

Term arith_bsl(Process* p, Term a, Term b) { return shift(p, a, b, true); }
Term arith_bsr(Process* p, Term a, Term b) { return shift(p, a, b, false); }

}  // namespace ember
