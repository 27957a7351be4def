// Searching bytes for one or several byte strings, with the rules of erts' binary:match/3,
// matches/3 and split/3: the match that starts first wins, and of those starting at the same
// place the longest; successive matches never overlap. One pattern is searched with
// Boyer-Moore-Horspool, several with an Aho-Corasick automaton.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ember {

struct Found {
  size_t pos;
  size_t len;
};

class BinarySearch {
 public:
  // `patterns` holds at least one string, none of them empty.
  explicit BinarySearch(std::vector<std::string> patterns);

  // The first match lying wholly within [from, end) of `hay`.
  bool find(std::string_view hay, size_t from, size_t end, Found* out) const;
  // Matches within [*from, end), left to right, each one searched after the previous, that
  // start in the next `span` bytes: appends up to `max` of them to `out` and moves *from to
  // where the search goes on. True when the search is over (it reached `end`, or found `max`).
  bool find_some(std::string_view hay, size_t* from, size_t end, size_t span, size_t max,
                 std::vector<Found>& out) const;

 private:
  // A state of the automaton: the pattern prefix of length `depth` read so far.
  struct Node {
    int32_t fail = 0;      // the state for the longest proper suffix that is also a prefix
    uint32_t depth = 0;
    uint32_t longest = 0;  // length of the longest pattern ending here, 0 if none
    int32_t child = -1;    // first child; children are chained through `sibling`
    int32_t sibling = -1;
    uint8_t byte = 0;      // the byte leading here from the parent
  };

  bool horspool_find(std::string_view hay, size_t from, size_t end, Found* out) const;
  bool automaton_find(std::string_view hay, size_t from, size_t end, Found* out) const;
  void add_pattern(std::string_view pattern);
  void link_failures();
  int32_t child_of(int32_t node, uint8_t byte) const;
  int32_t step(int32_t node, uint8_t byte) const;

  std::vector<std::string> patterns_;
  size_t longest_ = 0;         // the longest pattern's length
  size_t shift_[256];          // Horspool's shift table when there is one pattern
  std::vector<Node> nodes_;    // the automaton when there are several; node 0 is the root
  int32_t root_next_[256];     // the root's children by byte, -1 for none
};

}  // namespace ember
