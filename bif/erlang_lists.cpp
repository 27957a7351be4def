// List BIFs: ++, --, and the lists module's built-ins.
#include <algorithm>
#include <bit>
#include <vector>

#include "bif/bif.h"
#include "vm/compare.h"

namespace ember {

Term erlang_append_2(Process* p, Term* a) {  // '++'
  Term left = a[0];
  if (left == NIL) return a[1];
  int64_t n = list_length(left);
  if (n < 0) return badarg(p);
  ProcessHeap heap(p);
  Word* cells = heap.alloc(2 * size_t(n));
  Word* c = cells;
  for (Term l = left; l != NIL; l = tail(l), c += 2) {
    c[0] = head(l);
    c[1] = make_list(c + 2);
  }
  cells[2 * n - 1] = a[1];
  return make_list(cells);
}

// Below this many elements on the right, a scan of the left list per element is cheaper than
// sorting the right list.
constexpr int64_t subtract_scan_max = 16;

// Work of a BIF in reductions: one per this many elements handled.
constexpr int64_t elements_per_reduction = 16;

// Charges p for `elements` handled, so that a long BIF ends its caller's time slice as erts'
// yielding BIFs do over several slices.
static void charge(Process* p, int64_t elements) {
  int64_t reds = elements / elements_per_reduction;
  p->reductions -= int(std::min<int64_t>(reds, reductions_per_slice));
}

Term erlang_subtract_2(Process* p, Term* a) {  // '--'
  int64_t n = list_length(a[0]), m = list_length(a[1]);
  if (n < 0 || m < 0) return badarg(p);
  if (n == 0 || m == 0) return a[0];
  std::vector<Term> keep;
  keep.reserve(size_t(n));
  for (Term l = a[0]; l != NIL; l = tail(l)) keep.push_back(head(l));
  std::vector<bool> removed(keep.size(), false);
  if (m <= subtract_scan_max) {
    for (Term r = a[1]; r != NIL; r = tail(r)) {
      for (size_t k = 0; k < keep.size(); k++) {
        if (!removed[k] && eq_exact(keep[k], head(r))) {
          removed[k] = true;
          break;
        }
      }
    }
    charge(p, n * m);
  } else {
    // Each element on the right removes the first occurrence left on the left, so the left
    // loses, of each distinct value, its first k occurrences, k being how often the right
    // has it: count the right as a sorted multiset, then walk the left once.
    std::vector<Term> right;
    right.reserve(size_t(m));
    for (Term r = a[1]; r != NIL; r = tail(r)) right.push_back(head(r));
    auto less = [](Term x, Term y) { return compare_exact(x, y) < 0; };
    std::sort(right.begin(), right.end(), less);
    std::vector<std::pair<Term, int64_t>> counts;
    for (Term t : right) {
      if (!counts.empty() && eq_exact(counts.back().first, t)) counts.back().second++;
      else counts.emplace_back(t, 1);
    }
    for (size_t k = 0; k < keep.size(); k++) {
      auto it = std::lower_bound(counts.begin(), counts.end(), keep[k],
                                 [](const std::pair<Term, int64_t>& c, Term t) { return compare_exact(c.first, t) < 0; });
      if (it != counts.end() && it->second > 0 && eq_exact(it->first, keep[k])) {
        it->second--;
        removed[k] = true;
      }
    }
    charge(p, (n + m) * int64_t(std::bit_width(uint64_t(m))));
  }
  ProcessHeap heap(p);
  Term result = NIL;
  for (size_t k = keep.size(); k-- > 0;)
    if (!removed[k]) result = cons(heap, keep[k], result);
  return result;
}

Term lists_reverse_2(Process* p, Term* a) {
  Term result = a[1];
  ProcessHeap heap(p);
  Term l = a[0];
  for (; is_list(l); l = tail(l)) result = cons(heap, head(l), result);
  if (l != NIL) return badarg(p);
  return result;
}

Term lists_member_2(Process* p, Term* a) {
  Term l = a[1];
  for (; is_list(l); l = tail(l))
    if (head(l) == a[0] || eq_exact(head(l), a[0])) return atoms::true_;
  return l == NIL ? atoms::false_ : badarg(p);
}

// The element of `list` whose N-th field matches key (==), or nil.
static bool key_find(Term key, Term n, Term list, Term* found) {
  if (!is_small(n) || small_value(n) < 1) return false;
  Word i = Word(small_value(n) - 1);
  *found = NIL;
  for (; is_list(list); list = tail(list)) {
    Term t = head(list);
    if (is_tuple(t) && tuple_arity(t) > i) {
      Term field = tuple_element(t, i);
      if (field == key || compare_terms(field, key) == 0) {
        *found = t;
        return true;
      }
    }
  }
  return list == NIL;
}

Term lists_keyfind_3(Process* p, Term* a) {
  Term found;
  if (!key_find(a[0], a[1], a[2], &found)) return badarg(p);
  return found == NIL ? atoms::false_ : found;
}

Term lists_keymember_3(Process* p, Term* a) {
  Term found;
  if (!key_find(a[0], a[1], a[2], &found)) return badarg(p);
  return boolean(found != NIL);
}

Term lists_keysearch_3(Process* p, Term* a) {
  Term found;
  if (!key_find(a[0], a[1], a[2], &found)) return badarg(p);
  if (found == NIL) return atoms::false_;
  ProcessHeap heap(p);
  return tuple(heap, atom_put("value"), found);
}

}  // namespace ember

namespace ember {

// erlang:append/2 and erlang:subtract/2 are ++ and -- by name.
Term erlang_append_named_2(Process* p, Term* a) { return erlang_append_2(p, a); }
Term erlang_subtract_named_2(Process* p, Term* a) { return erlang_subtract_2(p, a); }

}  // namespace ember
