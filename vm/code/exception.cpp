#include "vm/code/exception.h"

#include <algorithm>
#include <atomic>
#include <vector>
#include <utility>

#include "vm/term/atom.h"
#include "vm/term/build.h"
#include "vm/code/catch_table.h"
#include "vm/code/export.h"
#include "vm/process/logger.h"
#include "vm/term/map.h"
#include "vm/code/module.h"
#include "vm/term/node.h"

namespace ember {
namespace {

std::atomic<int> depth_setting{8};

bool is_return_address(Word w) { return (w & 3) == 0 && w != 0; }

Term location(Heap& heap, const Module* m, const Word* pc) {
  const LineRecord* line = m ? m->line_at(pc) : nullptr;
  if (!line || line->file == no_location) return NIL;
  Term file = make_char_list(heap, m->files[line->file]);
  return cons(heap, tuple(heap, atoms::file, file),
              cons(heap, tuple(heap, atoms::line, make_small(line->line)), NIL));
}

// The frame for code at pc: {M, F, Arity, Location}; nil if pc is not in a module.
Term frame_at(Heap& heap, const Word* pc, Term arity_or_args) {
  const Module* m = module_containing(pc);
  const FunctionInfo* f = m ? m->function_at(pc) : nullptr;
  if (!f) return NIL;
  Term a = arity_or_args != THE_NON_VALUE ? arity_or_args : make_small(f->arity);
  return tuple(heap, m->name, f->name, a, location(heap, m, pc));
}

// A failing BIF's frame carries {error_info, #{module => M}}, naming the module whose
// format_error/2 explains it; BIFs of other modules get an empty location (erts' table).
Term bif_location(Heap& heap, const Export* bif, Term cause) {
  static const std::pair<const char*, const char*> table[] = {
      {"erlang", "erl_erts_errors"},     {"erts_internal", "erl_erts_errors"},
      {"atomics", "erl_erts_errors"},    {"counters", "erl_erts_errors"},
      {"persistent_term", "erl_erts_errors"}, {"os", "erl_kernel_errors"},
      {"binary", "erl_stdlib_errors"},   {"ets", "erl_stdlib_errors"},
      {"lists", "erl_stdlib_errors"},    {"maps", "erl_stdlib_errors"},
      {"math", "erl_stdlib_errors"},     {"re", "erl_stdlib_errors"},
      {"unicode", "erl_stdlib_errors"}};
  std::string_view m = atom_text(bif->module);
  for (auto [module, errors] : table) {
    if (m != module) continue;
    Term keys[] = {atoms::module, atoms::cause}, values[] = {atom_put(errors), cause};
    Term info = map_from_pairs(heap, keys, values, cause == NIL ? 1 : 2);
    return cons(heap, tuple(heap, atoms::error_info, info), NIL);
  }
  return NIL;
}

}  // namespace

Term raise(Process* p, Term klass, Term reason) {
  p->exception.klass = klass;
  p->exception.reason = reason;
  p->exception.args = THE_NON_VALUE;
  p->exception.mfa = nullptr;
  p->exception.fun = THE_NON_VALUE;
  p->exception.raw_stack = THE_NON_VALUE;
  p->exception.error_info = NIL;
  p->exception.uncatchable = false;
  return THE_NON_VALUE;
}

Term terminate(Process* p, Term reason) {
  raise(p, atoms::exit, reason);
  p->exception.uncatchable = true;
  return THE_NON_VALUE;
}

Term raise_error_with(Process* p, Term tag, Term value) {
  ProcessHeap heap(p);
  return raise_error(p, tuple(heap, tag, value));
}

int backtrace_depth() { return depth_setting.load(std::memory_order_relaxed); }

int set_backtrace_depth(int depth) {
  return depth_setting.exchange(std::clamp(depth, 0, max_backtrace_depth), std::memory_order_relaxed);
}

Term build_stacktrace(Heap& heap, const Process* p, const Word* pc, const Word* stack, const Export* mfa,
                      Term args, Term error_info, Term fun) {
  // A depth of 0 still keeps the frame that raised, as in erts.
  int depth = std::max(1, depth_setting.load(std::memory_order_relaxed));
  Term frames[max_backtrace_depth + 1];
  int n = 0;
  if (fun != THE_NON_VALUE) {
    frames[n++] = tuple(heap, fun, args, NIL);
  } else if (mfa) {  // a failing BIF's error_info, if any, is the cause it reports
    Term location = mfa->bif ? bif_location(heap, mfa, error_info) : NIL;
    frames[n++] = tuple(heap, mfa->module, mfa->function, args, location);
    if (mfa->bif) error_info = NIL;
  }
  // As erts: a return address is recorded only if it differs from the previous one recorded,
  // so a recursion shows once, and a failing call_ext's own return address (the first word of
  // the stack) does not repeat the frame of the instruction that failed.
  const Word* prev = nullptr;
  if (stack < p->hend && is_return_address(*stack)) {
    const Word* top = reinterpret_cast<const Word*>(*stack);
    if (top > pc && top <= pc + 4) prev = top;
  }
  if (n < depth) {
    Term top = frame_at(heap, pc, n > 0 ? THE_NON_VALUE : args);
    if (top != NIL) frames[n++] = top;
  }
  for (const Word* s = stack; s < p->hend && n < depth; s++) {
    if (!is_return_address(*s)) continue;
    const Word* ret = reinterpret_cast<const Word*>(*s);
    if (ret == prev) continue;
    prev = ret;
    Term frame = frame_at(heap, ret - 1, THE_NON_VALUE);
    if (frame != NIL) frames[n++] = frame;
  }
  if (n > 0 && error_info != NIL) {  // {error_info, Map} goes last in the top frame's location
    Term* frame = tuple_elements(frames[0]);
    Term item = cons(heap, tuple(heap, atoms::error_info, error_info), NIL);
    Term location = frame[3];
    if (location == NIL) {
      location = item;
    } else {
      std::vector<Term> items;
      for (Term l = location; is_list(l); l = tail(l)) items.push_back(head(l));
      location = item;
      for (size_t k = items.size(); k-- > 0;) location = cons(heap, items[k], location);
    }
    frames[0] = tuple(heap, frame[0], frame[1], frame[2], location);
  }
  Term list = NIL;
  while (n > 0) list = cons(heap, frames[--n], list);
  return list;
}

Term exit_reason_of(Process* p, Term klass, Term reason, Term stacktrace) {
  ProcessHeap heap(p);
  if (klass == atoms::exit) return reason;
  if (klass == atoms::throw_) reason = tuple(heap, atoms::nocatch, reason);
  return tuple(heap, reason, stacktrace);
}

}  // namespace ember

