// Everything a call needs beyond a jump: BIF calls, apply, fun calls, undefined functions,
// and the registers a process keeps while it is not running.
#pragma once

#include "vm/code/export.h"
#include "vm/code/fun.h"
#include "vm/process/process.h"

namespace ember {

// A sentinel code address meaning "the callee was a BIF; its result is in x[0]". Inline: the
// interpreter compares every call's target with it.
extern const Word bif_result_sentinel;
inline const Word* bif_result_marker() { return &bif_result_sentinel; }

// Calls BIF e with x[0..arity) (apply/2,3 become a real call). Returns where to continue:
// a code address with the arguments in x (and *arity updated), bif_result_marker(), or null
// after raising.
const Word* call_bif(Process* p, Export* e, Term* x, unsigned* arity);
// Ends a BIF by handing its arguments, where they are, to the Erlang function `e` of the same
// arity (erts' BIF_TRAP): call_bif continues in `e` as if it had been called instead. Only for
// BIFs reached by a call, never by the guard BIF instructions. Returns THE_NON_VALUE.
Term bif_trap(Process* p, Export* e);
// A BIF that takes more than one time slice ends each slice with bif_trap to a continuation:
// a BIF `fn` of `arity` arguments, found by no name, that the interpreter calls through code
// of its own, so that the call counts a reduction and the process yields first when its slice
// is used up (erts' BIF_TRAP to a trap export). The continuation gets its state, terms left
// in x[0..arity), which collections in between move as any registers. It appears in stack
// traces as module:function/arity, unless `fails_as` is given: then the continuation keeps that
// BIF's arguments in x[0..its arity) and an error shows them as that BIF's, as erts shows the
// arguments of a BIF whose trap state it hides.
Export* bif_continuation(Term module, Term function, uint32_t arity, BifFn fn,
                         const Export* fails_as = nullptr);
// Ends a BIF's time slice: when the process runs again it goes on in `next` (a
// bif_continuation) with what the BIF left in its registers. For a BIF with more work than a
// slice allows (so that a huge argument never holds a scheduler), and for one that found
// another process busy and tries again later.
Term bif_yield(Process* p, Export* next);
// e has no code: calls the process's error handler (undefined_function/3, which then has
// x[0..*arity)), or in the on-demand mode loads the module itself, or raises undef. Returns
// the code or null.
const Word* resolve_undefined(Process* p, Export* e, Term* x, unsigned* arity);
// error:undef for a call of e with arguments x[0..arity).
void raise_undef(Process* p, const Export* e, const Term* x);
// erlang:apply/2,3 with the operands in x[0..n): (Fun, Args) or (Module, Function, Args).
const Word* prepare_apply(Process* p, Term* x, unsigned n, unsigned* arity);
// The apply instruction: args in x[0..arity), module in x[arity], function in x[arity + 1].
const Word* prepare_apply_regs(Process* p, Term* x, unsigned arity, unsigned* out_arity);
// Calls fun with args x[0..*arity); closures get their environment appended.
const Word* prepare_fun_call(Process* p, Term fun, Term* x, unsigned* arity);

// The common case of prepare_fun_call, small enough for the interpreter's loop to take without
// saving its state: a closure of a loaded module called with its arity. Appends the
// environment and returns the code; null (x untouched) for any other call.
inline const Word* loaded_closure_code(Term fun, Term* x, unsigned* arity) {
  if (!is_closure(fun)) return nullptr;
  const FunEntry* fe = closure_entry(fun);
  const Word* code = fe->code.get();
  if (!code || fe->arity != *arity) return nullptr;
  Word n = closure_num_free(fun);
  const Term* env = closure_env(fun);
  for (Word k = 0; k < n; k++) x[*arity + k] = env[k];
  *arity += unsigned(n);
  return code;
}

uint32_t fun_arity(Term fun);

// Records which BIF failed and with which arguments, for the stack trace.
void note_bif_failure(Process* p, const Export* e, const Term* args);
// func_info at pc: raises function_clause with the function's arguments.
void raise_function_clause(Process* p, const Word* func_info, const Term* x);

// On a dirty scheduler, holding p's lock: runs p's pending dirty call (p->dirty_call) with
// x as its registers, and leaves p ready to go on (p->pc and saved registers): after the
// call's return, in a continuation, at dirty_raise_code() after an error, or at
// dirty_call_code() with another dirty call pending, whose kind it returns (else none).
DirtyKind run_dirty_call(Process* p, Term* x);

void save_registers(Process* p, const Term* x, unsigned n);
void restore_registers(Process* p, Term* x);

}  // namespace ember
