// The external term format against erl (OTP 25): term_to_binary byte for byte over a table of
// terms and options (etf_vectors.inc, made by etf_vectors.erl), binary_to_term of all of them
// and of legacy encodings, refusal of what erl refuses, identifiers and funs, and robustness:
// every truncation, random bit flips and a million levels of nesting.
#include <catch2/catch.hpp>


#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "md5_hex.h"
#include "term_parse.h"
#include "vm/term/atom.h"
#include "vm/term/binary.h"
#include "vm/term/build.h"
#include "vm/term/compare.h"
#include "vm/term/etf.h"
#include "vm/code/export.h"
#include "vm/code/fun.h"
#include "vm/term/map.h"
#include "vm/term/node.h"
#include "vm/term/ref.h"

using namespace ember;
using namespace std::literals;
using ember::test::parse_term;

namespace {

struct Vector {
  const char* term;
  EncodeOptions options;
  std::string_view bytes;  // empty for long encodings: then only the size and MD5 are given
  size_t size;
  const char* md5;
};

struct Legacy {
  std::string_view input;
  std::string_view reencoded;  // term_to_binary(binary_to_term(input)) in erl
};

#include "etf_vectors.inc"

std::string encode(Term t, const EncodeOptions& options = {}) {
  std::string out;
  etf_encode(t, options, out);
  return out;
}

Term decode(Heap& heap, std::string_view bytes, size_t* used = nullptr, bool safe = false) {
  DecodeOptions options;
  options.safe = safe;
  return etf_decode(heap, bytes, options, used);
}

// Bytes as erl prints a binary, so failures read like erl's output.
std::string show(std::string_view bytes) {
  std::string s = "<<";
  for (size_t i = 0; i < bytes.size(); i++) {
    if (i > 0) s += ',';
    s += std::to_string(uint8_t(bytes[i]));
  }
  return s + ">>";
}

std::string describe(const Vector& v) {
  std::string term(v.term);
  if (term.size() > 120) term = term.substr(0, 120) + "...";
  return term + " compression " + std::to_string(v.options.compression) + " minor " +
         std::to_string(v.options.minor_version) + (v.options.deterministic ? " deterministic" : "");
}


const std::string_view nonode = "\x64\x00\x0d" "nonode@nohost"sv;

// sp:mk(42, foo, "s") where sp.erl is `mk(X, Y, Z) -> fun(A) -> {A, X, Y, Z} end.`, made by the
// process <0.9.0>.
const std::string_view sp_closure =
    "\x83\x70\x00\x00\x00\x52\x01\x49\x7b\xb3\x5d\x7d\x27\x50\x23\x62\xe6\xf8\x34\x5a\xfd\xcb\x24"
    "\x00\x00\x00\x00\x00\x00\x00\x03\x64\x00\x02\x73\x70\x61\x00\x62\x02\x4b\xdd\x9a\x58\x64\x00"
    "\x0d\x6e\x6f\x6e\x6f\x64\x65\x40\x6e\x6f\x68\x6f\x73\x74\x00\x00\x00\x09\x00\x00\x00\x00\x00"
    "\x00\x00\x00\x61\x2a\x64\x00\x03\x66\x6f\x6f\x6b\x00\x01\x73"sv;
const uint8_t sp_md5[16] = {0x49, 0x7b, 0xb3, 0x5d, 0x7d, 0x27, 0x50, 0x23,
                            0x62, 0xe6, 0xf8, 0x34, 0x5a, 0xfd, 0xcb, 0x24};
const std::string_view lists_map_2 =
    "\x83\x71\x64\x00\x05\x6c\x69\x73\x74\x73\x64\x00\x03\x6d\x61\x70\x61\x02"sv;

}  // namespace

TEST_CASE("term_to_binary/2 writes exactly what erl writes") {
  for (const Vector& v : vectors) {
    Arena heap;
    INFO(describe(v));
    Term t = parse_term(heap, v.term);
    std::string out = encode(t, v.options);
    if (!v.bytes.empty()) CHECK(show(out) == show(v.bytes));
    CHECK(out.size() == v.size);
    CHECK(md5_hex(out) == v.md5);
    if (v.options.compression == 0) CHECK(etf_encoded_size(t, v.options) == v.size);
  }
}

TEST_CASE("binary_to_term/1 reads every encoding erl wrote") {
  for (const Vector& v : vectors) {
    Arena heap;
    INFO(describe(v));
    Term expected = parse_term(heap, v.term);
    std::string bytes = v.bytes.empty() ? encode(expected, v.options) : std::string(v.bytes);
    size_t used = 0;
    Term t = decode(heap, bytes, &used);
    REQUIRE(t != THE_NON_VALUE);
    CHECK(used == bytes.size());
    CHECK(eq_exact(t, expected));
    CHECK(show(encode(t, v.options)) == show(bytes));
  }
}

