// erts_debug:dirty_cpu/2, dirty_io/2 and dirty/3: erts' BIFs for testing dirty scheduling
// (OTP's dirty_bif_SUITE calls them). The first two run on a dirty scheduler of their kind,
// the third on a normal one; each does what its first argument asks, where it runs.
#include <vector>

#include "bif/bif.h"
#include "platform/os.h"
#include "platform/thread.h"
#include "vm/term/build.h"
#include "vm/term/copy.h"
#include "vm/process/dirty.h"
#include "vm/process/signals.h"

namespace ember {
namespace {

Term kind_name(DirtyKind kind) {
  switch (kind) {
    case DirtyKind::cpu: return atom_put("dirty_cpu");
    case DirtyKind::io: return atom_put("dirty_io");
    case DirtyKind::none: break;
  }
  return atom_put("normal");
}

Export* export_of(DirtyKind kind) {
  if (kind == DirtyKind::none) return export_put(atom_put("erts_debug"), atom_put("dirty"), 3);
  return export_put(atom_put("erts_debug"), kind_name(kind), 2);
}

// Waits `ms` milliseconds, busy as a long computation would on a dirty CPU scheduler, asleep
// elsewhere, as erts' test BIF does.
bool wait_ms(Term ms, bool busy) {
  if (!is_small(ms)) return false;
  int64_t until = platform::monotonic_nanos() + small_value(ms) * 1000000;
  while (platform::monotonic_nanos() < until) {
    if (busy) platform::yield_core();
    else platform::sleep_millis((until - platform::monotonic_nanos() + 999999) / 1000000);
  }
  return true;
}

// {Tag, self()} to `to`.
void notify(Process* p, Term to, const char* tag) {
  if (!is_pid(to)) return;
  ProcessHeap heap(p);
  send_message(p, to, tuple(heap, atom_put(tag), p->pid));
}

// Counts down by two, moving on every fourth count: dirty CPU, then dirty I/O, then normal,
// then dirty CPU again. The next call's arguments go into the registers a.
Term reschedule(Process* p, Term* a, Term count, DirtyKind here) {
  if (!is_small(count) || small_value(count) < 0 || small_value(count) % 2 != 0) return badarg(p);
  int64_t n = small_value(count);
  if (n == 0) return atoms::ok;
  DirtyKind next = here;
  if (n % 4 == 0)
    next = here == DirtyKind::cpu ? DirtyKind::io : here == DirtyKind::io ? DirtyKind::none : DirtyKind::cpu;
  Term left = make_small(n - 2);
  if (next == DirtyKind::none) {
    a[0] = atom_put("normal");
    a[1] = atom_put("reschedule");
    a[2] = left;
  } else {
    a[0] = atom_put("reschedule");
    a[1] = left;
  }
  return bif_trap(p, export_of(next));
}

// Tells `to` it is alive, waits for a kill (which marks a process in a dirty call at once, as
// erts marks it exiting), then a second more, and still builds a bignum of 9999 digits, as
// erts' test BIF does. Only a dirty call can see the kill come.
Term alive_wait_exiting(Process* p, Term to, DirtyKind here) {
  if (here == DirtyKind::none || p->killed_in_dirty_call.load(std::memory_order_acquire)) return badarg(p);
  notify(p, to, "alive");
  while (!p->killed_in_dirty_call.load(std::memory_order_acquire)) {
    if (here == DirtyKind::io) platform::sleep_millis(100);
    else platform::yield_core();
  }
  wait_ms(make_small(1000), false);
  std::vector<Word> digits(9999, 4711);
  ProcessHeap heap(p);
  return tuple(heap, atoms::ok, make_big(heap, digits.data(), digits.size(), false));
}

Term raise_named(Process* p, Term reason) {
  for (const char* name : {"notsup", "undef", "badarith", "noproc", "system_limit"})
    if (reason == atom_put(name)) return raise_error(p, reason);
  return badarg(p);
}

// Does `what` with `arg`; a is the call's registers, which an error shows as its arguments.
Term dirty_test(Process* p, Term* a, Term what, Term arg, DirtyKind here) {
  if (what == atom_put("scheduler")) return arg == atom_put("type") ? kind_name(here) : badarg(p);
  if (what == atom_put("error")) return raise_named(p, arg);
  if (what == atom_put("copy")) {  // a thousand copies, to make a dirty call allocate
    ProcessHeap heap(p);
    Term copies = NIL;
    for (int k = 0; k < 1000; k++) copies = cons(heap, copy_term(heap, arg), copies);
    return copies;
  }
  if (what == atom_put("send")) {
    notify(p, arg, "ok");
    return atoms::ok;
  }
  if (what == atom_put("wait")) return wait_ms(arg, here == DirtyKind::cpu) ? atoms::ok : badarg(p);
  if (what == atom_put("reschedule")) return reschedule(p, a, arg, here);
  if (what == atom_put("alive_waitexiting")) return alive_wait_exiting(p, arg, here);
  if (what == atom_put("ready_wait6_done")) {
    notify(p, arg, "ready");
    wait_ms(make_small(6000), false);
    notify(p, arg, "done");
    return atoms::ok;
  }
  return badarg(p);
}

}  // namespace

Term erts_debug_dirty_cpu_2(Process* p, Term* a) { return dirty_test(p, a, a[0], a[1], DirtyKind::cpu); }
Term erts_debug_dirty_io_2(Process* p, Term* a) { return dirty_test(p, a, a[0], a[1], DirtyKind::io); }

Term erts_debug_dirty_3(Process* p, Term* a) {
  DirtyKind kind;
  if (a[0] == atom_put("normal")) kind = DirtyKind::none;
  else if (a[0] == atom_put("dirty_cpu")) kind = DirtyKind::cpu;
  else if (a[0] == atom_put("dirty_io")) kind = DirtyKind::io;
  else return badarg(p);
  if (kind == DirtyKind::none) return dirty_test(p, a, a[1], a[2], DirtyKind::none);
  a[0] = a[1];
  a[1] = a[2];
  return bif_trap(p, export_of(kind));
}

}  // namespace ember
