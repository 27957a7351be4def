#include "vm/process/inspect.h"

#include "vm/process/process_table.h"
#include "vm/process/signals.h"

namespace ember {

Inspection::Inspection(Process* self, Term pid) {
  if (pid == self->pid) {
    held_ = self;
    return;
  }
  Process* q = process_find(pid);
  if (!q) return;
  if (!q->lock.try_lock()) {
    // One killed during a dirty call counts as gone (not busy) until it has ended.
    busy_ = !q->killed_in_dirty_call.load(std::memory_order_acquire);
    dirty_ = q->running_dirty.load(std::memory_order_relaxed) != DirtyKind::none;
    return;
  }
  locked_ = q;
  if (receive_signals_for(q)) held_ = q;
}

Inspection::~Inspection() {
  if (locked_) locked_->lock.unlock();
}

}  // namespace ember
