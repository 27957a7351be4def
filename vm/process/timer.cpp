#include "vm/process/timer.h"

#include <algorithm>

#include "platform/os.h"

namespace ember {

Millis monotonic_millis() {
  return platform::monotonic_nanos() / 1000000;
}

static int64_t vm_start = 0;

void mark_vm_start() { vm_start = platform::monotonic_nanos(); }
int64_t vm_start_nanos() { return vm_start; }

Millis monotonic_millis_ceil() {
  return (platform::monotonic_nanos() + 999999) / 1000000;
}

Timers::~Timers() {
  for (auto& [id, t] : pending_) delete t;
}

void Timers::link(List& list, TimerEntry* t) {
  t->next = nullptr;
  t->prev = list.tail;
  (list.tail ? list.tail->next : list.head) = t;
  list.tail = t;
}

void Timers::unlink(TimerEntry* t) {
  List& list = list_of(t->slot);
  (t->prev ? t->prev->next : list.head) = t->next;
  (t->next ? t->next->prev : list.tail) = t->prev;
  if (!list.head && t->slot != overdue) occupied_[t->slot / slots] &= ~(uint64_t(1) << t->slot % slots);
}

void Timers::place(TimerEntry* t) {
  if (t->expiry <= now_) {
    t->slot = overdue;
    return link(overdue_, t);
  }
  uint64_t differ = uint64_t(t->expiry) ^ uint64_t(now_);
  unsigned level = (63 - unsigned(__builtin_clzll(differ))) / slot_bits;
  unsigned slot = unsigned(uint64_t(t->expiry) >> (level * slot_bits)) % slots;
  t->slot = uint16_t(level * slots + slot);
  occupied_[level] |= uint64_t(1) << slot;
  link(wheel_[level][slot], t);
}

Millis Timers::slot_start(unsigned level, unsigned slot) const {
  unsigned above = (level + 1) * slot_bits;
  return Millis(uint64_t(now_) >> above << above | uint64_t(slot) << (level * slot_bits));
}

bool Timers::first_occupied(unsigned* level, unsigned* slot) const {
  for (unsigned k = 0; k < levels; k++)
    if (occupied_[k]) {
      *level = k;
      *slot = unsigned(__builtin_ctzll(occupied_[k]));
      return true;
    }
  return false;
}

void Timers::start(TimerEntry entry) {
  auto* t = new TimerEntry(std::move(entry));
  pending_.emplace(t->id, t);
  place(t);
  if (earliest_ >= 0) earliest_ = std::min(earliest_, std::max(t->expiry, now_));
}

void Timers::remove(std::unordered_map<uint64_t, TimerEntry*>::iterator it) {
  TimerEntry* t = it->second;
  if (t->expiry <= earliest_) earliest_ = -1;
  unlink(t);
  pending_.erase(it);
  delete t;
}

Millis Timers::cancel(uint64_t id) {
  auto it = pending_.find(id);
  if (it == pending_.end()) return -1;
  Millis left = std::max<Millis>(0, it->second->expiry - monotonic_millis_ceil());
  remove(it);
  return left;
}

void Timers::drop(uint64_t id) {
  auto it = pending_.find(id);
  if (it != pending_.end()) remove(it);
}

Millis Timers::remaining(uint64_t id) const {
  auto it = pending_.find(id);
  if (it == pending_.end()) return -1;
  return std::max<Millis>(0, it->second->expiry - monotonic_millis_ceil());
}

std::vector<std::unique_ptr<TimerEntry>> Timers::expire(Millis now) {
  std::vector<std::unique_ptr<TimerEntry>> due;
  auto take = [&](List& list) {
    for (TimerEntry *t = list.head, *next; t; t = next) {
      next = t->next;
      if (t->expiry <= now_) {
        pending_.erase(t->id);
        due.emplace_back(t);
      } else {
        place(t);
      }
    }
    list = List{};
  };
  take(overdue_);
  unsigned level, slot;
  while (now_ < now && first_occupied(&level, &slot)) {
    Millis start = slot_start(level, slot);
    if (start > now) break;
    now_ = start;
    occupied_[level] &= ~(uint64_t(1) << slot);
    take(wheel_[level][slot]);
  }
  now_ = std::max(now_, now);
  if (earliest_ <= now_) earliest_ = -1;
  // Timers of one millisecond come from different levels in no particular order; erts fires
  // them in the order they were started.
  std::sort(due.begin(), due.end(), [](const auto& a, const auto& b) {
    return a->expiry != b->expiry ? a->expiry < b->expiry : a->id >> timer_owner_bits < b->id >> timer_owner_bits;
  });
  return due;
}

Millis Timers::next_expiry() {
  if (earliest_ >= 0 || pending_.empty()) return pending_.empty() ? -1 : earliest_;
  if (overdue_.head) return earliest_ = now_;
  unsigned level, slot;
  first_occupied(&level, &slot);
  // The first occupied slot holds the earliest timers; at level 0 they all expire at its start.
  earliest_ = slot_start(level, slot);
  if (level > 0) {
    earliest_ = wheel_[level][slot].head->expiry;
    for (TimerEntry* t = wheel_[level][slot].head; t; t = t->next) earliest_ = std::min(earliest_, t->expiry);
  }
  return earliest_;
}

}  // namespace ember
