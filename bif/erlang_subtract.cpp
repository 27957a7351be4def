// erlang:'--'/2, which goes on over as many time slices as it needs.
#include <algorithm>
#include <bit>
#include <vector>

#include "bif/bif.h"
#include "vm/code/call.h"
#include "vm/term/hash.h"
#include "vm/term/compare.h"

namespace ember {

// A subtraction too long for one time slice goes on over several, as erts' does. Each
// element on the right removes the first occurrence left on the left, so the left loses, of
// each distinct value, its first k occurrences, k being how often the right has it: count the
// right in a hash table, walk the left once keeping what the table does not take, then
// reverse what was kept. The state, in registers between slices:
//   x0 phase, x1 the list being walked, x2 the left list, x3 the kept elements,
//   x4 the table: a tuple of `capacity` keys then `capacity` counts (-1 for a free slot),
//   x5 how many removals the table still holds: at 0 the rest of the left is kept as it is,
//   and the kept elements are put back in front of it.
enum SubtractPhase : int64_t { count_right, walk_left, reverse_kept };

static Term subtract_continue(Process* p, Term* x);

static Export* subtract_continuation() {
  static Export* e = bif_continuation(atoms::erlang, atom_put("--"), 6, subtract_continue);
  return e;
}

// The count slot of key in the table, or of the free slot where key would go.
static Term& table_slot(Term table, Term key) {
  Word capacity = tuple_arity(table) / 2;
  Word k = map_hash(key, 0) & (capacity - 1);
  while (tuple_element(table, capacity + k) != make_small(-1) && !eq_exact(tuple_element(table, k), key))
    k = (k + 1) & (capacity - 1);
  return tuple_element(table, capacity + k);
}

static Term subtract_continue(Process* p, Term* x) {
  int64_t left = budget(p), start = left;
  ProcessHeap heap(p);
  Term table = x[4];
  Word capacity = tuple_arity(table) / 2;
  while (left > 0) {
    Term l = x[1];
    if (x[0] == make_small(walk_left) && (x[5] == make_small(0) || l == NIL)) {
      x[0] = make_small(reverse_kept);
      x[1] = x[3];
      x[3] = l;
      continue;
    }
    if (l == NIL) {
      if (x[0] == make_small(count_right)) {
        x[0] = make_small(walk_left);
        x[1] = x[2];
      } else {
        charge_work(p, start - left);
        return x[3];
      }
      continue;
    }
    Term t = head(l);
    x[1] = tail(l);
    left--;
    if (x[0] == make_small(reverse_kept)) {
      x[3] = cons(heap, t, x[3]);
      continue;
    }
    Term& count = table_slot(table, t);
    if (x[0] == make_small(count_right)) {
      if (count == make_small(-1)) {
        Word k = Word(&count - &tuple_element(table, capacity));
        tuple_element(table, k) = t;
        count = make_small(1);
      } else {
        count = make_small(small_value(count) + 1);
      }
    } else if (count != make_small(-1) && small_value(count) > 0) {
      count = make_small(small_value(count) - 1);
      x[5] = make_small(small_value(x[5]) - 1);
    } else {
      x[3] = cons(heap, t, x[3]);
    }
  }
  return bif_yield(p, subtract_continuation());
}

Term erlang_subtract_2(Process* p, Term* a) {  // '--'
  int64_t n = list_length(a[0]), m = list_length(a[1]);
  if (n < 0 || m < 0) return badarg(p);
  if (n == 0 || m == 0) return a[0];
  charge_work(p, n + m);
  if (m <= 16 && n * m <= budget(p)) {  // a scan of the left per element is cheapest
    std::vector<Term> keep;
    keep.reserve(size_t(n));
    for (Term l = a[0]; l != NIL; l = tail(l)) keep.push_back(head(l));
    std::vector<bool> removed(keep.size(), false);
    for (Term r = a[1]; r != NIL; r = tail(r)) {
      for (size_t k = 0; k < keep.size(); k++) {
        if (!removed[k] && eq_exact(keep[k], head(r))) {
          removed[k] = true;
          break;
        }
      }
    }
    charge_work(p, n * m);
    ProcessHeap heap(p);
    Term result = NIL;
    for (size_t k = keep.size(); k-- > 0;)
      if (!removed[k]) result = cons(heap, keep[k], result);
    return result;
  }
  Word capacity = std::bit_ceil(Word(m) + Word(m) / 2 + 1);
  ProcessHeap heap(p);
  Term* slots;
  Term table = new_tuple(heap, 2 * capacity, &slots);
  std::fill(slots, slots + capacity, NIL);
  std::fill(slots + capacity, slots + 2 * capacity, make_small(-1));
  Term left = a[0], right = a[1];
  a[0] = make_small(count_right);
  a[1] = right;
  a[2] = left;
  a[3] = NIL;
  a[4] = table;
  a[5] = make_small(m);
  return subtract_continue(p, a);
}

// erlang:subtract/2 is -- by name.
Term erlang_subtract_named_2(Process* p, Term* a) { return erlang_subtract_2(p, a); }

}  // namespace ember
