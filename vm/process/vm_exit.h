// Ending the VM: every way out (halt/1, the end of init, a system process that dies, the -bare
// main process returning) comes through here, so that whatever must happen at the end
// (coverage counts) happens once. In the ember executable the VM's end is the program's, at
// once, as erts'; embedded in a host program (include/ember.h) it is only the end of the VM's
// threads: the schedulers stop and the host goes on.
#pragma once

namespace ember {

// From then on the VM's end leaves the program running.
void set_vm_embedded();

// Ends the VM with `status`. The executable exits here; embedded, the schedulers stop once the
// process running now is switched out, and the call returns.
void end_vm(int status);

// The executable's exit, once the schedulers have stopped.
[[noreturn]] void vm_exit(int status);

}  // namespace ember
