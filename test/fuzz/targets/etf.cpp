// Target `etf`: the external term format decoder, as binary_to_term/1,2 use it (with and
// without `safe`, compressed or not). What decodes must re-encode to bytes that decode to an
// exactly equal term (=:=) and re-encode to the same bytes; the encoder's size must match what
// it writes; the same term under other encoding options must come back equal; `safe` may
// refuse more but never decode differently; and no proper prefix of the bytes used decodes.
// Decoded a few elements at a time on a process's heap, collected between the steps as
// binary_to_term's time slices are, the same bytes must give the same term or be refused too.
#include <string>
#include <string_view>

#include "bif/bif.h"
#include "test/fuzz/etf_mutate.h"
#include "test/fuzz/fuzz.h"
#include "test/unit/term_parse.h"
#include "vm/term/atom.h"
#include "vm/term/binary.h"
#include "vm/term/build.h"
#include "vm/term/compare.h"
#include "vm/term/etf.h"
#include "vm/code/export.h"
#include "vm/code/fun.h"
#include "vm/term/node.h"
#include "vm/term/ref.h"
#include "vm/process/gc.h"
#include "vm/process/process.h"

using namespace ember;
using namespace ember::fuzz;
using namespace std::literals;

namespace {

#define CHECK(condition) FUZZ_CHECK("etf", condition)

// The tables of test/unit/etf_vectors.inc, written by erl (see test/unit/etf_vectors.erl).
struct Vector {
  const char* term;
  EncodeOptions options;
  std::string_view bytes;
  size_t size;
  const char* md5;
};
struct Legacy {
  std::string_view input;
  std::string_view reencoded;
};
#include "test/unit/etf_vectors.inc"

std::string encode(Term t, const EncodeOptions& o = {}) {
  std::string out;
  etf_encode(t, o, out);
  return out;
}

Term decode(Heap& heap, std::string_view bytes, bool safe, size_t* used) {
  DecodeOptions o;
  o.safe = safe;
  return etf_decode(heap, bytes, o, used);
}

// The decode binary_to_term makes over several time slices, `step` elements at first, with a
// collection after each step. Steps grow by half each time, so that the collections of a large
// term (which the input may only claim when compressed) copy it a few dozen times, not once
// per element.
Term decode_in_steps(Process* p, std::string_view bytes, int64_t step, size_t* used) {
  EtfDecoding decoding;
  DecodeProgress progress;
  int64_t budget = step;
  if (!decoding.start(bytes, &budget)) return THE_NON_VALUE;
  ProcessHeap heap(p);
  for (;; step += step / 2 + 1) {
    budget = step;
    DecodeStep s = decoding.step(heap, bytes, DecodeOptions{}, progress, &budget);
    if (s == DecodeStep::malformed) return THE_NON_VALUE;
    if (s == DecodeStep::done) {
      *used = decoding.used();
      return progress.result;
    }
    Term x[] = {progress.result, progress.work, progress.maps};
    p->building_in_place = true;
    CHECK(gc_collect(p, 0, x, 3));
    progress = {x[0], x[1], x[2]};
  }
}

// Terms of every kind ember encodes, including those with no text form for parse_term.
std::vector<Term> sample_terms(Heap& heap) {
  std::vector<Term> terms;
  for (const char* text :
       {"[{a, 1.5, [1,2,3], <<1,2,3:4>>, #{k => [1,2|3], 7 => {}}}, -7, 'Q\xc3\xa9', "
        "18446744073709551616, -340282366920938463463374607431768211456, \"abc\", {x,y,z}]",
        "#{1 => 2, 3 => 4, 5 => 6, 7 => 8, 9 => 10, 11 => 12, 13 => 14, 15 => 16, 17 => 18, "
        "19 => 20, 21 => 22, 23 => 24, 25 => 26, 27 => 28, 29 => 30, 31 => 32, 33 => 34, "
        "35 => 36, 37 => 38, 39 => 40, 41 => 42, 43 => 44, 45 => 46, 47 => 48, 49 => 50, "
        "51 => 52, 53 => 54, 55 => 56, 57 => 58, 59 => 60, 61 => 62, 63 => 64, 65 => 66}",
        "{[], <<>>, -0.0, 2.2250738585072014e-308, 1.7976931348623157e308, [[[[[]]]]], {{{}}}}",
        "<<\"a binary long enough to be reference counted when it is decoded again, 100 bytes+\">>"})
    terms.push_back(ember::test::parse_term(heap, text));
  Term node = atom_put("fuzz@example.org");
  const uint32_t numbers[5] = {1, 2, 3, 4, 5};
  uint8_t md5[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
  FunEntry* entry = fun_entry_put(atom_put("fuzz_mod"), 3, md5, 77, 1, 2, atom_put("-f/1-fun-0-"));
  Word* fun = heap.alloc(fun_fixed_words + 2);
  fun[0] = make_header(Subtag::fun, fun_fixed_words - 1 + 2);
  fun[1] = Word(uintptr_t(entry));
  fun[2] = make_pid(pid_id_from(9, 0));
  fun[3] = make_small(42);
  fun[4] = make_binary(heap, "env");
  auto export_fun = [&](const char* module, const char* function, uint32_t arity) {
    Word* p = heap.alloc(2);
    p[0] = make_header(Subtag::export_, 1);
    p[1] = Word(uintptr_t(export_put(atom_put(module), atom_put(function), arity)));
    return make_boxed(p);
  };
  Term nine = make_binary(heap, "\x01\x02\x03\x04\x05\x06\x07\x08\x09");
  for (Term t : {make_pid(pid_id_from(300, 5)), make_external_pid(heap, node, 7, 1, 2),
                 make_port(5), make_external_port(heap, node, 9, uint64_t(1) << 40),
                 make_local_ref(heap, 1, 2, 3), make_external_ref(heap, node, 4, numbers, 5),
                 make_boxed(fun), export_fun("lists", "map", 2),
                 export_fun("erlang", "length", 1),  // a BIF: `safe` accepts it
                 make_sub_binary(heap, nine, 3, 50)})
    terms.push_back(t);
  Term nested = NIL;
  for (int k = 0; k < 1000; k++) nested = tuple(heap, nested, cons(heap, make_small(k), NIL));
  terms.push_back(nested);
  return terms;
}

Corpus etf_seeds() {
  Corpus seeds;
  for (const Vector& v : vectors)
    if (!v.bytes.empty()) seeds.emplace_back(v.bytes);
  for (const Legacy& l : legacy) seeds.emplace_back(l.input);
  for (std::string_view r : refused) seeds.emplace_back(r);
  Arena heap;
  for (const Vector& v : vectors)
    if (v.bytes.empty()) seeds.push_back(encode(ember::test::parse_term(heap, v.term), v.options));
  for (Term t : sample_terms(heap))
    for (EncodeOptions o : {EncodeOptions{}, EncodeOptions{6, 1, false}, EncodeOptions{0, 0, false},
                            EncodeOptions{0, 2, true}})
      seeds.push_back(encode(t, o));
  return seeds;
}

}  // namespace

int fuzz_etf(const uint8_t* data, size_t size) {
  static bool bifs = (register_bifs(), true);  // `safe` accepts external funs of BIFs
  (void)bifs;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  Arena heap;
  size_t used_safe = 0, used = 0;
  Term safe = decode(heap, bytes, true, &used_safe);
  Term t = decode(heap, bytes, false, &used);
  if (safe != THE_NON_VALUE) {
    CHECK(t != THE_NON_VALUE);
    CHECK(eq_exact(safe, t));
    CHECK(used_safe == used);
  }
  auto p = process_new();
  size_t used_in_steps = 0;
  Term in_steps = decode_in_steps(p.get(), bytes, 1 + int64_t(size % 8), &used_in_steps);
  CHECK((in_steps == THE_NON_VALUE) == (t == THE_NON_VALUE));
  if (t != THE_NON_VALUE) {
    CHECK(eq_exact(in_steps, t));
    CHECK(used_in_steps == used);
  }
  gc_free_all(p.get());
  if (t == THE_NON_VALUE) return 0;
  note_accepted();
  CHECK(used >= 2 && used <= size);
  size_t ignored;
  CHECK(decode(heap, bytes.substr(0, used - 1), false, &ignored) == THE_NON_VALUE);

  std::string once = encode(t);
  CHECK(etf_encoded_size(t, {}) == once.size());
  size_t used_again = 0;
  Term back = decode(heap, once, false, &used_again);
  CHECK(back != THE_NON_VALUE);
  CHECK(used_again == once.size());
  CHECK(eq_exact(back, t));
  CHECK(encode(back) == once);

  // Other encoding options, chosen by the input so that a run depends on the input alone.
  uint8_t pick = uint8_t(bytes[size / 2] ^ bytes[size - 1]);
  EncodeOptions o{pick % 10, (pick / 10) % 3, (pick & 0x80) != 0};
  std::string other = encode(t, o);
  if (o.compression == 0) CHECK(etf_encoded_size(t, o) == other.size());
  Term again = decode(heap, other, false, &used_again);
  CHECK(again != THE_NON_VALUE);
  CHECK(used_again == other.size());
  CHECK(eq_exact(again, t));
  return 0;
}

EMBER_FUZZ_TARGET(etf, etf_seeds, mutate_etf, size_t(1) << 20);
