// erts_debug:get_internal_state/1 and set_internal_state/2, the switches OTP's own test suites
// use. Access is off until a process turns it on (then every other item raises undef, as in
// erts); each item ember has no counterpart for raises badarg, as an unknown item does in erts.
#include <atomic>

#include "bif/bif.h"
#include "platform/os.h"
#include "vm/process/logger.h"
#include "vm/term/term_print.h"

namespace ember {
namespace {

std::atomic<bool> available{false};

bool is(Term item, const char* name) { return item == atom_put(name); }

Term undef(Process* p) { return raise_error(p, atoms::undef); }

}  // namespace

Term erts_debug_get_internal_state_1(Process* p, Term* a) {
  if (!available.load(std::memory_order_relaxed)) return undef(p);
  Term item = a[0];
  if (is(item, "available_internal_state")) return atoms::true_;
  if (is(item, "reds_left")) return make_small(std::max(p->reductions, 0));
  // ember never forces heap fragments (a debug build option of erts).
  if (is(item, "force_heap_frags")) return atoms::false_;
  return badarg(p);
}

Term erts_debug_set_internal_state_2(Process* p, Term* a) {
  Term item = a[0], value = a[1];
  if (is(item, "available_internal_state") && (value == atoms::true_ || value == atoms::false_)) {
    bool was = available.exchange(value == atoms::true_, std::memory_order_relaxed);
    if (value == atoms::true_) {
      std::string text = "Process ";
      print_term_display(text, p->pid);
      text += " enabled access to the emulator internal state.\n"
              "NOTE: This is an erts internal test feature and should *only* be used by OTP test-suites.\n";
      ProcessHeap heap(p);
      log_emulator(p, atom_put("warning"), "~s~n", cons(heap, make_byte_list(heap, text), NIL));
    }
    return boolean(was);
  }
  if (!available.load(std::memory_order_relaxed)) return undef(p);
  int64_t n;
  if (is(item, "reds_left") && get_int64(value, &n)) {
    if (n >= 0 && n <= reductions_per_slice) p->reductions = int(n);
    return atoms::true_;
  }
  // One scheduler: sleeping in the BIF blocks it, as block and block_scheduler ask.
  if ((is(item, "sleep") || is(item, "block") || is(item, "block_scheduler")) && get_int64(value, &n)) {
    if (n > 0) platform::sleep_millis(n);
    return atoms::true_;
  }
  // Forced trapping in ETS is a debug build option, in erts as here.
  if (is(item, "ets_force_trap")) return atom_put("notsup");
  return badarg(p);
}

}  // namespace ember
