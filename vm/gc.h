// Per-process garbage collection: a generational copying collector. Live data of the young heap
// is copied to a fresh block (or, once it has survived a collection, to the old heap); a major
// collection copies everything. Only the process itself is stopped.
#pragma once

#include <cstddef>

#include "vm/process.h"

namespace ember {

// Collects p's heap so that at least `need` free words remain between heap top and stack.
// x[0..live) are roots besides the stack, the mailbox, the dictionary and the process fields.
void gc_collect(Process* p, size_t need, Term* x, unsigned live);
// A full collection (erlang:garbage_collect/0,1).
void gc_major(Process* p, Term* x, unsigned live);
// Frees the process's heap, stack, fragments and off-heap references.
void gc_free_all(Process* p);

// Checked builds (EMBER_CHECK_FRAMES, on with the sanitizers) fill the frame slots that the
// loader let `allocate` leave unset with this word, and the collector stops if it meets one:
// a slot it scans must have been set first.
inline constexpr Word unset_frame_slot = 0xDEADBEEFDEADBEE2;

}  // namespace ember
