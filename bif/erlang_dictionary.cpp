// The process dictionary: {Key, Value} tuples kept in a vector, in insertion order as erts
// reports them (get/0 lists them newest first).
#include <algorithm>

#include "bif/bif.h"
#include "vm/term/compare.h"

namespace ember {
namespace {

std::vector<Term>::iterator find_key(Process* p, Term key) {
  return std::find_if(p->dictionary.begin(), p->dictionary.end(),
                      [&](Term pair) { return eq_exact(tuple_element(pair, 0), key); });
}

}  // namespace

Term erlang_put_2(Process* p, Term* a) {
  ProcessHeap heap(p);
  Term pair = tuple(heap, a[0], a[1]);
  auto it = find_key(p, a[0]);
  if (it == p->dictionary.end()) {
    p->dictionary.push_back(pair);
    return atoms::undefined;
  }
  Term old = tuple_element(*it, 1);
  *it = pair;
  return old;
}

Term erlang_get_1(Process* p, Term* a) {
  auto it = find_key(p, a[0]);
  return it == p->dictionary.end() ? atoms::undefined : tuple_element(*it, 1);
}

Term erlang_get_0(Process* p, Term*) {
  ProcessHeap heap(p);
  Term list = NIL;
  for (Term pair : p->dictionary) list = cons(heap, pair, list);
  return list;
}

Term erlang_get_keys_0(Process* p, Term*) {
  ProcessHeap heap(p);
  Term list = NIL;
  for (Term pair : p->dictionary) list = cons(heap, tuple_element(pair, 0), list);
  return list;
}

Term erlang_get_keys_1(Process* p, Term* a) {
  ProcessHeap heap(p);
  Term list = NIL;
  for (Term pair : p->dictionary)
    if (eq_exact(tuple_element(pair, 1), a[0])) list = cons(heap, tuple_element(pair, 0), list);
  return list;
}

Term erlang_erase_1(Process* p, Term* a) {
  auto it = find_key(p, a[0]);
  if (it == p->dictionary.end()) return atoms::undefined;
  Term old = tuple_element(*it, 1);
  p->dictionary.erase(it);
  return old;
}

Term erlang_erase_0(Process* p, Term* a) {
  Term all = erlang_get_0(p, a);
  p->dictionary.clear();
  return all;
}

}  // namespace ember
