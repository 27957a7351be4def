#include "vm/process/signals.h"

#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "vm/process/alias.h"
#include "vm/term/atom.h"
#include "vm/term/build.h"
#include "vm/term/copy.h"
#include "vm/process/ets_table.h"
#include "vm/code/exception.h"
#include "vm/term/node.h"
#include "vm/process/multi_scheduling.h"
#include "vm/process/node_monitors.h"
#include "vm/process/port.h"
#include "vm/process/process_table.h"
#include "vm/process/remote.h"
#include "vm/term/ref.h"
#include "vm/term/resource.h"
#include "vm/process/gc.h"
#include "vm/process/scheduler.h"
#include "vm/process/suspend.h"
#include "vm/process/system_task.h"
#include "vm/term/term_print.h"
#include "vm/process/vm_exit.h"

namespace ember {

Signal* make_signal(SignalKind kind, Term from, Term term, Term ref) {
  auto* s = new Signal;
  s->kind = kind;
  bool needs_storage = !is_immed(from) || !is_immed(term) || !is_immed(ref);
  if (needs_storage) {
    size_t from_words = copy_size(from), term_words = copy_size(term), ref_words = copy_size(ref);
    s->storage = Arena::with_block(from_words + term_words + ref_words);
    s->from = copy_term(*s->storage, from, from_words);
    s->term = copy_term(*s->storage, term, term_words);
    s->ref = copy_term(*s->storage, ref, ref_words);
  } else {
    s->from = from;
    s->term = term;
    s->ref = ref;
  }
  return s;
}

void push_signal(Process* target, Signal* s) {
  target->signals.push(s);
  schedule(target);
}

namespace {

// What happens to a signal that finds its target gone (reason noproc) or exiting (its exit
// reason, as erts answers the signals an exiting process still finds in its queue).
// The answer to an is_alive signal: {Ref, Alive} from the receiver.
void answer_is_alive(Term target, const Signal& s, bool alive) {
  Process* to = process_find(s.from);
  if (!to) return;
  Arena scratch;
  deliver_message(to, target, tuple(scratch, s.ref, alive ? atoms::true_ : atoms::false_));
}

void bounce(Term target, const Signal& s, Term reason = atoms::noproc) {
  Process* sender = process_find(s.from);
  if (!sender) return;
  if (s.kind == SignalKind::link) {
    send_exit_signal(target, s.from, reason, true);
  } else if (s.kind == SignalKind::monitor) {
    Arena storage;
    Term object = s.term != NIL ? tuple(storage, s.term, local_node_name()) : target;
    send_down(sender, target, s.ref, object, reason);
  } else if (s.kind == SignalKind::system_task) {
    system_task_bounced(target, s);
  } else if (s.kind == SignalKind::is_alive) {
    answer_is_alive(target, s, false);
  } else {
    suspension_bounced(sender, target, s);
  }
}

}  // namespace

void send_signal(Term to, Signal* s) {
  if (Process* target = process_find(to)) return push_signal(target, s);
  bounce(to, *s);
  delete s;
}

namespace {

// Handles an exit signal; returns false if it ends the process.
bool exit_signal(Process* p, const Signal& s) {
  Term reason = s.term;
  // A link removed before the signal arrived has no effect.
  if (s.linked && !p->links.erase(s.from)) return true;
  bool untrappable = !s.linked && reason == atoms::kill;
  if (p->trap_exit && !untrappable) {
    ProcessHeap heap(p);
    Term msg = tuple(heap, atoms::EXIT, copy_term(heap, s.from), copy_term(heap, reason));
    p->mailbox.append(msg);
    return true;
  }
  if (reason == atoms::normal && s.from != p->pid) return true;
  ProcessHeap heap(p);
  p->exit_reason = untrappable ? atoms::killed : copy_term(heap, reason);
  return false;
}

// The term of a message (or 'DOWN') signal, made the process's own. A small one is copied
// next to the messages before it (into the heap, or the fragment being filled), so a receive
// scanning a long queue reads memory in order rather than one block per message. A big one
// keeps its storage, which joins the heap fragments until the next collection; the binaries
// it holds count against the young generation's binary virtual heap.
Term take_message_term(Process* p, Signal& s) {
  constexpr size_t copy_max_words = 64;
  if (!s.storage) return s.term;
  size_t words = s.storage->used_words();
  if (words <= copy_max_words) {
    ProcessHeap heap(p);
    return copy_term(heap, s.term);
  }
  p->fragment_words += words;
  p->off_heap.overhead += s.storage->off_heap().overhead;
  p->fragments.push_back(std::move(s.storage));
  return s.term;
}

}  // namespace

void deliver_message(Process* target, Term sender, Term msg) {
  push_signal(target, make_signal(SignalKind::message, sender, msg, NIL));
}

// A message to an alias reaches its owner while the alias is active; otherwise it is dropped.
void deliver_to_alias(Term from, Term alias, Term msg) {
  AliasMode mode;
  Term owner = alias_owner(alias, &mode);
  Process* target = owner == NIL ? nullptr : process_find(owner);
  if (!target) return;
  if (mode == AliasMode::reply) alias_remove(alias, owner);
  Signal* s = make_signal(SignalKind::message, from, msg, mode == AliasMode::reply_demonitor ? alias : NIL);
  s->ends_monitor = mode == AliasMode::reply_demonitor;
  push_signal(target, s);
}

static Term send_to_alias(Process* from, Term alias, Term msg) {
  deliver_to_alias(from->pid, alias, msg);
  return msg;
}

// The monitor `ref` of p has ended: so does an alias that lives only as long as it.
static void end_monitor_alias(Process* p, Term ref) {
  AliasMode mode;
  if (alias_owner(ref, &mode) == p->pid && mode != AliasMode::explicit_unalias) alias_remove(ref, p->pid);
}

void monitor_ended(Process* p, Term ref) { end_monitor_alias(p, ref); }

Term send_message(Process* from, Term to, Term msg) {
  Process* target = nullptr;
  if (is_local_port(to)) {
    port_handle_message(from, to, msg);
    return msg;
  }
  if (is_local_ref(to)) return send_to_alias(from, to, msg);
  if (is_local_pid(to)) {
    target = process_find(to);
    if (!target) return msg;  // sending to a dead process is not an error
  } else if (is_external_pid(to) || is_external_ref(to)) {
    // Another node's, for distribution to carry; an old incarnation of this node's: dropped.
    if (const RemoteSignals* remote = remote_signals(); remote && is_remote_id(to)) remote->send(from->pid, to, msg);
    return msg;
  } else if (is_atom(to)) {
    target = whereis_name(to);
    if (!target) return badarg(from);
  } else if (is_tuple(to) && tuple_arity(to) == 2 && is_atom(tuple_element(to, 0)) &&
             is_atom(tuple_element(to, 1))) {
    if (tuple_element(to, 1) != local_node_name()) {
      if (const RemoteSignals* remote = remote_signals()) remote->send(from->pid, to, msg);
      return msg;
    }
    target = whereis_name(tuple_element(to, 0));
    if (!target) return msg;
  } else {
    return badarg(from);
  }
  if (target == from) {  // terms are immutable: our own message needs no copy
    from->mailbox.append(msg);
    return msg;
  }
  deliver_message(target, from->pid, msg);
  return msg;
}

void send_down(Process* watcher, Term target, Term ref, Term object, Term reason) {
  Arena storage;
  Term type = is_port(target) ? atom_put("port") : atoms::process;
  Term down = tuple(storage, atoms::DOWN, ref, type, object, reason);
  push_signal(watcher, make_signal(SignalKind::down, target, down, ref));
}

bool to_unconnected_node(Term to) {
  if (is_remote_id(to)) return true;
  return is_tuple(to) && tuple_arity(to) == 2 && is_atom(tuple_element(to, 0)) &&
         is_atom(tuple_element(to, 1)) && tuple_element(to, 1) != local_node_name();
}

// Whether an exit signal of exit/2 will end p, which is in a dirty call. Its trap_exit is read
// from here: the acquire of running_dirty orders it after p's last change of it, and a dirty
// call changes nothing of it. A kill that comes as a dirty call starts may miss the call: the
// process then ends only when the call returns, as any process ends at its next look at its
// signals.
static bool kills(const Process* p, Term reason) {
  return reason == atoms::kill || (reason != atoms::normal && !p->trap_exit);
}

void send_exit_signal(Term from, Term to, Term reason, bool linked) {
  if (is_local_port(to)) return port_exit_signal(to, from, reason, linked);
  if (is_remote_id(to)) {
    if (const RemoteSignals* remote = remote_signals()) remote->exit(from, to, reason, linked);
    return;
  }
  Signal* s = make_signal(SignalKind::exit, from, reason, NIL);
  s->linked = linked;
  Process* target = process_find(to);
  if (!target) return delete s;
  push_signal(target, s);
  if (!linked && target->running_dirty.load(std::memory_order_acquire) != DirtyKind::none && kills(target, reason))
    target->killed_in_dirty_call.store(true, std::memory_order_release);
}

void send_link(Process* from, Term to) {
  if (is_remote_id(to)) {
    if (const RemoteSignals* remote = remote_signals()) remote->link(from->pid, to);
    return;
  }
  send_signal(to, make_signal(SignalKind::link, from->pid, NIL, NIL));
}

void send_unlink(Process* from, Term to) {
  if (is_local_port(to)) return port_unlink(to, from->pid);
  if (is_remote_id(to)) {
    if (const RemoteSignals* remote = remote_signals()) remote->unlink(from->pid, to);
    return;
  }
  send_signal(to, make_signal(SignalKind::unlink, from->pid, NIL, NIL));
}

// A monitor of a name on another node is kept as {Name, Node}.
static bool is_remote_target(Term to) {
  return is_remote_id(to) ||
         (is_tuple(to) && tuple_arity(to) == 2 && tuple_element(to, 1) != local_node_name());
}

void send_monitor(Process* from, Term to, Term ref, Term name) {
  if (is_remote_target(to)) {
    if (const RemoteSignals* remote = remote_signals()) remote->monitor(from->pid, to, ref);
    return;
  }
  send_signal(to, make_signal(SignalKind::monitor, from->pid, name, ref));
}

void send_is_alive(Process* from, Term to, Term ref) {
  send_signal(to, make_signal(SignalKind::is_alive, from->pid, NIL, ref));
}

void send_demonitor(Process* from, Term to, Term ref) {
  if (is_local_port(to)) return port_demonitor(to, ref);
  if (is_remote_target(to)) {
    if (const RemoteSignals* remote = remote_signals()) remote->demonitor(from->pid, to, ref);
    return;
  }
  send_signal(to, make_signal(SignalKind::demonitor, from->pid, NIL, ref));
}

bool receive_signals(Process* p) {
  bool alive = true;
  for (Signal* s = p->signals.take_all(); s;) {
    Signal* next = s->next;
    if (alive) {
      switch (s->kind) {
        case SignalKind::message:
          if (s->ends_monitor) {  // a reply through a reply_demonitor alias ends both
            if (!alias_remove(s->ref, p->pid)) break;
            Monitor m;
            if (p->monitors.erase(ref_numbers(s->ref), &m)) send_demonitor(p, m.other, s->ref);
          }
          p->mailbox.append(take_message_term(p, *s));
          break;
        case SignalKind::exit:
          alive = exit_signal(p, *s);
          break;
        case SignalKind::link: {
          // Another node's pid is boxed, in the signal's storage: the link keeps a copy.
          ProcessHeap heap(p);
          p->links.insert(Link{is_immed(s->from) ? s->from : copy_term(heap, s->from)});
          break;
        }
        case SignalKind::unlink:
          p->links.erase(s->from);
          break;
        case SignalKind::monitor:
          p->monitored_by.insert(Monitor{ref_numbers(s->ref), s->from, s->term});
          break;
        case SignalKind::demonitor:
          p->monitored_by.erase(ref_numbers(s->ref));
          break;
        case SignalKind::group_leader: {
          // One on another node is boxed, in the signal's storage: the process keeps a copy.
          ProcessHeap heap(p);
          p->group_leader = is_immed(s->term) ? s->term : copy_term(heap, s->term);
          break;
        }
        case SignalKind::timeout:
          // A timer cancelled after it went off (by a message that came first) is ignored.
          if (p->timer == uint64_t(small_value(s->term))) {
            p->timer = 0;
            p->timed_out = true;
          }
          break;
        case SignalKind::down: {
          // The monitor ends here; if demonitor already removed it, the message is dropped.
          if (!p->monitors.erase(ref_numbers(s->ref))) break;
          end_monitor_alias(p, s->ref);
          p->mailbox.append(take_message_term(p, *s));
          break;
        }
        case SignalKind::suspend:
        case SignalKind::suspend_active:
        case SignalKind::resume:
        case SignalKind::suspend_ended:
          suspension_signal(p, *s);
          break;
        case SignalKind::suspend_reply:  // answered once p stops running
          suspensions_of(p).replies.emplace_back(std::exchange(s, nullptr));
          break;
        case SignalKind::system_task:  // carried out once p stops running
          p->system_tasks.emplace_back(std::exchange(s, nullptr));
          break;
        case SignalKind::is_alive:
          answer_is_alive(p->pid, *s, true);
          break;
      }
    } else {
      bounce(p->pid, *s, p->exit_reason);
    }
    delete s;
    s = next;
  }
  return alive;
}

bool receive_signals_for(Process* q) {
  if (q->exit_reason != NIL) return false;  // killed by an earlier call, not yet exited
  if (!receive_signals(q)) return false;
  at_rest(q);
  return true;
}

void at_rest(Process* p) {
  answer_suspend_replies(p);
  if (!p->system_tasks.empty()) run_system_tasks(p);
}

// Signals that reached p as it exited are answered with its exit reason.
static void bounce_all(Process* p) {
  for (Signal* s = p->signals.take_all(); s;) {
    Signal* next = s->next;
    bounce(p->pid, *s, p->exit_reason);
    delete s;
    s = next;
  }
}

// Once no thread can push to p any more (vm/process/thread_progress.h); its heap went as it
// exited.
static void free_process(void* object) {
  auto* p = static_cast<Process*>(object);
  bounce_all(p);
  delete p;
}

static void (*exit_observer)(Process*) = nullptr;

void set_exit_observer(void (*observer)(Process* p)) { exit_observer = observer; }

void process_exit(Process* p) {
  if (exit_observer) exit_observer(p);
  // erts cannot go on without a system process (init, the code purger...): one that ends
  // ends the VM, unless the VM is already ending (embedded, halt/1 kills its caller).
  if (p->system_process && !halt_requested()) {
    std::string pid, reason;
    print_term_display(pid, p->pid);
    print_term_display(reason, p->exit_reason);
    std::fprintf(stderr, "System process %s terminated: %s\n", pid.c_str(), reason.c_str());
    end_vm(1);
  }
  // Sequentially consistent: before its name is read, against a register on another thread
  // (process_table.cpp).
  p->status.store(ProcessStatus::exiting, std::memory_order_seq_cst);
  cancel_receive_timer(p);
  // The heap goes first, with the binaries it holds, so that whoever learns of the exit finds
  // them released. What the signals below need of it is copied out: the reason (which stays
  // for the signals that may still come until the process is freed), and the linked and
  // monitoring ids, which may be other nodes' boxed pids. Most processes end with an immediate
  // reason and no links or monitors, and so copy nothing.
  bool alone = !is_list(p->exit_reason) && !is_boxed(p->exit_reason) && p->links.empty() &&
               p->monitored_by.empty() && p->monitors.empty();
  std::unique_ptr<Arena> storage = alone ? nullptr : std::make_unique<Arena>();
  Term reason = p->exit_reason = alone ? p->exit_reason : copy_term(*storage, p->exit_reason);
  std::vector<Term> linked;
  p->links.for_each([&](const Link& l) { linked.push_back(copy_term(*storage, l.other)); });
  std::vector<Monitor> watchers, watched;
  p->monitored_by.for_each([&](const Monitor& m) { watchers.push_back({m.ref, copy_term(*storage, m.other), m.name}); });
  p->monitors.for_each([&](const Monitor& m) { watched.push_back({m.ref, copy_term(*storage, m.other), m.name}); });
  gc_free_all(p);
  if (storage) p->fragments.push_back(std::move(storage));
  // It leaves the table before anyone learns of its end: whoever acts on an 'EXIT' or 'DOWN'
  // finds it gone (noproc), and its slot free. The signals it has are answered with its exit
  // reason now; one that found it before it left, when it is freed.
  unregister_process(p);
  process_table_remove(p, free_process);
  if (!p->system_tasks.empty()) system_tasks_end(p);
  bounce_all(p);
  // Before any 'DOWN': a suspender that learns of the end finds its suspension gone.
  if (p->suspensions) suspensions_end(p);
  for (Term other : linked) send_exit_signal(p->pid, other, reason, true);
  for (const Monitor& m : watchers) {
    Process* watcher = process_find(m.other);
    if (!watcher) continue;
    Arena message;
    Term object = m.name != NIL ? tuple(message, m.name, local_node_name()) : p->pid;
    send_down(watcher, p->pid, make_local_ref(message, m.ref), object, reason);
  }
  for (const Monitor& m : watched) {
    Arena message;
    send_demonitor(p, m.other, make_local_ref(message, m.ref));
  }
  if (const RemoteSignals* remote = remote_signals()) remote->process_exited(p->pid, reason);
  if (p->is_involved(Involved::aliases)) alias_remove_all(p->pid);
  if (p->is_involved(Involved::node_monitors)) node_monitors_drop(p->pid);
  if (p->is_involved(Involved::ets)) ets_delete_owned_by(p->pid);
  resource_release_owned_by(p->pid);
  if (p->is_involved(Involved::multi_scheduling)) multi_scheduling_forget(p->pid);
}

void deliver_timeout(Term pid, uint64_t id) {
  if (Process* p = process_find(pid)) push_signal(p, make_signal(SignalKind::timeout, NIL, make_small(int64_t(id)), NIL));
}

int start_receive_timer(Process* p, Term timeout) {
  if (timeout == atoms::infinity) return 1;
  // erts takes a timeout of up to 2^32-1 ms; a longer one, however large, is timeout_value.
  if (!is_small(timeout) || small_value(timeout) < 0 || small_value(timeout) >> 32 != 0) return -1;
  int64_t ms = small_value(timeout);
  if (ms == 0) return 0;
  TimerEntry entry{};
  entry.expiry = monotonic_millis_ceil() + ms;
  entry.target = p->pid;
  entry.receive_timeout = true;
  entry.id = timer_new_id();
  p->timer = entry.id;
  timer_start(std::move(entry));
  p->timed_out = false;
  return 1;
}

void cancel_receive_timer(Process* p) {
  if (p->timer) timer_drop(p->timer);
  p->timer = 0;
  p->timed_out = false;
}

}  // namespace ember
