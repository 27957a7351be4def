// erlang:memory/0,1. erts computes them in Erlang from its allocators' statistics; ember
// answers them natively from vm/process/memory_usage.h. No allocator is instrumented, so `maximum` is
// badarg, as in an erts started without +Mim true.
#include <iterator>

#include "bif/bif.h"
#include "vm/process/memory_usage.h"

namespace ember {
namespace {

struct Item {
  const char* name;
  uint64_t MemoryUsage::*field;
};

// In erlang:memory/0's order.
constexpr Item items[] = {
    {"total", &MemoryUsage::total},         {"processes", &MemoryUsage::processes},
    {"processes_used", &MemoryUsage::processes_used}, {"system", &MemoryUsage::system},
    {"atom", &MemoryUsage::atom},           {"atom_used", &MemoryUsage::atom_used},
    {"binary", &MemoryUsage::binary},       {"code", &MemoryUsage::code},
    {"ets", &MemoryUsage::ets},
};

const Item* find_item(Term name) {
  if (!is_atom(name)) return nullptr;
  for (const Item& item : items)
    if (atom_text(name) == item.name) return &item;
  return nullptr;
}

Term pair(Heap& heap, const Item& item, const MemoryUsage& m) {
  return tuple(heap, atom_put(item.name), make_unsigned(heap, m.*item.field));
}

}  // namespace

Term erlang_memory_0(Process* p, Term*) {
  MemoryUsage m = memory_usage();
  ProcessHeap heap(p);
  Term list = NIL;
  for (auto it = std::rbegin(items); it != std::rend(items); ++it) list = cons(heap, pair(heap, *it, m), list);
  return list;
}

// A list is answered element by element, as erts' memory_1/2 walks it: an unknown item is
// badarg, an improper tail after known items function_clause.
Term erlang_memory_1(Process* p, Term* a) {
  if (const Item* item = find_item(a[0])) {
    ProcessHeap heap(p);
    return make_unsigned(heap, memory_usage().*item->field);
  }
  if (!is_list(a[0]) && a[0] != NIL) return badarg(p);
  Term rest = a[0];
  for (; is_list(rest); rest = tail(rest))
    if (!find_item(head(rest))) return badarg(p);
  if (rest != NIL) return raise_error(p, atoms::function_clause);
  MemoryUsage m = memory_usage();
  ProcessHeap heap(p);
  std::vector<Term> pairs;
  for (Term l = a[0]; is_list(l); l = tail(l)) pairs.push_back(pair(heap, *find_item(head(l)), m));
  return make_list_of(heap, pairs);
}

}  // namespace ember