TEST_CASE("binary_to_term/1 reads legacy and non-canonical encodings as erl does") {
  for (const Legacy& l : legacy) {
    Arena heap;
    INFO(show(l.input));
    Term t = decode(heap, l.input);
    REQUIRE(t != THE_NON_VALUE);
    CHECK(show(encode(t)) == show(l.reencoded));
  }
}

TEST_CASE("binary_to_term/1 refuses what erl refuses") {
  for (std::string_view bytes : refused) {
    Arena heap;
    INFO(show(bytes));
    CHECK(decode(heap, bytes) == THE_NON_VALUE);
  }
}

TEST_CASE("binary_to_term/1 refuses what erts 25 reads out of bounds or crashes on") {
  Arena heap;
  // A FLOAT_EXT field with no NUL: erts reads on past the field.
  CHECK(decode(heap, "\x83\x63" "1.00000000000000000000000000000"sv) == THE_NON_VALUE);
  // A fun whose creator is not a pid: erts 25 accepts it, then crashes encoding it.
  std::string port_creator(sp_closure.substr(0, 43));  // up to the creator pid (29 bytes)
  port_creator += "\x59"s + std::string(nonode) + "\x00\x00\x00\x09\x00\x00\x00\x00"s;
  port_creator += sp_closure.substr(43 + 29);
  CHECK(decode(heap, port_creator) == THE_NON_VALUE);
  // References of this node with no numbers: erts reads a first number from past the field
  // and accepts or refuses by what it finds there. (A remote one ignores that number, so the
  // newest encoding of one is accepted: see the legacy vectors.)
  CHECK(decode(heap, "\x83\x5a\x00\x00"s + std::string(nonode) + "\x00\x00\x00\x00"s) == THE_NON_VALUE);
  CHECK(decode(heap, "\x83\x72\x00\x00"s + std::string(nonode) + "\x00"s) == THE_NON_VALUE);
}

TEST_CASE("decoding reports the bytes used; what follows the term is the caller's") {
  Arena heap;
  size_t used = 0;
  CHECK(decode(heap, "\x83\x61\x01\x00\x00"sv, &used) == make_small(1));
  CHECK(used == 3);
  std::string compressed = encode(make_byte_list(heap, std::string(20, 'a')), EncodeOptions{6, 1, false});
  REQUIRE(compressed[1] == '\x50');
  Term t = decode(heap, compressed + "junk", &used);
  CHECK(t != THE_NON_VALUE);
  CHECK(used == compressed.size());
}

TEST_CASE("local pids, ports and references carry this node's name and creation") {
  Arena heap;
  REQUIRE(local_node_name() == atom_put("nonode@nohost"));
  REQUIRE(local_creation() == 0);
  struct {
    Term term;
    std::string_view bytes;  // term_to_binary in erl
  } cases[] = {
      {make_pid(pid_id_from(9, 0)),
       "\x83\x58\x64\x00\x0d\x6e\x6f\x6e\x6f\x64\x65\x40\x6e\x6f\x68\x6f\x73\x74\x00\x00\x00\x09"
       "\x00\x00\x00\x00\x00\x00\x00\x00"sv},
      {make_pid(pid_id_from(300, 5)),
       "\x83\x58\x64\x00\x0d\x6e\x6f\x6e\x6f\x64\x65\x40\x6e\x6f\x68\x6f\x73\x74\x00\x00\x01\x2c"
       "\x00\x00\x00\x05\x00\x00\x00\x00"sv},
      {make_pid(pid_id_from(32767, 8191)),
       "\x83\x58\x64\x00\x0d\x6e\x6f\x6e\x6f\x64\x65\x40\x6e\x6f\x68\x6f\x73\x74\x00\x00\x7f\xff"
       "\x00\x00\x1f\xff\x00\x00\x00\x00"sv},
      {make_port(5),
       "\x83\x59\x64\x00\x0d\x6e\x6f\x6e\x6f\x64\x65\x40\x6e\x6f\x68\x6f\x73\x74\x00\x00\x00\x05"
       "\x00\x00\x00\x00"sv},
      {make_port(0x0FFFFFFF),
       "\x83\x59\x64\x00\x0d\x6e\x6f\x6e\x6f\x64\x65\x40\x6e\x6f\x68\x6f\x73\x74\x0f\xff\xff\xff"
       "\x00\x00\x00\x00"sv},
      {make_local_ref(heap, 1, 2, 3),
       "\x83\x5a\x00\x03\x64\x00\x0d\x6e\x6f\x6e\x6f\x64\x65\x40\x6e\x6f\x68\x6f\x73\x74\x00\x00"
       "\x00\x00\x00\x00\x00\x01\x00\x00\x00\x02\x00\x00\x00\x03"sv},
  };
  for (const auto& c : cases) {
    INFO(show(c.bytes));
    CHECK(show(encode(c.term)) == show(c.bytes));
    CHECK(etf_encoded_size(c.term, {}) == c.bytes.size());
    Term back = decode(heap, c.bytes);
    REQUIRE(back != THE_NON_VALUE);
    if (is_immed(c.term)) CHECK(back == c.term);
    CHECK(eq_exact(back, c.term));
  }
}

