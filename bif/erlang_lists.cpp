// erlang:'++'/2 and length/1 as BIFs, both proportional to the list they walk.
#include "bif/bif.h"

namespace ember {
namespace {

// A left list longer than one slice allows is copied in two walks, each of which stops when
// the slice is spent: the left reversed onto [], then that reversed onto the right. The state,
// in registers between slices:
//   x0 the left list and x1 the right one, as given (an error shows them, as erts' does),
//   x2 the phase, x3 the list being walked, x4 what is built so far.
enum AppendPhase : int64_t { reverse_left, reverse_back };

Term append_continue(Process* p, Term* x);

Export* append_continuation() {
  static Export* e = bif_continuation(atoms::erlang, atom_put("++"), 5, append_continue,
                                      export_put(atoms::erlang, atom_put("++"), 2));
  return e;
}

Term append_continue(Process* p, Term* x) {
  int64_t left = budget(p), allowed = left;
  ProcessHeap heap(p);
  Term l = x[3], built = x[4];
  for (; is_list(l) && left > 0; l = tail(l), left--) built = cons(heap, head(l), built);
  charge_work(p, uint64_t(allowed - left));
  if (is_list(l)) {
    x[3] = l;
    x[4] = built;
    return bif_yield(p, append_continuation());
  }
  if (l != NIL) return badarg(p);
  if (x[2] == make_small(reverse_back)) return built;
  x[2] = make_small(reverse_back);
  x[3] = built;
  x[4] = x[1];
  return append_continue(p, x);
}

// The cells of a proper list of at most `limit` elements, or -1 if it is improper, or
// limit + 1 if it is longer.
int64_t bounded_length(Term l, int64_t limit) {
  int64_t n = 0;
  for (; is_list(l); l = tail(l))
    if (++n > limit) return n;
  return l == NIL ? n : -1;
}

}  // namespace

Term erlang_append_2(Process* p, Term* a) {  // '++'
  Term left = a[0];
  if (left == NIL) return a[1];
  int64_t limit = budget(p), n = bounded_length(left, limit);
  if (n < 0) return badarg(p);
  if (n > limit) {
    a[2] = make_small(reverse_left);
    a[3] = left;
    a[4] = NIL;
    return append_continue(p, a);
  }
  charge_work(p, uint64_t(n));
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

// erlang:append/2 is ++ by name.
Term erlang_append_named_2(Process* p, Term* a) { return erlang_append_2(p, a); }

// Reached only by apply and funs: a length/1 in code is the i_length instruction, which yields
// on long lists as erts' does. A BIF call cannot leave its caller's live registers in place
// across a yield, so this one charges in proportion and walks the list at once.
Term erlang_length_1(Process* p, Term* a) {
  int64_t n = list_length(a[0]);
  if (n < 0) return badarg(p);
  charge_work(p, uint64_t(n));
  return make_small(n);
}

}  // namespace ember
