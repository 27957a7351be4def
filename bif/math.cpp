// The math module: libm functions; a non-finite result is badarith, as in erts.
#include <cmath>

#include "bif/bif.h"
#include "vm/term/arith.h"

namespace ember {
namespace {

Term finish(Process* p, double r) {
  if (!std::isfinite(r)) return badarith(p);
  ProcessHeap heap(p);
  return make_float(heap, r);
}

// A number too large for a double is badarith; anything else that is not a number is badarg.
bool operand(Process* p, Term x, double* d) {
  if (number_to_double(x, d)) return true;
  is_number(x) ? badarith(p) : badarg(p);
  return false;
}

Term unary(Process* p, Term x, double (*fn)(double)) {
  double d;
  if (!operand(p, x, &d)) return THE_NON_VALUE;
  return finish(p, fn(d));
}

Term binary(Process* p, Term x, Term y, double (*fn)(double, double)) {
  double a, b;
  if (!operand(p, x, &a) || !operand(p, y, &b)) return THE_NON_VALUE;
  return finish(p, fn(a, b));
}

}  // namespace

#define MATH1(name, fn) \
  Term math_##name##_1(Process* p, Term* a) { return unary(p, a[0], fn); }
MATH1(sin, std::sin) MATH1(cos, std::cos) MATH1(tan, std::tan)
MATH1(asin, std::asin) MATH1(acos, std::acos) MATH1(atan, std::atan)
MATH1(sinh, std::sinh) MATH1(cosh, std::cosh) MATH1(tanh, std::tanh)
MATH1(asinh, std::asinh) MATH1(acosh, std::acosh) MATH1(atanh, std::atanh)
MATH1(exp, std::exp) MATH1(log, std::log) MATH1(log2, std::log2) MATH1(log10, std::log10)
MATH1(sqrt, std::sqrt) MATH1(erf, std::erf) MATH1(erfc, std::erfc)
MATH1(ceil, std::ceil) MATH1(floor, std::floor)
#undef MATH1

Term math_atan2_2(Process* p, Term* a) { return binary(p, a[0], a[1], std::atan2); }
Term math_pow_2(Process* p, Term* a) { return binary(p, a[0], a[1], std::pow); }
Term math_fmod_2(Process* p, Term* a) { return binary(p, a[0], a[1], std::fmod); }

}  // namespace ember
