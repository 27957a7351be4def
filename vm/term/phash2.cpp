// erlang:phash2/1,2: a portable hash whose values programs store and compare across nodes and
// releases, so every constant and every step follows erts.
#include "vm/term/phash2.h"

#include <limits>

#include "vm/code/export.h"
#include "vm/code/fun.h"
#include "vm/term/hash.h"
#include "vm/term/hash_mix.h"
#include "vm/term/map.h"

namespace ember {

using namespace hash_mix;

// Map pairs are hashed each from zero and xor-ed together, so the result does not depend on
// the order pairs are met; markers on the stack delimit pairs and whole maps.
bool Phash2::step(int64_t* budget) {
  while (!stack_.empty()) {
    if (*budget <= 0) return false;
    Item item = stack_.back();
    stack_.pop_back();
    switch (item.kind) {
      case Item::one_term:
        --*budget;
        visit(item.term, budget);
        break;
      case Item::elements: {
        --*budget;
        Term element = tuple_elements(item.term)[item.saved_hash];
        if (++item.saved_hash < tuple_arity(item.term)) stack_.push_back(item);
        visit(element, budget);
        break;
      }
      case Item::byte_run:
        visit_list(item.term, item.saved_hash, item.saved_xor, budget);
        break;
      case Item::pair_end:
        xor_pairs_ ^= hash_;
        hash_ = 0;
        break;
      case Item::map_end: {
        uint32_t pairs = xor_pairs_;
        hash_ = item.saved_hash;
        xor_pairs_ = item.saved_xor;
        mix2(hash_, pairs, 0, golden_times(19));
        break;
      }
    }
  }
  return true;
}

uint32_t Phash2::run_to_end() {
  int64_t unlimited = std::numeric_limits<int64_t>::max();
  step(&unlimited);
  return hash_;
}

void Phash2::push_in_order(const Term* terms, size_t n) {
  for (size_t i = n; i-- > 0;) push(terms[i]);
}

void Phash2::push_pair(Term key, Term value) {
  stack_.push_back({Item::pair_end, THE_NON_VALUE, 0, 0});
  push(value);
  push(key);
}

void Phash2::push_children(Term node) {
  size_t count;
  const Term* children = hash_map_children(node, &count);
  for (size_t i = 0; i < count; i++) {
    if (is_hash_map_leaf(children[i])) push_pair(head(children[i]), tail(children[i]));
    else push(children[i]);
  }
}

void Phash2::visit(Term t, int64_t* budget) {
  if (is_small(t)) return visit_small(small_value(t));
  if (is_atom(t)) {
    if (hash_ == 0) hash_ = atom_hash(t);
    else mix2(hash_, atom_hash(t), 0, golden_times(3));
    return;
  }
  if (is_nil(t)) {
    if (hash_ == 0) hash_ = 3468870702U;
    else mix2(hash_, 2, 0, golden_times(2));  // 2: erts' type code for []
    return;
  }
  if (is_list(t)) return visit_list(t, 0, 0, budget);
  if (is_pid(t)) return mix2(hash_, pid_number_of(t), 0, golden_times(5));
  if (is_port(t)) {
    uint64_t n = port_number_of(t);
    return mix2(hash_, low32(n), high32(n), golden_times(6));
  }
  if (is_ref(t)) return mix2(hash_, first_ref_number(t), 0, golden_times(7));
  switch (header_subtag(boxed_header(t))) {
    case Subtag::tuple:
      mix2(hash_, uint32_t(tuple_arity(t)), 0, golden_times(9));
      if (tuple_arity(t) > 0) stack_.push_back({Item::elements, t, 0, 0});
      return;
    case Subtag::flat_map:
    case Subtag::hash_map_head:
      return visit_map(t);
    case Subtag::hash_map_node:
      return push_children(t);
    case Subtag::fun: {
      const FunEntry* entry = closure_entry(t);
      auto num_free = uint32_t(closure_num_free(t));
      mix2(hash_, num_free, atom_hash(entry->module), golden);
      mix2(hash_, entry->index, entry->old_uniq, golden);
      return push_in_order(closure_env(t), num_free);
    }
    case Subtag::export_: {
      const Export* e = export_fun_entry(t);
      mix2(hash_, e->arity, atom_hash(e->module), golden);
      return mix2(hash_, atom_hash(e->function), 0, golden_times(14));
    }
    case Subtag::pos_big:
    case Subtag::neg_big:
      *budget -= int64_t(big_size(t));
      return mix_bignum(hash_, t);
    case Subtag::float_: {
      uint64_t bits = positive_zero_bits(float_value(t));
      return mix2(hash_, high32(bits), low32(bits), golden_times(12));
    }
    default:
      return visit_bitstring(t, budget);
  }
}

// Integers of up to 28 bits are hashed as erts did on 32-bit machines; larger ones like
// bignums, so a value hashes the same whatever its representation.
void Phash2::visit_small(int64_t v) {
  if (v >= -(int64_t(1) << 27) && v < (int64_t(1) << 27)) {
    auto y = int32_t(v);
    if (y < 0) mix2(hash_, uint32_t(-y), 0, golden);
    mix2(hash_, uint32_t(y), 0, golden);
    return;
  }
  uint64_t magnitude = v < 0 ? uint64_t(0) - uint64_t(v) : uint64_t(v);
  uint32_t kind = v < 0 ? golden_times(10) : golden_times(11);
  mix2(hash_, low32(magnitude), high32(magnitude), kind);
}

// Byte runs are packed four to a word (`packed` holds the `count` bytes not yet mixed); any
// other element, and the tail, are hashed as terms. A run longer than the budget stops where
// it ends and goes on from a byte_run item.
void Phash2::visit_list(Term t, uint32_t packed, unsigned count, int64_t* budget) {
  for (; is_list(t) && is_byte(head(t)); t = tail(t)) {
    if (--*budget < 0) {
      stack_.push_back({Item::byte_run, t, packed, count});
      return;
    }
    packed = (packed << 8) + uint32_t(small_value(head(t)));
    if (++count == 4) {
      mix2(hash_, packed, 0, golden_times(4));
      packed = count = 0;
    }
  }
  if (count > 0) mix2(hash_, packed, 0, golden_times(4));
  if (is_list(t)) {
    push(tail(t));
    push(head(t));
  } else {
    push(t);
  }
}

void Phash2::visit_map(Term t) {
  size_t n = map_size(t);
  mix2(hash_, uint32_t(n), 0, golden_times(16));
  if (n == 0) return;
  stack_.push_back({Item::map_end, THE_NON_VALUE, hash_, xor_pairs_});
  hash_ = 0;
  xor_pairs_ = 0;
  if (!is_flat_map(t)) return push_children(t);
  for (size_t i = n; i-- > 0;) push_pair(flat_map_keys(t)[i], flat_map_values(t)[i]);
}

// A binary is hashed at once, paid for by its size.
void Phash2::visit_bitstring(Term t, int64_t* budget) {
  AlignedBits bits(bitstring_bits(t));
  *budget -= int64_t(bits.whole_bytes / 8);
  uint32_t start = golden_times(13) + hash_;
  size_t size = bits.whole_bytes & 0xFFFFFFFF;  // erts hashes at most 4 GB
  if (size == 0 && bits.trailing_bits == 0) {
    hash_ = start;
    return;
  }
  hash_ = block_hash(bits.bytes, size, start);
  if (bits.trailing_bits) mix2(hash_, bits.trailing_bits, bits.tail_value(), golden_times(15));
}

uint32_t phash2(Term t) { return Phash2(t).run_to_end() & ((uint32_t(1) << 27) - 1); }

uint32_t phash2_range(Term t, uint32_t range) {
  uint32_t h = Phash2(t).run_to_end();
  return range == 0 ? h : h % range;
}

}  // namespace ember
