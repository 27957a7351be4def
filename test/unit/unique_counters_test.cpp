// erlang:now/0 and erlang:unique_integer/0,1 called from many threads at once: no value is
// given twice, and each caller sees now/0 and monotonic integers strictly increase.
#include <algorithm>

#include "test/unit/concurrent_bifs.h"
#include "vm/term/build.h"

using namespace ember;
using ember::test::Caller;

namespace {

constexpr int threads = 8, calls = 20000;

// A caller's results in order; now/0's {Mega, Secs, Micro} as microseconds.
std::vector<std::vector<int64_t>> results_of(BifFn fn, Term arg) {
  std::vector<std::vector<int64_t>> results(threads);
  test::run_threads(threads, [&](int i) {
    Caller call;
    std::vector<int64_t>& mine = results[size_t(i)];
    mine.reserve(calls);
    for (int n = 0; n < calls; n++) {
      Term r = arg == THE_NON_VALUE ? call(fn, {}) : call(fn, {arg});
      if (is_tuple(r)) {
        mine.push_back((small_value(tuple_element(r, 0)) * 1000000 + small_value(tuple_element(r, 1))) * 1000000 +
                       small_value(tuple_element(r, 2)));
      } else {
        mine.push_back(is_small(r) ? small_value(r) : INT64_MIN);
      }
      call.collect_sometimes();
    }
  });
  return results;
}

bool each_strictly_increasing(const std::vector<std::vector<int64_t>>& results) {
  for (auto& r : results)
    for (size_t k = 1; k < r.size(); k++)
      if (r[k] <= r[k - 1]) return false;
  return true;
}

bool all_distinct(const std::vector<std::vector<int64_t>>& results) {
  std::vector<int64_t> all;
  for (auto& r : results) all.insert(all.end(), r.begin(), r.end());
  std::sort(all.begin(), all.end());
  return std::adjacent_find(all.begin(), all.end()) == all.end() &&
         std::find(all.begin(), all.end(), INT64_MIN) == all.end();
}

}  // namespace

TEST_CASE("erlang:now/0 never gives a value twice and rises for every caller") {
  auto results = results_of(test::find_bif("erlang", "now", 0), THE_NON_VALUE);
  CHECK(each_strictly_increasing(results));
  CHECK(all_distinct(results));
}

TEST_CASE("erlang:unique_integer/0,1 are unique across threads, and monotonic ones rise") {
  BifFn unique0 = test::find_bif("erlang", "unique_integer", 0);
  BifFn unique1 = test::find_bif("erlang", "unique_integer", 1);
  CHECK(all_distinct(results_of(unique0, THE_NON_VALUE)));
  Arena heap;
  Term monotonic = cons(heap, atom_put("monotonic"), NIL);
  auto rising = results_of(unique1, monotonic);
  CHECK(each_strictly_increasing(rising));
  CHECK(all_distinct(rising));
  Term positive = cons(heap, atom_put("positive"), cons(heap, atom_put("monotonic"), NIL));
  auto positives = results_of(unique1, positive);
  CHECK(each_strictly_increasing(positives));
  CHECK(all_distinct(positives));
  CHECK(std::all_of(positives.begin(), positives.end(),
                    [](auto& r) { return std::all_of(r.begin(), r.end(), [](int64_t v) { return v > 0; }); }));
}
