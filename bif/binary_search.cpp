#include "bif/binary_search.h"

#include <algorithm>
#include <cstring>
#include <deque>
#include <utility>

namespace ember {

BinarySearch::BinarySearch(std::vector<std::string> patterns) : patterns_(std::move(patterns)) {
  for (const std::string& p : patterns_) longest_ = std::max(longest_, p.size());
  if (patterns_.size() == 1) {
    // Horspool: after a mismatch, slide so the last byte under the window lines up with its
    // rightmost occurrence in the pattern (the final byte itself not counted).
    const std::string& p = patterns_[0];
    for (size_t& s : shift_) s = p.size();
    for (size_t i = 0; i + 1 < p.size(); i++) shift_[uint8_t(p[i])] = p.size() - 1 - i;
    return;
  }
  for (int32_t& n : root_next_) n = -1;
  nodes_.emplace_back();
  for (const std::string& p : patterns_) add_pattern(p);
  link_failures();
}

bool BinarySearch::find(std::string_view hay, size_t from, size_t end, Found* out) const {
  if (patterns_.size() == 1) return horspool_find(hay, from, end, out);
  return automaton_find(hay, from, end, out);
}

bool BinarySearch::find_some(std::string_view hay, size_t* from, size_t end, size_t span, size_t max,
                             std::vector<Found>& out) const {
  size_t stop = span >= end - std::min(*from, end) ? end : *from + span;  // where matches may start
  // A match starting before `stop` ends within `window`, so the search sees it whole.
  size_t window = std::min(end, stop + longest_ - 1);
  Found f;
  for (size_t n = 0; n < max; n++) {
    if (*from >= stop || !find(hay, *from, window, &f) || f.pos >= stop) {
      *from = std::max(*from, stop);
      return stop == end;
    }
    out.push_back(f);
    *from = f.pos + f.len;
  }
  return true;
}

bool BinarySearch::horspool_find(std::string_view hay, size_t from, size_t end, Found* out) const {
  const std::string& p = patterns_[0];
  size_t m = p.size();
  for (size_t j = from; j + m <= end; j += shift_[uint8_t(hay[j + m - 1])]) {
    if (hay[j + m - 1] == p[m - 1] && std::memcmp(hay.data() + j, p.data(), m - 1) == 0) {
      *out = {j, m};
      return true;
    }
  }
  return false;
}

void BinarySearch::add_pattern(std::string_view pattern) {
  int32_t node = 0;
  for (char c : pattern) {
    uint8_t byte = uint8_t(c);
    int32_t next = child_of(node, byte);
    if (next < 0) {
      next = int32_t(nodes_.size());
      Node n;
      n.depth = nodes_[node].depth + 1;
      n.byte = byte;
      n.sibling = nodes_[node].child;
      nodes_.push_back(n);
      nodes_[node].child = next;
      if (node == 0) root_next_[byte] = next;
    }
    node = next;
  }
  nodes_[node].longest = uint32_t(pattern.size());
}

// Breadth first, so a node's failure state (which is shallower) is complete before it.
void BinarySearch::link_failures() {
  std::deque<int32_t> queue;
  for (int32_t c = nodes_[0].child; c >= 0; c = nodes_[c].sibling) queue.push_back(c);
  while (!queue.empty()) {
    int32_t parent = queue.front();
    queue.pop_front();
    for (int32_t c = nodes_[parent].child; c >= 0; c = nodes_[c].sibling) {
      nodes_[c].fail = step(nodes_[parent].fail, nodes_[c].byte);
      // A pattern ending at the failure state also ends here; keep the longer one.
      if (nodes_[c].longest == 0) nodes_[c].longest = nodes_[nodes_[c].fail].longest;
      queue.push_back(c);
    }
  }
}

int32_t BinarySearch::child_of(int32_t node, uint8_t byte) const {
  if (node == 0) return root_next_[byte];
  for (int32_t c = nodes_[node].child; c >= 0; c = nodes_[c].sibling)
    if (nodes_[c].byte == byte) return c;
  return -1;
}

int32_t BinarySearch::step(int32_t node, uint8_t byte) const {
  for (;;) {
    int32_t next = child_of(node, byte);
    if (next >= 0) return next;
    if (node == 0) return 0;
    node = nodes_[node].fail;
  }
}

// The automaton sees a match when it ends, but the winner is the one that starts first.
// So the best candidate so far is kept until no partial match in progress reaches back to
// its start: nothing found later could then start earlier or be longer.
bool BinarySearch::automaton_find(std::string_view hay, size_t from, size_t end, Found* out) const {
  bool found = false;
  int32_t q = 0;
  for (size_t i = from; i < end; i++) {
    q = step(q, uint8_t(hay[i]));
    size_t after = i + 1;
    if (found && after - nodes_[q].depth > out->pos) break;
    size_t len = nodes_[q].longest;
    if (len == 0) continue;
    size_t pos = after - len;
    if (!found || pos < out->pos || (pos == out->pos && len > out->len)) {
      *out = {pos, len};
      found = true;
    }
  }
  return found;
}

}  // namespace ember
