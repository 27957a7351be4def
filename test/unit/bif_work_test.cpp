// Long BIFs pay for their work in reductions, and those that walk long lists ('--', '++',
// lists:reverse/2, member/2, keyfind/3, term_to_binary, iolist_to_binary) or build big terms
// (binary_to_term, maps:from_list), hash (phash2) or convert text (unicode) go on over several
// time slices through a continuation, leaving their state in the registers between them.
#include <catch2/catch.hpp>

#include "bif/bif.h"
#include "test/unit/find_bif.h"
#include "vm/term/atom.h"
#include "vm/term/binary.h"
#include "vm/code/call.h"
#include "vm/term/build.h"
#include "vm/term/compare.h"
#include "vm/term/etf.h"
#include "vm/term/iolist.h"
#include "vm/term/hash.h"
#include "vm/term/map.h"
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

// Runs a BIF to its end as the interpreter would, each slice full, collecting garbage between
// slices if asked and the BIF allows (the state must survive it); counts the slices and the reductions used.
// THE_NON_VALUE if it raised.
Term run(Process* p, BifFn fn, Term* x, int* slices, int* used, bool collect = true) {
  *slices = 0;
  *used = 0;
  BifFn next_fn = fn;
  for (;;) {
    p->reductions = reductions_per_slice;
    Term result = next_fn(p, x);
    ++*slices;
    *used += reductions_per_slice - p->reductions;
    if (result != THE_NON_VALUE) return result;
    Export* next = std::exchange(p->trap, nullptr);
    if (!next) return THE_NON_VALUE;  // raised
    REQUIRE(next->bif);
    REQUIRE(next->code.get() != nullptr);  // called through code, where a process can yield
    REQUIRE(p->reductions <= 0);                                     // a slice is used up each time
    if (collect && !p->gc_held) REQUIRE(gc_collect(p, 0, x, next->arity));
    next_fn = next->bif;
  }
}

// Reductions a BIF call uses, over as many slices as it takes. No collection: the caller
// keeps terms outside the registers.
int used_by(Process* p, BifFn fn, Term* args) {
  int slices, used;
  REQUIRE(run(p, fn, args, &slices, &used, false) != THE_NON_VALUE);
  return used;
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
  Term pairs = NIL;
  for (int64_t k = 0; k < 100000; k++) pairs = cons(heap, tuple(heap, make_small(k), NIL), pairs);
  x[0] = pairs;
  CHECK(used_by(p.get(), bif("maps", "from_list", 1), x) >= 1000);
  x[0] = list, x[1] = atoms::unicode;
  CHECK(used_by(p.get(), bif("unicode", "characters_to_binary", 2), x) >= 1000);
  std::string encoded;
  etf_encode(list, EncodeOptions{}, encoded);
  x[0] = make_binary(heap, encoded);
  CHECK(used_by(p.get(), bif("erlang", "binary_to_term", 1), x) >= 1000);
  x[0] = seq(heap, 1, 3);
  CHECK(used_by(p.get(), bif("erlang", "length", 1), x) == 0);  // short work is free
  gc_free_all(p.get());
}

