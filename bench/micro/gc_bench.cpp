// A full collection of a process whose heap is almost all live data: the worst case the
// collector meets, since everything is copied and nothing is freed.
#include <benchmark/benchmark.h>

#include "sample_term.h"
#include "vm/term/compare.h"
#include "vm/term/copy.h"
#include "vm/process/gc.h"
#include "vm/process/process.h"

using namespace ember;

namespace {

void BM_GcMajor(benchmark::State& state) {
  Arena reference;
  Term expected = micro::sample_term(reference, size_t(state.range(0)));
  auto p = process_new();
  ProcessHeap heap(p.get());
  Term x[1] = {copy_term(heap, expected)};
  // The first collection joins the fragments the copy went to, so every run is alike.
  bool collected = gc_major(p.get(), x, 1);
  for (auto _ : state) collected &= gc_major(p.get(), x, 1);
  if (!collected) state.SkipWithError("a collection was refused");
  if (!eq_exact(x[0], expected)) state.SkipWithError("the live data changed in the collection");
  state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(copy_size(expected) * sizeof(Word)));
  gc_free_all(p.get());
}
BENCHMARK(BM_GcMajor)->Arg(1000)->Arg(100000)->Unit(benchmark::kMillisecond);

}  // namespace
