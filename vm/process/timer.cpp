#include "vm/process/timer.h"

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

void Timers::start(TimerEntry entry) {
  uint64_t id = entry.id;
  if (heap_.size() > 2 * pending_.size() + 64) drop_cancelled();
  heap_.push(Due{entry.expiry, id});
  pending_.emplace(id, std::make_unique<TimerEntry>(std::move(entry)));
}

Millis Timers::cancel(uint64_t id) {
  auto it = pending_.find(id);
  if (it == pending_.end()) return -1;
  Millis left = std::max<Millis>(0, it->second->expiry - monotonic_millis_ceil());
  pending_.erase(it);
  return left;
}

void Timers::drop(uint64_t id) { pending_.erase(id); }

void Timers::drop_cancelled() {
  std::vector<Due> live;
  live.reserve(pending_.size());
  for (const auto& [id, entry] : pending_) live.push_back(Due{entry->expiry, id});
  heap_ = decltype(heap_)(std::greater<Due>(), std::move(live));
}

Millis Timers::remaining(uint64_t id) const {
  auto it = pending_.find(id);
  if (it == pending_.end()) return -1;
  return std::max<Millis>(0, it->second->expiry - monotonic_millis_ceil());
}

std::vector<std::unique_ptr<TimerEntry>> Timers::expire(Millis now) {
  std::vector<std::unique_ptr<TimerEntry>> due;
  while (!heap_.empty() && heap_.top().expiry <= now) {
    auto it = pending_.find(heap_.top().id);
    heap_.pop();
    if (it == pending_.end()) continue;  // cancelled
    due.push_back(std::move(it->second));
    pending_.erase(it);
  }
  return due;
}

Millis Timers::next_expiry() {
  while (!heap_.empty() && !pending_.count(heap_.top().id)) heap_.pop();
  return heap_.empty() ? -1 : heap_.top().expiry;
}

}  // namespace ember
