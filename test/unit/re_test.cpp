// The re module on PCRE2: ember's character tables, its pattern binaries, patterns compiled
// by erts' PCRE 8.44 (refused with badarg), and the reductions a long match is charged.
#include <catch2/catch.hpp>

#include <cstring>

#include "bif/bif.h"
#include "bif/re_code.h"
#include "test/unit/term_parse.h"
#include "vm/atom.h"
#include "vm/binary.h"
#include "vm/compare.h"
#include "vm/gc.h"

using namespace ember;

namespace {

BifFn bif(const char* module, const char* function, uint32_t arity) {
  static bool registered = (register_bifs(), true);
  (void)registered;
  Export* e = export_find(atom_put(module), atom_put(function), arity);
  REQUIRE(e);
  REQUIRE(e->bif);
  return e->bif;
}

bool in_class(const uint8_t* tables, size_t cbit, int c) {
  return tables[512 + cbit + c / 8] & (1u << (c % 8));
}

// What erl's re:compile("a(?<n>b)") returns: PCRE 8.44 code, "ERCP" first.
constexpr const char* erts_pattern =
    "{re_pattern,1,0,0,<<69,82,67,80,87,0,0,0,0,0,0,0,81,0,0,0,255,255,255,255,255,255,255,255,"
    "97,0,98,0,0,0,1,0,0,0,64,0,4,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1,110,"
    "0,131,0,15,29,97,133,0,7,0,1,29,98,120,0,7,120,0,15,0>>}";

}  // namespace

TEST_CASE("re's character tables are PCRE2's C-locale tables below 128") {
  const uint8_t* ours = re::latin1_tables();
  const uint8_t* pcre = pcre2_maketables(nullptr);
  for (size_t part : {size_t(0), size_t(256), size_t(832)})
    for (int c = 0; c < 128; c++) CHECK(ours[part + c] == pcre[part + c]);
  for (size_t cbit = 0; cbit < 320; cbit += 32)
    for (int c = 0; c < 128; c++) CHECK(in_class(ours, cbit, c) == in_class(pcre, cbit, c));
  pcre2_maketables_free(nullptr, pcre);
}

TEST_CASE("re's character tables classify ISO 8859-1 letters above 127 as erts' PCRE does") {
  const uint8_t* t = re::latin1_tables();
  enum { upper = 96, lower = 128, word = 160, punct = 256, cntrl = 288, space = 0 };
  CHECK(in_class(t, upper, 0xC9));
  CHECK(in_class(t, lower, 0xE9));
  CHECK(in_class(t, lower, 0xB5));
  CHECK(in_class(t, word, 0xFF));
  CHECK_FALSE(in_class(t, word, 0xD7));
  CHECK(in_class(t, punct, 0xD7));
  CHECK(in_class(t, cntrl, 0x85));
  CHECK_FALSE(in_class(t, space, 0xA0));
  CHECK(t[0xC9] == 0xE9);        // lower-case map
  CHECK(t[256 + 0xE9] == 0xC9);  // case flip
  CHECK(t[256 + 0xDF] == 0xDF);
}

TEST_CASE("re pattern binaries keep source and options, and refuse what ember did not write") {
  re::Source s;
  s.compile = PCRE2_CASELESS | PCRE2_UTF;
  s.newline = PCRE2_NEWLINE_CRLF;
  s.bsr = PCRE2_BSR_ANYCRLF;
  s.pattern = "a(?<n>b)\xC3\xA9";
  re::Source back;
  REQUIRE(re::decode(re::encode(s), &back));
  CHECK(back.compile == s.compile);
  CHECK(back.newline == s.newline);
  CHECK(back.bsr == s.bsr);
  CHECK(back.pattern == s.pattern);
  CHECK_FALSE(re::decode("ERCP", &back));
  CHECK_FALSE(re::decode(std::string("ERCP") + std::string(80, '\0'), &back));
  CHECK_FALSE(re::decode(re::encode(s).substr(0, 8), &back));
}

TEST_CASE("re:run refuses a pattern compiled by erts' PCRE with badarg; re:inspect reads its names") {
  auto p = process_new();
  Term x[max_x_registers];
  ProcessHeap heap(p.get());
  Term pattern = test::parse_term(heap, erts_pattern);
  x[0] = make_binary(heap, "ab");
  x[1] = pattern;
  CHECK(bif("re", "run", 2)(p.get(), x) == THE_NON_VALUE);
  CHECK(p->exception.reason == atoms::badarg);
  CHECK(p->trap == nullptr);
  x[0] = pattern;
  x[1] = atoms::namelist;
  Term names = bif("re", "inspect", 2)(p.get(), x);
  CHECK(eq_exact(names, test::parse_term(heap, "{namelist,[<<\"n\">>]}")));
  // Cut short, or with a name table past its end: not a pattern.
  for (const char* bad : {"{re_pattern,1,0,0,<<69,82,67,80,87,0,0,0>>}",
                          "{re_pattern,1,0,0,<<69,82,67,80,87,0,0,0,0,0,0,0,81,0,0,0,255,255,255,255,"
                          "255,255,255,255,97,0,98,0,0,0,1,0,0,0,64,0,4,0,9,0,0,0,0,0,0,0,0,0,0,0,0,"
                          "0,0,0,0,0,0,0,0,0,0,0,0,0,0,1,110,0>>}"}) {
    x[0] = test::parse_term(heap, bad);
    x[1] = atoms::namelist;
    CHECK(bif("re", "inspect", 2)(p.get(), x) == THE_NON_VALUE);
    CHECK(p->exception.reason == atoms::badarg);
  }
  gc_free_all(p.get());
}

TEST_CASE("re:run charges reductions for the subject it goes over") {
  auto p = process_new();
  Term x[max_x_registers];
  ProcessHeap heap(p.get());
  std::string subject(200000, 'a');
  x[0] = make_binary(heap, subject);
  x[1] = make_binary(heap, "b");
  p->reductions = reductions_per_slice;
  CHECK(bif("re", "run", 2)(p.get(), x) == atoms::nomatch);
  CHECK(p->reductions <= 0);
  x[0] = make_binary(heap, "ab");
  x[1] = make_binary(heap, "b");
  p->reductions = reductions_per_slice;
  CHECK(bif("re", "run", 2)(p.get(), x) != THE_NON_VALUE);
  CHECK(p->reductions > reductions_per_slice - 10);
  gc_free_all(p.get());
}