TEST_CASE("remote pids, ports and references keep their node, creation and numbers") {
  Arena heap;
  const std::string node = "\x64\x00\x05" "a@b.c"s;
  Term pid = decode(heap, "\x83\x58"s + node + "\x00\x00\x00\x01\xff\xff\xff\xff\x00\x00\x00\x09"s);
  REQUIRE(is_external_pid(pid));
  CHECK(external_node(pid) == atom_put("a@b.c"));
  CHECK(external_creation(pid) == 9);
  CHECK(boxed_ptr(pid)[3] == 1);
  CHECK(boxed_ptr(pid)[4] == 0xFFFFFFFF);
  // This node's name with another creation is another incarnation: a remote pid.
  Term old = decode(heap, "\x83\x58"s + std::string(nonode) + std::string(11, '\0') + "\x01"s);
  CHECK(is_external_pid(old));
  Term port = decode(heap, "\x83\x78"s + node + "\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00\x07"s);
  REQUIRE(is_external_port(port));
  CHECK(boxed_ptr(port)[3] == uint64_t(1) << 40);
  std::string ref_bytes = "\x83\x5a\x00\x05"s + node + "\x00\x00\x00\x02"s;
  for (char n = 1; n <= 5; n++) ref_bytes += "\x00\x00\x00"s + n;
  Term ref = decode(heap, ref_bytes);
  REQUIRE(is_external_ref(ref));
  CHECK(boxed_ptr(ref)[3] == 5);
  CHECK(boxed_ptr(ref)[8] == 5);
  CHECK(show(encode(ref)) == show(ref_bytes));
}

TEST_CASE("closures and external funs") {
  Arena heap;
  Term f = decode(heap, sp_closure);
  REQUIRE(is_closure(f));
  const FunEntry* e = closure_entry(f);
  CHECK(atom_text(e->module) == "sp");
  CHECK(e->arity == 1);
  CHECK(e->num_free == 3);
  CHECK(e->index == 0);
  CHECK(e->old_uniq == 0x024BDD9A);
  CHECK(std::memcmp(e->md5, sp_md5, 16) == 0);
  CHECK(closure_creator(f) == make_pid(pid_id_from(9, 0)));
  REQUIRE(closure_num_free(f) == 3);
  CHECK(closure_env(f)[0] == make_small(42));
  CHECK(closure_env(f)[1] == atom_put("foo"));
  CHECK(show(encode(f)) == show(sp_closure));

  // The same closure built by hand.
  FunEntry* entry = fun_entry_put(atom_put("sp"), 0, sp_md5, 0x024BDD9A, 1, 3, THE_NON_VALUE);
  Word* p = heap.alloc(fun_fixed_words + 3);
  p[0] = make_header(Subtag::fun, fun_fixed_words - 1 + 3);
  p[1] = Word(uintptr_t(entry));
  p[2] = make_pid(pid_id_from(9, 0));
  p[3] = make_small(42);
  p[4] = atom_put("foo");
  p[5] = make_byte_list(heap, "s");
  Term built = make_boxed(p);
  CHECK(show(encode(built)) == show(sp_closure));
  CHECK(etf_encoded_size(built, {}) == sp_closure.size());

  Term x = decode(heap, lists_map_2);
  REQUIRE(is_export_fun(x));
  CHECK(export_fun_entry(x) == export_put(atom_put("lists"), atom_put("map"), 2));
  CHECK(show(encode(x)) == show(lists_map_2));
}

