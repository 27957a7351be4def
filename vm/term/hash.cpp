// erlang:phash/2: a portable hash whose values programs store and
// compare across nodes and releases, so every constant and every step follows erts.
#include "vm/term/hash.h"

#include <bit>
#include <vector>

#include "vm/term/atom.h"
#include "vm/term/binary.h"
#include "vm/code/export.h"
#include "vm/code/fun.h"
#include "vm/term/hash_mix.h"
#include "vm/term/map.h"
#include "vm/term/node.h"
#include "vm/term/phash2.h"

namespace ember {
namespace {

using namespace hash_mix;


// ---- phash ---------------------------------------------------------------------------------

// Primes just above 2^28 that weight each kind of input.
constexpr uint32_t P1 = 268440163, P2 = 268439161, P3 = 268435459, P4 = 268436141,
                   P5 = 268438633, P6 = 268437017, P8 = 268437511, P9 = 268439627,
                   P10 = 268440479, P11 = 268440577, P12 = 268440581, P13 = 268440593,
                   P14 = 268440611;

class Hash1 {
 public:
  uint32_t run(Term t) {
    for (;;) {
      if (visit(t, &t)) continue;
      if (!next_from_stack(&t)) return hash_;
    }
  }

 private:
  // Deferred work: the rest of a tuple or a fun's environment, a list's tail, or the final
  // step after an improper (or empty) tail.
  struct Op {
    enum Kind { elements, tuple_elements, tail, after_tail } kind;
    const Term* next;
    size_t remaining;
    Term term;
  };
  uint32_t hash_ = 0;
  std::vector<Op> stack_;

  void step(uint32_t x, uint32_t prime) {
    hash_ = (((hash_ * prime + (x & 0xFF)) * prime + ((x >> 8) & 0xFF)) * prime +
             ((x >> 16) & 0xFF)) * prime + (x >> 24);
  }

  bool next_from_stack(Term* t) {
    while (!stack_.empty()) {
      Op& op = stack_.back();
      switch (op.kind) {
        case Op::elements:
        case Op::tuple_elements:
          if (op.remaining > 0) {
            op.remaining--;
            *t = *op.next++;
            return true;
          }
          if (op.kind == Op::tuple_elements) hash_ = hash_ * P9 + uint32_t(op.term);
          stack_.pop_back();
          break;
        case Op::tail:
          *t = op.term;
          stack_.pop_back();
          if (!is_list(*t)) stack_.push_back({Op::after_tail, nullptr, 0, 0});
          return true;
        case Op::after_tail:
          hash_ *= P8;
          stack_.pop_back();
          break;
      }
    }
    return false;
  }

  // Hashes t, or the first part of it; returns true with *next set to hash next.
  bool visit(Term t, Term* next) {
    if (is_nil(t)) {
      hash_ = hash_ * P3 + 1;
    } else if (is_atom(t)) {
      hash_ = hash_ * P1 + atom_hash(t);
    } else if (is_small(t)) {
      int64_t v = small_value(t);
      uint64_t magnitude = v < 0 ? uint64_t(0) - uint64_t(v) : uint64_t(v);
      step(low32(magnitude), P2);
      if (high32(magnitude)) step(high32(magnitude), P2);
      hash_ *= v < 0 ? P4 : P3;
    } else if (is_list(t)) {
      return visit_list(t, next);
    } else if (is_pid(t)) {
      step(pid_number_of(t), P5);
      hash_ *= P6;
    } else if (is_port(t)) {
      uint64_t n = port_number_of(t);
      if (high32(n)) step(high32(n), P11);
      step(low32(n), P9);
      hash_ *= P10;
    } else if (is_ref(t)) {
      step(first_ref_number(t), P9);
      hash_ *= P10;
    } else {
      return visit_boxed(t, next);
    }
    return false;
  }

  bool visit_list(Term t, Term* next) {
    while (is_byte(head(t))) {
      hash_ = hash_ * P2 + uint32_t(small_value(head(t)));
      if (!is_list(tail(t))) {
        stack_.push_back({Op::after_tail, nullptr, 0, 0});
        *next = tail(t);
        return true;
      }
      t = tail(t);
    }
    stack_.push_back({Op::tail, nullptr, 0, tail(t)});
    *next = head(t);
    return true;
  }

  bool visit_boxed(Term t, Term* next) {
    switch (header_subtag(boxed_header(t))) {
      case Subtag::tuple:
        stack_.push_back({Op::tuple_elements, tuple_elements(t), tuple_arity(t),
                          Term(tuple_arity(t))});
        return false;
      case Subtag::flat_map:
      case Subtag::hash_map_head:
        hash_ = hash_ * P13 + P14 + Phash2(t).run_to_end();
        return false;
      case Subtag::fun: {
        const FunEntry* entry = closure_entry(t);
        Word num_free = closure_num_free(t);
        hash_ = hash_ * P10 + uint32_t(num_free);
        hash_ = hash_ * P1 + atom_hash(entry->module);
        hash_ = hash_ * P2 + entry->index;
        hash_ = hash_ * P2 + entry->old_uniq;
        if (num_free == 0) return false;
        stack_.push_back({Op::elements, closure_env(t) + 1, num_free - 1, 0});
        *next = closure_env(t)[0];
        return true;
      }
      case Subtag::export_: {
        const Export* e = export_fun_entry(t);
        hash_ = hash_ * P11 + e->arity;
        hash_ = hash_ * P1 + atom_hash(e->module);
        hash_ = hash_ * P1 + atom_hash(e->function);
        return false;
      }
      case Subtag::pos_big:
      case Subtag::neg_big:
        visit_big(t);
        return false;
      case Subtag::float_: {
        uint64_t bits = positive_zero_bits(float_value(t));
        hash_ = hash_ * P6 + (low32(bits) ^ high32(bits));
        return false;
      }
      default:
        visit_bitstring(t);
        return false;
    }
  }

  // Bytes of the magnitude, least significant first; the top digit contributes only 4 bytes
  // when its upper half is zero, which matches how a small integer is hashed.
  void visit_big(Term t) {
    const Word* digits = big_digits(t);
    Word n = big_size(t);
    for (Word i = 0; i < n; i++) {
      uint64_t d = digits[i];
      int bytes = (i + 1 == n && high32(d) == 0) ? 4 : 8;
      for (int j = 0; j < bytes; j++, d >>= 8) hash_ = hash_ * P2 + uint32_t(d & 0xFF);
    }
    hash_ *= big_negative(t) ? P4 : P3;
  }

  void visit_bitstring(Term t) {
    AlignedBits bits(bitstring_bits(t));
    for (size_t i = 0; i < bits.whole_bytes; i++) hash_ = hash_ * P1 + bits.bytes[i];
    if (bits.trailing_bits)
      hash_ = (hash_ * P1 + bits.tail_value()) * P12 + bits.trailing_bits;
    hash_ = hash_ * P4 + uint32_t(bits.whole_bytes);
  }
};

}  // namespace

uint64_t phash(Term t, uint32_t range) {
  uint32_t h = Hash1().run(t);
  if (range == 0) return uint64_t(h) + 1;
  return h % range + 1;
}

}  // namespace ember