namespace ember {

// erts' report of a process ended by an error or a throw nothing caught (an exit is a way to
// end, not a failure): its pid, its node when distributed, and its exit reason.
static void report_uncaught(Process* p) {
  ProcessHeap heap(p);
  Term args = cons(heap, p->exit_reason, NIL);
  bool alive = local_node_name() != atom_put("nonode@nohost");
  if (alive) args = cons(heap, local_node_name(), args);
  args = cons(heap, p->pid, args);
  log_emulator_error(p, alive ? "Error in process ~p on node ~p with exit value:~n~p~n"
                              : "Error in process ~p with exit value:~n~p~n",
                     args);
}

// A raw trace is {Class, StackList}: the class travels with it, as `raise` needs.
const Word* find_handler(Process* p, const Word* pc, Term* x) {
  Exception& ex = p->exception;
  if (ex.uncatchable) {
    ex.uncatchable = false;
    p->exit_reason = ex.reason;
    return nullptr;
  }
  ProcessHeap heap(p);
  Term stack = ex.raw_stack != THE_NON_VALUE ? ex.raw_stack : build_stacktrace(heap, p, pc, p->stop, ex.mfa, ex.args, ex.error_info, ex.fun);
  Term raw = tuple(heap, ex.klass, stack);
  Word* frame_start = p->stop;
  for (Word* s = p->stop; s < p->hend; s++) {
    if (is_catch(*s)) {
      p->stop = frame_start;
      x[0] = THE_NON_VALUE;
      x[1] = ex.klass;
      x[2] = ex.reason;
      x[3] = raw;
      return catch_handler(*s);
    }
    if (is_return_address(*s)) frame_start = s + 1;
  }
  p->exit_reason = exit_reason_of(p, ex.klass, ex.reason, stack);
  if (ex.klass != atoms::exit) report_uncaught(p);
  return nullptr;
}

Term catch_value(Process* p, Term klass, Term reason, Term raw) {
  ProcessHeap heap(p);
  if (klass == atoms::throw_) return reason;
  if (klass == atoms::exit) return tuple(heap, atoms::EXIT, reason);
  return tuple(heap, atoms::EXIT, tuple(heap, reason, stacktrace_list(p, raw)));
}

Term stacktrace_list(Process* p, Term raw) {
  return is_tuple(raw) && tuple_arity(raw) == 2 ? tuple_element(raw, 1) : NIL;
}

// The stack trace a raw trace carries; THE_NON_VALUE (a fresh trace) if it is not one.
static Term raw_stack_of(Term raw) {
  return is_tuple(raw) && tuple_arity(raw) == 2 ? tuple_element(raw, 1) : THE_NON_VALUE;
}

void reraise(Process* p, Term raw, Term reason) {
  Term klass = is_tuple(raw) && tuple_arity(raw) == 2 ? tuple_element(raw, 0) : atoms::error;
  raise(p, klass, reason);
  p->exception.raw_stack = raw_stack_of(raw);
}

bool raw_raise(Process* p, Term klass, Term reason, Term raw) {
  if (klass != atoms::error && klass != atoms::exit && klass != atoms::throw_) return false;
  raise(p, klass, reason);
  p->exception.raw_stack = raw_stack_of(raw);
  return true;
}

}  // namespace ember
