// persistent_term from many threads at once: readers take no lock and must always find a
// complete table, each key's latest value or an earlier one, never a torn or freed one (the
// writers reclaim replaced tables as they go, as schedulers do between slices).
#include <set>

#include "test/unit/concurrent_bifs.h"
#include "vm/term/build.h"
#include "vm/term/compare.h"
#include "vm/process/thread_progress.h"

using namespace ember;
using ember::test::Caller;

namespace {

constexpr int threads = 4, keys_per_thread = 40, rounds = 300;

struct PersistentTerm {
  BifFn put = test::find_bif("persistent_term", "put", 2), get1 = test::find_bif("persistent_term", "get", 1),
        get2 = test::find_bif("persistent_term", "get", 2), erase = test::find_bif("persistent_term", "erase", 1),
        all = test::find_bif("persistent_term", "get", 0), info = test::find_bif("persistent_term", "info", 0);
};

Term key(Heap& heap, int thread, int k) { return tuple(heap, atom_put("pt_concurrency"), make_small(thread), make_small(k)); }

}  // namespace

TEST_CASE("persistent_term put, get and erase from many threads agree with each thread's model") {
  PersistentTerm pt;
  Term shared = atom_put("pt_concurrency_shared");
  Caller setup;
  setup(pt.put, {shared, make_small(0)});
  int failures[threads + 1] = {};
  test::run_threads(threads + 1, [&](int i) {
    Caller call;
    Arena heap;
    Term absent = atom_put("absent");
    if (i == threads) {
      // A reader of the key thread 0 keeps raising while the others replace the whole table
      // with their puts and erases: it never sees the value go down.
      int64_t last = 0;
      for (int n = 0; n < 20000; n++) {
        Term v = call(pt.get1, {shared});
        if (!is_small(v) || small_value(v) < last) failures[i]++;
        else last = small_value(v);
        if (n % 1000 == 0 && !is_list(call(pt.all, {}))) failures[i]++;
        call.collect_sometimes();
      }
      return;
    }
    std::vector<int64_t> model(keys_per_thread, -1);  // -1: absent
    for (int n = 0; n < rounds; n++) {
      int k = n % keys_per_thread;
      Term own = key(heap, i, k);
      if (n % 5 == 4) {
        Term r = call(pt.erase, {own});
        if (r != boolean(model[k] >= 0)) failures[i]++;
        model[k] = -1;
      } else {
        // A list, so that a torn read would show as a wrong length or element.
        Term value = cons(heap, make_small(n), cons(heap, make_small(i), NIL));
        call(pt.put, {own, value});
        model[k] = n;
      }
      if (i == 0) call(pt.put, {shared, make_small(n)});  // one writer: the value only rises
      // Between calls, as a scheduler between slices: frees the tables no reader still holds.
      if (n % 8 == 0) progress_reclaim();
      for (int j = 0; j < keys_per_thread; j++) {
        Term v = call(pt.get2, {key(heap, i, j), absent});
        bool ok = model[j] < 0 ? v == absent
                               : is_list(v) && head(v) == make_small(model[j]) && head(tail(v)) == make_small(i);
        if (!ok) failures[i]++;
      }
      // Another thread's keys: absent or one of the values it puts.
      Term other = call(pt.get2, {key(heap, (i + 1) % threads, k), absent});
      if (other != absent && !(is_list(other) && head(tail(other)) == make_small((i + 1) % threads)))
        failures[i]++;
      call.collect_sometimes();
    }
    failures[i] += call.failures_;
  });
  for (int f : failures) CHECK(f == 0);
  Caller check;
  Arena heap;
  for (int i = 0; i < threads; i++)
    for (int k = 0; k < keys_per_thread; k++) {
      Term v = check(pt.get2, {key(heap, i, k), atom_put("absent")});
      // Each thread's last round for key k: erased when that round's n % 5 == 4.
      int last = (rounds - 1 - k) / keys_per_thread * keys_per_thread + k;
      if (last % 5 == 4) CHECK(v == atom_put("absent"));
      else CHECK((is_list(v) && head(v) == make_small(last)));
      check(pt.erase, {key(heap, i, k)});
    }
  check(pt.erase, {shared});
  Term info = check(pt.info, {});
  CHECK(is_map(info));
}
