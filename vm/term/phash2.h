// erlang:phash2's walk over a term (erts' make_hash2). It can stop when its budget is spent
// and go on later, for the BIF that yields between time slices as erts' traps on big terms.
#pragma once

#include <cstdint>
#include <vector>

#include "vm/term/term.h"

namespace ember {

// Between steps the walk keeps raw pointers into the term, so nothing may move the term
// meanwhile (Process::gc_held).
class Phash2 {
 public:
  explicit Phash2(Term t) { push(t); }
  // Walks on until the hash is known (true) or *budget, in charge_work's elements (a term, a
  // list cell, 8 bytes of a binary), runs out (false).
  bool step(int64_t* budget);
  // The whole 32-bit hash; phash2/1 keeps 27 bits of it.
  uint32_t value() const { return hash_; }
  uint32_t run_to_end();

 private:
  // A term to hash; a tuple's elements from the one at saved_hash on (a big tuple takes one
  // item, not one per element); the end of a map pair or of a whole map (which restores the
  // hash and the pairs' xor saved when the map began); or a run of bytes in a list cut where a
  // budget ended (saved: the bytes not yet mixed and their count).
  struct Item {
    enum Kind { one_term, elements, pair_end, map_end, byte_run } kind;
    Term term;
    uint32_t saved_hash, saved_xor;
  };
  uint32_t hash_ = 0;
  uint32_t xor_pairs_ = 0;
  std::vector<Item> stack_;

  void push(Term t) { stack_.push_back({Item::one_term, t, 0, 0}); }
  void push_in_order(const Term* terms, size_t n);
  void push_pair(Term key, Term value);
  void push_children(Term node);
  void visit(Term t, int64_t* budget);
  void visit_small(int64_t v);
  void visit_list(Term t, uint32_t packed, unsigned count, int64_t* budget);
  void visit_map(Term t);
  void visit_bitstring(Term t, int64_t* budget);
};

}  // namespace ember
