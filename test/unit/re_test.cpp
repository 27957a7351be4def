// The re module on PCRE2: ember's character tables, its pattern binaries, patterns compiled
// by erts' PCRE 8.44 (refused with badarg), and the reductions a long match is charged.
#include <catch2/catch.hpp>

#include <cstring>

#include "bif/bif.h"
#include "test/unit/find_bif.h"
#include "bif/re_code.h"
#include "test/unit/term_parse.h"
#include "vm/term/atom.h"
#include "vm/term/binary.h"
#include "vm/term/compare.h"
#include "vm/process/gc.h"
#include "vm/term/term_print.h"

using namespace ember;

namespace {

BifFn bif(const char* module, const char* function, uint32_t arity) {
  return test::find_bif(module, function, arity);
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
  std::string subject(64000, 'a');  // the most that is searched at once
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

namespace {

// re:run(Subject, Pattern, Options) given `reductions` a slice, going on through the
// continuation until it ends; the result and the number of slices it took.
std::pair<Term, int> run_sliced(Process* p, Term subject, Term pattern, Term options, int reductions) {
  Term x[max_x_registers];
  x[0] = subject, x[1] = pattern, x[2] = options;
  p->reductions = reductions;
  Term result = bif("re", "run", 3)(p, x);
  int slices = 1;
  while (result == THE_NON_VALUE && p->trap) {
    Export* next = std::exchange(p->trap, nullptr);
    REQUIRE(next->bif);
    REQUIRE(p->reductions <= 0);
    REQUIRE(gc_collect(p, 0, x, next->arity));
    p->reductions = reductions;
    result = next->bif(p, x);
    slices++;
  }
  return {result, slices};
}

}  // namespace

TEST_CASE("re:run searches a long subject a slice at a time, finding what one search finds") {
  // Each case puts its interesting part where slices of 16 bytes (1 reduction) cut it, after
  // 65536 bytes that take thousands of slices.
  struct Case {
    const char* pattern;
    const char* options;
    std::string tail;
  };
  const Case cases[] = {
      {"a.*x", "[]", "a" + std::string(100, '.') + "x"},
      {"a.*x", "[]", "a" + std::string(100, '.') + "y"},
      {"xyz$", "[]", "...xyz"},
      {"xyz$", "[multiline]", "xyz\nabc"},
      {"z\\b", "[]", "..z"},
      {"z\\b", "[]", "..zz"},
      {"z\\B", "[]", "..zz"},
      {"(?<=q)r", "[]", std::string(15, '.') + "qr"},
      {"r(?=s)", "[]", std::string(15, '.') + "rs"},
      {"(?>b+)c", "[]", std::string(40, 'b') + "c"},
      {"b{20}c", "[]", std::string(40, 'b') + "c"},
      {"\\d+", "[{capture,all,binary}]", std::string(5, '.') + "1234567890123456789012345"},
      {"(\\w+)@(\\w+)\\.com", "[{capture,all,list}]", " someone@example.com "},
      {"é+", "[unicode]", std::string(15, '.') + "ééééééééééé"},
      {"\\x{e9}.", "[unicode]", std::string(14, '.') + "é€"},
      {"\\r\\n$", "[{newline,crlf}]", std::string(15, '.') + "\r\n"},
      {"$", "[]", "end"},
      {"d\\z", "[]", "end"},
      {"d\\Z", "[]", "end\n"},
      {"D$", "[caseless,dollar_endonly]", std::string(14, '.') + "end"},
      {"x|$", "[notempty]", std::string(15, '.') + "yx"},
      {"(?<=\\d{3})x", "[]", std::string(14, '.') + "123x"},
      {"(a|ab)(c|bcd)(d*)", "[]", std::string(15, '.') + "abcd"},
      {"q\\Kr+", "[]", std::string(15, '.') + "qrrrr"},
      {"(?s)q.+r", "[ungreedy]", std::string(15, '.') + "q\n\nrr"},
      {"^b", "[multiline]", "\nb"},
      {"x*", "[{offset,65537}]", "xx"},  // too little left to cut
      {"", "[{offset,65540}]", ""},     // badarg
      {"nothing", "[]", std::string(50, 'n')},
  };
  auto p = process_new();
  // Collections move the heap: each run gets its arguments made afresh, and its result is
  // printed at once.
  auto run = [&](const Case& k, int reductions, std::string* printed) {
    ProcessHeap heap(p.get());
    std::string subject(65536, '.');
    subject.replace(0, 2, "ab");
    subject += k.tail;
    auto [result, slices] = run_sliced(p.get(), make_binary(heap, subject), make_binary(heap, k.pattern),
                                       test::parse_term(heap, k.options), reductions);
    if (result == THE_NON_VALUE) print_term_display(*printed, p->exception.reason);
    else print_term_display(*printed, result);
    return slices;
  };
  for (const Case& k : cases) {
    std::string whole, sliced;
    INFO(k.pattern << " " << k.options);
    CHECK(run(k, reductions_per_slice * 100, &whole) == 1);
    int slices = run(k, 1, &sliced);
    CHECK(sliced == whole);
    CHECK((slices > 1) == (std::string_view(k.options).find("offset") == std::string_view::npos));
  }
  gc_free_all(p.get());
}

TEST_CASE("re:run over a long subject leaves its state to collections between slices") {
  auto p = process_new();
  ProcessHeap heap(p.get());
  std::string subject(200000, 'a');
  subject += "needle";
  Term options = test::parse_term(heap, "[{capture,all,binary}]");
  auto [result, slices] = run_sliced(p.get(), make_binary(heap, subject), make_binary(heap, "ne+dle"),
                                     options, reductions_per_slice);
  CHECK(slices > 2);
  CHECK(eq_exact(result, test::parse_term(heap, "{match,[<<\"needle\">>]}")));
  gc_free_all(p.get());
}
