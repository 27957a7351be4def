// Timers of one scheduler: receive timeouts, erlang:send_after/start_timer. Not thread-safe:
// the scheduler guards its timers with a lock of its own (vm/process/scheduler.h). A binary heap
// ordered by expiry; cancelled timers are dropped lazily when they reach the top, or all at
// once when they outnumber the pending ones (a receive timeout is usually cancelled by the
// message it waits for, long before it would expire).
#pragma once

#include <cstdint>
#include <queue>
#include <unordered_map>
#include <vector>

#include "vm/process/heap.h"
#include "vm/term/term.h"

namespace ember {

using Millis = int64_t;
Millis monotonic_millis();
// The monotonic time (nanoseconds) the VM started at, which erlang:system_info(start_time)
// gives and statistics(wall_clock) counts from: the start of a VM marks it first.
void mark_vm_start();
int64_t vm_start_nanos();
// The current millisecond rounded up. Timeouts count from it, as erts' timer wheel does, so
// that one never fires before its whole time has passed.
Millis monotonic_millis_ceil();

struct TimerEntry {
  uint64_t id;
  Millis expiry;
  Term target;                  // pid (or registered name for send_after to a name)
  bool receive_timeout;         // else a message timer
  Term message = NIL;           // the message, or for start_timer {timeout, Ref, Msg}
  std::unique_ptr<Arena> storage;
};

// A timer's id names the scheduler whose Timers hold it in its low bits, so that any thread can
// find it.
inline constexpr unsigned timer_owner_bits = 10;

class Timers {
 public:
  explicit Timers(unsigned owner = 0) : owner_(owner) {}
  uint64_t new_id() { return next_id_++ << timer_owner_bits | owner_; }
  void start(TimerEntry entry);  // entry.id from new_id()
  // Removes a pending timer; returns its remaining ms, or -1 if it already fired or is unknown.
  Millis cancel(uint64_t id);
  // Removes a pending timer, if there is one, without reading the clock.
  void drop(uint64_t id);
  Millis remaining(uint64_t id) const;
  // Pops every timer due by `now`.
  std::vector<std::unique_ptr<TimerEntry>> expire(Millis now);
  // Time of the next expiry, or -1 if none.
  Millis next_expiry();
  bool empty() const { return pending_.empty(); }
  template <typename Fn>
  void for_each(Fn fn) const {
    for (const auto& [id, entry] : pending_) fn(*entry);
  }

 private:
  struct Due {
    Millis expiry;
    uint64_t id;
    bool operator>(const Due& o) const { return expiry != o.expiry ? expiry > o.expiry : id > o.id; }
  };
  void drop_cancelled();

  std::priority_queue<Due, std::vector<Due>, std::greater<Due>> heap_;
  std::unordered_map<uint64_t, std::unique_ptr<TimerEntry>> pending_;
  uint64_t owner_;
  uint64_t next_id_ = 1;
};

}  // namespace ember
