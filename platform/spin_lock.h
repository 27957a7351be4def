// A mutex for sections of a few dozen instructions taken from every scheduler at a high rate
// (the process table's, on every spawn and exit). std::mutex sleeps in the OS at the first
// contention, and the wake-up costs both threads microseconds where the holder would have
// been done in nanoseconds: this one spins a little first, then sleeps as a mutex does (C++20
// atomic wait: a futex on Linux), so that a holder the OS preempted costs no spinning core.
#pragma once

#include <atomic>
#include <cstdint>

#include "platform/thread.h"

namespace ember::platform {

class SpinLock {
 public:
  void lock() {
    for (int spins = 0; spins < 64; spins++) {
      if (state_.load(std::memory_order_relaxed) == free && try_lock()) return;
      cpu_relax();
    }
    // Marked contended, so that the holder's unlock wakes a sleeper.
    while (state_.exchange(contended, std::memory_order_acquire) != free) state_.wait(contended, std::memory_order_relaxed);
  }
  bool try_lock() {
    uint32_t expected = free;
    return state_.compare_exchange_strong(expected, held, std::memory_order_acquire, std::memory_order_relaxed);
  }
  void unlock() {
    if (state_.exchange(free, std::memory_order_release) == contended) state_.notify_one();
  }

 private:
  static constexpr uint32_t free = 0, held = 1, contended = 2;
  std::atomic<uint32_t> state_{free};
};

}  // namespace ember::platform
