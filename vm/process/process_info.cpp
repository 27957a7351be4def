#include "vm/process/process_info.h"

#include <algorithm>
#include <iterator>
#include <vector>

#include "vm/code/exception.h"
#include "vm/code/export.h"
#include "vm/code/interp.h"
#include "vm/code/stack_dump.h"
#include "vm/process/gc.h"
#include "vm/process/gc_settings.h"
#include "vm/process/scheduler.h"
#include "vm/process/suspend.h"
#include "vm/term/atom.h"
#include "vm/term/binary.h"
#include "vm/term/build.h"
#include "vm/term/copy.h"
#include "vm/term/node.h"

namespace ember {
namespace {

// q is running: it is the caller, or answers at the end of its own slice, whose reductions are
// not yet in its total.
bool is_running(const Process* q) { return q->status.load(std::memory_order_relaxed) == ProcessStatus::running; }

Term status(Heap&, Process* q) {
  if (is_running(q)) return atoms::running;
  if (is_suspended(q)) return atom_put("suspended");
  return q->status.load(std::memory_order_relaxed) == ProcessStatus::waiting ? atoms::waiting : atoms::runnable;
}

Term reductions(Heap&, Process* q) {
  int64_t slice = is_running(q) ? reductions_per_slice - std::max(q->reductions, 0) : 0;
  return make_small(int64_t(q->total_reductions) + slice);
}

Term messages(Heap& heap, Process* q) {
  std::vector<Term> ms;
  q->mailbox.for_each([&](Term& t) { ms.push_back(copy_term(heap, t)); });
  return make_list_of(heap, ms);
}

Term links(Heap& heap, Process* q) {
  std::vector<Term> ls;
  q->links.for_each([&](const Link& l) { ls.push_back(l.other); });
  return make_list_of(heap, ls);
}

Term monitors(Heap& heap, Process* q) {
  std::vector<Term> ms;
  q->monitors.for_each([&](const Monitor& m) {
    Term target = m.name != NIL ? tuple(heap, m.name, local_node_name()) : m.other;
    ms.push_back(tuple(heap, atoms::process, target));
  });
  return make_list_of(heap, ms);
}

Term monitored_by(Heap& heap, Process* q) {
  std::vector<Term> ms;
  q->monitored_by.for_each([&](const Monitor& m) { ms.push_back(m.other); });
  return make_list_of(heap, ms);
}

Term dictionary(Heap& heap, Process* q) {
  Term list = NIL;
  for (Term pair : q->dictionary) list = cons(heap, copy_term(heap, pair), list);
  return list;
}

// The catches and trys active: their markers on the stack.
Term catchlevel(Heap&, Process* q) {
  int64_t n = 0;
  for (const Word* s = q->stop; s < q->hend; s++) n += is_catch(*s);
  return make_small(n);
}

// {Id, Size, RefCount} for each reference to a shared binary that q's heaps and fragments hold,
// the Id being where the binary lives, as in erts.
Term binary_references(Heap& heap, Process* q) {
  Term list = NIL;
  auto add = [&](const OffHeap& off_heap) {
    for (const Word* object = off_heap.first; object; object = off_heap_next(object)) {
      if (header_subtag(object[0]) != Subtag::refc_bin) continue;
      auto* shared = reinterpret_cast<const SharedBinary*>(object[2]);
      Term refs = make_small(shared->refc.load(std::memory_order_relaxed));
      list = cons(heap, tuple(heap, make_unsigned(heap, uintptr_t(shared)), make_unsigned(heap, shared->size), refs), list);
    }
  };
  add(q->off_heap);
  add(q->old_off_heap);
  for (const auto& fragment : q->fragments) add(fragment->off_heap());
  return list;
}

// A hibernating process is in erlang:hibernate/3 with an empty stack, as erts shows it; one
// waiting for a dirty scheduler is in the dirty BIF it called; one that has not yet run the
// apply it starts with (of a fun, a BIF, a module not loaded) is in its initial call. Null for
// one in its own code.
const Export* in_builtin(const Process* q) {
  static const Export* hibernate = export_put(atoms::erlang, atom_put("hibernate"), 3);
  if (q->pc == hibernate_code()) return hibernate;
  if (q->pc == dirty_call_code()) return q->dirty_call;
  return q->pc == process_start_code() ? q->initial_call : nullptr;
}

// Built on the caller's heap: q's own may be collected before the caller is done with it.
Term stacktrace(Heap& heap, Process* q) { return build_stacktrace(heap, q, q->pc, q->stop, nullptr, THE_NON_VALUE); }

Term current_function(Heap& heap, Process* q) {
  if (const Export* in = in_builtin(q)) return tuple(heap, in->module, in->function, make_small(in->arity));
  Term trace = stacktrace(heap, q);
  if (!is_list(trace)) return atoms::undefined;
  Term top = head(trace);
  return tuple(heap, tuple_element(top, 0), tuple_element(top, 1), tuple_element(top, 2));
}

Term current_location(Heap& heap, Process* q) {
  if (const Export* in = in_builtin(q)) return tuple(heap, in->module, in->function, make_small(in->arity), NIL);
  Term trace = stacktrace(heap, q);
  return is_list(trace) ? head(trace) : atoms::undefined;
}

// A depth of 0 leaves an exception its raising frame, but current_stacktrace empty (erts).
Term current_stacktrace(Heap& heap, Process* q) {
  return backtrace_depth() == 0 ? NIL : stacktrace(heap, q);
}

Term suspending(Heap& heap, Process* q) {  // {Suspendee, ActiveCount, OutstandingCount}
  std::vector<Term> entries;
  if (q->suspensions)
    for (const Suspension& e : q->suspensions->suspending)
      entries.push_back(tuple(heap, e.target, make_small(e.active ? e.count : 0), make_small(e.active ? 0 : e.count)));
  return make_list_of(heap, entries);
}

Term garbage_collection(Heap& heap, Process* q) {
  Term gc = cons(heap, tuple(heap, atom_put("minor_gcs"), make_small(q->minor_collections)), NIL);
  for (Term key : {atoms::fullsweep_after, atoms::min_heap_size, atoms::min_bin_vheap_size, atoms::max_heap_size})
    gc = cons(heap, tuple(heap, key, gc_option(heap, q->gc, key)), gc);
  return gc;
}

Term initial_call(Heap& heap, Process* q) {
  const Export* e = q->initial_call;
  if (!e) return atoms::undefined;
  return tuple(heap, e->module, e->function, make_small(e->arity));
}

using ItemFn = Term (*)(Heap&, Process*);
struct Item {
  const char* name;
  ItemFn value;
};

// A GcSettings key is answered by gc_option, with the item as the key.
constexpr ItemFn gc_setting = nullptr;

constexpr Item items[] = {
    {"registered_name", [](Heap&, Process* q) { return q->registered_name.load(std::memory_order_relaxed); }},
    {"trap_exit", [](Heap&, Process* q) { return boolean(q->trap_exit); }},
    {"group_leader", [](Heap&, Process* q) { return q->group_leader; }},
    {"parent", [](Heap&, Process* q) { return q->parent == NIL ? atoms::undefined : q->parent; }},
    {"priority",
     [](Heap&, Process* q) {
       static const Term names[] = {atoms::low, atoms::normal, atoms::high, atoms::max};
       return names[unsigned(q->priority)];
     }},
    {"status", status},
    {"message_queue_len", [](Heap&, Process* q) { return make_small(int64_t(q->mailbox.length)); }},
    {"messages", messages},
    {"links", links},
    {"monitors", monitors},
    {"monitored_by", monitored_by},
    {"dictionary", dictionary},
    {"heap_size", [](Heap&, Process* q) { return make_small(int64_t(q->hend - q->heap)); }},
    {"total_heap_size",
     [](Heap&, Process* q) {
       return make_small(int64_t(q->hend - q->heap) + int64_t(q->old_size + q->fragment_words));
     }},
    {"stack_size", [](Heap&, Process* q) { return make_small(int64_t(q->hend - q->stop)); }},
    {"backtrace", [](Heap& heap, Process* q) { return make_binary(heap, process_backtrace(q)); }},
    {"catchlevel", catchlevel},
    {"memory", [](Heap&, Process* q) { return make_small(int64_t(process_memory_words(q) * sizeof(Word))); }},
    {"binary", binary_references},
    {"reductions", reductions},
    {"initial_call", initial_call},
    {"current_function", current_function},
    {"current_location", current_location},
    {"current_stacktrace", current_stacktrace},
    {"error_handler",
     [](Heap&, Process* q) { return q->error_handler == NIL ? atoms::error_handler : q->error_handler; }},
    {"suspending", suspending},
    {"garbage_collection", garbage_collection},
    {"garbage_collection_info", [](Heap& heap, Process* q) { return gc_info(heap, q); }},
    {"min_heap_size", gc_setting},
    {"min_bin_vheap_size", gc_setting},
    {"fullsweep_after", gc_setting},
    {"max_heap_size", gc_setting},
    {"message_queue_data", gc_setting},
};

const Item* find_item(Term name) {
  static const std::vector<Term> atoms_of = [] {
    std::vector<Term> v;
    for (const Item& item : items) v.push_back(atom_put(item.name));
    return v;
  }();
  auto at = std::find(atoms_of.begin(), atoms_of.end(), name);
  return at == atoms_of.end() ? nullptr : &items[at - atoms_of.begin()];
}

Term value_of(Heap& heap, Process* q, Term name) {
  const Item* item = find_item(name);
  return item->value ? item->value(heap, q) : gc_option(heap, q->gc, name);
}

// {Item, Value}; an absent registered_name is [] alone, but {registered_name, []} in a list.
Term pair(Heap& heap, Process* q, Term name, bool in_list) {
  Term v = value_of(heap, q, name);
  if (name == atoms::registered_name && v == NIL && !in_list) return NIL;
  return tuple(heap, name, v);
}

}  // namespace

bool is_process_info_spec(Term spec) {
  auto known = [](Term item) { return is_atom(item) && find_item(item); };
  if (is_atom(spec)) return known(spec);
  for (; is_list(spec); spec = tail(spec))
    if (!known(head(spec))) return false;
  return spec == NIL;
}

Term process_info_answer(Heap& heap, Process* q, Term spec) {
  if (is_atom(spec)) return pair(heap, q, spec, false);
  std::vector<Term> pairs;
  for (Term l = spec; is_list(l); l = tail(l)) pairs.push_back(pair(heap, q, head(l), true));
  return make_list_of(heap, pairs);
}

Term process_info_defaults(Heap& heap, Process* q) {
  static const char* defaults[] = {"current_function", "initial_call", "status", "message_queue_len",
                                   "links", "dictionary", "trap_exit", "error_handler", "priority",
                                   "group_leader", "total_heap_size", "heap_size", "stack_size",
                                   "reductions", "garbage_collection", "suspending"};
  Term list = NIL;
  for (size_t k = std::size(defaults); k-- > 0;) list = cons(heap, pair(heap, q, atom_put(defaults[k]), true), list);
  Term name = q->registered_name.load(std::memory_order_relaxed);
  if (name != NIL) list = cons(heap, tuple(heap, atoms::registered_name, name), list);
  return list;
}

}  // namespace ember
