// erlang:phash2/1,2. A term too big for one time slice is hashed over several, as erts traps:
// the walk (vm/term/phash2.h) waits between slices in a magic reference, and the process
// collects no garbage meanwhile, for the walk points into the term.
#include "bif/bif.h"
#include "vm/term/magic_ref.h"
#include "vm/term/phash2.h"

namespace ember {
namespace {

struct Phash2State final : MagicObject {
  explicit Phash2State(Phash2&& w) : walk(std::move(w)) {}
  Phash2 walk;
  size_t size_bytes() const override { return sizeof(*this); }
};

// The hash as the BIF gives it: 27 bits for phash2/1 (range [] here), else modulo the range
// (0 standing for 2^32).
Term result(uint32_t hash, Term range) {
  if (range == NIL) return make_small(hash & ((uint32_t(1) << 27) - 1));
  auto r = uint32_t(small_value(range) & 0xFFFFFFFF);
  return make_small(r == 0 ? hash : hash % r);
}

// Registers between slices: x0 the term and x1 the range, as given (phash2/2's arguments),
// and x2 the walk (a magic reference).
Term resume(Process* p, Term* x);

Export* continuation(Term range) {
  static Export* e[] = {
      bif_continuation(atoms::erlang, atom_put("phash2"), 3, resume,
                       export_put(atoms::erlang, atom_put("phash2"), 1)),
      bif_continuation(atoms::erlang, atom_put("phash2"), 3, resume,
                       export_put(atoms::erlang, atom_put("phash2"), 2))};
  return e[range == NIL ? 0 : 1];
}

Term resume(Process* p, Term* x) {
  Phash2& walk = magic_ref_get<Phash2State>(x[2])->walk;
  int64_t allowed = budget(p), left = allowed;
  bool done = walk.step(&left);
  charge_work(p, uint64_t(allowed - std::max<int64_t>(left, 0)));
  if (!done) return bif_yield(p, continuation(x[1]));
  p->gc_held = false;
  return result(walk.value(), x[1]);
}

// A term hashed within the first slice (the common case) needs no state on the heap.
Term start(Process* p, Term* x, Term range) {
  Phash2 walk(x[0]);
  int64_t allowed = budget(p), left = allowed;
  bool done = walk.step(&left);
  charge_work(p, uint64_t(allowed - std::max<int64_t>(left, 0)));
  if (done) return result(walk.value(), range);
  ProcessHeap heap(p);
  x[1] = range;
  x[2] = make_magic_ref(heap, new Phash2State(std::move(walk)));
  p->gc_held = true;
  return bif_yield(p, continuation(range));
}

}  // namespace

Term erlang_phash2_1(Process* p, Term* a) { return start(p, a, NIL); }

Term erlang_phash2_2(Process* p, Term* a) {
  if (!is_small(a[1]) || small_value(a[1]) < 1 || small_value(a[1]) > 0x100000000ll) return badarg(p);
  return start(p, a, a[1]);
}

}  // namespace ember
