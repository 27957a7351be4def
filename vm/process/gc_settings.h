// The garbage-collection settings as Erlang terms: spawn_opt options, process_flag/2 and
// system_flag/2 items, and the process_info/system_info answers for them.
#pragma once

#include "vm/process/process.h"

namespace ember {

// Sets one of min_heap_size, min_bin_vheap_size, fullsweep_after, max_heap_size and
// message_queue_data of a process (spawn_opt, process_flag) from its value; false for another
// key or a bad value.
bool set_gc_option(GcSettings& gc, Term key, Term value);
// The same for the defaults new processes start with (system_flag).
bool set_gc_default(GcSettings& gc, Term key, Term value);
// The value of such a key as process_info and system_info give it; THE_NON_VALUE for another.
Term gc_option(Heap& heap, const GcSettings& gc, Term key);

}  // namespace ember
