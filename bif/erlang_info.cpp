// Introspection: fun_info/2, process_info/1,2, ports/0 (system_info/1 is in erlang_system_info.cpp).
#include <atomic>
#include <iterator>

#include "bif/bif.h"
#include "platform/os.h"
#include "vm/code/call.h"
#include "vm/code/fun.h"
#include "vm/code/literal_areas.h"
#include "vm/process/dirty.h"
#include "vm/process/gc.h"
#include "vm/process/gc_settings.h"
#include "vm/process/inspect.h"
#include "vm/process/logger.h"
#include "vm/process/multi_scheduling.h"
#include "vm/process/port.h"
#include "vm/process/process_info.h"
#include "vm/process/system_task.h"
#include "vm/term/binary.h"
#include "vm/term/ref.h"

namespace ember {
namespace {

Term fun_item(Heap& heap, Term f, Term item) {
  if (is_export_fun(f)) {
    const Export* e = export_fun_entry(f);
    if (item == atoms::type) return atoms::external;
    if (item == atoms::module) return e->module;
    if (item == atoms::name) return e->function;
    if (item == atoms::arity) return make_small(e->arity);
    if (item == atoms::env) return NIL;
    return atoms::undefined;  // index, new_index, new_uniq, pid, uniq
  }
  const FunEntry* fe = closure_entry(f);
  if (item == atoms::type) return atoms::local;
  if (item == atoms::module) return fe->module;
  if (item == atoms::name) return fe->code.get() ? fe->function : NIL;  // [] for unloaded funs, as erts
  if (item == atoms::arity) return make_small(fe->arity);
  if (item == atoms::pid) return closure_creator(f);
  if (item == atoms::index || item == atoms::new_index) return make_small(fe->index);
  if (item == atoms::uniq) return make_small(fe->old_uniq);
  if (item == atoms::new_uniq) return make_binary(heap, std::string_view(reinterpret_cast<const char*>(fe->md5), 16));
  if (item == atoms::env) {
    Term env = NIL;
    for (Word k = closure_num_free(f); k-- > 0;) env = cons(heap, closure_env(f)[k], env);
    return env;
  }
  return THE_NON_VALUE;
}

}  // namespace

Term erlang_fun_info_2(Process* p, Term* a) {
  if (!is_fun(a[0]) || !is_atom(a[1])) return badarg(p);
  ProcessHeap heap(p);
  Term v = fun_item(heap, a[0], a[1]);
  return v == THE_NON_VALUE ? badarg(p) : tuple(heap, a[1], v);
}

// process_info answers for a process that has first acted on every signal sent to it before
// the call (vm/process/inspect.h); the caller's own signals wait, as in erts, for its next
// receive: it takes them in at every time slice. A process that another scheduler is running
// answers for itself when its slice ends, as a system task (vm/process/system_task.h), and the
// caller waits for that answer in erts_internal:await_result/1, as in erts, rather than trying
// again until it catches the process between two slices. `spec` is THE_NON_VALUE for
// process_info/1.
static Term process_info(Process* p, Term* a, Term spec) {
  ProcessHeap heap(p);
  {
    Inspection inspection(p, a[0]);
    if (Process* q = inspection.get())
      return spec == THE_NON_VALUE ? process_info_defaults(heap, q) : process_info_answer(heap, q, spec);
    if (!inspection.busy()) return atoms::undefined;
    if (inspection.busy_in_dirty_call() && spec == atoms::status) return tuple(heap, atoms::status, atoms::running);
  }
  Term ref = make_ref(heap);
  Term kind = atom_put("process_info");
  request_system_task(p, p->pid, a[0], spec == THE_NON_VALUE ? tuple(heap, kind, ref) : tuple(heap, kind, ref, spec));
  static Export* await = export_put(atom_put("erts_internal"), atom_put("await_result"), 1);
  a[0] = ref;
  return bif_trap(p, await);
}

// erts checks the items before it looks for the process.
Term erlang_process_info_2(Process* p, Term* a) {
  if (!is_local_pid(a[0]) || !is_process_info_spec(a[1])) return badarg(p);
  return process_info(p, a, a[1]);
}

Term erlang_process_info_1(Process* p, Term* a) {
  if (!is_local_pid(a[0])) return badarg(p);
  return process_info(p, a, THE_NON_VALUE);
}

Term erlang_ports_0(Process* p, Term*) {
  ProcessHeap heap(p);
  return make_list_of(heap, port_list());
}

Term erlang_insert_element_3(Process* p, Term* a) {
  if (!is_small(a[0]) || !is_tuple(a[1])) return badarg(p);
  int64_t i = small_value(a[0]);
  Word n = tuple_arity(a[1]);
  if (i < 1 || uint64_t(i) > n + 1) return badarg(p);
  ProcessHeap heap(p);
  Term* e;
  Term t = new_tuple(heap, n + 1, &e);
  for (Word k = 0, from = 0; k <= n; k++) e[k] = int64_t(k) == i - 1 ? a[2] : tuple_element(a[1], from++);
  return t;
}

Term erlang_delete_element_2(Process* p, Term* a) {
  if (!is_small(a[0]) || !is_tuple(a[1])) return badarg(p);
  int64_t i = small_value(a[0]);
  Word n = tuple_arity(a[1]);
  if (i < 1 || uint64_t(i) > n) return badarg(p);
  ProcessHeap heap(p);
  Term* e;
  Term t = new_tuple(heap, n - 1, &e);
  for (Word k = 0, to = 0; k < n; k++)
    if (int64_t(k) != i - 1) e[to++] = tuple_element(a[1], k);
  return t;
}

}  // namespace ember

