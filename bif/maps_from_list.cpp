// maps:from_list/1 and maps:from_keys/2. A list longer than a time slice allows is read, and
// its map built, over several slices, as erts' trap (vm/term/map_build.h); the process collects
// no garbage meanwhile, for the builder holds the list's terms.
#include <vector>

#include "bif/bif.h"
#include "vm/term/magic_ref.h"
#include "vm/term/map.h"
#include "vm/term/map_build.h"

namespace ember {
namespace {

struct BuildState final : MagicObject {
  MapBuilder builder;
  size_t size_bytes() const override { return sizeof(*this) + 2 * builder.size() * sizeof(MapBuilder::Entry); }
};

enum class Read { done, more, bad };

// Reads the list's elements from *list on, as far as *budget allows, giving each pair, or with
// a `value` each key, to add(key, value). *list is left at the first element not read.
template <typename Add>
Read read_some(Term* list, Term value, int64_t* budget, Add add) {
  Term l = *list;
  for (; is_list(l); l = tail(l), --*budget) {
    if (*budget <= 0) {
      *list = l;
      return Read::more;
    }
    Term item = head(l);
    if (value != THE_NON_VALUE) {
      add(item, value);
    } else if (is_tuple(item) && tuple_arity(item) == 2) {
      add(tuple_element(item, 0), tuple_element(item, 1));
    } else {
      return Read::bad;
    }
  }
  *list = l;
  return l == NIL ? Read::done : Read::bad;
}

// Registers between slices: x0 and x1 the BIF's arguments (an error shows them; [] in x1 for
// from_list), x2 the rest of the list still to read, x3 the builder (a magic reference).
template <bool keys>
Term resume(Process* p, Term* x);

template <bool keys>
Export* continuation() {
  static const Term maps = atom_put("maps"), name = atom_put(keys ? "from_keys" : "from_list");
  static Export* e = bif_continuation(maps, name, 4, resume<keys>, export_put(maps, name, keys ? 2 : 1));
  return e;
}

template <bool keys>
Term resume(Process* p, Term* x) {
  MapBuilder& builder = magic_ref_get<BuildState>(x[3])->builder;
  int64_t allowed = budget(p), left = allowed;
  Read read = read_some(&x[2], keys ? x[1] : THE_NON_VALUE, &left,
                        [&](Term k, Term v) { builder.add(k, v); });
  Term map = THE_NON_VALUE;
  if (read == Read::done) {
    ProcessHeap heap(p);
    map = builder.build_some(heap, &left);
  }
  charge_work(p, uint64_t(allowed - std::max<int64_t>(left, 0)));
  if (read == Read::bad) {
    p->gc_held = false;
    return badarg(p);
  }
  if (map == THE_NON_VALUE) return bif_yield(p, continuation<keys>());
  p->gc_held = false;
  return map;
}

// A list read within the first slice (the common case) makes its map at once, with no state on
// the heap; a longer one goes on in a builder.
template <bool keys>
Term start(Process* p, Term* x) {
  std::vector<Term> ks, vs;
  Term rest = x[0];
  int64_t allowed = budget(p), left = allowed;
  Read read = read_some(&rest, keys ? x[1] : THE_NON_VALUE, &left, [&](Term k, Term v) {
    ks.push_back(k);
    if (!keys) vs.push_back(v);
  });
  charge_work(p, uint64_t(allowed - std::max<int64_t>(left, 0)));
  if (read == Read::bad) return badarg(p);
  if (keys) vs.assign(ks.size(), x[1]);
  ProcessHeap heap(p);
  if (read == Read::done) return map_from_pairs(heap, ks.data(), vs.data(), ks.size());
  auto* state = new BuildState;
  state->builder.reserve(ks.size());
  for (size_t i = 0; i < ks.size(); i++) state->builder.add(ks[i], vs[i]);
  if (!keys) x[1] = NIL;
  x[2] = rest;
  x[3] = make_magic_ref(heap, state);
  p->gc_held = true;
  return bif_yield(p, continuation<keys>());
}

}  // namespace

Term maps_from_list_1(Process* p, Term* a) { return start<false>(p, a); }
Term maps_from_keys_2(Process* p, Term* a) { return start<true>(p, a); }

}  // namespace ember
