#include "vm/process/vm_exit.h"

#include <atomic>

#include "platform/os.h"
#include "vm/code/coverage.h"
#include "vm/process/scheduler.h"

namespace ember {

static std::atomic<bool> embedded{false};

void set_vm_embedded() { embedded.store(true, std::memory_order_relaxed); }

void end_vm(int status) {
  if (!embedded.load(std::memory_order_relaxed)) vm_exit(status);
  coverage_write();
  request_halt(status);
}

void vm_exit(int status) {
  coverage_write();
  platform::exit_process(status);
}

}  // namespace ember
