// Purging old code as erts does it for erts_code_purger: check_process_code tells whether a
// process still runs a module's old code, purge_module goes through its phases, and
// request_system_task carries check_process_code and garbage_collect to other processes.
#include <algorithm>

#include "bif/bif.h"
#include "vm/code/literal_areas.h"
#include "vm/code/module.h"
#include "vm/process/process_table.h"
#include "vm/process/signals.h"
#include "vm/process/suspend.h"
#include "vm/process/system_task.h"

namespace ember {

// Whether the caller runs the old code of module a[0].
Term erts_internal_check_process_code_1(Process* p, Term* a) {
  if (!is_atom(a[0])) return badarg(p);
  return boolean(module_old_code_in_use(a[0], p->pc, p->stop, p->hend));
}

// The check_process_code and garbage_collect requests (vm/process/system_task.h).
static Term checked_system_task(Process* p, Term requester, Term target, Term priority, Term request) {
  static const Term priorities[] = {atoms::max, atoms::high, atoms::normal, atoms::low, atom_put("inherit")};
  if (!is_local_pid(target) || !is_local_pid(requester)) return badarg(p);
  if (std::find(std::begin(priorities), std::end(priorities), priority) == std::end(priorities)) return badarg(p);
  if (!is_tuple(request) || tuple_arity(request) != 3 || !is_atom(tuple_element(request, 2))) return badarg(p);
  Term kind = tuple_element(request, 0), arg = tuple_element(request, 2);
  bool gc = kind == atom_put("garbage_collect");
  if (gc ? arg != atom_put("major") && arg != atom_put("minor") : kind != atom_put("check_process_code"))
    return badarg(p);
  request_system_task(p, requester, target, request);
  return atoms::ok;
}

Term erts_internal_request_system_task_3(Process* p, Term* a) {
  return checked_system_task(p, p->pid, a[0], a[1], a[2]);
}

Term erts_internal_request_system_task_4(Process* p, Term* a) {
  return checked_system_task(p, a[0], a[1], a[2], a[3]);
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
