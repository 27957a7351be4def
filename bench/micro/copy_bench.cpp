// Term copying, as a message send or spawn does it: the size first, then the copy into storage
// of exactly that size.
#include <benchmark/benchmark.h>

#include "sample_term.h"
#include "vm/term/compare.h"
#include "vm/term/copy.h"

using namespace ember;

namespace {

void BM_CopyTerm(benchmark::State& state) {
  Arena source;
  Term term = micro::sample_term(source, size_t(state.range(0)));
  size_t words = copy_size(term);
  for (auto _ : state) {
    size_t need = copy_size(term);
    auto destination = Arena::with_block(need);
    benchmark::DoNotOptimize(copy_term(*destination, term, need));
  }
  Arena check(words);
  if (!eq_exact(copy_term(check, term), term)) state.SkipWithError("the copy differs from the original");
  state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(words * sizeof(Word)));
}
BENCHMARK(BM_CopyTerm)->Arg(100)->Arg(10000)->Unit(benchmark::kMicrosecond);

}  // namespace
