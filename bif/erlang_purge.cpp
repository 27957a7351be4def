// Purging old code as erts does it for erts_code_purger: check_process_code tells whether a
// process still runs a module's old code, purge_module goes through its phases, and
// request_system_task carries check_process_code and garbage_collect to other processes.
#include "bif/bif.h"
#include "vm/code/call.h"
#include "vm/code/literal_areas.h"
#include "vm/process/gc.h"
#include "vm/process/inspect.h"
#include "vm/code/module.h"
#include "vm/process/process_table.h"
#include "vm/process/signals.h"
#include "vm/process/suspend.h"

namespace ember {
namespace {

// Whether q's code pointer or stack is in the old code of `module`. q is the caller, or a
// process held by an Inspection (vm/process/inspect.h).
bool runs_old_code(const Process* q, Term module) {
  return module_old_code_in_use(module, q->pc, q->stop, q->hend);
}

}  // namespace

Term erts_internal_check_process_code_1(Process* p, Term* a) {
  if (!is_atom(a[0])) return badarg(p);
  return boolean(runs_old_code(p, a[0]));
}

// A full collection of q, a process held by an Inspection, from the
// registers the scheduler saved for it. A process that outgrows its max_heap_size is killed.
// One inside a BIF that holds off collections has it when that BIF ends.
static bool collect_other(Process* q) {
  if (q->gc_held) return q->major_requested = true;
  if (gc_major(q, q->saved_x.get(), q->arity)) return true;
  send_exit_signal(q->pid, q->pid, atoms::kill, false);
  return true;
}

Term erts_internal_request_system_task_3(Process* p, Term* a);
Term erts_internal_request_system_task_4(Process* p, Term* a);

static Export* retry_system_task(uint32_t arity) {
  static Export* again3 = bif_continuation(atom_put("erts_internal"), atom_put("request_system_task"), 3,
                                           erts_internal_request_system_task_3);
  static Export* again4 = bif_continuation(atom_put("erts_internal"), atom_put("request_system_task"), 4,
                                           erts_internal_request_system_task_4);
  return arity == 3 ? again3 : again4;
}

// The check_process_code and garbage_collect requests: the target's answer {Kind, ReqId, Bool}
// goes to the requester (false for a process that no longer exists, as erts).
static Term request_system_task(Process* p, Term requester, Term target, Term priority, Term request) {
  static const Term priorities[] = {atoms::max, atoms::high, atoms::normal, atoms::low, atom_put("inherit")};
  if (!is_local_pid(target) || !is_local_pid(requester)) return badarg(p);
  if (std::find(std::begin(priorities), std::end(priorities), priority) == std::end(priorities)) return badarg(p);
  if (!is_tuple(request) || tuple_arity(request) != 3 || !is_atom(tuple_element(request, 2))) return badarg(p);
  Term kind = tuple_element(request, 0), arg = tuple_element(request, 2);
  bool gc = kind == atom_put("garbage_collect");
  if (gc ? arg != atom_put("major") && arg != atom_put("minor") : kind != atom_put("check_process_code"))
    return badarg(p);
  // The request is a signal that comes after those the target already has, an exit among them.
  Inspection inspection(p, target);
  // A process in a dirty call is not looked at, but no process runs a module without old code.
  bool answered = !gc && inspection.busy_in_dirty_call() && !module_has_old_code(arg);
  if (inspection.busy() && !answered) return bif_yield(p, retry_system_task(requester == p->pid ? 3 : 4));
  Process* q = inspection.get();
  ProcessStatus status = q ? q->status.load(std::memory_order_relaxed) : ProcessStatus::free;
  bool alive = status != ProcessStatus::exiting && status != ProcessStatus::free;
  bool result = false;
  if (alive && !gc) result = runs_old_code(q, arg);
  // A BIF never collects: the caller's own collection (an async request) follows this call.
  if (alive && gc && q == p) result = p->major_requested = true;
  if (alive && gc && q != p) result = collect_other(q);
  Process* to = requester == p->pid ? p : process_find(requester);
  if (!to) return atoms::ok;
  ProcessHeap heap(p);
  deliver_message(to, target, tuple(heap, kind, tuple_element(request, 1), boolean(result)));
  return atoms::ok;
}

Term erts_internal_request_system_task_3(Process* p, Term* a) {
  return request_system_task(p, p->pid, a[0], a[1], a[2]);
}

Term erts_internal_request_system_task_4(Process* p, Term* a) {
  return request_system_task(p, a[0], a[1], a[2], a[3]);
}

Term erts_internal_purge_module_2(Process* p, Term* a) {
  if (whereis_name(atom_put("erts_code_purger")) != p) return raise_error(p, atoms::notsup);
  if (!is_atom(a[0])) return badarg(p);
  Term op = a[1], result = THE_NON_VALUE;
  std::vector<Term> waiting;
  if (op == atom_put("prepare")) result = module_purge_prepare(a[0], false);
  else if (op == atom_put("prepare_on_load")) result = module_purge_prepare(a[0], true);
  else if (op == atom_put("abort")) result = module_purge_abort(a[0], &waiting);
  else if (op == atom_put("complete")) result = module_purge_complete(a[0], &waiting);
  for (Term pid : waiting) resume_suspended(pid, atom_put("erts_code_purger"));
  // The old code's literals wait for the collector (vm/code/literal_areas.h).
  if (op == atom_put("complete") && result == atoms::true_) {
    Term collector = literal_area_collector();
    if (Process* c = is_local_pid(collector) ? process_find(collector) : nullptr)
      deliver_message(c, p->pid, atom_put("copy_literals"));
  }
  return result == THE_NON_VALUE ? badarg(p) : result;
}

}  // namespace ember
