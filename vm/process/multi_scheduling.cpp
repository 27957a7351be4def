#include "vm/process/multi_scheduling.h"

#include <algorithm>
#include <mutex>

#include "vm/process/scheduler.h"
#include "vm/term/atom.h"

namespace ember {
namespace {

struct Blocks {
  std::mutex lock;
  std::vector<Term> all, normal;  // one entry per block, in the order they were made
};

Blocks& blocks() {
  static Blocks b;
  return b;
}

MultiScheduling state_of(const Blocks& b) {
  if (!b.all.empty()) return MultiScheduling::blocked;
  return b.normal.empty() ? MultiScheduling::enabled : MultiScheduling::blocked_normal;
}

// Either block leaves the first normal scheduler alone to run processes; a whole block also has
// the dirty schedulers take turns with it.
MultiScheduling apply(const Blocks& b) {
  MultiScheduling state = state_of(b);
  set_first_scheduler_only(state != MultiScheduling::enabled);
  set_one_at_a_time(state == MultiScheduling::blocked);
  return state;
}

}  // namespace

MultiScheduling multi_scheduling_block(Term pid, bool normal) {
  Blocks& b = blocks();
  std::lock_guard guard(b.lock);
  (normal ? b.normal : b.all).push_back(pid);
  return apply(b);
}

MultiScheduling multi_scheduling_unblock(Term pid, bool normal) {
  Blocks& b = blocks();
  std::lock_guard guard(b.lock);
  std::vector<Term>& list = normal ? b.normal : b.all;
  auto it = std::find(list.begin(), list.end(), pid);
  if (it != list.end()) list.erase(it);
  return apply(b);
}

MultiScheduling multi_scheduling_state() {
  Blocks& b = blocks();
  std::lock_guard guard(b.lock);
  return state_of(b);
}

std::vector<Term> multi_scheduling_blockers(bool normal) {
  Blocks& b = blocks();
  std::lock_guard guard(b.lock);
  const std::vector<Term>& list = normal ? b.normal : b.all;
  std::vector<Term> pids;
  for (Term pid : list)
    if (std::find(pids.begin(), pids.end(), pid) == pids.end()) pids.push_back(pid);
  std::reverse(pids.begin(), pids.end());
  return pids;
}

Term multi_scheduling_atom(MultiScheduling state) {
  switch (state) {
    case MultiScheduling::blocked:
      return atom_put("blocked");
    case MultiScheduling::blocked_normal:
      return atom_put("blocked_normal");
    case MultiScheduling::enabled:
      break;
  }
  return atom_put("enabled");
}

void multi_scheduling_forget(Term pid) {
  Blocks& b = blocks();
  std::lock_guard guard(b.lock);
  if (b.all.empty() && b.normal.empty()) return;
  std::erase(b.all, pid);
  std::erase(b.normal, pid);
  apply(b);
}

}  // namespace ember
