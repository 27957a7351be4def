// platform::RwLock under threads that read and write at once: readers never see a writer's
// half-done change, writers exclude each other, and nobody is left asleep.
#include <mutex>
#include <shared_mutex>

#include "platform/rw_lock.h"
#include "test/unit/concurrent_bifs.h"

using namespace ember;

TEST_CASE("RwLock keeps readers from half-done writes and writers from each other") {
  platform::RwLock lock;
  int64_t a = 0, b = 0;  // equal whenever the lock is free
  constexpr int threads = 8, rounds = 20000;
  std::atomic<int> torn{0};
  test::run_threads(threads, [&](int i) {
    for (int n = 0; n < rounds; n++) {
      if ((n + i) % 4 == 0) {
        std::unique_lock hold(lock);
        a++;
        b++;
      } else {
        std::shared_lock hold(lock);
        if (a != b) torn.fetch_add(1, std::memory_order_relaxed);
      }
    }
  });
  CHECK(torn.load() == 0);
  CHECK(a == int64_t(threads) * rounds / 4);
  CHECK(a == b);
}