namespace ember {

Term erlang_is_builtin_3(Process* p, Term* a) {
  if (!is_atom(a[0]) || !is_atom(a[1]) || !is_small(a[2]) || small_value(a[2]) < 0) return badarg(p);
  Export* e = export_find(a[0], a[1], uint32_t(small_value(a[2])));
  return boolean(e && e->bif);
}

// The scheduler_wall_time list: normal schedulers, then dirty CPU ones, then for the _all item
// dirty I/O ones, numbered on from the normal ones as in erts.
static Term wall_time_list(Heap& heap, bool with_io) {
  std::vector<SchedulerWallTime> times;
  if (!scheduler_wall_time(times)) return atoms::undefined;
  std::vector<DirtyWallTime> dirty;
  dirty_wall_time(dirty);
  uint64_t total = times.empty() ? 0 : times[0].total_nanos;
  for (const DirtyWallTime& d : dirty)
    if (with_io || d.kind == DirtyKind::cpu)
      times.push_back({unsigned(times.size() + 1), std::min(d.active_nanos, total), total});
  std::vector<Term> items;
  for (const SchedulerWallTime& t : times)
    items.push_back(
        tuple(heap, make_small(t.id), make_unsigned(heap, t.active_nanos), make_unsigned(heap, t.total_nanos)));
  return make_list_of(heap, items);
}

// statistics/1. The run queues are the normal schedulers' and the dirty CPU schedulers' one,
// and for the _all items the dirty I/O schedulers' one too, as in erts.
Term erlang_statistics_1(Process* p, Term* a) {
  // Each "since the last call" is the VM's, not the caller's, as in erts: shared by every
  // scheduler, so swapped atomically.
  struct Clock {
    int64_t start;
    std::atomic<int64_t> last;
  };
  static Clock wall{0, {0}};  // counts from the VM's start
  static Clock cpu{0, {0}};
  static Clock reductions{0, {0}};
  ProcessHeap heap(p);
  Term item = a[0];
  auto is = [&](const char* name) { return item == atom_put(name); };
  auto reading = [&](Clock& clock, int64_t now) {
    int64_t since = now - clock.last.exchange(now, std::memory_order_relaxed);
    return tuple(heap, make_integer(heap, now - clock.start), make_integer(heap, since));
  };
  if (is("wall_clock")) return reading(wall, (platform::monotonic_nanos() - vm_start_nanos()) / 1000000);
  if (is("runtime")) return reading(cpu, platform::cpu_time_nanos() / 1000000);
  SchedulerStatistics s = scheduler_statistics(p);
  if (item == atoms::reductions || is("exact_reductions")) return reading(reductions, int64_t(s.reductions));
  if (is("context_switches")) return tuple(heap, make_unsigned(heap, s.context_switches), make_small(0));
  // The dirty CPU queue counts with the normal ones; the dirty I/O queue in the _all items only.
  bool all = is("total_run_queue_lengths_all") || is("total_active_tasks_all") || is("run_queue_lengths_all") ||
             is("active_tasks_all");
  std::vector<DirtyQueueLengths> dirty{dirty_queue_lengths(DirtyKind::cpu)};
  if (all) dirty.push_back(dirty_queue_lengths(DirtyKind::io));
  size_t waiting = s.runnable, active = s.runnable + s.running;
  for (const DirtyQueueLengths& d : dirty) waiting += d.waiting, active += d.waiting + d.running;
  if (is("run_queue") || is("total_run_queue_lengths") || is("total_run_queue_lengths_all"))
    return make_unsigned(heap, waiting);
  if (is("total_active_tasks") || is("total_active_tasks_all")) return make_unsigned(heap, active);
  if (is("run_queue_lengths") || is("run_queue_lengths_all") || is("active_tasks") || is("active_tasks_all")) {
    bool with_running = is("active_tasks") || is("active_tasks_all");
    std::vector<Term> lengths;
    for_each_scheduler([&](Scheduler& sched) {
      size_t n = sched.run_queue.length() + (with_running && sched.current.load(std::memory_order_relaxed) ? 1 : 0);
      lengths.push_back(make_unsigned(heap, n));
    });
    for (const DirtyQueueLengths& d : dirty)
      lengths.push_back(make_unsigned(heap, d.waiting + (with_running ? d.running : 0)));
    return make_list_of(heap, lengths);
  }
  if (is("scheduler_wall_time") || is("scheduler_wall_time_all"))
    return wall_time_list(heap, is("scheduler_wall_time_all"));
  if (is("garbage_collection")) {
    GcStatistics gc = gc_statistics();
    return tuple(heap, make_unsigned(heap, gc.collections), make_unsigned(heap, gc.words_reclaimed), make_small(0));
  }
  if (is("io")) {
    PortIoStatistics io = port_io_statistics();
    return tuple(heap, tuple(heap, atom_put("input"), make_unsigned(heap, io.input)),
                 tuple(heap, atom_put("output"), make_unsigned(heap, io.output)));
  }
  return badarg(p);
}

// Turns statistics(scheduler_wall_time) on or off (system_flag/2 comes here through kernel's
// kernel_refc); returns the previous setting.
Term erts_internal_scheduler_wall_time_1(Process*, Term* a) {
  return set_scheduler_wall_time(a[0] == atoms::true_) ? atoms::true_ : atoms::false_;
}

// The end of system_flag(multi_scheduling, block): the answer, x[0], once no other scheduler
// runs a process; the caller has moved to the first scheduler by then.
static Export* blocked_continuation();

static Term multi_scheduling_blocked(Process* p, Term* x) {
  return others_idle() ? x[0] : bif_yield(p, blocked_continuation());
}

static Export* blocked_continuation() {
  static Export* e = bif_continuation(atoms::erlang, atom_put("system_flag"), 1, multi_scheduling_blocked);
  return e;
}

// system_flag/2 for the flags that mean something here; it returns the old value.
Term erlang_system_flag_2(Process* p, Term* a) {
  // A known flag with a bad value is a plain badarg; an unknown flag's cause is badopt.
  if (a[0] == atom_put("backtrace_depth")) {
    if (!is_small(a[1]) || small_value(a[1]) < 0) return badarg(p);
    return make_small(set_backtrace_depth(int(std::min<int64_t>(small_value(a[1]), max_backtrace_depth))));
  }
  if (a[0] == atom_put("scheduler_wall_time")) {
    // As erts: kernel's kernel_refc counts who asked, and turns it off when they are gone.
    static Export* refc = export_put(atom_put("erts_internal"), atom_put("system_flag_scheduler_wall_time"), 1);
    if (a[1] != atoms::true_ && a[1] != atoms::false_) return badarg(p);
    a[0] = a[1];
    return bif_trap(p, refc);
  }
  if (a[0] == atom_put("multi_scheduling")) {
    bool block = a[1] == atom_put("block") || a[1] == atom_put("block_normal");
    bool normal = a[1] == atom_put("block_normal") || a[1] == atom_put("unblock_normal");
    if (!block && !normal && a[1] != atom_put("unblock")) return badarg(p);
    if (!block) return multi_scheduling_atom(multi_scheduling_unblock(p->pid, normal));
    p->involve(Involved::multi_scheduling);
    a[0] = multi_scheduling_atom(multi_scheduling_block(p->pid, normal));
    return bif_yield(p, blocked_continuation());
  }
  if (a[0] == atom_put("schedulers_online")) {
    if (!is_small(a[1]) || small_value(a[1]) < 1 || small_value(a[1]) > int64_t(scheduler_count())) return badarg(p);
    return make_small(set_schedulers_online(unsigned(small_value(a[1]))));
  }
  if (a[0] == atom_put("dirty_cpu_schedulers_online")) {
    int64_t most = std::min(dirty_scheduler_counts().cpu, schedulers_online());
    if (!is_small(a[1]) || small_value(a[1]) < 1 || small_value(a[1]) > most) return badarg(p);
    return make_small(set_dirty_cpu_online(unsigned(small_value(a[1]))));
  }
  if (a[0] == atom_put("outstanding_system_requests_limit")) {
    // erts' bound is its largest process count.
    if (!is_small(a[1]) || small_value(a[1]) < 1 || small_value(a[1]) > (int64_t(1) << 27) - 1) return badarg(p);
    return make_small(int64_t(set_outstanding_requests_limit(uint64_t(small_value(a[1])))));
  }
  if (a[0] == atom_put("system_logger")) {
    Term old = set_system_logger(a[1]);
    return old != THE_NON_VALUE ? old : badarg(p);
  }
  if (a[0] != atoms::message_queue_data) {  // a per-process flag only
    GcSettings defaults = gc_defaults();
    ProcessHeap heap(p);
    Term old = gc_option(heap, defaults, a[0]);
    if (old != THE_NON_VALUE) {
      if (!set_gc_default(defaults, a[0], a[1])) return badarg(p);
      set_gc_defaults(defaults);
      return old;
    }
  }
  return badarg_because(p, atom_put("badopt"));
}

}  // namespace ember

