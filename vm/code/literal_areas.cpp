#include "vm/code/literal_areas.h"

#include <atomic>
#include <deque>
#include <mutex>

#include "vm/process/scheduler.h"

namespace ember {
namespace {

struct Areas {
  std::atomic<Term> collector{NIL};
  std::atomic<uint64_t> requests_limit{0};
  std::mutex lock;
  std::deque<std::unique_ptr<Module>> queued;
  std::unique_ptr<Module> current;
};

Areas& areas() {
  static Areas* a = new Areas;
  return *a;
}

}  // namespace

void set_literal_area_collector(Term pid) { areas().collector.store(pid, std::memory_order_relaxed); }

Term literal_area_collector() { return areas().collector.load(std::memory_order_relaxed); }

// 0 until set: the schedulers are not counted yet when this starts.
static uint64_t limit_or_default(uint64_t limit) { return limit ? limit : 2 * uint64_t(scheduler_count()); }

uint64_t outstanding_requests_limit() { return limit_or_default(areas().requests_limit.load(std::memory_order_relaxed)); }

uint64_t set_outstanding_requests_limit(uint64_t limit) {
  return limit_or_default(areas().requests_limit.exchange(limit, std::memory_order_relaxed));
}

void literal_area_queue(std::unique_ptr<Module> m) {
  Areas& a = areas();
  std::lock_guard guard(a.lock);
  a.queued.push_back(std::move(m));
}

bool literal_area_switch() {
  Areas& a = areas();
  std::unique_ptr<Module> done;
  std::lock_guard guard(a.lock);
  done = std::move(a.current);
  if (!a.queued.empty()) {
    a.current = std::move(a.queued.front());
    a.queued.pop_front();
  }
  return a.current != nullptr;
}

const Arena* literal_area_current() {
  Areas& a = areas();
  std::lock_guard guard(a.lock);
  return a.current ? &a.current->literals : nullptr;
}

size_t literal_area_bytes() {
  Areas& a = areas();
  std::lock_guard guard(a.lock);
  size_t bytes = a.current ? a.current->memory_bytes() : 0;
  for (const std::unique_ptr<Module>& m : a.queued) bytes += m->memory_bytes();
  return bytes;
}

}  // namespace ember
