#include <catch2/catch.hpp>

#include "vm/term/atom.h"
#include "vm/term/binary.h"
#include "vm/term/build.h"
#include "vm/term/term.h"

using namespace ember;

TEST_CASE("small integers keep 60 bits and their sign") {
  for (int64_t v : {int64_t(0), int64_t(1), int64_t(-1), small_max, small_min}) {
    Term t = make_small(v);
    REQUIRE(is_small(t));
    REQUIRE(small_value(t) == v);
    REQUIRE_FALSE(is_atom(t));
  }
  REQUIRE_FALSE(fits_small(small_max + 1));
  REQUIRE_FALSE(fits_small(small_min - 1));
}

TEST_CASE("predefined atoms have fixed indices and their text") {
  REQUIRE(atom_text(atoms::ok) == "ok");
  REQUIRE(atom_text(atoms::nil) == "[]");
  REQUIRE(atom_put("ok") == atoms::ok);
  Term a = atom_put("h\xC3\xA9llo");
  REQUIRE(is_atom(a));
  REQUIRE(atom_text(a) == "h\xC3\xA9llo");
  REQUIRE(atom_find("never seen before 1234") == THE_NON_VALUE);
}

TEST_CASE("atoms longer than 255 characters or invalid UTF-8 are refused") {
  REQUIRE(atom_put(std::string(255, 'a')) != THE_NON_VALUE);
  REQUIRE(atom_put(std::string(256, 'a')) == THE_NON_VALUE);
  REQUIRE(atom_put("\xC0\x80") == THE_NON_VALUE);
  std::string wide;
  for (int i = 0; i < 255; i++) wide += "\xE2\x82\xAC";  // 255 euro signs: 765 bytes
  REQUIRE(atom_put(wide) != THE_NON_VALUE);
}

TEST_CASE("integers demote to smalls and promote to bignums") {
  Arena arena;
  REQUIRE(is_small(make_integer(arena, small_max)));
  Term big = make_integer(arena, small_max + 1);
  REQUIRE(is_big(big));
  REQUIRE_FALSE(big_negative(big));
  Term neg = make_integer(arena, INT64_MIN);
  REQUIRE(is_big(neg));
  REQUIRE(big_negative(neg));
  REQUIRE(big_digits(neg)[0] == uint64_t(1) << 63);
  Word digits[2] = {5, 0};
  REQUIRE(make_big(arena, digits, 2, true) == make_small(-5));
}

TEST_CASE("binaries: heap, shared and sub-binaries expose the same bits") {
  Arena arena;
  Term small = make_binary(arena, "hello");
  REQUIRE(is_heap_bin(small));
  REQUIRE(bitstring_bits(small).view() == "hello");
  std::string large(1000, 'x');
  Term big = make_binary(arena, large);
  REQUIRE(is_refc_bin(big));
  REQUIRE(refc_bin_shared(big)->refc.load(std::memory_order_relaxed) == 1);
  Term slice = make_sub_binary(arena, big, 8 * 10, 8 * 5);
  REQUIRE(bitstring_bits(slice).view() == "xxxxx");
  Term odd = make_sub_binary(arena, small, 4, 12);  // the low nibble of 'h' and all of 'e'
  REQUIRE(bitstring_bit_size(odd) == 12);
  REQUIRE_FALSE(is_binary(odd));
  Term copy = make_bitstring(arena, bitstring_bits(odd));
  Bits bits = bitstring_bits(copy);
  REQUIRE(bits.bit_size == 12);
  REQUIRE(bits.aligned_bytes()[0] == uint8_t(('h' << 4) | ('e' >> 4)));
  REQUIRE((bits.aligned_bytes()[1] & 0xF0) == uint8_t(('e' & 0xF) << 4));
}

TEST_CASE("tagged small arithmetic detects exactly the 60-bit overflow") {
  Term r;
  REQUIRE(small_add(make_small(2), make_small(3), &r));
  REQUIRE(r == make_small(5));
  REQUIRE(small_sub(make_small(2), make_small(3), &r));
  REQUIRE(r == make_small(-1));
  REQUIRE(small_add(make_small(small_max - 1), make_small(1), &r));
  REQUIRE(r == make_small(small_max));
  REQUIRE_FALSE(small_add(make_small(small_max), make_small(1), &r));
  REQUIRE_FALSE(small_sub(make_small(small_min), make_small(1), &r));
  REQUIRE(small_sub(make_small(small_min + 1), make_small(1), &r));
  REQUIRE(r == make_small(small_min));
  REQUIRE_FALSE(small_add(make_small(1), atoms::ok, &r));
  REQUIRE_FALSE(small_add(NIL, make_small(1), &r));
}
