// The lists module's built-ins. Each walks at most what the time slice allows and then goes on
// in a continuation of its own name and arity holding what is left (the rest of the list), as
// erts traps to the BIF itself: an error after a yield shows those arguments, as in erts.
#include "bif/bif.h"
#include "vm/term/compare.h"

namespace ember {

namespace {

Export* continuation_of(const char* function, uint32_t arity, BifFn fn) {
  return bif_continuation(atom_put("lists"), atom_put(function), arity, fn);
}

// Looks for the element whose pos-th field matches key (==) in what the slice allows: true
// with *found set (to the tuple, or to [] when the list ended without one), false when the
// slice ran out first (list then holds the rest) or the list is improper (*found is false).
bool key_find(Process* p, Term key, Word i, Term* list, Term* found) {
  int64_t left = budget(p), allowed = left;
  Term l = *list;
  *found = atoms::false_;
  for (; is_list(l) && left > 0; l = tail(l), left--) {
    Term t = head(l);
    if (!is_tuple(t) || tuple_arity(t) <= i) continue;
    Term field = tuple_element(t, i);
    if (field == key || compare_terms(field, key) == 0) {
      charge_work(p, uint64_t(allowed - left));
      *found = t;
      return true;
    }
  }
  charge_work(p, uint64_t(allowed - left));
  *list = l;
  if (l == NIL) *found = NIL;
  return l == NIL;
}

// A key search's common part: the tuple found, [] if none, or THE_NON_VALUE after raising or
// yielding to `self` (a continuation of the BIF's own name).
Term key_search(Process* p, Term* a, Export* self) {
  if (!is_small(a[1]) || small_value(a[1]) < 1) return badarg(p);
  Term found;
  Term rest = a[2];
  if (key_find(p, a[0], Word(small_value(a[1]) - 1), &rest, &found)) return found;
  if (!is_list(rest)) return badarg(p);
  a[2] = rest;
  return bif_yield(p, self);
}

}  // namespace

Term lists_reverse_2(Process* p, Term* a) {
  static Export* self = continuation_of("reverse", 2, lists_reverse_2);
  Term l = a[0], result = a[1];
  if (l == NIL) return result;
  if (!is_list(l)) return badarg(p);
  int64_t left = budget(p), allowed = left;
  ProcessHeap heap(p);
  for (; is_list(l) && left > 0; l = tail(l), left--) result = cons(heap, head(l), result);
  charge_work(p, uint64_t(allowed - left));
  if (l == NIL) return result;
  if (!is_list(l)) return badarg(p);
  a[0] = l;
  a[1] = result;
  return bif_yield(p, self);
}

Term lists_member_2(Process* p, Term* a) {
  static Export* self = continuation_of("member", 2, lists_member_2);
  Term l = a[1];
  int64_t left = budget(p), allowed = left;
  for (; is_list(l) && left > 0; l = tail(l), left--) {
    if (head(l) == a[0] || eq_exact(head(l), a[0])) {
      charge_work(p, uint64_t(allowed - left));
      return atoms::true_;
    }
  }
  charge_work(p, uint64_t(allowed - left));
  if (l == NIL) return atoms::false_;
  if (!is_list(l)) return badarg(p);
  a[1] = l;
  return bif_yield(p, self);
}

Term lists_keyfind_3(Process* p, Term* a) {
  static Export* self = continuation_of("keyfind", 3, lists_keyfind_3);
  Term found = key_search(p, a, self);
  return found == NIL ? atoms::false_ : found;
}

Term lists_keymember_3(Process* p, Term* a) {
  static Export* self = continuation_of("keymember", 3, lists_keymember_3);
  Term found = key_search(p, a, self);
  if (found == THE_NON_VALUE) return found;
  return boolean(found != NIL);
}

Term lists_keysearch_3(Process* p, Term* a) {
  static Export* self = continuation_of("keysearch", 3, lists_keysearch_3);
  Term found = key_search(p, a, self);
  if (found == THE_NON_VALUE || found == NIL) return found == NIL ? atoms::false_ : found;
  ProcessHeap heap(p);
  return tuple(heap, atom_put("value"), found);
}

}  // namespace ember
