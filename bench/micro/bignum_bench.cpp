// Bignum multiplication of two operands of the same number of decimal digits, straight on the
// digit buffers, the way arith_mul calls it once the operands are known to be bignums.
#include <benchmark/benchmark.h>

#include <optional>
#include <random>
#include <string>
#include <vector>

#include "vm/term/bignum.h"

using namespace ember::bignum;

namespace {

struct Number {
  std::vector<Digit> digits;
  View view() const { return View{digits.data(), digits.size(), false}; }
};

// A random number of exactly `decimals` digits; a fixed seed keeps runs comparable.
Number random_number(size_t decimals, unsigned seed) {
  std::mt19937 rng(seed);
  std::string text(decimals, '0');
  for (char& c : text) c = char('0' + rng() % 10);
  text[0] = char('1' + rng() % 9);
  std::vector<Digit> digits(from_text_capacity(text.size(), 10));
  std::optional<View> v = from_text(text, 10, digits.data());
  digits.resize(v ? v->n : 0);
  return Number{digits};
}

// product / a == b with nothing left over.
bool is_product(View product, View a, View b) {
  std::vector<Digit> quot(quotient_capacity(product, a) + 1), rem(remainder_capacity(product, a) + 1);
  QuotRem qr = divrem(product, a, quot.data(), rem.data());
  return compare(qr.quot, b) == 0 && qr.rem.n == 0;
}

void BM_BignumMul(benchmark::State& state) {
  size_t decimals = size_t(state.range(0));
  Number a = random_number(decimals, 1), b = random_number(decimals, 2);
  std::vector<Digit> out(mul_capacity(a.view(), b.view()));
  View product{};
  for (auto _ : state) {
    product = mul(a.view(), b.view(), out.data());
    benchmark::DoNotOptimize(product);
  }
  if (a.digits.empty() || b.digits.empty() || !is_product(product, a.view(), b.view()))
    state.SkipWithError("the product divided by one factor is not the other");
}
BENCHMARK(BM_BignumMul)->Arg(100)->Arg(1000)->Arg(10000);

}  // namespace
