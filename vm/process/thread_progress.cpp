#include "vm/process/thread_progress.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <utility>
#include <vector>

namespace ember {
namespace {

// Threads that can hold process pointers at once: the schedulers, the port threads and the
// host threads of an embedding. A thread takes a slot on its first progress_enter and gives it
// back when it ends.
constexpr unsigned max_threads = 1024;

struct alignas(64) Slot {
  std::atomic<uint64_t> epoch{0};  // 0: holds nothing
  std::atomic<bool> taken{false};
};

struct Retired {
  uint64_t epoch;
  void* object;
  void (*free_fn)(void*);
};

struct State {
  Slot slots[max_threads];
  std::atomic<unsigned> slots_used{0};  // slots [0, slots_used) were ever taken
  std::atomic<uint64_t> epoch{1};
  std::mutex lock;  // guards retired
  std::vector<Retired> retired;
  std::atomic<size_t> retired_count{0};
};

State& state() {
  static State* s = new State;
  return *s;
}

Slot* take_slot() {
  State& s = state();
  for (unsigned k = 0; k < max_threads; k++) {
    bool expected = false;
    if (!s.slots[k].taken.load(std::memory_order_relaxed) &&
        s.slots[k].taken.compare_exchange_strong(expected, true, std::memory_order_acq_rel)) {
      unsigned used = s.slots_used.load(std::memory_order_relaxed);
      while (used <= k && !s.slots_used.compare_exchange_weak(used, k + 1, std::memory_order_acq_rel)) {
      }
      return &s.slots[k];
    }
  }
  return nullptr;
}

struct ThreadSlot {
  Slot* slot = take_slot();
  ~ThreadSlot() {
    if (!slot) return;
    slot->epoch.store(0, std::memory_order_seq_cst);
    slot->taken.store(false, std::memory_order_release);
  }
};

// What a thread that reclaims retired itself, and frees it too: the memory goes back to the
// allocator of the thread that most often made it (a process mostly ends on the scheduler that
// spawned it), without the lock a free from another thread takes, or the global list's lock.
// Its epochs grow with each retire, so what is due is always a prefix.
struct LocalRetired {
  bool reclaims = false;  // the thread calls progress_reclaim, so its list does not linger
  std::vector<Retired> items;
  ~LocalRetired();
};

thread_local LocalRetired local_retired;

void hand_over(std::vector<Retired>& items) {
  if (items.empty()) return;
  State& s = state();
  std::lock_guard guard(s.lock);
  s.retired.insert(s.retired.end(), items.begin(), items.end());
  s.retired_count.store(s.retired.size(), std::memory_order_relaxed);
  items.clear();
}

LocalRetired::~LocalRetired() { hand_over(items); }

Slot& my_slot() {
  thread_local ThreadSlot mine;
  // More threads than slots would be a thousand port threads at once; such a thread waits for
  // a slot rather than hold pointers unprotected.
  while (!mine.slot) mine.slot = take_slot();
  return *mine.slot;
}

// The oldest epoch a thread may still hold pointers from; everything retired before it is free
// to go.
uint64_t oldest_held_epoch(State& s) {
  uint64_t oldest = s.epoch.load(std::memory_order_seq_cst);
  unsigned used = s.slots_used.load(std::memory_order_acquire);
  for (unsigned k = 0; k < used; k++) {
    uint64_t e = s.slots[k].epoch.load(std::memory_order_seq_cst);
    if (e != 0 && e < oldest) oldest = e;
  }
  return oldest;
}

}  // namespace

// Sequentially consistent, as the table's removal is: a thread that announces an epoch after
// an object was retired cannot find it afterwards; one that announced it earlier keeps it alive.
void progress_enter() {
  State& s = state();
  my_slot().epoch.store(s.epoch.load(std::memory_order_seq_cst), std::memory_order_seq_cst);
}

bool progress_active() { return my_slot().epoch.load(std::memory_order_relaxed) != 0; }

// A thread that leaves (a scheduler going to sleep) leaves what it retired to the others.
void progress_leave() {
  my_slot().epoch.store(0, std::memory_order_seq_cst);
  hand_over(local_retired.items);
}

void progress_retire(void* object, void (*free_fn)(void*)) {
  State& s = state();
  if (local_retired.reclaims) {
    local_retired.items.push_back({s.epoch.fetch_add(1, std::memory_order_seq_cst), object, free_fn});
    return;
  }
  std::lock_guard guard(s.lock);
  s.retired.push_back({s.epoch.fetch_add(1, std::memory_order_seq_cst), object, free_fn});
  s.retired_count.store(s.retired.size(), std::memory_order_relaxed);
}

// The prefix of the thread's own list that no thread can hold any more.
static void reclaim_own(State& s) {
  std::vector<Retired>& items = local_retired.items;
  if (items.empty()) return;
  uint64_t oldest = oldest_held_epoch(s);
  auto held = std::find_if(items.begin(), items.end(), [&](const Retired& r) { return r.epoch >= oldest; });
  if (held == items.begin()) return;
  std::vector<Retired> due(items.begin(), held);
  items.erase(items.begin(), held);
  for (Retired& r : due) r.free_fn(r.object);  // may retire more, onto the list's end
}

void progress_reclaim() {
  State& s = state();
  local_retired.reclaims = true;
  reclaim_own(s);
  if (s.retired_count.load(std::memory_order_relaxed) == 0) return;
  std::vector<Retired> due;
  {
    std::lock_guard guard(s.lock);
    uint64_t oldest = oldest_held_epoch(s);
    auto held = std::partition(s.retired.begin(), s.retired.end(), [&](const Retired& r) { return r.epoch >= oldest; });
    due.assign(held, s.retired.end());
    s.retired.erase(held, s.retired.end());
    s.retired_count.store(s.retired.size(), std::memory_order_relaxed);
  }
  // Outside the lock: freeing a process answers its late signals, which may retire others.
  for (Retired& r : due) r.free_fn(r.object);
}

}  // namespace ember
