// A map built from many pairs in steps, so that a BIF can yield between time slices
// (maps:from_list/1 and maps:from_keys/2, as erts' trap) and never hold a scheduler long.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "vm/process/heap.h"
#include "vm/term/term.h"

namespace ember {

// Between steps the builder holds keys, values and the nodes made so far as raw terms, so
// nothing may move them meanwhile (Process::gc_held). The pairs are sorted in trie order by a
// merge sort that stops anywhere, then the trie is built depth first, a node at a time.
class MapBuilder {
 public:
  void reserve(size_t n) { entries_.reserve(n); }
  // A later duplicate key wins.
  void add(Term key, Term value);
  size_t size() const { return entries_.size(); }
  // Goes on as far as *budget allows (charge_work's elements): the map, or THE_NON_VALUE to be
  // called again.
  Term build_some(Heap& heap, int64_t* budget);

  struct Entry {
    Term key;
    Term value;
    uint32_t hash;   // map_hash(key, 0)
    uint32_t order;  // nibbles_reversed(hash): trie order at the first salt
    size_t index;    // position in the input, so that later duplicates win
  };

 private:
  // A node being built: its entries [begin, end), the next one to place, and its children.
  struct Frame {
    Frame(size_t begin, size_t end, unsigned level) : begin(begin), end(end), next(begin), level(level) {}
    size_t begin, end, next;
    unsigned level;
    unsigned pending_nibble = 0;  // where the child being built below goes
    uint32_t bitmap = 0;
    size_t count = 0;
    std::array<Term, 16> children = {};
  };
  enum class Phase { sort_runs, merge, build } phase_ = Phase::sort_runs;
  std::vector<Entry> entries_, scratch_;
  size_t width_ = 0, at_ = 0;  // the merge: run width, and where the pass is
  size_t left_ = 0, right_ = 0;
  bool merging_ = false;
  std::vector<Frame> frames_;

  bool sort_some(int64_t* budget);
  bool merge_some(int64_t* budget);
  void drop_duplicates();
  Term build_trie_some(Heap& heap, int64_t* budget);
  void place(Heap& heap, Frame& f, int64_t* budget);
};

}  // namespace ember
