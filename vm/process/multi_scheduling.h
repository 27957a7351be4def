// Blocking multi-scheduling (erlang:system_flag(multi_scheduling, block | unblock |
// block_normal | unblock_normal)): in erts a process can have all Erlang code run on one
// scheduler (or the normal code on one normal scheduler) until it unblocks as many times as it
// blocked, or exits. While either kind of block holds, the first normal scheduler alone runs
// processes (and the blocking call returns once the others have ended their slices); while a
// whole block holds, the dirty schedulers' calls take turns with its slices.
#pragma once

#include <vector>

#include "vm/term/term.h"

namespace ember {

enum class MultiScheduling { enabled, blocked, blocked_normal };

// Each returns the state after the call. Unblocking by a process that has not blocked changes
// nothing.
MultiScheduling multi_scheduling_block(Term pid, bool normal);
MultiScheduling multi_scheduling_unblock(Term pid, bool normal);
MultiScheduling multi_scheduling_state();
// The processes blocking, each once, the latest to start blocking first (as erts lists them).
std::vector<Term> multi_scheduling_blockers(bool normal);
// A process that exits stops blocking.
void multi_scheduling_forget(Term pid);

// The atom system_flag and system_info answer with.
Term multi_scheduling_atom(MultiScheduling state);

}  // namespace ember
