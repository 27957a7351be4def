// Long BIFs pay for their work in reductions, and '--' on long lists goes on over several time
// slices through a continuation, leaving its state in the registers between them.
#include <catch2/catch.hpp>

#include "bif/bif.h"
#include "test/unit/find_bif.h"
#include "vm/term/atom.h"
#include "vm/term/binary.h"
#include "vm/code/call.h"
#include "vm/term/compare.h"
#include "vm/process/gc.h"

using namespace ember;

namespace {

BifFn bif(const char* module, const char* function, uint32_t arity) {
  return test::find_bif(module, function, arity);
}

Term seq(Heap& heap, int64_t from, int64_t to) {
  Term l = NIL;
  for (int64_t k = to; k >= from; k--) l = cons(heap, make_small(k), l);
  return l;
}

// Reductions a BIF call uses from a full slice.
int used_by(Process* p, BifFn fn, Term* args) {
  p->reductions = reductions_per_slice;
  REQUIRE(fn(p, args) != THE_NON_VALUE);
  return reductions_per_slice - p->reductions;
}

}  // namespace

TEST_CASE("list and binary BIFs charge reductions for the elements they handle") {
  auto p = process_new();
  ProcessHeap heap(p.get());
  Term x[max_x_registers];
  Term list = seq(heap, 1, 100000);
  std::string bytes(100000, 'a');
  Term bin = make_binary(heap, bytes);

  x[0] = list;
  CHECK(used_by(p.get(), bif("erlang", "length", 1), x) >= 1000);
  x[0] = list, x[1] = NIL;
  CHECK(used_by(p.get(), bif("lists", "reverse", 2), x) >= 1000);
  x[0] = atom_put("absent"), x[1] = list;
  CHECK(used_by(p.get(), bif("lists", "member", 2), x) >= 1000);
  x[0] = make_small(1), x[1] = make_small(1), x[2] = list;
  CHECK(used_by(p.get(), bif("lists", "keyfind", 3), x) >= 1000);
  x[0] = list, x[1] = NIL;
  CHECK(used_by(p.get(), bif("erlang", "++", 2), x) >= 1000);
  x[0] = bin;
  CHECK(used_by(p.get(), bif("erlang", "binary_to_list", 1), x) >= 1000);
  x[0] = list;
  CHECK(used_by(p.get(), bif("erlang", "term_to_binary", 1), x) >= 1000);
  x[0] = seq(heap, 1, 3);
  CHECK(used_by(p.get(), bif("erlang", "length", 1), x) == 0);  // short work is free
  gc_free_all(p.get());
}

TEST_CASE("'--' on long lists traps to a continuation until its work is done") {
  auto p = process_new();
  Term x[max_x_registers];
  {
    ProcessHeap heap(p.get());
    x[0] = seq(heap, 1, 300000);
    x[1] = seq(heap, 2, 300000);  // leaves [1]
  }
  BifFn subtract = bif("erlang", "--", 2);
  p->reductions = reductions_per_slice;
  Term result = subtract(p.get(), x);
  int slices = 1;
  while (result == THE_NON_VALUE) {
    Export* next = std::exchange(p->trap, nullptr);
    REQUIRE(next);
    REQUIRE(next->bif);
    REQUIRE(next->code.load(std::memory_order_relaxed) != nullptr);  // called through code, where a process can yield
    REQUIRE(p->reductions <= 0);            // a slice is used up each time
    REQUIRE(gc_collect(p.get(), 0, x, next->arity));  // the state survives collections
    p->reductions = reductions_per_slice;
    result = next->bif(p.get(), x);
    slices++;
  }
  CHECK(slices > 10);
  Arena expected;
  CHECK(eq_exact(result, cons(expected, make_small(1), NIL)));
  gc_free_all(p.get());
}
