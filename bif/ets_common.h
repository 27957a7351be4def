// What the ets BIF files share: finding a table the caller may use, and copying out of it.
#pragma once

#include "bif/bif.h"
#include "vm/term/copy.h"
#include "vm/process/ets_table.h"

namespace ember {

enum class EtsNeed { read, write };

// The table `id` designates if the caller may use it so (public tables are open to all,
// protected ones to readers, private ones to the owner only); null otherwise, and the BIF
// raises badarg.
inline EtsTable* ets_table_for(Process* p, Term id, EtsNeed need) {
  EtsTable* t = ets_find(id);
  if (!t || t->owner == p->pid || t->access == EtsAccess::public_) return t;
  return t->access == EtsAccess::protected_ && need == EtsNeed::read ? t : nullptr;
}

// badarg for a table this process cannot use: erts' cause says whether the identifier is not
// one (type), names no table (id), or the table's access mode forbids the operation (access).
// Called with the ETS lock held.
inline Term ets_table_badarg(Process* p, Term id) {
  const char* cause = !is_atom(id) && !is_ref(id) ? "type" : ets_find(id) ? "access" : "id";
  return badarg_because(p, atom_put(cause));
}

inline Term ets_copy_out(Process* p, Term t) {
  ProcessHeap heap(p);
  return copy_term(heap, t);
}

}  // namespace ember
