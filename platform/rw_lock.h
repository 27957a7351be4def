// A reader-writer lock of one word, for locks taken on every operation of a shared table
// (ETS). std::shared_mutex is pthread's rwlock, whose uncontended exclusive lock and unlock
// cost twice a mutex's; this one costs one atomic instruction each way, as a mutex does.
// Waiters sleep in the OS (C++20 atomic wait: a futex on Linux), never spin. A writer that
// waits keeps new readers out, so a stream of readers cannot starve it. Not recursive.
#pragma once

#include <atomic>
#include <cstdint>

namespace ember::platform {

class RwLock {
 public:
  void lock() {
    uint32_t s = 0;
    if (!state_.compare_exchange_strong(s, writer, std::memory_order_acquire, std::memory_order_relaxed))
      lock_slow();
  }
  void unlock() {
    if (state_.exchange(0, std::memory_order_release) & waiting) wake();
  }
  void lock_shared() {
    uint32_t s = state_.load(std::memory_order_relaxed);
    if ((s & (writer | waiting)) ||
        !state_.compare_exchange_strong(s, s + 1, std::memory_order_acquire, std::memory_order_relaxed))
      lock_shared_slow();
  }
  void unlock_shared() {
    uint32_t s = state_.fetch_sub(1, std::memory_order_release);
    if ((s & ~waiting) == 1 && (s & waiting)) last_reader_left();
  }

 private:
  static constexpr uint32_t writer = 1u << 31;
  static constexpr uint32_t waiting = 1u << 30;  // someone sleeps on the state
  // Below: the number of readers.
  std::atomic<uint32_t> state_{0};

  void lock_slow();
  void lock_shared_slow();
  void last_reader_left();
  void wake();
};

}  // namespace ember::platform
