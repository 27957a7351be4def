#include "vm/vm_exit.h"

#include "platform/os.h"
#include "vm/coverage.h"

namespace ember {

void vm_exit(int status) {
  coverage_write();
  platform::exit_process(status);
}

}  // namespace ember
