// Conventions shared by every BIF file. A BIF is `Term name(Process* p, Term* args)`: it
// returns the result or, after raising through vm/code/exception.h, THE_NON_VALUE. BIFs never
// collect garbage; they allocate through ProcessHeap. A BIF that leaves part of its work to
// Erlang code ends with bif_trap (vm/code/call.h), as erts' BIF_TRAP does.
#pragma once

#include <algorithm>
#include <span>

#include "vm/term/atom.h"
#include "vm/term/build.h"
#include "vm/code/call.h"
#include "vm/code/exception.h"
#include "vm/code/export.h"
#include "vm/process/process.h"
#include "vm/process/scheduler.h"
#include "vm/term/term.h"

namespace ember {

struct BifEntry {
  const char* module;
  const char* function;
  uint32_t arity;
  BifFn fn;
  DirtyKind dirty = DirtyKind::none;
};

// Makes every BIF of the registration table (bif_table.cpp) callable.
void register_bifs();
// The registration table itself, for system_info(snifs).
std::span<const BifEntry> bif_entries();

// The kinds of resource references the built-in NIF libraries make (vm/term/resource.h).
enum ResourceKind : uint32_t { resource_file = 1, resource_buffer = 2, resource_zlib = 3 };

// Small helpers for argument checking.
inline bool get_int64(Term t, int64_t* out) {
  if (!is_small(t)) return false;
  *out = small_value(t);
  return true;
}
// Length of a proper list, or -1.
int64_t list_length(Term list);
// Charges p's time slice for work done by a BIF: one reduction per 16 elements (list cells,
// or 8 bytes), up to a whole slice, so that a process calling long BIFs in a loop is preempted
// as often as erts would preempt it.
inline void charge_work(Process* p, uint64_t elements) {
  uint64_t reds = std::min<uint64_t>(elements / 16, uint64_t(reductions_per_slice));
  p->reductions -= int(reds);
}
// Elements (in charge_work's unit) p may still handle in its time slice.
inline int64_t budget(Process* p) { return std::max(p->reductions, 1) * int64_t(16); }

// A time in native units (nanoseconds) converted to `unit`, any unit erlang:convert_time_unit/3
// takes (an atom, or parts per second); false for anything else.
bool native_to_unit(int64_t native, Term unit, int64_t* out);

}  // namespace ember
