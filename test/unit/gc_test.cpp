// The garbage collector on hand-built heaps: live data survives with its shape, garbage goes,
// literals are never copied (but by the literal collection of an area about to be freed), and
// shared binaries are released when their last heap reference dies.
#include <catch2/catch.hpp>

#include "vm/term/atom.h"
#include "vm/term/binary.h"
#include "vm/term/build.h"
#include "vm/term/compare.h"
#include "vm/term/copy.h"
#include "vm/process/gc.h"
#include "vm/term/magic_ref.h"
#include "vm/process/process.h"

using namespace ember;

namespace {

Term nested_list(Heap& heap, int n) {
  Term list = NIL;
  for (int k = 0; k < n; k++) list = cons(heap, tuple(heap, make_small(k), make_float(heap, k * 0.5)), list);
  return list;
}

}  // namespace

TEST_CASE("live terms survive a collection unchanged; garbage is dropped") {
  auto p = process_new();
  ProcessHeap heap(p.get());
  Arena reference;
  Term x[2];
  x[0] = nested_list(heap, 500);
  for (int k = 0; k < 50; k++) nested_list(heap, 20);  // garbage
  x[1] = make_binary(heap, "a heap binary");
  Term expected = nested_list(reference, 500);
  REQUIRE(gc_collect(p.get(), 0, x, 2));
  REQUIRE(eq_exact(x[0], expected));
  REQUIRE(bitstring_bits(x[1]).view() == "a heap binary");
  REQUIRE(p->fragments.empty());
  REQUIRE(size_t(p->htop - p->heap) < 500 * 8);  // the garbage was not copied
  gc_free_all(p.get());
}

TEST_CASE("shared binaries are released when the last reference is collected") {
  auto p = process_new();
  ProcessHeap heap(p.get());
  std::string big(1000, 'b');
  Term x[1];
  x[0] = make_binary(heap, big);
  SharedBinary* shared = refc_bin_shared(x[0]);
  shared->retain();  // our own reference, so we can watch the count
  Term sub = make_sub_binary(heap, x[0], 8, 8 * 10);
  x[0] = sub;  // only the sub-binary keeps the shared binary alive now
  REQUIRE(gc_collect(p.get(), 0, x, 1));  // a minor collection: the sub-binary is promoted
  REQUIRE(shared->refc.load(std::memory_order_relaxed) == 2);
  REQUIRE(bitstring_bits(x[0]).view() == std::string(10, 'b'));
  REQUIRE(gc_collect(p.get(), 0, x, 0));  // minor collections never look at the old generation
  REQUIRE(shared->refc.load(std::memory_order_relaxed) == 2);
  REQUIRE(gc_major(p.get(), x, 0));  // a major one sees that nothing refers to it any more
  REQUIRE(shared->refc.load(std::memory_order_relaxed) == 1);
  shared->release();
  gc_free_all(p.get());
}

TEST_CASE("a minor collection promotes survivors and leaves the young heap empty") {
  auto p = process_new();
  ProcessHeap heap(p.get());
  Term x[1] = {nested_list(heap, 50)};
  REQUIRE(gc_collect(p.get(), 0, x, 1));
  REQUIRE(p->htop == p->heap);                          // young heap empty
  REQUIRE(p->old_heap <= boxed_ptr(head(x[0])));         // the data now lives in the old heap
  REQUIRE(boxed_ptr(head(x[0])) < p->old_htop);
  Arena reference;
  REQUIRE(eq_exact(x[0], nested_list(reference, 50)));
  REQUIRE(gc_major(p.get(), x, 1));  // a major collection brings everything back into one young heap
  REQUIRE(p->old_heap == nullptr);
  REQUIRE(eq_exact(x[0], nested_list(reference, 50)));
  gc_free_all(p.get());
}

TEST_CASE("literals outside the heap are shared, never copied") {
  Arena literals;
  Term literal = nested_list(literals, 10);
  auto p = process_new();
  ProcessHeap heap(p.get());
  Term x[1] = {cons(heap, literal, NIL)};
  REQUIRE(gc_collect(p.get(), 0, x, 1));
  REQUIRE(head(x[0]) == literal);  // the same pointer
  gc_free_all(p.get());
}

TEST_CASE("the stack survives a collection, return addresses untouched") {
  auto p = process_new();
  ProcessHeap heap(p.get());
  Word fake_code[4] = {};
  Term kept = nested_list(heap, 5);
  *--p->stop = Word(uintptr_t(&fake_code[1]));  // a return address
  *--p->stop = kept;                             // a Y register
  REQUIRE(gc_collect(p.get(), 200, nullptr, 0));
  REQUIRE(p->stop[1] == Word(uintptr_t(&fake_code[1])));
  Arena reference;
  REQUIRE(eq_exact(p->stop[0], nested_list(reference, 5)));
  REQUIRE(size_t(p->stop - p->htop) >= 200);
  gc_free_all(p.get());
}

