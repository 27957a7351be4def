#include "vm/process/node_monitors.h"

#include <mutex>

namespace ember {
namespace {

struct Subscription {
  Term pid;
  uint16_t options;
  uint64_t count;
};

std::mutex lock;
std::vector<Subscription>& subscriptions() {
  static auto* list = new std::vector<Subscription>;
  return *list;
}

}  // namespace

uint64_t node_monitors_update(Term pid, uint16_t options, bool on) {
  std::lock_guard guard(lock);
  auto& list = subscriptions();
  for (auto it = list.begin(); it != list.end(); ++it) {
    if (it->pid != pid || it->options != options) continue;
    uint64_t before = it->count;
    if (on) it->count++;
    else list.erase(it);
    return before;
  }
  if (on) list.push_back({pid, options, 1});
  return 0;
}

void node_monitors_drop(Term pid) {
  std::lock_guard guard(lock);
  std::erase_if(subscriptions(), [&](const Subscription& s) { return s.pid == pid; });
}

std::vector<NodeMonitor> node_monitors() {
  std::lock_guard guard(lock);
  std::vector<NodeMonitor> out;
  for (const Subscription& s : subscriptions()) out.push_back({s.pid, s.options});
  return out;
}

}  // namespace ember
