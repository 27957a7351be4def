// The BIFs of erts_literal_area_collector, the process that frees the literal areas of purged
// code (vm/code/literal_areas.h). As in erts, only that process may call them.
#include "bif/bif.h"
#include "vm/code/call.h"
#include "vm/code/literal_areas.h"
#include "vm/process/gc.h"
#include "vm/process/inspect.h"
#include "vm/process/signals.h"

namespace ember {

Term erts_literal_area_collector_send_copy_request_3(Process* p, Term* a);

namespace {

bool is_collector(const Process* p) { return p->pid == literal_area_collector(); }

Export* retry_copy_request() {
  static Export* again = bif_continuation(atom_put("erts_literal_area_collector"), atom_put("send_copy_request"), 3,
                                          erts_literal_area_collector_send_copy_request_3);
  return again;
}

}  // namespace

Term erts_literal_area_collector_release_area_switch_0(Process* p, Term*) {
  if (!is_collector(p)) return raise_error(p, atoms::notsup);
  return boolean(literal_area_switch());
}

// The process copies what it still refers to in the current area, then the collector hears
// {copy_literals, {AreaId, How, Pid}, ok}. erts may answer that a collection is needed and
// leave it for later (How then says when); here the copy is made at once, so every answer is
// ok. A process running now, or inside a BIF that holds off collections, is tried again later.
Term erts_literal_area_collector_send_copy_request_3(Process* p, Term* a) {
  if (!is_collector(p)) return raise_error(p, atoms::notsup);
  Term how = a[2];
  if (!is_local_pid(a[0])) return badarg(p);
  if (how != atom_put("init") && how != atom_put("check_gc") && how != atom_put("need_gc")) return badarg(p);
  const Arena* area = literal_area_current();
  // The collector itself holds no literals of other modules: what it has came in messages,
  // which are copies, and its own module, preloaded, is never purged.
  if (area && a[0] != p->pid) {
    Inspection inspection(p, a[0]);
    if (inspection.busy()) return bif_yield(p, retry_copy_request());
    Process* q = inspection.get();  // null: gone, or a signal killed it (its heap goes unread)
    if (q && gc_refers_to(q, q->saved_x.get(), q->arity, *area)) {
      if (q->gc_held) return bif_yield(p, retry_copy_request());
      // Killed for its max_heap_size instead: whoever runs or inspects it next handles its
      // pending signals first, so nothing reads its heap again, its exit included.
      if (!gc_copy_literals(q, q->saved_x.get(), q->arity, *area)) send_exit_signal(q->pid, q->pid, atoms::kill, false);
    }
  }
  ProcessHeap heap(p);
  deliver_message(p, a[0], tuple(heap, atom_put("copy_literals"), tuple(heap, a[1], how, a[0]), atoms::ok));
  return atoms::ok;
}

}  // namespace ember
