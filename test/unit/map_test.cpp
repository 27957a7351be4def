// Large-map shape and order against erl (OTP 25): maps:keys/1 of maps with integer, atom,
// binary, tuple and mixed keys, the iterator's path encoding, and conversions at 32 keys.
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "term_parse.h"
#include "vm/term/atom.h"
#include "vm/term/binary.h"
#include "vm/term/build.h"
#include "vm/term/compare.h"
#include "vm/term/hash.h"
#include "vm/term/map.h"

using namespace ember;
using ember::test::parse_term;

namespace {

// maps:keys(M) printed with ~w by erl for the maps the tests build (see each test).
const char* const atoms40_keys =
    R"([ember_key_39,ember_key_6,ember_key_16,ember_key_17,ember_key_35,ember_key_20,)"
    R"(ember_key_27,ember_key_5,ember_key_2,ember_key_33,ember_key_13,ember_key_18,ember_key_28,)"
    R"(ember_key_22,ember_key_12,ember_key_11,ember_key_36,ember_key_4,ember_key_7,ember_key_32,)"
    R"(ember_key_19,ember_key_31,ember_key_26,ember_key_24,ember_key_1,ember_key_8,ember_key_14,)"
    R"(ember_key_40,ember_key_38,ember_key_23,ember_key_9,ember_key_15,ember_key_10,ember_key_34,)"
    R"(ember_key_29,ember_key_30,ember_key_25,ember_key_3,ember_key_37,ember_key_21])";
const char* const ints33_keys =
    R"([33,12,23,29,30,26,31,11,9,32,25,28,6,13,20,15,14,2,7,1,8,3,17,22,21,4,24,10,27,19,5,18,)"
    R"(16])";
const char* const ints100_keys =
    R"([33,12,73,44,23,29,47,89,61,30,43,39,45,48,57,26,69,88,63,100,71,46,31,98,81,11,37,9,76,)"
    R"(32,34,25,28,85,91,64,6,72,68,86,51,80,38,13,59,40,77,95,41,20,78,15,14,60,2,7,83,74,99,1,)"
    R"(97,8,3,75,90,58,55,17,22,52,87,21,96,4,82,36,53,50,66,24,10,35,70,56,62,49,27,84,94,92,42,)"
    R"(19,67,93,65,5,54,18,79,16])";
const char* const bins50_keys =
    R"([<<52,55>>,<<55>>,<<50,55>>,<<52,51>>,<<50,53>>,<<49,52>>,<<56>>,<<51,54>>,<<50,48>>,<<51,)"
    R"(49>>,<<53>>,<<52,52>>,<<54>>,<<51>>,<<51,51>>,<<51,52>>,<<50,54>>,<<50,49>>,<<49,53>>,)"
    R"(<<50,51>>,<<52,53>>,<<49,50>>,<<49,49>>,<<49,55>>,<<49,48>>,<<52,48>>,<<49,56>>,<<51,57>>,)"
    R"(<<53,48>>,<<52,49>>,<<51,56>>,<<52,54>>,<<51,53>>,<<51,50>>,<<50,56>>,<<50,57>>,<<52,57>>,)"
    R"(<<51,48>>,<<50>>,<<50,50>>,<<50,52>>,<<52,50>>,<<52,56>>,<<51,55>>,<<52>>,<<49,51>>,<<49,)"
    R"(54>>,<<57>>,<<49>>,<<49,57>>])";
const char* const tuples64_keys =
    R"([{13,6},{32,4},{62,6},{53,4},{22,1},{55,6},{38,3},{1,1},{25,4},{35,0},{16,2},{51,2},{28,)"
    R"(0},{10,3},{61,5},{8,1},{27,6},{39,4},{37,2},{17,3},{56,0},{43,1},{19,5},{23,2},{64,1},{29,)"
    R"(1},{63,0},{31,3},{49,0},{6,6},{44,2},{21,0},{58,2},{12,5},{47,5},{15,1},{7,0},{20,6},{3,)"
    R"(3},{34,6},{40,5},{11,4},{33,5},{5,5},{54,5},{9,2},{18,4},{52,3},{48,6},{41,6},{30,2},{45,)"
    R"(3},{57,1},{14,0},{36,1},{24,3},{60,4},{2,2},{4,4},{59,3},{46,4},{50,1},{42,0},{26,5}])";
const char* const mixed_keys =
    R"([[1],{1,2.0},{1},576460752303423487,7.5,[1|2],{{{}}},{<<120>>,[3]},-18446744073709551616,)"
    R"(9,-5,#{},6,[1,2,3,300,4,5,6,7,8,9|3.5],0,[97,98,99,100,101,102,103],{[],[97,98]},<<98,105,)"
    R"(110>>,1.5,2,7,<<>>,1,3.0e100,8,<<1:3>>,3,1.0,#{16 => 16,18 => 18,5 => 5,19 => 19,27 => 27,)"
    R"(35 => 35,10 => 10,24 => 24,36 => 36,4 => 4,21 => 21,22 => 22,17 => 17,3 => 3,8 => 8,)"
    R"(1 => 1,7 => 7,2 => 2,14 => 14,15 => 15,20 => 20,40 => 40,13 => 13,38 => 38,6 => 6,)"
    R"(28 => 28,25 => 25,34 => 34,32 => 32,9 => 9,37 => 37,11 => 11,31 => 31,26 => 26,39 => 39,)"
    R"(30 => 30,29 => 29,23 => 23,12 => 12,33 => 33},-576460752303423488,4,0.0,[],10,#{1 => 2},)"
    R"(-2.25,[[[]]],[116,101,120,116],18446744073709551616,{},<<97,32,108,111,110,103,101,114,32,)"
    R"(98,105,110,97,114,121,32,116,104,97,116,32,103,111,101,115,32,112,97,115,116,32,97,32,102,)"
    R"(101,119,32,119,111,114,100,115,32,111,102,32,104,97,115,104,105,110,103>>,5,123456789012])";
const char* const removed67_keys =
    R"([73,89,69,88,100,71,98,81,76,85,91,72,68,86,80,77,95,78,83,74,99,97,75,90,87,96,82,70,84,)"
    R"(94,92,93,79])";
const char* const removed68_keys =
    R"([69,70,71,72,73,74,75,76,77,78,79,80,81,82,83,84,85,86,87,88,89,90,91,92,93,94,95,96,97,)"
    R"(98,99,100])";

std::vector<Term> list_elements(Term list) {
  std::vector<Term> out;
  for (; is_list(list); list = tail(list)) out.push_back(head(list));
  return out;
}

Term make_list(Arena& arena, const std::vector<Term>& items) {
  Term list = NIL;
  for (size_t i = items.size(); i-- > 0;) list = cons(arena, items[i], list);
  return list;
}

std::vector<Term> iteration_order(Term map) {
  std::vector<Term> keys;
  map_for_each(map, [&](Term k, Term) {
    keys.push_back(k);
    return true;
  });
  return keys;
}

// What maps:keys/1 returns: iteration order for a flat map, reversed for a large one.
std::vector<Term> erts_keys(Term map) {
  std::vector<Term> keys = iteration_order(map);
  if (is_hash_map(map)) std::reverse(keys.begin(), keys.end());
  return keys;
}

bool same_terms(const std::vector<Term>& a, const std::vector<Term>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); i++)
    if (!eq_exact(a[i], b[i])) return false;
  return true;
}

