// Copying terms between heaps (messages, ETS, spawn arguments): the copy is equal to the
// original, takes exactly copy_size words, and holds its own references to shared binaries.
#include <catch2/catch.hpp>

#include <string>

#include "test/unit/term_parse.h"
#include "vm/term/binary.h"
#include "vm/term/build.h"
#include "vm/term/compare.h"
#include "vm/term/copy.h"
#include "vm/term/map.h"

using namespace ember;

TEST_CASE("a copy equals the original and takes exactly copy_size words") {
  Arena source;
  const char* texts[] = {
      "ok", "[]", "42", "[1,2,3]", "[a|b]", "{}", "{a,{b,{c,[1.5,-2.5e300]}}}",
      "123456789012345678901234567890", "<<1,2,3:4>>", "<<\"text\">>", "#{a => 1, b => [2]}",
      "[{1,\"xy\"},#{k => {v}},<<>>,[[]],[[[]]]]"};
  for (const char* text : texts) {
    Term t = test::parse_term(source, text);
    Arena target;
    size_t words = copy_size(t);
    Term copy = copy_term(target, t);
    CHECK(eq_exact(copy, t));
    CHECK(target.used_words() == words);
  }
}

TEST_CASE("copies of shared binaries and sub-binaries in a large map hold their own references") {
  Arena source;
  Term big = make_binary(source, std::string(1000, 'z'));
  Term sub = make_sub_binary(source, big, 8, 8 * 20 + 3);
  Term keys[40], values[40];
  for (int k = 0; k < 40; k++) keys[k] = make_small(k), values[k] = tuple(source, make_small(k), sub);
  Term map = map_from_pairs(source, keys, values, 40);  // a hash trie: more than 32 keys
  Term t = tuple(source, big, sub, map);
  SharedBinary* shared = refc_bin_shared(big);
  int64_t before = shared->refc.load(std::memory_order_relaxed);
  {
    Arena target;
    Term copy = copy_term(target, t);
    CHECK(eq_exact(copy, t));
    CHECK(target.used_words() == copy_size(t));
    CHECK(shared->refc.load(std::memory_order_relaxed) > before);  // the copy's binaries hold references of their own
  }
  CHECK(shared->refc.load(std::memory_order_relaxed) == before);  // and give them back with the target heap
}

TEST_CASE("a million-element list copies without deep recursion") {
  Arena source;
  Term list = NIL;
  for (int k = 0; k < 1000000; k++) list = cons(source, tuple(source, make_small(k)), list);
  Term nested = NIL;
  for (int k = 0; k < 100000; k++) nested = cons(source, nested, NIL);  // [[[...]]]
  Term t = tuple(source, list, nested);
  Arena target;
  Term copy = copy_term(target, t);
  CHECK(eq_exact(copy, t));
  CHECK(target.used_words() == copy_size(t));
}