TEST_CASE("BIFs on long lists trap to a continuation until their work is done") {
  auto p = process_new();
  Term x[max_x_registers];
  int slices, used;
  auto fill = [&](auto make) {
    ProcessHeap heap(p.get());
    make(heap);
  };
  Arena expected;

  fill([&](Heap& h) { x[0] = seq(h, 1, 300000), x[1] = seq(h, 2, 300000); });  // leaves [1]
  Term result = run(p.get(), bif("erlang", "--", 2), x, &slices, &used);
  CHECK(slices > 10);
  CHECK(eq_exact(result, cons(expected, make_small(1), NIL)));

  fill([&](Heap& h) { x[0] = seq(h, 1, 300000), x[1] = seq(h, 300001, 300002); });
  result = run(p.get(), bif("erlang", "++", 2), x, &slices, &used);
  CHECK(slices > 5);
  CHECK(eq_exact(result, seq(expected, 1, 300002)));

  fill([&](Heap& h) { x[0] = seq(h, 1, 300000), x[1] = NIL; });
  result = run(p.get(), bif("lists", "reverse", 2), x, &slices, &used);
  CHECK(slices > 3);
  Term reversed = NIL;
  for (int64_t k = 1; k <= 300000; k++) reversed = cons(expected, make_small(k), reversed);
  CHECK(eq_exact(result, reversed));

  fill([&](Heap& h) { x[0] = make_small(300000), x[1] = seq(h, 1, 300000); });
  CHECK(run(p.get(), bif("lists", "member", 2), x, &slices, &used) == atoms::true_);
  CHECK(slices > 3);

  fill([&](Heap& h) { x[0] = make_small(1), x[1] = make_small(1), x[2] = seq(h, 1, 300000); });
  CHECK(run(p.get(), bif("lists", "keyfind", 3), x, &slices, &used) == atoms::false_);
  CHECK(slices > 3);

  fill([&](Heap& h) { x[0] = seq(h, 1, 300000); });
  std::string encoding;
  etf_encode(x[0], EncodeOptions{}, encoding);
  result = run(p.get(), bif("erlang", "term_to_binary", 1), x, &slices, &used);
  CHECK(slices > 3);
  CHECK(eq_exact(result, make_binary(expected, encoding)));

  // Bytes, a nested list, and a binary longer than a slice copies (its rest waits as a
  // sub-binary), behind a binary tail.
  fill([&](Heap& h) {
    Term bytes = NIL;
    for (int64_t k = 0; k < 300000; k++) bytes = cons(h, make_small(k % 256), bytes);
    Term big = make_binary(h, std::string(1 << 20, 'b'));
    Term nested = cons(h, cons(h, make_small(1), cons(h, NIL, make_binary(h, "tail"))), NIL);
    x[0] = cons(h, bytes, cons(h, nested, big));
  });
  std::string flat;
  REQUIRE(iolist_bytes(x[0], flat));
  result = run(p.get(), bif("erlang", "iolist_to_binary", 1), x, &slices, &used);
  CHECK(slices > 5);
  CHECK(eq_exact(result, make_binary(expected, flat)));
  gc_free_all(p.get());
}

namespace {

std::string encoding(Term t, const EncodeOptions& options = {}) {
  std::string bytes;
  etf_encode(t, options, bytes);
  return bytes;
}

Term on_heap(Process* p, std::string_view bytes) {
  ProcessHeap heap(p);
  return make_binary(heap, bytes);
}

// The same bytes one bit into a binary of p's heap, as <<_:1, B/binary, _:7>> would hold them.
Term unaligned(Process* p, std::string_view bytes) {
  ProcessHeap heap(p);
  uint8_t* data;
  Term whole = new_binary(heap, bytes.size() + 1, &data);
  std::fill_n(data, bytes.size() + 1, 0);
  copy_bits(reinterpret_cast<const uint8_t*>(bytes.data()), 0, data, 1, 8 * bytes.size());
  return make_sub_binary(heap, whole, 1, 8 * bytes.size());
}

// Terms whose decoding takes many slices: a long list, a deep tuple, a list nested by its first
// element, a big map holding small ones, a big binary and a bitstring beside small terms.
std::vector<Term> big_terms(Heap& heap) {
  Term list = seq(heap, 1, 300000);
  Term deep = atom_put("leaf");
  for (int64_t k = 0; k < 200000; k++) deep = tuple(heap, make_small(k), deep);
  Term nested = NIL;
  for (int64_t k = 0; k < 100000; k++)
    nested = cons(heap, nested, cons(heap, tuple(heap, make_small(k)), NIL));
  std::vector<Term> keys, values;
  for (int64_t k = 0; k < 100000; k++) {
    keys.push_back(make_small(k));
    Term key = make_small(-k), value = make_small(k);
    values.push_back(map_from_pairs(heap, &key, &value, 1));
  }
  Term map = map_from_pairs(heap, keys.data(), values.data(), keys.size());
  Term big = make_binary(heap, std::string(3000000, 'b'));
  Term bits = make_sub_binary(heap, big, 3, 8 * 100000 + 5);
  Term mixed = tuple(heap, big, bits, make_float(heap, 1.5), seq(heap, 1, 100000));
  return {list, deep, nested, map, mixed};
}

}  // namespace

TEST_CASE("binary_to_term builds its term over many slices, through collections") {
  auto p = process_new();
  Term x[max_x_registers];
  int slices, used;
  Arena expected;
  for (Term t : big_terms(expected)) {
    x[0] = on_heap(p.get(), encoding(t));
    Term result = run(p.get(), bif("erlang", "binary_to_term", 1), x, &slices, &used);
    CHECK(slices > 3);
    REQUIRE(result != THE_NON_VALUE);
    CHECK(eq_exact(result, t));
    // Every collection between slices was a major one; minor ones may follow the decode.
    x[0] = result;
    REQUIRE(gc_collect(p.get(), 0, x, 1));
    REQUIRE(gc_collect(p.get(), 0, x, 1));
    CHECK(eq_exact(x[0], t));
  }

  Term list = seq(expected, 1, 300000);
  std::string bytes = encoding(list, EncodeOptions{6, 1, false});
  x[0] = on_heap(p.get(), bytes + "rest");
  x[1] = cons(expected, atoms::used, cons(expected, atoms::safe, NIL));
  Term result = run(p.get(), bif("erlang", "binary_to_term", 2), x, &slices, &used);
  CHECK(slices > 3);
  REQUIRE(result != THE_NON_VALUE);
  CHECK(eq_exact(result, tuple(expected, list, make_small(int64_t(bytes.size())))));

  x[0] = unaligned(p.get(), encoding(list));
  result = run(p.get(), bif("erlang", "binary_to_term", 1), x, &slices, &used);
  CHECK(slices > 3);
  CHECK(eq_exact(result, list));
  gc_free_all(p.get());
}

