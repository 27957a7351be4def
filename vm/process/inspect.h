// Looking inside another process (process_info, is_process_alive, a check of its code): as
// erts, the answer takes in every signal sent to it before the call. The inspector takes the
// process's lock, so it cannot start running meanwhile, and handles its pending signals first.
// A process that another scheduler is running right now is busy. The inspector never waits
// holding its own lock: its question goes as a signal, which the process answers when it takes
// it or when its slice ends (is_process_alive: vm/process/signals.h; process_info and the
// system tasks: vm/process/system_task.h).
#pragma once

#include "vm/process/process.h"

namespace ember {

class Inspection {
 public:
  // `self` is the inspecting process; inspecting itself takes no lock.
  Inspection(Process* self, Term pid);
  ~Inspection();
  Inspection(const Inspection&) = delete;
  Inspection& operator=(const Inspection&) = delete;

  // The process, held; null if it is gone (or a pending signal killed it) or busy.
  Process* get() const { return held_; }
  bool busy() const { return busy_; }
  // Busy in a dirty call, which may last long: that it is alive and running is known without
  // its lock.
  bool busy_in_dirty_call() const { return busy_ && dirty_; }

 private:
  Process* held_ = nullptr;
  Process* locked_ = nullptr;
  bool busy_ = false;
  bool dirty_ = false;
};

}  // namespace ember