TEST_CASE("safe decoding creates no atoms and no funs of missing functions") {
  Arena heap;
  const std::string unknown = "\x83\x64\x00\x0b" "zq_never_xy"s;
  CHECK(decode(heap, unknown, nullptr, true) == THE_NON_VALUE);
  CHECK(atom_find("zq_never_xy") == THE_NON_VALUE);
  CHECK(decode(heap, "\x83\x64\x00\x02" "ok"s, nullptr, true) == atoms::ok);

  const std::string mfa = "\x83\x71\x64\x00\x02" "sm" "\x64\x00\x02" "sf" "\x61\x01"s;
  atom_put("sm");
  atom_put("sf");
  CHECK(decode(heap, mfa, nullptr, true) == THE_NON_VALUE);
  CHECK(decode(heap, mfa) != THE_NON_VALUE);  // creates the export entry, still undefined
  CHECK(decode(heap, mfa, nullptr, true) == THE_NON_VALUE);
  static const Word code[1] = {0};
  export_put(atom_put("sm"), atom_put("sf"), 1)->code.set_everywhere(code);
  CHECK(is_export_fun(decode(heap, mfa, nullptr, true)));
  // Funs only need their atoms to exist.
  CHECK(is_closure(decode(heap, sp_closure, nullptr, true)));
}

TEST_CASE("bitstrings that are slices of other binaries") {
  Arena heap;
  // <<_:3, S:50/bits, _/bits>> = <<1,2,3,4,5,6,7,8,9>>
  Term nine = make_binary(heap, "\x01\x02\x03\x04\x05\x06\x07\x08\x09");
  CHECK(show(encode(make_sub_binary(heap, nine, 3, 50))) ==
        show("\x83\x4d\x00\x00\x00\x07\x02\x08\x10\x18\x20\x28\x30\x00"sv));

  // Slices of Big = binary:copy(<<"abcdefgh">>, 20), a reference-counted binary.
  std::string text;
  for (int i = 0; i < 20; i++) text += "abcdefgh";
  Term big = make_binary(heap, text);
  REQUIRE(is_refc_bin(big));
  // <<_:13, S2:1000/bits, _/bits>> = Big: whole bytes, so a BINARY_EXT.
  Term s2 = make_sub_binary(heap, big, 13, 1000);
  std::string s2_bytes = "\x83\x6d\x00\x00\x00\x7d"s;
  for (int i = 0; i < 125; i++) s2_bytes += "\x4c\x6c\x8c\xac\xcc\xed\x0c\x2c"[i % 8];
  CHECK(show(encode(s2)) == show(s2_bytes));
  // <<_:5, S4:17/bits, _/bits>> = S2
  CHECK(show(encode(make_sub_binary(heap, s2, 5, 17))) ==
        show("\x83\x4d\x00\x00\x00\x03\x01\x8d\x91\x80"sv));
  // <<_:16, S5:3/binary, _/bits>> = Big
  CHECK(show(encode(make_sub_binary(heap, big, 16, 24))) ==
        show("\x83\x6d\x00\x00\x00\x03\x63\x64\x65"sv));

  // Decoded binaries of more than 64 bytes are reference counted; smaller ones are not.
  Term decoded = decode(heap, s2_bytes);
  CHECK(is_refc_bin(decoded));
  CHECK(is_heap_bin(decode(heap, "\x83\x6d\x00\x00\x00\x03\x63\x64\x65"sv)));
  CHECK(is_sub_bin(decode(heap, "\x83\x4d\x00\x00\x00\x03\x01\x8d\x91\x80"sv)));
}

TEST_CASE("claimed lengths are checked against the input before allocating") {
  for (std::string_view bytes : {"\x83\x6c\xff\xff\xff\xff\x61\x01\x6a"sv,
                                 "\x83\x69\xff\xff\xff\xff\x61\x01"sv,
                                 "\x83\x74\x7f\xff\xff\xff\x61\x01\x61\x01"sv,
                                 "\x83\x6d\xff\xff\xff\xff\x00"sv,
                                 "\x83\x50\xff\xff\xff\xff\x78\x9c\x4b\x04\x00\x00\x62\x00\x62"sv}) {
    Arena heap;
    INFO(show(bytes));
    CHECK(decode(heap, bytes) == THE_NON_VALUE);
    CHECK(heap.used_words() < 64);
  }
}

TEST_CASE("compression uses zlib exactly as erts does") {
  Arena heap;
  // Every level round-trips; the vectors table has erl's bytes for levels 1, 2, 5, 6 and 9.
  Term t = parse_term(heap, "[{a,1},{a,1},{a,1},{a,1},{a,1},{a,1},{a,1},{a,1},{a,1},{a,1}]");
  std::string plain = encode(t);
  for (int level = 1; level <= 9; level++) {
    std::string z = encode(t, EncodeOptions{level, 1, false});
    INFO("level " << level);
    REQUIRE(z.size() < plain.size());
    CHECK(z.substr(0, 6) == "\x83\x50\x00\x00\x00"s + char(plain.size() - 1));
    size_t used = 0;
    Term back = decode(heap, z, &used);
    REQUIRE(back != THE_NON_VALUE);
    CHECK(used == z.size());
    CHECK(encode(back) == plain);
  }
  // Not worth it: the plain encoding.
  CHECK(encode(atoms::ok, EncodeOptions{9, 1, false}) == encode(atoms::ok));
}

