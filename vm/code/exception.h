// Raising exceptions from C++ (BIFs and instructions) and turning them into erts' terms.
// A raising function records the exception in the process and returns THE_NON_VALUE; the
// interpreter then finds the handler (or ends the process).
#pragma once

#include "vm/term/atom.h"
#include "vm/process/process.h"
#include "vm/term/term.h"

namespace ember {

Term raise(Process* p, Term klass, Term reason);
inline Term raise_error(Process* p, Term reason) { return raise(p, atoms::error, reason); }
inline Term badarg(Process* p) { return raise_error(p, atoms::badarg); }
// badarg whose stack frame's error_info names a cause (badopt, badtype, ...), as erts gives
// for some BIFs so that erl_erts_errors can explain which argument was wrong.
inline Term badarg_because(Process* p, Term cause) {
  badarg(p);
  p->exception.error_info = cause;
  return THE_NON_VALUE;
}
inline Term badarith(Process* p) { return raise_error(p, atoms::badarith); }
inline Term system_limit(Process* p) { return raise_error(p, atoms::system_limit); }
// Ends the process with `reason` where it stands, past every catch: an untrappable kill, an
// exit signal a process sent itself, a heap grown over its max_heap_size. Returns
// THE_NON_VALUE, as a raise does, and the interpreter unwinds as for an uncaught exception.
Term terminate(Process* p, Term reason);
// error:{Tag, Value}
Term raise_error_with(Process* p, Term tag, Term value);
// The arguments error/2,3 give for the top frame: a list (proper or not) or [] replaces the
// function's arity there; anything else leaves the arity.
inline void set_exception_args(Process* p, Term args) {
  if (is_list(args) || args == NIL) p->exception.args = args;
}

// The list form of a stack trace for an exception raised at `pc` with the stack at `stack`:
// [{M, F, ArityOrArgs, Location}], at most backtrace_depth() frames. `bif` and `args` describe
// a failing BIF or function_clause/undef call (the top frame then shows the arguments; with
// args THE_NON_VALUE it shows the arity), or `fun` an unloaded fun whose call failed (the top
// frame is then {Fun, Args, []}); a non-nil error_info map is added to the top frame's location.
struct Export;
Term build_stacktrace(Heap& heap, const Process* p, const Word* pc, const Word* stack, const Export* bif,
                      Term args, Term error_info = NIL, Term fun = THE_NON_VALUE);

// erlang:system_flag(backtrace_depth, N): how many frames stack traces keep, 8 at first and
// at most 64, as in erts. Returns the old depth.
inline constexpr int max_backtrace_depth = 64;
int set_backtrace_depth(int depth);
int backtrace_depth();

// What a process that dies of this exception exits with: error -> {Reason, Stack},
// throw -> {{nocatch, Value}, Stack}, exit -> Reason.
Term exit_reason_of(Process* p, Term klass, Term reason, Term stacktrace);

}  // namespace ember

namespace ember {

// ---- used by the interpreter -------------------------------------------------------------

// After an exception at pc: finds the innermost catch on the stack, unwinds to its frame and
// returns the handler with x0 = THE_NON_VALUE, x1 = class, x2 = reason, x3 = raw trace.
// Returns null if nothing catches it (p->exit_reason is then set).
const Word* find_handler(Process* p, const Word* pc, Term* x);
// The value of `catch Expr` for an exception: throw -> Value, exit -> {'EXIT', Reason},
// error -> {'EXIT', {Reason, Stack}}.
Term catch_value(Process* p, Term klass, Term reason, Term raw);
// The `raise` instruction: re-raise reason with the class and trace of a raw trace.
void reraise(Process* p, Term raw, Term reason);
// build_stacktrace: the list form of a raw trace.
Term stacktrace_list(Process* p, Term raw);
// raw_raise: false (and nothing raised) if klass is not a valid class.
bool raw_raise(Process* p, Term klass, Term reason, Term raw);

}  // namespace ember
