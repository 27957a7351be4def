// The items of process_info/1,2. The answer is built by whoever may look at the process: the
// caller holding it (vm/process/inspect.h), or the process itself at rest, when another
// scheduler was running it and the question came as a system task (system_task.h).
#pragma once

#include "vm/process/process.h"

namespace ember {

// Whether process_info/2 knows `item`.
bool is_process_info_item(Term item);
// process_info/2's answer for q, built on `heap`: `spec` is an item, giving {Item, Value} (or []
// for an absent registered_name), or a proper list of them, giving a list of pairs. Every item
// was checked with is_process_info_item.
Term process_info_answer(Heap& heap, Process* q, Term spec);
// process_info/1's answer: erts' default items, registered_name first when q has a name.
Term process_info_defaults(Heap& heap, Process* q);

}  // namespace ember
