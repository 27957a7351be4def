// Match specifications that erts would run but ember refuses on purpose: nesting deep enough
// to exhaust the C stack of the recursive matcher. Long lists are walked, not recursed into.
#include <catch2/catch.hpp>

#include "bif/ets_match.h"
#include "term_parse.h"
#include "vm/term/build.h"

using namespace ember;
using ember::test::parse_term;

namespace {

// [{Head, [], [true]}] whose head is {k, X} with X a tuple nested `depth` times around x.
Term spec_with_nested_head(Arena& arena, int depth) {
  Term x = parse_term(arena, "x");
  for (int i = 0; i < depth; i++) x = tuple(arena, x);
  Term head = tuple(arena, parse_term(arena, "k"), x);
  Term clause = tuple(arena, head, NIL, parse_term(arena, "[true]"));
  return cons(arena, clause, NIL);
}

}  // namespace

TEST_CASE("match specifications nested beyond the limit are refused", "[ets]") {
  Arena arena;
  MatchSpec ms;
  CHECK(ms_compile(spec_with_nested_head(arena, 5000), &ms));
  MatchSpec deep;
  CHECK_FALSE(ms_compile(spec_with_nested_head(arena, 200000), &deep));
}

TEST_CASE("a long list in a head is matched without recursing along it", "[ets]") {
  Arena arena;
  Term list = NIL;
  for (int i = 0; i < 1000000; i++) list = cons(arena, make_small(i), list);
  Term head = tuple(arena, parse_term(arena, "k"), list);
  Term spec = cons(arena, tuple(arena, head, NIL, parse_term(arena, "[true]")), NIL);
  MatchSpec ms;
  REQUIRE(ms_compile(spec, &ms));
  Term object = tuple(arena, parse_term(arena, "k"), list);
  CHECK(ms_run(nullptr, ms, object, arena) == parse_term(arena, "true"));
  Term other = tuple(arena, parse_term(arena, "k"), cons(arena, make_small(-1), list));
  CHECK(ms_run(nullptr, ms, other, arena) == THE_NON_VALUE);
}
