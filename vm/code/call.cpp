#include "vm/code/call.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <unordered_map>
#include <utility>

#include "vm/term/atom.h"
#include "vm/term/build.h"
#include "vm/code/exception.h"
#include "vm/code/fun.h"
#include "vm/process/gc.h"
#include "vm/code/module.h"
#include "vm/code/instr.h"
#include "vm/code/interp.h"
#include "vm/process/scheduler.h"
#include "vm/process/suspend.h"

namespace ember {

const Word bif_result_sentinel = 0;

namespace {

Export* apply_export(unsigned arity) {
  static Export* apply2 = export_put(atoms::erlang, atoms::apply, 2);
  static Export* apply3 = export_put(atoms::erlang, atoms::apply, 3);
  return arity == 2 ? apply2 : arity == 3 ? apply3 : nullptr;
}

Term list_of(Heap& heap, const Term* items, unsigned n) {
  Term list = NIL;
  for (unsigned k = n; k-- > 0;) list = cons(heap, items[k], list);
  return list;
}

// Spreads a proper list into x[0..); false if it is not a proper list or too long.
bool spread_args(Term args, Term* x, unsigned* arity) {
  unsigned n = 0;
  for (; is_list(args); args = tail(args)) {
    if (n >= max_x_registers - 2) return false;
    x[n++] = head(args);
  }
  *arity = n;
  return args == NIL;
}

const Word* call_export(Process* p, Export* e, Term* x, unsigned* arity) {
  if (e->bif) return call_bif(p, e, x, arity);
  const Word* code = e->code.get();
  return code ? code : resolve_undefined(p, e, x, arity);
}

// Set at boot, read by every scheduler: relaxed, since the mode is all there is to see.
std::atomic<CodeLoadingMode> loading_mode{CodeLoadingMode::on_demand};

Term error_handler_of(const Process* p) { return p->error_handler == NIL ? atoms::error_handler : p->error_handler; }

// Whether a call that finds no code loads the module itself: -bare's way, unless the program
// named an error handler of its own.
bool loads_on_demand(const Process* p) {
  return loading_mode.load(std::memory_order_relaxed) == CodeLoadingMode::on_demand &&
         error_handler_of(p) == atoms::error_handler;
}

// As erts: Handler:Function(A0, A1, Args) in place of the call, where Handler is the process's
// error handler, if that module is loaded; else null, and the caller raises undef.
const Word* call_error_handler(Process* p, Term function, Term a0, Term a1, Term* x, unsigned* arity) {
  Export* handler = export_find(error_handler_of(p), function, 3);
  const Word* code = handler ? handler->code.get() : nullptr;
  if (!code) return nullptr;
  ProcessHeap heap(p);
  x[2] = list_of(heap, x, *arity);
  x[0] = a0;
  x[1] = a1;
  *arity = 3;
  return code;
}

}  // namespace

static const Word* call_again_code(Export* e);

// The call of a BIF from a scheduler not of its kind: a dirty one makes the process leave for
// a dirty scheduler of its kind; a normal one, reached by a dirty BIF's trap, goes back to a
// normal scheduler. A NIF's stub stands for no frame of its own, so a NIF's error shows at no
// call site but its caller's return address, as when it runs at once.
static const Word* move_for(Process* p, Export* e) {
  if (e->dirty == DirtyKind::none) return call_again_code(e);
  bool nif = p->pc && *p->pc == Word(uintptr_t(instruction_handlers()[unsigned(Op::call_nif)]));
  if (!e->continuation) p->trap_site = nif ? nullptr : p->pc;
  p->dirty_call = e;
  return dirty_call_code();
}

const Word* call_bif(Process* p, Export* e, Term* x, unsigned* arity) {
  if (e == apply_export(e->arity)) return prepare_apply(p, x, e->arity, arity);
  if (e->dirty != p->running_dirty.load(std::memory_order_relaxed)) return move_for(p, e);
  Term result = e->bif(p, x);
  if (result == THE_NON_VALUE) {
    if (Export* next = std::exchange(p->trap, nullptr)) {
      *arity = next->arity;
      if (!next->continuation) return call_export(p, next, x, arity);
      // A continuation: its state may have made garbage, and it goes on through its code. It
      // collects only when its heap is short: the binary it fills, counted against the binary
      // virtual heap, would otherwise make it collect in the middle of the walk, when all it
      // walks is still live (iolist_to_binary of a JSON document's iodata: 40% of the time).
      // That collection comes when the BIF has ended (below), with only its result to keep.
      if (!e->continuation) p->trap_site = p->pc;
      if (!p->building_in_place && !p->gc_held && gc_heap_short(p) && !gc_collect(p, 0, x, next->arity)) {
        terminate(p, atoms::killed);
        return nullptr;
      }
      return next->code.get();
    }
    note_bif_failure(p, e->fails_as ? e->fails_as : e, x);
    return nullptr;
  }
  x[0] = result;
  // Garbage a BIF made counts as the interpreter's own does: the heap may be due a collection.
  if (gc_desired(p) && !gc_collect(p, 0, x, 1)) {
    terminate(p, atoms::killed);
    return nullptr;
  }
  return bif_result_marker();
}

Term bif_trap(Process* p, Export* e) {
  p->trap = e;
  return THE_NON_VALUE;
}

// A call of e (call_ext_only), for code of our own that calls a function: it counts a
// reduction, and yields first when the slice is used up.
static const Word* call_stub(Export* e) {
  return new Word[3]{Word(uintptr_t(instruction_handlers()[unsigned(Op::call_ext_only)])), e->arity,
                     Word(uintptr_t(e))};
}

Term bif_yield(Process* p, Export* next) {
  p->reductions = 0;
  return bif_trap(p, next);
}

Export* bif_continuation(Term module, Term function, uint32_t arity, BifFn fn, const Export* fails_as) {
  Export* e = new Export{module, function, arity};
  e->bif = fn;
  e->fails_as = fails_as;
  e->continuation = true;
  e->code.set_everywhere(call_stub(e));
  return e;
}

// Code that calls e with the arguments in x, yielding first when the slice is used up: a call
// made again later. One stub per export, made on first need.
static const Word* call_again_code(Export* e) {
  static std::mutex lock;
  static auto* stubs = new std::unordered_map<const Export*, const Word*>;
  std::lock_guard guard(lock);
  const Word*& code = (*stubs)[e];
  if (!code) code = call_stub(e);
  return code;
}

// The first call into a module with -on_load runs the on_load function first. The call's
// arguments wait on the stack under a return into after_on_load_code(), which finishes the
// loading and makes the call again: frame = module | function | arity | arguments, all terms
// (the stack holds no raw pointer but return addresses).
static const Word* run_on_load_first(Process* p, Export* e, Term* x, const Word* on_load) {
  size_t words = e->arity + 4;
  if (size_t(p->stop - p->htop) < words + stack_reserve_words && !gc_collect(p, words, x, e->arity)) {
    terminate(p, atoms::killed);
    return nullptr;
  }
  p->stop -= e->arity + 3;
  p->stop[0] = e->module;
  p->stop[1] = e->function;
  p->stop[2] = make_small(e->arity);
  for (uint32_t k = 0; k < e->arity; k++) p->stop[3 + k] = x[k];
  *--p->stop = Word(uintptr_t(after_on_load_code()));
  return on_load;
}

void set_code_loading_mode(CodeLoadingMode mode) { loading_mode.store(mode, std::memory_order_relaxed); }

const Word* resolve_undefined(Process* p, Export* e, Term* x, unsigned* arity) {
  if (!loads_on_demand(p)) {
    if (const Word* code = call_error_handler(p, atoms::undefined_function, e->module, e->function, x, arity))
      return code;
  } else if (load_module_on_demand(e->module)) {
    if (const Word* on_load = module_claim_on_load(e->module)) return run_on_load_first(p, e, x, on_load);
    // Another process runs the module's on_load function: the call waits for it to end.
    if (module_is_pending(e->module)) {
      p->reductions = 0;
      return call_again_code(e);
    }
    if (e->bif) return call_bif(p, e, x, arity);
    if (const Word* code = e->code.get()) return code;
  }
  raise_undef(p, e, x);
  return nullptr;
}

void raise_undef(Process* p, const Export* e, const Term* x) {
  ProcessHeap heap(p);
  raise_error(p, atoms::undef);
  p->exception.mfa = e;
  p->exception.args = list_of(heap, x, e->arity);
}

// erts reports a bad apply, whether a call of erlang:apply/2,3 or an M:F(...) call whose module
// or function is no atom, as a failure of erlang:apply itself, with its operands.
static const Word* bad_apply(Process* p, unsigned n, const Term* operands) {
  badarg(p);
  note_bif_failure(p, apply_export(n), operands);
  return nullptr;
}

const Word* prepare_apply(Process* p, Term* x, unsigned n, unsigned* arity) {
  Term operands[3] = {x[0], x[1], n == 3 ? x[2] : NIL};
  if (n == 2) {
    if (!spread_args(x[1], x, arity)) return bad_apply(p, 2, operands);
    return prepare_fun_call(p, operands[0], x, arity);
  }
  Term m = x[0], f = x[1];
  if (!spread_args(x[2], x, arity) || !is_atom(m) || !is_atom(f)) return bad_apply(p, 3, operands);
  return call_export(p, export_put(m, f, *arity), x, arity);
}

const Word* prepare_apply_regs(Process* p, Term* x, unsigned arity, unsigned* out_arity) {
  Term m = x[arity], f = x[arity + 1];
  *out_arity = arity;
  if (!is_atom(m) || !is_atom(f)) {
    ProcessHeap heap(p);
    Term operands[3] = {m, f, list_of(heap, x, arity)};
    return bad_apply(p, 3, operands);
  }
  return call_export(p, export_put(m, f, arity), x, out_arity);
}

// A closure whose code is not loaded, as erts: while its module is being purged the process is
// suspended in erts_code_purger:pending_purge_lambda/3, which calls the fun again once the
// purge has ended; if the
// module has current code, that code has no such fun (badfun); else the error handler may load
// the module (undefined_lambda), and -bare loads it itself.
static const Word* undefined_lambda(Process* p, Term fun, Term* x, unsigned* arity) {
  FunEntry* fe = closure_entry(fun);
  if (module_fun_wait_for_purge(fe, p->pid)) {
    static Export* retry = export_put(atom_put("erts_code_purger"), atom_put("pending_purge_lambda"), 3);
    suspend_self(p, atom_put("erts_code_purger"));
    ProcessHeap heap(p);
    x[2] = list_of(heap, x, *arity);
    x[0] = fe->module;
    x[1] = fun;
    *arity = 3;
    return call_export(p, retry, x, arity);
  }
  if (loads_on_demand(p) && !module_current(fe->module)) load_module_on_demand(fe->module);
  if (fe->code.get()) return prepare_fun_call(p, fun, x, arity);
  if (module_current(fe->module)) return raise_error_with(p, atoms::badfun, fun), nullptr;
  if (!loads_on_demand(p))
    if (const Word* code = call_error_handler(p, atoms::undefined_lambda, fe->module, fun, x, arity)) return code;
  ProcessHeap heap(p);
  raise_error(p, atoms::undef);
  p->exception.fun = fun;
  p->exception.args = list_of(heap, x, *arity);
  return nullptr;
}

uint32_t fun_arity(Term fun) {
  return is_closure(fun) ? closure_entry(fun)->arity : export_fun_entry(fun)->arity;
}

const Word* prepare_fun_call(Process* p, Term fun, Term* x, unsigned* arity) {
  ProcessHeap heap(p);
  if (!is_fun(fun)) {
    raise_error_with(p, atoms::badfun, fun);
    return nullptr;
  }
  if (fun_arity(fun) != *arity) {
    raise_error_with(p, atoms::badarity, tuple(heap, fun, list_of(heap, x, *arity)));
    return nullptr;
  }
  if (is_export_fun(fun)) return call_export(p, export_fun_entry(fun), x, arity);
  if (const Word* code = loaded_closure_code(fun, x, arity)) return code;
  return undefined_lambda(p, fun, x, arity);
}

void note_bif_failure(Process* p, const Export* e, const Term* args) {
  // BIFs whose purpose is to raise do not show up as the top frame (erts' exact list).
  static const Term raisers[] = {atom_put("error"), atoms::exit, atoms::throw_, atom_put("raise")};
  if (e->module == atoms::erlang && std::find(std::begin(raisers), std::end(raisers), e->function) != std::end(raisers))
    return;
  ProcessHeap heap(p);
  p->exception.mfa = e;
  p->exception.args = list_of(heap, args, e->arity);
}

void raise_function_clause(Process* p, const Word* func_info, const Term* x) {
  ProcessHeap heap(p);
  raise_error(p, atoms::function_clause);
  p->exception.args = list_of(heap, x, unsigned(func_info[3]));
}

DirtyKind run_dirty_call(Process* p, Term* x) {
  Export* e = std::exchange(p->dirty_call, nullptr);
  restore_registers(p, x);
  p->pc = p->trap_site;  // where the call was made, for a continuation's errors
  unsigned arity = e->arity;
  p->running_dirty.store(e->dirty, std::memory_order_release);
  const Word* target = call_bif(p, e, x, &arity);
  p->running_dirty.store(DirtyKind::none, std::memory_order_relaxed);
  if (target == dirty_call_code()) {
    save_registers(p, x, p->dirty_call->arity);
    p->pc = target;
    return p->dirty_call->dirty;
  }
  if (!target) {
    p->arity = 0;
    p->pc = dirty_raise_code();
    return DirtyKind::none;
  }
  if (target == bif_result_marker()) {  // as the return instruction: x0 and the stack's address
    target = reinterpret_cast<const Word*>(*p->stop++);
    arity = 1;
  }
  save_registers(p, x, arity);
  p->pc = target;
  return DirtyKind::none;
}

void save_registers(Process* p, const Term* x, unsigned n) {
  if (n > p->saved_x_capacity) {
    p->saved_x = std::make_unique<Term[]>(n);
    p->saved_x_capacity = n;
  }
  for (unsigned k = 0; k < n; k++) p->saved_x[k] = x[k];
  p->arity = n;
}

void restore_registers(Process* p, Term* x) {
  for (unsigned k = 0; k < p->arity; k++) x[k] = p->saved_x[k];
}

}  // namespace ember

namespace ember {

// Set once at startup; acquire and release order whatever the host set up for the loader before
// it with the calls that use it.
static std::atomic<ModuleLoader> module_loader{nullptr};

void set_module_loader(ModuleLoader loader) { module_loader.store(loader, std::memory_order_release); }

bool load_module_on_demand(Term module) {
  ModuleLoader loader = module_loader.load(std::memory_order_acquire);
  return loader && loader(module);
}

}  // namespace ember
