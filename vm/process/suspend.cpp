#include "vm/process/suspend.h"

#include <algorithm>

#include "vm/process/process_table.h"
#include "vm/process/signals.h"
#include "vm/term/atom.h"
#include "vm/term/build.h"
#include "vm/term/ref.h"

namespace ember {
namespace {

// What a suspend_process reply says. erts words it by the form of the call (synchronous calls
// reply the result of the call, asynchronous ones `suspended`) and by what became of the target.
enum class Outcome { suspended, not_suspended, exiting, gone };

Term reply_result(const Signal& request, Outcome outcome) {
  bool asynchronous = request.linked;
  switch (outcome) {
    case Outcome::suspended: return tuple_element(request.term, 1);
    case Outcome::not_suspended: return atom_put(asynchronous ? "not_suspended" : "internal_error");
    case Outcome::exiting: return asynchronous ? atom_put("exited") : atoms::badarg;
    case Outcome::gone: break;
  }
  return asynchronous ? atoms::badarg : atom_put("exited");
}

// {Tag, Result} to the process that asked, from `target`.
void reply(Term target, const Signal& request, Outcome outcome) {
  Process* asker = process_find(request.from);
  if (!asker) return;
  Arena message;
  deliver_message(asker, target, tuple(message, tuple_element(request.term, 0), reply_result(request, outcome)));
}

std::vector<Suspension>::iterator suspension_of(Suspensions& own, Term target) {
  return std::find_if(own.suspending.begin(), own.suspending.end(), [&](const Suspension& e) { return e.target == target; });
}

void erase_pid(std::vector<Term>& pids, Term pid) { pids.erase(std::remove(pids.begin(), pids.end(), pid), pids.end()); }

}  // namespace

Suspensions& suspensions_of(Process* p) {
  if (!p->suspensions) p->suspensions = std::make_unique<Suspensions>();
  return *p->suspensions;
}

Term suspend_process(Process* p, Term target, bool asynchronous, Term reply_tag, bool unless_suspending) {
  Suspensions& own = suspensions_of(p);
  auto it = suspension_of(own, target);
  Process* q = process_find(target);
  Term result = atoms::true_;
  if (it != own.suspending.end()) {
    if (unless_suspending) result = atoms::false_;
    else ++it->count;
  } else if (q) {
    own.suspending.push_back({target, 1, false});
    push_signal(q, make_signal(SignalKind::suspend, p->pid, NIL, NIL));
  } else if (!asynchronous) {
    return atoms::badarg;
  }
  if (asynchronous && reply_tag == THE_NON_VALUE) return result;
  Term tag = reply_tag;
  if (!asynchronous) {
    ProcessHeap heap(p);
    tag = make_ref(heap);
  }
  Arena message;
  Signal* request = make_signal(SignalKind::suspend_reply, p->pid,
                                tuple(message, tag, asynchronous ? atom_put("suspended") : result), NIL);
  request->linked = asynchronous;
  if (q) {
    push_signal(q, request);
  } else {
    reply(target, *request, Outcome::gone);
    delete request;
  }
  return asynchronous ? result : tag;
}

bool resume_process(Process* p, Term target) {
  if (!p->suspensions) return false;
  Suspensions& own = *p->suspensions;
  auto it = suspension_of(own, target);
  if (it == own.suspending.end()) return false;
  if (--it->count == 0) {
    own.suspending.erase(it);
    send_signal(target, make_signal(SignalKind::resume, p->pid, NIL, NIL));
  }
  return true;
}

void suspend_self(Process* p, Term cause) {
  suspensions_of(p).suspended_by.push_back(cause);
  p->reductions = 0;
}

void resume_suspended(Term pid, Term cause) { send_signal(pid, make_signal(SignalKind::resume, cause, NIL, NIL)); }

void suspension_signal(Process* p, const Signal& s) {
  Suspensions& own = suspensions_of(p);
  switch (s.kind) {
    case SignalKind::suspend:
      own.suspended_by.push_back(s.from);
      p->reductions = 0;  // a running process stops at its next check, and is then suspended
      send_signal(s.from, make_signal(SignalKind::suspend_active, p->pid, NIL, NIL));
      break;
    case SignalKind::suspend_active: {
      auto it = suspension_of(own, s.from);
      if (it != own.suspending.end()) it->active = true;
      break;
    }
    case SignalKind::resume:
      erase_pid(own.suspended_by, s.from);
      break;
    case SignalKind::suspend_ended: {
      auto it = suspension_of(own, s.from);
      if (it != own.suspending.end()) own.suspending.erase(it);
      break;
    }
    default:
      break;
  }
}

void answer_suspend_replies(Process* p) {
  if (!p->suspensions || p->suspensions->replies.empty()) return;
  Outcome outcome = is_suspended(p) ? Outcome::suspended : Outcome::not_suspended;
  for (auto& request : p->suspensions->replies) reply(p->pid, *request, outcome);
  p->suspensions->replies.clear();
}

void suspensions_end(Process* p) {
  Suspensions& own = *p->suspensions;
  for (const Suspension& e : own.suspending) send_signal(e.target, make_signal(SignalKind::resume, p->pid, NIL, NIL));
  for (Term suspender : own.suspended_by)
    send_signal(suspender, make_signal(SignalKind::suspend_ended, p->pid, NIL, NIL));
  for (auto& request : own.replies) reply(p->pid, *request, Outcome::exiting);
  p->suspensions.reset();
}

void suspension_bounced(Process* sender, Term target, const Signal& s) {
  if (s.kind == SignalKind::suspend) push_signal(sender, make_signal(SignalKind::suspend_ended, target, NIL, NIL));
  else if (s.kind == SignalKind::suspend_reply) reply(target, s, Outcome::exiting);
}

}  // namespace ember
