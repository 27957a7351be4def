#include "vm/process/signal_server.h"

#include "platform/termination_signal.h"
#include "vm/term/atom.h"
#include "vm/term/build.h"
#include "vm/process/process_table.h"
#include "vm/process/signals.h"
#include "vm/process/thread_progress.h"

namespace ember {

void forward_sigterm_to_signal_server() {
  Term server = atom_put("erl_signal_server"), notify = atom_put("notify"), sigterm = atom_put("sigterm");
  platform::on_termination_signal([=] {
    ProgressGuard guard;
    Process* p = whereis_name(server);
    if (!p) return;
    Arena storage;
    deliver_message(p, p->pid, tuple(storage, notify, sigterm));
  });
}

}  // namespace ember
