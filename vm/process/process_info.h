// The items of process_info/1,2. The answer is built by whoever may look at the process: the
// caller holding it (vm/process/inspect.h), or the process itself at rest, when another
// scheduler was running it and the question came as a system task (system_task.h).
#pragma once

#include "vm/process/process.h"

namespace ember {

// Whether `spec` is what process_info/2 takes: an item it knows, or a proper list of them.
bool is_process_info_spec(Term spec);
// process_info/2's answer for q, built on `heap`, to a spec that is_process_info_spec accepted:
// {Item, Value} for an item (or [] for an absent registered_name), a list of pairs for a list.
Term process_info_answer(Heap& heap, Process* q, Term spec);
// process_info/1's answer: erts' default items, registered_name first when q has a name.
Term process_info_defaults(Heap& heap, Process* q);

}  // namespace ember
