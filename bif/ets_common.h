// What the ets BIF files share: finding and locking a table the caller may use, and copying
// out of it.
#pragma once

#include "bif/bif.h"
#include "platform/os.h"
#include "vm/term/copy.h"
#include "vm/process/ets_registry.h"

namespace ember {

// badarg for a table this process cannot use: erts' cause says whether the identifier is not
// one (type), names no table (id), or the table's access mode forbids the operation (access).
inline Term ets_table_badarg(Process* p, const EtsLocked& t) {
  static const char* causes[] = {"badarg", "type", "id", "access"};
  return badarg_because(p, atom_put(causes[int(t.refusal())]));
}

// safe_fixtable(T, true) for p, noting when the first fixation began (ets:info safe_fixed).
inline void ets_fix(EtsTable& t, Process* p) {
  if (!t.is_fixed()) {
    t.fixed_monotonic_ns = platform::monotonic_nanos();
    t.fixed_system_ns = platform::system_nanos();
  }
  t.fix(p->pid);
  p->involve(Involved::ets);
}

// A walk over a table costs a reduction per object, not charge_work's one per 16 list cells:
// matching an object and copying a result out is that much more work, and under the
// sanitizers far more. A full slice so visits some 4000 objects, as erts' select gives way
// every 1000 or so.
inline int64_t ets_walk_budget(const Process* p) { return std::max(p->reductions, 1); }
inline void ets_charge_walk(Process* p, uint64_t objects) {
  p->reductions -= int(std::min<uint64_t>(objects, uint64_t(reductions_per_slice)));
}

inline Term ets_copy_out(Process* p, Term t) {
  ProcessHeap heap(p);
  return copy_term(heap, t);
}

}  // namespace ember
