// erts' internal term hash, the one that places keys in a large map. Unlike phash2 it need not
// be portable, but equal terms (=:=) must hash equally and every bit that equality looks at
// must feed the hash, so that salting can always separate two different keys.
#include <algorithm>
#include <bit>
#include <vector>

#include "vm/term/binary.h"
#include "vm/code/export.h"
#include "vm/code/fun.h"
#include "vm/term/hash.h"
#include "vm/term/hash_mix.h"
#include "vm/term/map.h"
#include "vm/term/node.h"

namespace ember {
namespace {

using namespace hash_mix;

constexpr uint32_t internal_salt = 3432918353U;  // a prime, so the hash differs from phash2
constexpr Term cdr_marker = THE_NON_VALUE;         // on the stack: "a cons cell's tail follows"

// Lightweight mixing of a constant that only marks structure.
void mix_constant(uint32_t& hash, uint32_t constant) {
  hash ^= constant;
  hash = std::rotl(hash, 17);
}

class InternalHash {
 public:
  explicit InternalHash(uint32_t salt) : hash_(salt ^ internal_salt) {}

  uint32_t run(Term t) {
    for (;;) {
      if (t != cdr_marker) {
        visit(t);
      } else {
        mix_constant(hash_, golden_times(18));
      }
      if (stack_.empty()) return hash_;
      t = stack_.back();
      stack_.pop_back();
    }
  }

 private:
  uint32_t hash_;
  std::vector<Term> stack_;  // terms still to hash, last one first

  // Pushes terms so that they are hashed in array order.
  void push_in_order(const Term* terms, size_t n) {
    for (size_t i = n; i-- > 0;) stack_.push_back(terms[i]);
  }

  void visit(Term t) {
    if (is_immed(t)) return mix2(hash_, low32(t), high32(t), golden);
    if (is_list(t)) return visit_list(t);
    const Word* p = boxed_ptr(t);
    switch (header_subtag(p[0])) {
      case Subtag::tuple:
        mix2(hash_, uint32_t(tuple_arity(t)), 0, golden_times(9));
        return push_in_order(tuple_elements(t), tuple_arity(t));
      case Subtag::flat_map:
        return visit_flat_map(t);
      case Subtag::hash_map_head:
        mix2(hash_, uint32_t(hash_map_size(t)), 0, golden_times(16));
        return push_children(t);
      case Subtag::hash_map_node:
        return push_children(t);
      case Subtag::fun:
        return visit_closure(t);
      case Subtag::export_: {
        auto address = uint64_t(uintptr_t(export_fun_entry(t)));  // entries never move
        return mix2(hash_, low32(address), high32(address), golden_times(14));
      }
      case Subtag::pos_big:
      case Subtag::neg_big: {
        return mix_bignum(hash_, t);
      }
      case Subtag::float_: {
        double d = float_value(t);
        uint64_t bits = std::bit_cast<uint64_t>(d == 0.0 ? 0.0 : d);
        return mix2(hash_, low32(bits), high32(bits), golden_times(12));
      }
      case Subtag::ref:
        mix2(hash_, ref_number(t, 0), 0, golden_times(7));
        return mix2(hash_, ref_number(t, 1), ref_number(t, 2), golden_times(8));
      case Subtag::external_ref:
        return visit_external_ref(t);
      case Subtag::external_pid:
        mix2(hash_, low32(external_node(t)), external_creation(t), golden_times(5));
        return mix2(hash_, uint32_t(p[3]), uint32_t(p[4]), golden_times(5));
      case Subtag::external_port:
        mix2(hash_, low32(external_node(t)), external_creation(t), golden_times(6));
        return mix2(hash_, low32(p[3]), high32(p[3]), golden_times(6));
      default:
        return visit_bitstring(t);
    }
  }

  // Runs of small byte values are packed four to a word, as in erts' string optimisation.
  void visit_list(Term t) {
    uint32_t packed;
    unsigned count;
    t = mix_byte_run(hash_, t, &packed, &count);
    if (count > 0) mix2(hash_, packed, count, golden_times(22));
    if (!is_list(t)) {
      stack_.push_back(t);  // the tail after the bytes, hashed like any term
      return;
    }
    mix_constant(hash_, golden_times(17));
    Term rest = tail(t);
    stack_.push_back(rest);
    if (!is_list(rest)) stack_.push_back(cdr_marker);
    stack_.push_back(head(t));
  }

  void visit_flat_map(Term t) {
    size_t n = flat_map_size(t);
    mix2(hash_, uint32_t(n), 0, golden_times(16));
    for (size_t i = n; i-- > 0;) {
      stack_.push_back(flat_map_values(t)[i]);
      stack_.push_back(flat_map_keys(t)[i]);
    }
  }

  // erts pushes the children first to last, so they are hashed last to first.
  void push_children(Term node) {
    size_t count;
    const Term* children = hash_map_children(node, &count);
    for (size_t i = 0; i < count; i++) {
      Term child = children[i];
      if (is_hash_map_leaf(child)) {
        stack_.push_back(tail(child));
        stack_.push_back(head(child));
      } else {
        stack_.push_back(child);
      }
    }
  }

  void visit_closure(Term t) {
    const FunEntry* entry = closure_entry(t);
    auto num_free = uint32_t(closure_num_free(t));
    mix2(hash_, num_free, low32(entry->module), golden_times(20));
    mix2(hash_, entry->index, entry->old_uniq, golden_times(21));
    push_in_order(closure_env(t), num_free);
  }

  // Missing numbers count as zero and zeros past the third are ignored, as in comparisons.
  void visit_external_ref(Term t) {
    const Word* p = boxed_ptr(t);
    size_t n = p[3];
    while (n > 3 && p[4 + n - 1] == 0) n--;
    auto number = [&](size_t i) { return i < n ? uint32_t(p[4 + i]) : 0; };
    mix2(hash_, low32(external_node(t)), external_creation(t), golden_times(7));
    mix2(hash_, number(0), 0, golden_times(7));
    for (size_t i = 1; i < std::max<size_t>(n, 3); i += 2) mix2(hash_, number(i), number(i + 1), golden_times(8));
  }

  void visit_bitstring(Term t) {
    AlignedBits bits(bitstring_bits(t));
    uint32_t start = golden_times(13) + hash_;
    if (bits.whole_bytes == 0 && bits.trailing_bits == 0) {
      hash_ = start;
      return;
    }
    hash_ = block_hash(bits.bytes, bits.whole_bytes, start);
    if (bits.trailing_bits) mix2(hash_, bits.trailing_bits, bits.tail_value(), golden_times(15));
  }
};

}  // namespace

uint32_t map_hash(Term key, uint32_t depth) {
  uint32_t salt = 0;
  if (depth > 0) mix2(salt, depth, 1, golden_times(22));
  return InternalHash(salt).run(key);
}

}  // namespace ember
