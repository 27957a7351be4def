// ets:update_counter/3,4 and ets:update_element/3: changing elements of an object of a set or
// ordered_set in place. The new object is built on the caller's heap and stored as a copy.
#include <vector>

#include "bif/ets_common.h"
#include "vm/term/arith.h"
#include "vm/term/compare.h"

namespace ember {
namespace {

// The stored object of key in a set or ordered_set, or THE_NON_VALUE.
Term object_of(EtsTable& t, Term key) {
  std::vector<Term> objects = t.lookup(key);
  return objects.empty() ? THE_NON_VALUE : objects[0];
}

// The operations below report a problem as the badarg cause erts gives (keypos, position...),
// NIL for a plain badarg, or THE_NON_VALUE for none.
constexpr Term no_problem = THE_NON_VALUE;

Term fail_with(Process* p, Term cause) { return cause == NIL ? badarg(p) : badarg_because(p, cause); }

Term position_problem(const EtsTable& t, Term pos, size_t arity, size_t* out) {
  if (!is_small(pos) || small_value(pos) < 1) return NIL;
  if (size_t(small_value(pos)) > arity) return atom_put("position");
  *out = size_t(small_value(pos)) - 1;
  return *out == t.keypos - 1 ? atom_put("keypos") : no_problem;
}

// One {Pos, Incr} or {Pos, Incr, Threshold, SetValue} applied to elements.
Term apply_increment(Process* p, const EtsTable& t, Term op, std::vector<Term>& elements,
                     Term* result) {
  size_t pos;
  if (!is_tuple(op) || (tuple_arity(op) != 2 && tuple_arity(op) != 4)) return NIL;
  Term problem = position_problem(t, tuple_element(op, 0), elements.size(), &pos);
  if (problem != no_problem) return problem;
  Term incr = tuple_element(op, 1), threshold = THE_NON_VALUE, set_value = THE_NON_VALUE;
  if (tuple_arity(op) == 4) {
    threshold = tuple_element(op, 2);
    set_value = tuple_element(op, 3);
    if (!is_integer(threshold) || !is_integer(set_value)) return NIL;
  }
  if (!is_integer(incr) || !is_integer(elements[pos])) return NIL;
  Term value = arith_add(p, elements[pos], incr);
  if (value == THE_NON_VALUE) return NIL;
  if (threshold != THE_NON_VALUE) {
    bool down = compare_terms(incr, make_small(0)) < 0;
    int c = compare_terms(value, threshold);
    if (down ? c < 0 : c > 0) value = set_value;
  }
  elements[pos] = value;
  *result = value;
  return no_problem;
}

void store_elements(Process* p, EtsTable& t, const std::vector<Term>& elements) {
  ProcessHeap heap(p);
  Term* out;
  Term object = new_tuple(heap, elements.size(), &out);
  for (size_t i = 0; i < elements.size(); ++i) out[i] = elements[i];
  t.insert(object);
}

// A bare integer increment is {keypos + 1, Incr}.
Term expand_bare_increment(Process* p, const EtsTable& t, Term op) {
  if (!is_integer(op)) return op;
  ProcessHeap heap(p);
  return tuple(heap, make_small(t.keypos + 1), op);
}

Term update_counter(Process* p, Term* a, Term default_object) {
  EtsLocked t(a[0], p->pid, EtsNeed::write, EtsOp::write_key, a[1]);
  if (!t) return ets_table_badarg(p, t);
  if (t->is_bag()) return badarg_because(p, atom_put("table_type"));
  std::vector<Term> elements;
  if (Term tuple = object_of(*t, a[1]); tuple != THE_NON_VALUE) {
    elements.assign(tuple_elements(tuple), tuple_elements(tuple) + tuple_arity(tuple));
  } else {
    if (default_object == THE_NON_VALUE) return badarg_because(p, atom_put("badkey"));
    if (!is_tuple(default_object) || tuple_arity(default_object) < t->keypos) return badarg(p);
    elements.assign(tuple_elements(default_object),
                    tuple_elements(default_object) + tuple_arity(default_object));
    elements[t->keypos - 1] = a[1];
  }
  Term ops = expand_bare_increment(p, *t, a[2]);
  Term result;
  if (!is_list(ops) && !is_nil(ops)) {
    Term problem = apply_increment(p, *t, ops, elements, &result);
    if (problem != no_problem) return fail_with(p, problem);
  } else {
    std::vector<Term> results;
    for (; is_list(ops); ops = tail(ops)) {
      Term problem = apply_increment(p, *t, head(ops), elements, &results.emplace_back());
      if (problem != no_problem) return fail_with(p, problem);
    }
    if (!is_nil(ops)) return badarg(p);
    ProcessHeap heap(p);
    result = NIL;
    for (size_t i = results.size(); i-- > 0;) result = cons(heap, results[i], result);
  }
  store_elements(p, *t, elements);
  return result;
}

Term apply_element(const EtsTable& t, Term op, std::vector<Term>& elements) {
  size_t pos;
  if (!is_tuple(op) || tuple_arity(op) != 2) return NIL;
  Term problem = position_problem(t, tuple_element(op, 0), elements.size(), &pos);
  if (problem == no_problem) elements[pos] = tuple_element(op, 1);
  return problem;
}

}  // namespace

Term ets_update_counter_3(Process* p, Term* a) { return update_counter(p, a, THE_NON_VALUE); }
Term ets_update_counter_4(Process* p, Term* a) { return update_counter(p, a, a[3]); }

Term ets_update_element_3(Process* p, Term* a) {
  EtsLocked t(a[0], p->pid, EtsNeed::write, EtsOp::write_key, a[1]);
  if (!t) return ets_table_badarg(p, t);
  if (t->is_bag()) return badarg_because(p, atom_put("table_type"));
  Term o = object_of(*t, a[1]);
  if (o == THE_NON_VALUE) return atoms::false_;
  std::vector<Term> elements(tuple_elements(o), tuple_elements(o) + tuple_arity(o));
  Term ops = a[2];
  if (is_tuple(ops)) {
    Term problem = apply_element(*t, ops, elements);
    if (problem != no_problem) return fail_with(p, problem);
  } else {
    for (; is_list(ops); ops = tail(ops)) {
      Term problem = apply_element(*t, head(ops), elements);
      if (problem != no_problem) return fail_with(p, problem);
    }
    if (!is_nil(ops)) return badarg(p);
  }
  store_elements(p, *t, elements);
  return atoms::true_;
}

}  // namespace ember