Term from_keys(Arena& arena, const std::vector<Term>& keys) {
  std::vector<Term> values(keys.size(), atom_put("x"));
  return map_from_pairs(arena, keys.data(), values.data(), keys.size());
}

Term put_each(Arena& arena, std::vector<Term> keys, unsigned seed) {
  std::shuffle(keys.begin(), keys.end(), std::mt19937(seed));
  Term map = from_keys(arena, {});
  for (Term k : keys) map = map_put(arena, map, k, atom_put("x"));
  return map;
}

std::vector<Term> small_ints(int64_t from, int64_t to) {
  std::vector<Term> out;
  for (int64_t i = from; i <= to; i++) out.push_back(make_small(i));
  return out;
}

// Builds the map three ways (from pairs, put one by one in a random order, and by removing
// extra keys from a bigger map) and checks maps:keys/1 order against erl's.
void check_order(const std::vector<Term>& keys, const char* expected_text) {
  Arena arena;
  std::vector<Term> expected = list_elements(parse_term(arena, expected_text));
  std::vector<Term> extra = keys;
  for (int i = 0; i < 20; i++) extra.push_back(make_small(1000000 + i));
  Term shrunk = from_keys(arena, extra);
  for (int i = 0; i < 20; i++) shrunk = map_remove(arena, shrunk, make_small(1000000 + i));
  for (Term map : {from_keys(arena, keys), put_each(arena, keys, 1), put_each(arena, keys, 2), shrunk}) {
    REQUIRE(map_size(map) == keys.size());
    REQUIRE(same_terms(erts_keys(map), expected));
  }
}

}  // namespace

TEST_CASE("maps:keys order of 33 and 100 integer keys matches erl") {
  check_order(small_ints(1, 33), ints33_keys);
  check_order(small_ints(1, 100), ints100_keys);
}

TEST_CASE("maps:keys order of 50 binary keys and 64 tuple keys matches erl") {
  Arena arena;
  std::vector<Term> binaries, tuples;
  for (int i = 1; i <= 50; i++) binaries.push_back(make_binary(arena, std::to_string(i)));
  for (int i = 1; i <= 64; i++) tuples.push_back(tuple(arena, make_small(i), make_small(i % 7)));
  check_order(binaries, bins50_keys);
  check_order(tuples, tuples64_keys);
}