namespace ember {

Term erlang_fun_info_mfa_1(Process* p, Term* a) {
  if (!is_fun(a[0])) return badarg(p);
  ProcessHeap heap(p);
  if (is_export_fun(a[0])) {
    const Export* e = export_fun_entry(a[0]);
    return tuple(heap, e->module, e->function, make_small(e->arity));
  }
  const FunEntry* fe = closure_entry(a[0]);
  // An unloaded fun has no known function: erts gives [] and the arity without free variables.
  if (!fe->code.get()) return tuple(heap, fe->module, NIL, make_small(fe->arity));
  return tuple(heap, fe->module, fe->function, make_small(fe->arity + fe->num_free));
}

// make_fun(M, F, A): the external fun fun M:F/A.
Term erlang_make_fun_3(Process* p, Term* a) {
  if (!is_atom(a[0]) || !is_atom(a[1]) || !is_small(a[2]) || small_value(a[2]) < 0 || small_value(a[2]) > 255)
    return badarg(p);
  Export* e = export_put(a[0], a[1], uint32_t(small_value(a[2])));
  ProcessHeap heap(p);
  Word* w = heap.alloc(2);
  w[0] = make_header(Subtag::export_, 1);
  w[1] = Word(uintptr_t(e));
  return make_boxed(w);
}

}  // namespace ember
