// Building a large map from pairs (vm/term/map_build.h), in steps or at once (hamt_from_pairs).
#include <algorithm>
#include <limits>

#include "vm/term/build.h"
#include "vm/term/compare.h"
#include "vm/term/hamt.h"
#include "vm/term/map_build.h"

namespace ember {
namespace {

using Entry = MapBuilder::Entry;

constexpr size_t sorted_run = 1024;     // runs sorted at once before the merges
constexpr size_t built_at_once = 1024;  // a subtrie of no more entries is built at once

// Trie order of two entries; equal keys tie and then order by input position.
bool trie_before(const Entry& a, const Entry& b) {
  if (a.order != b.order) return a.order < b.order;
  if (eq_exact(a.key, b.key)) return a.index < b.index;
  for (uint32_t depth = 1;; depth++) {
    uint32_t x = map_hash(a.key, depth), y = map_hash(b.key, depth);
    if (x != y) return nibbles_reversed(x) < nibbles_reversed(y);
  }
}

// The node for entries (in trie order, sharing their first `level` nibbles).
Term build_node(Heap& heap, const std::vector<Entry>& entries, size_t begin, size_t end, unsigned level,
                bool is_head) {
  std::array<Term, 16> children;
  size_t count = 0;
  uint32_t bitmap = 0;
  for (size_t i = begin; i < end;) {
    unsigned nibble = KeyHash(entries[i].key, entries[i].hash).nibble(level);
    size_t j = i + 1;
    while (j < end && KeyHash(entries[j].key, entries[j].hash).nibble(level) == nibble) j++;
    bool leaf = j - i == 1;
    children[count++] = leaf ? cons(heap, entries[i].key, entries[i].value)
                             : build_node(heap, entries, i, j, level + 1, false);
    bitmap |= uint32_t(1) << nibble;
    i = j;
  }
  return make_node(heap, is_head, end - begin, bitmap, children.data(), count);
}

}  // namespace

void MapBuilder::add(Term key, Term value) {
  uint32_t hash = map_hash(key, 0);
  entries_.push_back({key, value, hash, nibbles_reversed(hash), entries_.size()});
}

Term MapBuilder::build_some(Heap& heap, int64_t* budget) {
  if (phase_ == Phase::sort_runs) {
    if (!sort_some(budget)) return THE_NON_VALUE;
    phase_ = Phase::merge;
  }
  if (phase_ == Phase::merge) {
    if (!merge_some(budget)) return THE_NON_VALUE;
    drop_duplicates();
    phase_ = Phase::build;
  }
  if (entries_.size() > flat_map_max_keys) return build_trie_some(heap, budget);
  std::vector<Term> keys, values;
  for (const Entry& e : entries_) {
    keys.push_back(e.key);
    values.push_back(e.value);
  }
  return map_from_pairs(heap, keys.data(), values.data(), entries_.size());
}

// Sorts runs of sorted_run entries, each at once.
bool MapBuilder::sort_some(int64_t* budget) {
  size_t n = entries_.size();
  for (; at_ < n; at_ += sorted_run) {
    if (*budget <= 0) return false;
    size_t end = std::min(at_ + sorted_run, n);
    std::sort(entries_.begin() + ptrdiff_t(at_), entries_.begin() + ptrdiff_t(end), trie_before);
    *budget -= int64_t(8 * (end - at_));
  }
  at_ = 0;
  width_ = sorted_run;
  if (width_ < n) scratch_.resize(n);
  return true;
}

// Merges sorted runs pairwise into runs twice as wide, an entry a unit, until one is left. A
// merge cut by the budget goes on from left_ and right_ (the next entry of each run).
bool MapBuilder::merge_some(int64_t* budget) {
  size_t n = entries_.size();
  for (; width_ < n; width_ *= 2, at_ = 0, entries_.swap(scratch_)) {
    for (; at_ < n; at_ = std::min(at_ + 2 * width_, n)) {
      size_t mid = std::min(at_ + width_, n), end = std::min(at_ + 2 * width_, n);
      if (!merging_) {
        left_ = at_;
        right_ = mid;
        merging_ = true;
      }
      for (size_t k = left_ + right_ - mid; k < end; k++) {
        if (--*budget < 0) return false;
        bool from_left = right_ == end || (left_ < mid && !trie_before(entries_[right_], entries_[left_]));
        scratch_[k] = from_left ? entries_[left_++] : entries_[right_++];
      }
      merging_ = false;
    }
  }
  std::vector<Entry>().swap(scratch_);
  return true;
}

// Keeps the last of each run of equal keys (equal keys have equal hashes, so they are adjacent).
void MapBuilder::drop_duplicates() {
  size_t unique = 0, n = entries_.size();
  for (size_t i = 0; i < n; i++) {
    bool last_of_run = i + 1 == n || entries_[i].order != entries_[i + 1].order ||
                       !eq_exact(entries_[i].key, entries_[i + 1].key);
    if (last_of_run) entries_[unique++] = entries_[i];
  }
  entries_.resize(unique);
}

// Builds the trie depth first from a stack of frames, the root at the bottom.
Term MapBuilder::build_trie_some(Heap& heap, int64_t* budget) {
  if (frames_.empty()) frames_.emplace_back(0, entries_.size(), 0);
  for (;;) {
    Frame& f = frames_.back();
    if (f.next < f.end) {
      if (*budget <= 0) return THE_NON_VALUE;
      place(heap, f, budget);
      continue;
    }
    Term node = make_node(heap, frames_.size() == 1, f.end - f.begin, f.bitmap, f.children.data(), f.count);
    frames_.pop_back();
    if (frames_.empty()) return node;
    Frame& parent = frames_.back();
    parent.children[parent.count++] = node;
    parent.bitmap |= uint32_t(1) << parent.pending_nibble;
  }
}

// Places the entries from f.next on that share its nibble: a leaf, a subtrie built at once, or
// a frame of their own (then f, which the push may move, is not to be used again).
void MapBuilder::place(Heap& heap, Frame& f, int64_t* budget) {
  size_t i = f.next;
  unsigned nibble = KeyHash(entries_[i].key, entries_[i].hash).nibble(f.level);
  size_t j = i + 1;
  while (j < f.end && KeyHash(entries_[j].key, entries_[j].hash).nibble(f.level) == nibble) j++;
  *budget -= int64_t(j - i);
  f.next = j;
  if (j - i > built_at_once) {
    f.pending_nibble = nibble;
    frames_.emplace_back(i, j, f.level + 1);
    return;
  }
  if (j - i > 1) *budget -= int64_t(4 * (j - i));
  f.children[f.count++] = j - i == 1 ? cons(heap, entries_[i].key, entries_[i].value)
                                     : build_node(heap, entries_, i, j, f.level + 1, false);
  f.bitmap |= uint32_t(1) << nibble;
}

Term hamt_from_pairs(Heap& heap, const Term* keys, const Term* values, size_t n) {
  MapBuilder builder;
  builder.reserve(n);
  for (size_t i = 0; i < n; i++) builder.add(keys[i], values[i]);
  int64_t unlimited = std::numeric_limits<int64_t>::max();
  return builder.build_some(heap, &unlimited);
}

}  // namespace ember