TEST_CASE("maps:keys order of mixed keys matches erl") {
  Arena arena;
  std::vector<Term> keys = list_elements(parse_term(arena, mixed_keys));
  std::reverse(keys.begin(), keys.end());
  check_order(keys, mixed_keys);
}

TEST_CASE("atom keys take erl's order when the atoms have erl's indices", "[.atom-index]") {
  // erl created ember_key_1..40 in that order with atom_count going from 8379 to 8419; atoms
  // hash by index, so the same indices here must give the same order.
  const size_t first_index = 8379;
  REQUIRE(atom_count() <= first_index);
  for (size_t i = 0; atom_count() < first_index; i++)
    atom_put("ember_filler_" + std::to_string(i));
  std::vector<Term> atoms;
  for (int i = 1; i <= 40; i++) atoms.push_back(atom_put("ember_key_" + std::to_string(i)));
  REQUIRE(atom_index(atoms.back()) == first_index + 39);
  check_order(atoms, atoms40_keys);
}

TEST_CASE("1000 and 100000 integer keys: order checksums match erl") {
  Arena arena(1 << 16);
  Term m1000 = from_keys(arena, small_ints(1, 1000));
  REQUIRE(phash2(make_list(arena, erts_keys(m1000))) == 44412525);      // phash2(maps:keys(M))
  REQUIRE(phash2(make_list(arena, iteration_order(m1000))) == 24391660);  // via maps:next
  Term m100k = from_keys(arena, small_ints(1, 100000));
  REQUIRE(phash2(make_list(arena, erts_keys(m100k))) == 88371719);
  Term thinned = m1000;
  for (int i = 1; i <= 1000; i += 3) thinned = map_remove(arena, thinned, make_small(i));
  REQUIRE(map_size(thinned) == 666);
  REQUIRE(phash2(make_list(arena, erts_keys(thinned))) == 50474535);
}

TEST_CASE("a large map shrinks to a flat one at 32 keys, as maps:remove does in erl") {
  Arena arena;
  Term map = from_keys(arena, small_ints(1, 100));
  for (int i = 1; i <= 67; i++) map = map_remove(arena, map, make_small(i));
  REQUIRE(is_hash_map(map));
  REQUIRE(same_terms(erts_keys(map), list_elements(parse_term(arena, removed67_keys))));
  map = map_remove(arena, map, make_small(68));
  REQUIRE(is_flat_map(map));
  REQUIRE(same_terms(erts_keys(map), list_elements(parse_term(arena, removed68_keys))));
  map = map_put(arena, map, make_small(68), NIL);
  REQUIRE(is_hash_map(map));
  REQUIRE(same_terms(erts_keys(map), list_elements(parse_term(arena, removed67_keys))));
}

TEST_CASE("the iterator path after 32 pairs is erts' (erts_internal:map_next/3)") {
  // erl: erts_internal:map_next(0, M, iterator) returns 32 pairs then [Path | M].
  struct Case {
    int64_t keys;
    uint64_t path;
  };
  Arena arena(1 << 16);
  for (Case c : {Case{33, 30}, Case{100, 37}, Case{1000, 128}, Case{100000, 90368}}) {
    Term map = from_keys(arena, small_ints(1, c.keys));
    MapCursor cursor{map};
    Term k, v;
    for (int i = 0; i < 32; i++) REQUIRE(map_next(cursor, &k, &v) == MapStep::pair);
    REQUIRE(cursor.path[0] == c.path);
    REQUIRE_FALSE(cursor.done);
  }
}

TEST_CASE("the cursor walks the same order as map_for_each and resumes from a path") {
  Arena arena(1 << 16);
  for (int64_t n : {0, 5, 32, 33, 1000}) {
    Term map = from_keys(arena, small_ints(1, n));
    std::vector<Term> walked;
    MapCursor cursor{map};
    Term k, v;
    while (true) {
      MapCursor resumed{map, {cursor.path[0], cursor.path[1]}, cursor.done};  // via Erlang
      MapStep step = map_next(resumed, &k, &v);
      REQUIRE(step == map_next(cursor, &k, &v));
      if (step != MapStep::pair) break;
      walked.push_back(k);
    }
    REQUIRE(cursor.done);
    REQUIRE(same_terms(walked, iteration_order(map)));
  }
  // A path through the first inner node of the root, naming a child one past its last.
  Term map = from_keys(arena, small_ints(1, 40));
  size_t count;
  const Term* children = hash_map_children(map, &count);
  size_t inner = 0;
  while (is_hash_map_leaf(children[inner])) inner++;
  size_t inner_count;
  hash_map_children(children[inner], &inner_count);
  MapCursor bad{map, {inner | (inner_count << 4), 0}};
  Term k, v;
  REQUIRE(map_next(bad, &k, &v) == MapStep::bad_path);
}

