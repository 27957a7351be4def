// Ending the VM: every way out (halt/1, the -bare main process returning) comes through here,
// so that whatever must happen at exit (coverage counts) happens once.
#pragma once

namespace ember {

[[noreturn]] void vm_exit(int status);

}  // namespace ember
