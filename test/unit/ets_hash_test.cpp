// The hash that places ETS keys and the linear hash table's growth, against erts.
#include <catch2/catch.hpp>

#include "term_parse.h"
#include "vm/term/build.h"
#include "vm/process/ets_hash.h"

using namespace ember;
using ember::test::parse_term;

namespace {

// Generated on erl with
//   erts_debug:set_internal_state(available_internal_state, true),
//   [{T, erts_debug:get_internal_state({internal_hash, T})} || T <- Terms]
struct Expected {
  const char* term;
  uint32_t hash;
};
const Expected internal_hashes[] = {
    {"0", 3620831944U},
    {"1", 2441450838U},
    {"-1", 559702020U},
    {"576460752303423488", 2160620466U},
    {"1180591620717411303424", 1532645093U},
    {"-1180591620717411303424", 3667445918U},
    {"1.5", 1817557079U},
    {"-0.0", 2778859731U},
    {"<<>>", 3580844982U},
    {"<<97,98,99>>", 298319117U},
    {"<<1:3>>", 1195041062U},
    {"[97,98,99]", 4050146831U},
    {"[1,2|3]", 411185328U},
    {"[]", 2464209347U},
    {"{}", 904478834U},
    {"{1,2.0,<<7>>}", 2391170285U},
    {"#{1 => 2}", 3344407571U},
};

}  // namespace

TEST_CASE("ETS keys hash as erts' internal hash, atoms by their text", "[ets]") {
  Arena arena;
  for (const Expected& e : internal_hashes) {
    INFO(e.term);
    CHECK(ets_key_hash(parse_term(arena, e.term)) == e.hash);
  }
  // erts' atom-table hash (hashpjw) of "ab": ('a' << 4) + 'b'.
  CHECK(ets_key_hash(parse_term(arena, "ab")) == (uint32_t('a') << 4) + 'b');
}

TEST_CASE("a hash table grows one bucket per object past 256 and walks by lock stride", "[ets]") {
  Arena arena;
  EtsHash h(EtsType::set, 1, 1, false);
  for (int k = 1; k <= 256; k++) h.put(tuple(arena, make_small(k)), false);
  CHECK(h.nactive() == 256);
  h.put(tuple(arena, make_small(257)), false);
  CHECK(h.nactive() == 257);
  CHECK(h.next_slot(0) == 1);
  CHECK(h.next_slot(256) == 0);

  EtsHash striped(EtsType::set, 1, 64, false);
  CHECK(striped.next_slot(0) == 64);
  CHECK(striped.next_slot(192) == 1);
  CHECK(striped.next_slot(255) == 0);
}

TEST_CASE("a fixed hash table keeps a deleted key's place for its return", "[ets]") {
  Arena arena;
  EtsHash h(EtsType::set, 1, 1, false);
  for (int k = 1; k <= 300; k++) h.put(tuple(arena, make_small(k)), false);
  h.set_fixed(true);
  Term first = h.first_key();
  h.erase_key(first);
  CHECK(h.size() == 299);
  CHECK(h.first_key() != first);
  for (int k = 301; k <= 600; k++) h.put(tuple(arena, make_small(k)), false);
  CHECK(h.nactive() == 300);  // no growth while fixed
  h.put(tuple(arena, first), false);
  CHECK(h.first_key() == first);
  h.set_fixed(false);
  CHECK(h.stats().kept_items == 0);
}
