// Timers: erlang:send_after/3,4, start_timer/3,4, cancel_timer/1,2, read_timer/1,2.
#include "bif/bif.h"
#include "vm/term/copy.h"
#include "vm/term/ref.h"
#include "vm/process/scheduler.h"

namespace ember {
namespace {

// The expiry in monotonic milliseconds: Time from now, or with {abs, true} the
// erlang:monotonic_time(millisecond) at which to fire.
bool expiry(Term time, Term options, Millis* out) {
  bool absolute = false;
  for (; is_list(options); options = tail(options)) {
    Term o = head(options);
    if (!is_tuple(o) || tuple_arity(o) != 2 || tuple_element(o, 0) != atom_put("abs")) return false;
    Term v = tuple_element(o, 1);
    if (v != atoms::true_ && v != atoms::false_) return false;
    absolute = v == atoms::true_;
  }
  if (options != NIL || !is_small(time)) return false;
  int64_t t = small_value(time);
  if (!absolute && (t < 0 || t > (int64_t(1) << 32) * 1000)) return false;
  *out = absolute ? t : monotonic_millis_ceil() + t;
  return true;
}

Term start(Process* p, Term time, Term dest, Term msg, bool wrap_in_timeout, Term options = NIL) {
  Millis when;
  if (!expiry(time, options, &when)) return badarg(p);
  if (!is_local_pid(dest) && !is_atom(dest)) return badarg(p);
  TimerEntry entry{};
  entry.id = timer_new_id();
  entry.expiry = when;
  entry.target = dest;
  entry.receive_timeout = false;
  entry.storage = std::make_unique<Arena>();
  ProcessHeap heap(p);
  Term ref = make_ref_with_id(heap, entry.id, RefSpace::timer);
  Term message = copy_term(*entry.storage, msg);
  entry.message = wrap_in_timeout ? tuple(*entry.storage, atoms::timeout, copy_term(*entry.storage, ref), message) : message;
  timer_start(std::move(entry));
  return ref;
}

// cancel_timer/read_timer with options [{async, Bool}, {info, Bool}]: an async call returns ok
// and, with info, sends {cancel_timer | read_timer, Ref, Result} to the caller instead.
Term timer_result(Process* p, Term ref, bool cancel, Term options) {
  bool async = false, info = true;
  for (; is_list(options); options = tail(options)) {
    Term o = head(options);
    if (!is_tuple(o) || tuple_arity(o) != 2) return badarg(p);
    Term key = tuple_element(o, 0), value = tuple_element(o, 1);
    if (value != atoms::true_ && value != atoms::false_) return badarg(p);
    if (key == atoms::async) async = value == atoms::true_;
    else if (key == atoms::info) info = value == atoms::true_;
    else return badarg(p);
  }
  if (options != NIL || !is_ref(ref)) return badarg(p);
  uint64_t id = ref_id(ref, RefSpace::timer);
  Millis left = id ? (cancel ? timer_cancel(id) : timer_remaining(id)) : -1;
  Term result = left < 0 ? atoms::false_ : make_small(left);
  if (!async) return info ? result : atoms::ok;
  if (info) {
    ProcessHeap heap(p);
    p->mailbox.append(tuple(heap, atom_put(cancel ? "cancel_timer" : "read_timer"), ref, result));
  }
  return atoms::ok;
}

}  // namespace

Term erlang_send_after_3(Process* p, Term* a) { return start(p, a[0], a[1], a[2], false); }
Term erlang_send_after_4(Process* p, Term* a) { return start(p, a[0], a[1], a[2], false, a[3]); }
Term erlang_start_timer_3(Process* p, Term* a) { return start(p, a[0], a[1], a[2], true); }
Term erlang_start_timer_4(Process* p, Term* a) { return start(p, a[0], a[1], a[2], true, a[3]); }
Term erlang_cancel_timer_1(Process* p, Term* a) { return timer_result(p, a[0], true, NIL); }
Term erlang_cancel_timer_2(Process* p, Term* a) { return timer_result(p, a[0], true, a[1]); }
Term erlang_read_timer_1(Process* p, Term* a) { return timer_result(p, a[0], false, NIL); }
Term erlang_read_timer_2(Process* p, Term* a) { return timer_result(p, a[0], false, a[1]); }

}  // namespace ember