TEST_CASE("binary_to_term fails with badarg on input found malformed after it yielded") {
  auto p = process_new();
  Term x[max_x_registers];
  int slices, used;
  Arena terms;
  std::string bytes = encoding(seq(terms, 1, 300000));
  std::string truncated = bytes.substr(0, bytes.size() - 1);
  std::string unknown_atom = truncated + "\x77\x05zzzqq";  // as the list's tail, which `safe` refuses
  for (const std::string& input : {truncated, unknown_atom}) {
    x[0] = on_heap(p.get(), input);
    x[1] = cons(terms, atoms::safe, NIL);
    CHECK(run(p.get(), bif("erlang", "binary_to_term", 2), x, &slices, &used) == THE_NON_VALUE);
    CHECK(slices > 3);
    CHECK(p->exception.reason == atoms::badarg);
  }
  gc_free_all(p.get());
}

TEST_CASE("phash2 hashes a big term over many slices, to the value it has at once") {
  auto p = process_new();
  Term x[max_x_registers];
  int slices, used;
  Arena terms;
  for (Term t : big_terms(terms)) {
    x[0] = t;
    Term hash = run(p.get(), bif("erlang", "phash2", 1), x, &slices, &used);
    CHECK(slices > 3);
    CHECK(hash == make_small(phash2(t)));
    CHECK_FALSE(p->gc_held);
    x[0] = t;
    x[1] = make_small(1000);
    CHECK(run(p.get(), bif("erlang", "phash2", 2), x, &slices, &used) == make_small(phash2_range(t, 1000)));
  }
  gc_free_all(p.get());
}

TEST_CASE("unicode conversions of long input take many slices") {
  auto p = process_new();
  Term x[max_x_registers];
  int slices, used;
  Arena expected;
  std::string text;
  for (int k = 0; k < 100000; k++) text += "a\xC3\xA9\xE2\x82\xAC";  // "aé€"
  {
    ProcessHeap heap(p.get());
    x[0] = make_char_list(heap, text);
    x[1] = atoms::unicode;
  }
  Term result = run(p.get(), bif("unicode", "characters_to_binary", 2), x, &slices, &used);
  CHECK(slices > 3);
  CHECK(eq_exact(result, make_binary(expected, text)));
  CHECK_FALSE(p->gc_held);
  {
    ProcessHeap heap(p.get());
    x[0] = make_binary(heap, text);
    x[1] = atoms::unicode;
  }
  result = run(p.get(), bif("unicode", "characters_to_list", 2), x, &slices, &used);
  CHECK(slices > 3);
  CHECK(eq_exact(result, make_char_list(expected, text)));
  gc_free_all(p.get());
}

TEST_CASE("maps:from_list and from_keys build a big map over many slices") {
  auto p = process_new();
  Term x[max_x_registers];
  int slices, used;
  Arena expected;
  std::vector<Term> keys, values;
  for (int64_t k = 0; k < 200000; k++) {
    keys.push_back(make_small(k % 150000));  // the last 50000 come again, and win
    values.push_back(make_small(k));
  }
  Term map = map_from_pairs(expected, keys.data(), values.data(), keys.size());
  {
    ProcessHeap heap(p.get());
    x[0] = NIL;
    for (size_t i = keys.size(); i-- > 0;) x[0] = cons(heap, tuple(heap, keys[i], values[i]), x[0]);
  }
  Term result = run(p.get(), bif("maps", "from_list", 1), x, &slices, &used);
  CHECK(slices > 3);
  CHECK(eq_exact(result, map));
  CHECK_FALSE(p->gc_held);
  {
    ProcessHeap heap(p.get());
    x[0] = seq(heap, 1, 200000);
    x[1] = atoms::ok;
  }
  result = run(p.get(), bif("maps", "from_keys", 2), x, &slices, &used);
  CHECK(slices > 3);
  CHECK(map_size(result) == 200000);
  CHECK(map_get(result, make_small(200000)) == atoms::ok);
  gc_free_all(p.get());
}
