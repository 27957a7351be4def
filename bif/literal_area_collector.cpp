// The BIFs of erts_literal_area_collector, the process that frees the literal areas of purged
// code (vm/code/literal_areas.h). As in erts, only that process may call them.
#include "bif/bif.h"
#include "vm/code/literal_areas.h"
#include "vm/process/system_task.h"

namespace ember {

namespace {

bool is_collector(const Process* p) { return p->pid == literal_area_collector(); }

}  // namespace

Term erts_literal_area_collector_release_area_switch_0(Process* p, Term*) {
  if (!is_collector(p)) return raise_error(p, atoms::notsup);
  return boolean(literal_area_switch());
}

// The process copies what it still refers to in the current area, then the collector hears
// {copy_literals, {AreaId, How, Pid}, ok} (vm/process/system_task.h).
Term erts_literal_area_collector_send_copy_request_3(Process* p, Term* a) {
  if (!is_collector(p)) return raise_error(p, atoms::notsup);
  Term how = a[2];
  if (!is_local_pid(a[0])) return badarg(p);
  if (how != atom_put("init") && how != atom_put("check_gc") && how != atom_put("need_gc")) return badarg(p);
  ProcessHeap heap(p);
  request_system_task(p, p->pid, a[0], tuple(heap, atom_put("copy_literals"), tuple(heap, a[1], how, a[0])));
  return atoms::ok;
}

}  // namespace ember
