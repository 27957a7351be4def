#include "vm/process/system_task.h"

#include "vm/code/literal_areas.h"
#include "vm/code/module.h"
#include "vm/process/gc.h"
#include "vm/process/inspect.h"
#include "vm/process/process_info.h"
#include "vm/process/process_table.h"
#include "vm/process/signals.h"
#include "vm/term/atom.h"
#include "vm/term/build.h"

namespace ember {
namespace {

Term kind_of(Term request) { return tuple_element(request, 0); }

bool is_copy_literals(Term request) { return kind_of(request) == atom_put("copy_literals"); }
bool is_process_info(Term request) { return kind_of(request) == atom_put("process_info"); }

// The answer from `target` to the requester: {ReqId, Result} for process_info, which
// erts_internal:await_result/1 takes, else {Kind, ReqId or Info, Result}.
void answer(Term requester, Term target, Term request, Term result) {
  Process* to = process_find(requester);
  if (!to) return;
  Arena scratch;
  Term id = tuple_element(request, 1);
  Term reply = is_process_info(request) ? tuple(scratch, id, result) : tuple(scratch, kind_of(request), id, result);
  deliver_message(to, target, reply);
}

void answer_gone(Term requester, Term target, Term request) {
  Term result = is_copy_literals(request) ? atoms::ok : is_process_info(request) ? atoms::undefined : atoms::false_;
  answer(requester, target, request, result);
}

// A collection made for someone else found q past its max_heap_size: q ends when it next
// looks at its signals. The task is done all the same, as in erts.
void kill_if_outgrown(Process* q, bool collected) {
  if (!collected) send_exit_signal(q->pid, q->pid, atoms::kill, false);
}

// The collector itself holds no literals of other modules: what it has came in messages, which
// are copies, and its own module, preloaded, is never purged. erts may answer that a collection
// is needed and leave it for later; here the copy is made at once, so every answer is ok.
void copy_literals(Process* q) {
  const Arena* area = literal_area_current();
  if (!area || q->pid == literal_area_collector()) return;
  if (gc_refers_to(q, q->saved_x.get(), q->arity, *area))
    kill_if_outgrown(q, gc_copy_literals(q, q->saved_x.get(), q->arity, *area));
}

// Carries out `request` on q, at rest: its registers are in saved_x. A result that is not an
// atom is built in `scratch`. THE_NON_VALUE while q is inside a BIF that holds off collections.
Term carry_out(Process* q, Term request, Arena& scratch) {
  Term kind = kind_of(request);
  if (is_process_info(request))
    return tuple_arity(request) == 2 ? process_info_defaults(scratch, q)
                                     : process_info_answer(scratch, q, tuple_element(request, 2));
  if (kind == atom_put("check_process_code"))
    return module_old_code_in_use(tuple_element(request, 2), q->pc, q->stop, q->hend) ? atoms::true_ : atoms::false_;
  if (q->gc_held) return THE_NON_VALUE;
  if (kind == atom_put("copy_literals")) {
    copy_literals(q);
    return atoms::ok;
  }
  Term* x = q->saved_x.get();
  bool major = tuple_element(request, 2) == atom_put("major");
  kill_if_outgrown(q, major ? gc_major(q, x, q->arity) : gc_collect(q, 0, x, q->arity));
  return atoms::true_;
}

// A process in a dirty call is not looked at, but no process runs a module without old code.
bool answerable_in_dirty_call(Term request) {
  return kind_of(request) == atom_put("check_process_code") && !module_has_old_code(tuple_element(request, 2));
}

}  // namespace

void request_system_task(Process* p, Term requester, Term target, Term request) {
  auto as_signal = [&] { return make_signal(SignalKind::system_task, requester, request, NIL); };
  // The caller itself is not at rest until its slice ends, when a signal is taken up.
  if (target == p->pid) return push_signal(p, as_signal());
  // Holding the target runs the tasks it already has first (receive_signals_for).
  Inspection inspection(p, target);
  if (inspection.busy_in_dirty_call() && answerable_in_dirty_call(request))
    return answer(requester, target, request, atoms::false_);
  if (inspection.busy()) return send_signal(target, as_signal());
  Process* q = inspection.get();
  if (!q) return answer_gone(requester, target, request);
  Arena scratch;
  Term result = carry_out(q, request, scratch);
  if (result == THE_NON_VALUE) return push_signal(q, as_signal());
  answer(requester, target, request, result);
}

void run_system_tasks(Process* p) {
  auto& tasks = p->system_tasks;
  size_t kept = 0;
  for (auto& task : tasks) {
    Arena scratch;
    Term result = carry_out(p, task->term, scratch);
    if (result == THE_NON_VALUE) tasks[kept++] = std::move(task);
    else answer(task->from, p->pid, task->term, result);
  }
  tasks.resize(kept);
}

void system_tasks_end(Process* p) {
  for (auto& task : p->system_tasks) answer_gone(task->from, p->pid, task->term);
  p->system_tasks.clear();
}

void system_task_bounced(Term target, const Signal& s) { answer_gone(s.from, target, s.term); }

}  // namespace ember
