// Maps of 10 keys (flat), and of 1,000 and 100,000 keys (hash tries): inserting one new key,
// which builds a new map sharing what it can with the old, and looking up a present key.
#include <benchmark/benchmark.h>

#include <memory>
#include <vector>

#include "vm/term/build.h"
#include "vm/term/map.h"

using namespace ember;

namespace {

// Keys 0, 2, 4... are in the map, with value key + 1; the odd numbers are free to insert.
struct SampleMap {
  Arena heap;
  Term map;
  std::vector<Term> present;
  std::vector<Term> absent;

  explicit SampleMap(size_t n) {
    std::vector<Term> values;
    for (size_t k = 0; k < n; k++) {
      present.push_back(make_small(int64_t(2 * k)));
      values.push_back(make_small(int64_t(2 * k + 1)));
      absent.push_back(make_small(int64_t(2 * k + 1)));
    }
    map = map_from_pairs(heap, present.data(), values.data(), n);
  }
};

void BM_MapInsert(benchmark::State& state) {
  SampleMap sample(size_t(state.range(0)));
  // The new maps are garbage at once; their arena is dropped now and then, as a collection
  // would, so memory stays bounded.
  auto heap = std::make_unique<Arena>();
  size_t i = 0;
  for (auto _ : state) {
    Term key = sample.absent[i++ % sample.absent.size()];
    benchmark::DoNotOptimize(map_put(*heap, sample.map, key, key));
    if (i % 4096 == 0) heap = std::make_unique<Arena>();
  }
  Term key = sample.absent.back();
  Term grown = map_put(*heap, sample.map, key, key);
  if (map_size(grown) != sample.present.size() + 1 || map_get(grown, key) != key)
    state.SkipWithError("the inserted key is not in the new map");
}
BENCHMARK(BM_MapInsert)->Arg(10)->Arg(1000)->Arg(100000);

void BM_MapLookup(benchmark::State& state) {
  SampleMap sample(size_t(state.range(0)));
  size_t i = 0;
  bool found = true;
  for (auto _ : state) {
    Term key = sample.present[i++ % sample.present.size()];
    found &= map_get(sample.map, key) == make_small(small_value(key) + 1);
  }
  if (!found) state.SkipWithError("a lookup missed or found the wrong value");
}
BENCHMARK(BM_MapLookup)->Arg(10)->Arg(1000)->Arg(100000);

}  // namespace
