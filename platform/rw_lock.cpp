#include "platform/rw_lock.h"

namespace ember::platform {

// Marks the state as waited on (unless it changed meanwhile) and sleeps until it changes;
// the holder that releases the lock then wakes every sleeper, and they race again.
static void wait_on(std::atomic<uint32_t>& state, uint32_t s, uint32_t waiting) {
  if (!(s & waiting) &&
      !state.compare_exchange_weak(s, s | waiting, std::memory_order_relaxed, std::memory_order_relaxed))
    return;
  state.wait(s | waiting, std::memory_order_relaxed);
}

void RwLock::lock_slow() {
  for (;;) {
    uint32_t s = state_.load(std::memory_order_relaxed);
    // Free: take it, keeping the mark for the others that may still sleep.
    if ((s & ~waiting) == 0) {
      if (state_.compare_exchange_weak(s, s | writer, std::memory_order_acquire, std::memory_order_relaxed))
        return;
      continue;
    }
    wait_on(state_, s, waiting);
  }
}

void RwLock::lock_shared_slow() {
  for (;;) {
    uint32_t s = state_.load(std::memory_order_relaxed);
    if (!(s & (writer | waiting))) {
      if (state_.compare_exchange_weak(s, s + 1, std::memory_order_acquire, std::memory_order_relaxed))
        return;
      continue;
    }
    // Free but marked: the mark is stale (a sleeper is being woken), so clear it rather than
    // sleep on a lock nobody holds.
    if (s == waiting) {
      if (state_.compare_exchange_weak(s, 0, std::memory_order_relaxed, std::memory_order_relaxed)) wake();
      continue;
    }
    wait_on(state_, s, waiting);
  }
}

// The last reader leaves a marked lock: clear the mark and wake the sleepers, unless someone
// took the lock meanwhile (its release wakes them then).
void RwLock::last_reader_left() {
  uint32_t s = waiting;
  if (state_.compare_exchange_strong(s, 0, std::memory_order_relaxed, std::memory_order_relaxed)) wake();
}

void RwLock::wake() { state_.notify_all(); }

}  // namespace ember::platform