TEST_CASE("get, put, update and remove use =:= on keys") {
  Arena arena;
  for (int64_t n : {3, 40}) {
    Term map = from_keys(arena, small_ints(1, n));
    Term one_float = make_float(arena, 1.0);
    REQUIRE(map_get(map, make_small(1)) == atom_put("x"));
    REQUIRE(map_get(map, one_float) == THE_NON_VALUE);
    Term with_float = map_put(arena, map, one_float, atom_put("y"));
    REQUIRE(map_size(with_float) == size_t(n + 1));
    REQUIRE(map_get(with_float, make_float(arena, 1.0)) == atom_put("y"));
    REQUIRE(map_get(with_float, make_small(1)) == atom_put("x"));
    Term missing = THE_NON_VALUE;
    REQUIRE(map_update(arena, map, one_float, NIL, &missing) == THE_NON_VALUE);
    REQUIRE(missing == one_float);
    Term updated = map_update(arena, map, make_small(2), NIL, &missing);
    REQUIRE(map_get(updated, make_small(2)) == NIL);
    REQUIRE(map_size(updated) == size_t(n));
    REQUIRE(map_get(map, make_small(2)) == atom_put("x"));  // the original is untouched
    REQUIRE(map_remove(arena, map, one_float) == map);
    REQUIRE(map_size(map_remove(arena, map, make_small(3))) == size_t(n - 1));
  }
}

TEST_CASE("map_from_pairs: later duplicates win, small results are flat") {
  Arena arena;
  std::vector<Term> keys, values;
  for (int round = 0; round < 3; round++) {
    for (int i = 1; i <= 20; i++) {
      keys.push_back(make_small(i));
      values.push_back(make_small(round));
    }
  }
  Term map = map_from_pairs(arena, keys.data(), values.data(), keys.size());
  REQUIRE(is_flat_map(map));
  REQUIRE(map_size(map) == 20);
  REQUIRE(map_get(map, make_small(7)) == make_small(2));
  REQUIRE(same_terms(erts_keys(map), small_ints(1, 20)));
  Term big = map_from_pairs(arena, keys.data(), values.data(), 40);
  REQUIRE(map_size(big) == 20);
  REQUIRE(map_get(big, make_small(7)) == make_small(1));
}

TEST_CASE("large maps compare equal whatever their history, and by sorted keys otherwise") {
  Arena arena;
  Term a = from_keys(arena, small_ints(1, 100));
  Term b = put_each(arena, small_ints(1, 100), 7);
  REQUIRE(compare_exact(a, b) == 0);
  Term c = map_put(arena, map_remove(arena, a, make_small(100)), make_small(0), atom_put("x"));
  REQUIRE(compare_terms(c, a) < 0);  // sorted keys 0.. versus 1..
  Term d = map_put(arena, a, make_small(50), atom_put("a"));
  REQUIRE(compare_terms(d, a) < 0);  // same keys; value a < x at key 50
  Term e = map_put(arena, a, make_small(50), make_float(arena, 1.0));
  Term f = map_put(arena, a, make_small(50), make_small(1));
  REQUIRE(compare_terms(e, f) == 0);
  REQUIRE(compare_exact(e, f) > 0);
}

TEST_CASE("keys that are =:= hash alike: -0.0 and 0.0, slices, refs with trailing zeros") {
  Arena arena;
  auto external_ref = [&](std::vector<uint32_t> numbers) {
    Word* p = arena.alloc(4 + numbers.size());
    p[0] = make_header(Subtag::external_ref, 3 + numbers.size());
    p[1] = atom_put("a@b");
    p[2] = 1;
    p[3] = numbers.size();
    for (size_t i = 0; i < numbers.size(); i++) p[4 + i] = numbers[i];
    return make_boxed(p);
  };
  Term whole = make_binary(arena, "xabcdefgh");
  Term slice = make_sub_binary(arena, whole, 8, 64);
  std::vector<std::pair<Term, Term>> same = {
      {make_float(arena, 0.0), make_float(arena, -0.0)},
      {slice, make_binary(arena, "abcdefgh")},
      {external_ref({1, 2, 3}), external_ref({1, 2, 3, 0, 0})},
      {external_ref({7}), external_ref({7, 0, 0, 0})}};
  Term map = from_keys(arena, small_ints(1, 40));
  for (auto [a, b] : same) {
    REQUIRE(eq_exact(a, b));
    for (uint32_t depth : {0u, 1u, 2u}) REQUIRE(map_hash(a, depth) == map_hash(b, depth));
    Term with = map_put(arena, map, a, NIL);
    REQUIRE(map_get(with, b) == NIL);
    REQUIRE(map_size(map_put(arena, with, b, NIL)) == 41);
  }
}