TEST_CASE("deep structures are collected without recursion") {
  auto p = process_new();
  ProcessHeap heap(p.get());
  Term x[1] = {NIL};
  for (int k = 0; k < 200000; k++) x[0] = tuple(heap, x[0]);
  REQUIRE(gc_collect(p.get(), 0, x, 1));
  int depth = 0;
  for (Term t = x[0]; t != NIL; t = tuple_element(t, 0)) depth++;
  REQUIRE(depth == 200000);
  gc_free_all(p.get());
}

TEST_CASE("a young heap grown for much live data shrinks back once it is far too big") {
  auto p = process_new();
  ProcessHeap heap(p.get());
  Term x[1];
  x[0] = nested_list(heap, 20000);  // about 100,000 words, alive through the collection
  REQUIRE(gc_collect(p.get(), 0, x, 1));
  size_t grown = size_t(p->hend - p->heap);
  REQUIRE(grown > 100000);
  x[0] = nested_list(heap, 5000);  // a quarter as much: the heap keeps its size
  REQUIRE(gc_collect(p.get(), 0, x, 1));
  CHECK(size_t(p->hend - p->heap) == grown);
  REQUIRE(gc_collect(p.get(), 0, x, 0));  // nothing alive: it shrinks
  CHECK(size_t(p->hend - p->heap) < grown / 8);
  gc_free_all(p.get());
}

namespace {

struct Watched : MagicObject {
  bool* destroyed;
  explicit Watched(bool* d) : destroyed(d) {}
  ~Watched() override { *destroyed = true; }
  size_t size_bytes() const override { return sizeof(*this); }
};

}  // namespace

TEST_CASE("a magic reference's object lives while a heap holds a copy of the reference") {
  bool destroyed = false;
  auto p = process_new();
  ProcessHeap heap(p.get());
  Term x[1];
  x[0] = tuple(heap, make_magic_ref(heap, new Watched(&destroyed)), make_small(1));
  Term ref = tuple_element(x[0], 0);
  REQUIRE(is_local_ref(ref));
  REQUIRE(magic_ref_get<Watched>(ref));
  Arena copy;  // as a message on its way, or an ETS table
  Term copied = copy_term(copy, ref, copy_size(ref));
  REQUIRE(eq_exact(copied, ref));
  REQUIRE(gc_collect(p.get(), 0, x, 1));  // moved, still held
  REQUIRE(magic_ref_get<Watched>(tuple_element(x[0], 0)) == magic_ref_get<Watched>(copied));
  REQUIRE(gc_major(p.get(), x, 0));  // the process let go; the copy still holds it
  REQUIRE_FALSE(destroyed);
  release_off_heap(copy.off_heap());
  REQUIRE(destroyed);
  gc_free_all(p.get());
}

TEST_CASE("a literal collection copies what the process refers to in the area, sharing kept") {
  auto p = process_new();
  ProcessHeap heap(p.get());
  auto area = std::make_unique<Arena>();
  Term shared_part = nested_list(*area, 10);
  Term literal = tuple(*area, shared_part, shared_part, make_binary(*area, std::string(1000, 'l')));
  SharedBinary* bin = refc_bin_shared(tuple_element(literal, 2));
  Arena other_area;
  Term other = nested_list(other_area, 3);
  Term x[2] = {cons(heap, literal, NIL), other};
  p->dictionary.push_back(tuple(heap, atom_put("k"), literal));
  REQUIRE(gc_refers_to(p.get(), x, 2, *area));
  auto bystander = process_new();
  REQUIRE_FALSE(gc_refers_to(bystander.get(), x + 1, 1, *area));
  gc_free_all(bystander.get());
  REQUIRE(gc_copy_literals(p.get(), x, 2, *area));
  REQUIRE_FALSE(gc_refers_to(p.get(), x, 2, *area));
  REQUIRE(bin->refc.load(std::memory_order_relaxed) == 2);  // the area's and the copy's
  REQUIRE(x[1] == other);  // another area is left alone
  Term copy = head(x[0]);
  REQUIRE(tuple_element(copy, 0) == tuple_element(copy, 1));  // copied once, shared as before
  REQUIRE(copy == tuple_element(p->dictionary.back(), 1));
  Arena reference;
  Term expected = tuple(reference, nested_list(reference, 10), nested_list(reference, 10),
                        make_binary(reference, std::string(1000, 'l')));
  area.reset();  // what the area held is gone; the copy stands alone
  REQUIRE(eq_exact(copy, expected));
  gc_free_all(p.get());
}
