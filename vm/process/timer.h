// Timers of one scheduler: receive timeouts, erlang:send_after/start_timer. Not thread-safe:
// the scheduler guards its timers with a lock of its own (vm/process/scheduler.h). A
// hierarchical timer wheel, as erts keeps one per scheduler: starting and cancelling a timer
// take constant time whatever the number pending, which matters because most timers are
// receive timeouts cancelled by the message they wait for, long before they would expire.
#pragma once

#include <cstdint>
#include <memory>
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
  // The wheel's list of the slot that holds the timer.
  TimerEntry* prev = nullptr;
  TimerEntry* next = nullptr;
  uint16_t slot = 0;
};

// A timer's id names the scheduler whose Timers hold it in its low bits, so that any thread can
// find it.
inline constexpr unsigned timer_owner_bits = 10;

class Timers {
 public:
  explicit Timers(unsigned owner = 0) : owner_(owner) {}
  ~Timers();
  Timers(const Timers&) = delete;
  Timers& operator=(const Timers&) = delete;
  uint64_t new_id() { return next_id_++ << timer_owner_bits | owner_; }
  void start(TimerEntry entry);  // entry.id from new_id()
  // Removes a pending timer; returns its remaining ms, or -1 if it already fired or is unknown.
  Millis cancel(uint64_t id);
  // Removes a pending timer, if there is one, without reading the clock.
  void drop(uint64_t id);
  Millis remaining(uint64_t id) const;
  // Pops every timer due by `now`, in order of expiry, then of start.
  std::vector<std::unique_ptr<TimerEntry>> expire(Millis now);
  // Time of the next expiry, or -1 if none.
  Millis next_expiry();
  bool empty() const { return pending_.empty(); }
  template <typename Fn>
  void for_each(Fn fn) const {
    for (const auto& [id, entry] : pending_) fn(*entry);
  }

 private:
  // Level k's 64 slots are 64^k ms wide. A timer sits at the highest level where the bits of
  // its expiry differ from the wheel's time, in the slot its expiry's bits there name: so
  // every timer at level k shares the time's bits above level k and lies in a later slot of
  // it. Moving the time to the start of the first occupied slot therefore passes no timer;
  // that slot's timers then fire (level 0) or drop to a lower level. Ten levels hold 60 bits,
  // every expiry a small integer can give.
  static constexpr unsigned slot_bits = 6;
  static constexpr unsigned slots = 1u << slot_bits;
  static constexpr unsigned levels = 10;
  static constexpr uint16_t overdue = levels * slots;  // the slot of timers started already due

  struct List {
    TimerEntry* head = nullptr;
    TimerEntry* tail = nullptr;
  };
  void place(TimerEntry* t);
  void link(List& list, TimerEntry* t);
  void unlink(TimerEntry* t);
  List& list_of(uint16_t slot) { return slot == overdue ? overdue_ : wheel_[slot / slots][slot % slots]; }
  Millis slot_start(unsigned level, unsigned slot) const;
  // The first occupied slot, as level * slots + slot; false if the wheel is empty.
  bool first_occupied(unsigned* level, unsigned* slot) const;
  void remove(std::unordered_map<uint64_t, TimerEntry*>::iterator it);

  List wheel_[levels][slots];
  uint64_t occupied_[levels] = {};  // a bit per non-empty slot
  List overdue_;
  Millis now_ = 0;        // the wheel's time: no timer in the wheel expires at or before it
  Millis earliest_ = -1;  // the next expiry, when known; -1 when it must be looked for
  std::unordered_map<uint64_t, TimerEntry*> pending_;
  uint64_t owner_;
  uint64_t next_id_ = 1;
};

}  // namespace ember