TEST_CASE("a million levels of nesting need no C stack") {
  constexpr size_t depth = 1'000'000;
  Arena heap(1 << 16);

  Term list = NIL;  // [[[...[]...]]]
  for (size_t i = 0; i < depth; i++) list = cons(heap, list, NIL);
  std::string out = encode(list);
  CHECK(out.size() == 1 + depth * (5 + 1) + 1);  // LIST_EXT and length, then the NIL tail
  CHECK(etf_encoded_size(list, {}) == out.size());
  Term back = decode(heap, out);
  REQUIRE(back != THE_NON_VALUE);
  CHECK(encode(back) == out);

  Term nested = NIL;  // {ok, {ok, ...{ok, []}...}}
  for (size_t i = 0; i < depth; i++) nested = tuple(heap, atoms::ok, nested);
  out = encode(nested);
  CHECK(out.size() == 1 + depth * (2 + 5) + 1);
  back = decode(heap, out);
  REQUIRE(back != THE_NON_VALUE);
  CHECK(encode(back) == out);

  Term map = NIL;  // #{k => #{k => ...}}
  Term key = atom_put("k");
  for (size_t i = 0; i < depth / 10; i++) map = map_from_pairs(heap, &key, &map, 1);
  out = encode(map);
  back = decode(heap, out);
  REQUIRE(back != THE_NON_VALUE);
  CHECK(encode(back) == out);
}

TEST_CASE("truncated or corrupted input is refused or decoded, never a crash") {
  std::vector<std::string> samples;
  {
    Arena heap;
    for (const char* text :
         {"[{a, 1.5, [1,2,3], <<1,2,3:4>>, #{k => [1,2|3], 7 => {}}}, -7, 'Q\xc3\xa9', "
          "18446744073709551616, \"abc\", {x,y,z}]",
          "#{1 => 2, 3 => 4, 5 => 6, 7 => 8, 9 => 10, 11 => 12, 13 => 14, 15 => 16, 17 => 18, "
          "19 => 20, 21 => 22, 23 => 24, 25 => 26, 27 => 28, 29 => 30, 31 => 32, 33 => 34, "
          "35 => 36, 37 => 38, 39 => 40, 41 => 42, 43 => 44, 45 => 46, 47 => 48, 49 => 50, "
          "51 => 52, 53 => 54, 55 => 56, 57 => 58, 59 => 60, 61 => 62, 63 => 64, 65 => 66}"}) {
      Term t = parse_term(heap, text);
      samples.push_back(encode(t));
      samples.push_back(encode(t, EncodeOptions{6, 0, false}));
      samples.push_back(encode(t, EncodeOptions{0, 2, true}));
    }
  }
  samples.emplace_back(sp_closure);
  samples.emplace_back(lists_map_2);
  for (const Legacy& l : legacy) samples.emplace_back(l.input);

  for (const std::string& s : samples) {
    Arena heap;
    INFO(show(s));
    REQUIRE(decode(heap, s) != THE_NON_VALUE);
    for (size_t n = 0; n < s.size(); n++) {
      size_t used = 0;
      Term t = decode(heap, std::string_view(s).substr(0, n), &used);
      // The format is self-delimiting: a proper prefix only decodes if bytes were left over.
      if (t != THE_NON_VALUE) CHECK(used <= n);
    }
  }

  std::mt19937 rng(20241121);
  int decoded = 0;
  for (int i = 0; i < 20000; i++) {
    std::string s = samples[rng() % samples.size()];
    for (int flips = 1 + int(rng() % 3); flips > 0; flips--) {
      s[rng() % s.size()] ^= char(1 << (rng() % 8));
    }
    Arena heap;
    size_t used = 0;
    Term t = decode(heap, s, &used, true);  // safe: corrupted names must not fill the atom table
    if (t == THE_NON_VALUE) continue;
    decoded++;
    CHECK(used <= s.size());
    CHECK(etf_encoded_size(t, {}) == encode(t).size());
  }
  // Enough corrupted inputs still decode for the encoder to meet odd terms too.
  CHECK(decoded > 2000);
  CHECK(decoded < 18000);
}
