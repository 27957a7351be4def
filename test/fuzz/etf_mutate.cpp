#include "test/fuzz/etf_mutate.h"

#include <algorithm>

#include "test/fuzz/compress.h"
#include "vm/term/etf_tags.h"

namespace ember::fuzz {
namespace {

namespace tag = etf_tag;

constexpr size_t npos = std::string::npos;
constexpr size_t max_nodes = 1 << 16;
constexpr size_t max_inflated = 1 << 22;

const uint8_t term_tags[] = {
    tag::new_float,   tag::bit_binary, tag::new_pid,     tag::new_port,        tag::newer_reference,
    tag::small_integer, tag::integer,  tag::float_text,  tag::atom_latin1,     tag::reference,
    tag::port,        tag::pid,        tag::small_tuple, tag::large_tuple,     tag::nil,
    tag::string,      tag::list,       tag::binary,      tag::small_big,       tag::large_big,
    tag::new_fun,     tag::export_,    tag::new_reference, tag::small_atom_latin1, tag::map,
    tag::atom_utf8,   tag::small_atom_utf8, tag::v4_port};

// A term found in the input: its bytes are [start, end); end stays npos if the input ended
// first. count_at is its length or element count field, if it has one.
struct Node {
  size_t start;
  size_t end = npos;
  size_t parent = npos;
  size_t count_at = npos;
  uint8_t count_width = 0;
};

// A numeric field: a count, a length, a pid number, a creation...
struct Field {
  size_t at;
  uint8_t width;
};

// Finds the terms and fields of an encoding, as far as it is well formed, without building
// anything. An explicit stack, as in the decoder: the input may nest a million levels deep.
class Walker {
 public:
  Walker(const std::string& s, size_t start) : s_(s), p_(start) {}

  void walk() {
    work_.push_back({Work::term, 1, npos});
    while (!work_.empty() && nodes_.size() < max_nodes) {
      Work w = work_.back();
      work_.pop_back();
      if (w.kind == Work::end) {
        nodes_[w.node].end = p_;
      } else if (w.kind == Work::skip) {
        if (!fields(w.n)) return;
      } else {
        if (w.n > 1) work_.push_back({Work::term, w.n - 1, w.node});
        if (!term(w.node)) return;
      }
    }
  }

  std::vector<Node> nodes_;
  std::vector<Field> fields_;

 private:
  struct Work {
    enum Kind { term, skip, end } kind;
    size_t n;     // terms to read, or bytes to skip
    size_t node;  // the parent of those terms, or the node that ends
  };

  bool has(size_t n) const { return s_.size() - p_ >= n; }
  bool fixed(size_t n) {
    if (!has(n)) return false;
    p_ += n;
    return true;
  }
  // Skips n bytes of numeric fields, recorded 4 bytes at a time.
  bool fields(size_t n) {
    if (!has(n)) return false;
    for (size_t k = 0; k < n; k += 4) fields_.push_back({p_ + k, uint8_t(std::min<size_t>(4, n - k))});
    p_ += n;
    return true;
  }
  bool count(size_t node, uint8_t width, uint64_t& n) {
    if (!has(width)) return false;
    nodes_[node].count_at = p_;
    nodes_[node].count_width = width;
    fields_.push_back({p_, width});
    n = 0;
    for (uint8_t k = 0; k < width; k++) n = (n << 8) | uint8_t(s_[p_++]);
    return true;
  }
  // Children are read in order, so they are pushed in reverse: the node's end marker first.
  void children(size_t node, uint64_t n) {
    work_.push_back({Work::end, 0, node});
    if (n > 0) work_.push_back({Work::term, size_t(n), node});
  }
  void child_then_skip(size_t node, size_t skip) {
    work_.push_back({Work::end, 0, node});
    work_.push_back({Work::skip, skip, node});
    work_.push_back({Work::term, 1, node});
  }

  bool term(size_t parent) {
    if (!has(1)) return false;
    size_t node = nodes_.size();
    nodes_.push_back({p_, npos, parent});
    uint8_t t = uint8_t(s_[p_++]);
    uint64_t n = 0;
    bool ok = true;
    switch (t) {
      case tag::small_integer: ok = fields(1); break;
      case tag::integer: ok = fields(4); break;
      case tag::small_big: ok = count(node, 1, n) && fixed(1 + n); break;
      case tag::large_big: ok = count(node, 4, n) && fixed(1 + n); break;
      case tag::new_float: ok = fixed(8); break;
      case tag::float_text: ok = fixed(tag::float_text_size); break;
      case tag::atom_latin1:
      case tag::atom_utf8:
      case tag::string: ok = count(node, 2, n) && fixed(n); break;
      case tag::small_atom_latin1:
      case tag::small_atom_utf8: ok = count(node, 1, n) && fixed(n); break;
      case tag::binary: ok = count(node, 4, n) && fixed(n); break;
      case tag::bit_binary: ok = count(node, 4, n) && fields(1) && fixed(n); break;
      case tag::nil: break;
      case tag::pid: child_then_skip(node, 9); return true;
      case tag::new_pid: child_then_skip(node, 12); return true;
      case tag::port: child_then_skip(node, 5); return true;
      case tag::new_port: child_then_skip(node, 8); return true;
      case tag::v4_port: child_then_skip(node, 12); return true;
      case tag::reference: child_then_skip(node, 5); return true;
      case tag::new_reference:
        if (!count(node, 2, n)) return false;
        child_then_skip(node, 1 + 4 * n);
        return true;
      case tag::newer_reference:
        if (!count(node, 2, n)) return false;
        child_then_skip(node, 4 + 4 * n);
        return true;
      case tag::small_tuple:
        if (!count(node, 1, n)) return false;
        children(node, n);
        return true;
      case tag::large_tuple:
        if (!count(node, 4, n)) return false;
        children(node, n);
        return true;
      case tag::list:
        if (!count(node, 4, n)) return false;
        children(node, n + 1);
        return true;
      case tag::map:
        if (!count(node, 4, n)) return false;
        children(node, 2 * n);
        return true;
      case tag::new_fun:  // size, arity, md5, index, free count; 4 terms; the free variables
        if (!fields(5) || !fixed(16) || !fields(4) || !count(node, 4, n)) return false;
        children(node, n);
        work_.push_back({Work::term, 4, node});
        return true;
      case tag::export_:
        children(node, 3);
        return true;
      default:
        return false;
    }
    if (ok) nodes_[node].end = p_;
    return ok;
  }

  const std::string& s_;
  size_t p_;
  std::vector<Work> work_;
};

// A whole term of `s` (walked from `base`), or of another input of the corpus.
std::string some_subterm(const std::string& s, size_t base, Rng& rng, const Corpus& others) {
  const std::string* source = &s;
  size_t start = base;
  if (!others.empty() && rng.one_in(2)) {
    const std::string& o = others[rng.below(others.size())];
    if (o.size() > 2 && uint8_t(o[0]) == tag::version && uint8_t(o[1]) != tag::compressed) {
      source = &o;
      start = 1;
    }
  }
  Walker w(*source, start);
  w.walk();
  std::vector<const Node*> whole;
  for (const Node& n : w.nodes_)
    if (n.end != npos) whole.push_back(&n);
  if (whole.empty()) return std::string(1, char(tag::nil));
  const Node* n = whole[rng.below(whole.size())];
  return source->substr(n->start, n->end - n->start);
}

void put_width(std::string& s, size_t at, uint64_t v, uint8_t width) {
  for (uint8_t k = 0; k < width; k++) s[at + k] = char(v >> (8 * (width - 1 - k)));
}

uint64_t get_width(const std::string& s, size_t at, uint8_t width) {
  uint64_t v = 0;
  for (uint8_t k = 0; k < width; k++) v = (v << 8) | uint8_t(s[at + k]);
  return v;
}

void adjust_parent_count(std::string& s, const Walker& w, const Node& n, int delta) {
  if (n.parent == npos) return;
  const Node& p = w.nodes_[n.parent];
  if (p.count_at == npos) return;
  put_width(s, p.count_at, get_width(s, p.count_at, p.count_width) + uint64_t(int64_t(delta)),
            p.count_width);
}

// Wraps [start, end) in `depth` one-element tuples or lists.
void nest(std::string& s, size_t start, size_t end, size_t depth, bool lists) {
  std::string prefix, suffix;
  for (size_t k = 0; k < depth; k++) {
    if (lists) {
      prefix += char(tag::list);
      append_u32(prefix, 1);
      suffix += char(tag::nil);
    } else {
      prefix += char(tag::small_tuple);
      prefix += char(1);
    }
  }
  s.insert(end, suffix);
  s.insert(start, prefix);
}

// One mutation of the encoding that starts at s[base] (after the version byte).
void mutate_terms(std::string& s, size_t base, Rng& rng, const Corpus& others) {
  Walker w(s, base);
  w.walk();
  if (w.nodes_.empty()) return mutate_bytes(s, rng, others);
  const Node& n = w.nodes_[rng.below(w.nodes_.size())];
  bool whole = n.end != npos;
  switch (rng.below(10)) {
    case 0:
    case 1: {  // a count or length, set to a likely wrong value
      const Node* c = &n;
      for (size_t k = 0; k < w.nodes_.size() && c->count_at == npos; k++)
        c = &w.nodes_[(size_t(c - w.nodes_.data()) + 1) % w.nodes_.size()];
      if (c->count_at == npos) return mutate_bytes(s, rng, others);
      uint64_t actual = get_width(s, c->count_at, c->count_width);
      put_width(s, c->count_at, interesting_count(rng, actual, s.size() - c->count_at - c->count_width),
                c->count_width);
      break;
    }
    case 2:  // another tag
      s[n.start] = char(rng.one_in(8) ? uint8_t(rng.next()) : term_tags[rng.below(std::size(term_tags))]);
      break;
    case 3:  // delete a term, telling its parent or not
      if (!whole || n.parent == npos) return mutate_bytes(s, rng, others);
      s.erase(n.start, n.end - n.start);
      if (rng.one_in(2)) adjust_parent_count(s, w, n, -1);
      break;
    case 4: {  // duplicate a term, telling its parent or not
      if (!whole) return mutate_bytes(s, rng, others);
      std::string copy = s.substr(n.start, n.end - n.start);
      bool tell = n.parent != npos && rng.one_in(2);
      s.insert(n.end, copy);
      if (tell) adjust_parent_count(s, w, n, +1);
      break;
    }
    case 5: {  // replace a term with one from here or from another input
      std::string other = some_subterm(s, base, rng, others);
      s.replace(n.start, (whole ? n.end : s.size()) - n.start, other);
      break;
    }
    case 6: {  // nest a term deeply
      if (!whole) return mutate_bytes(s, rng, others);
      size_t depth = rng.one_in(8) ? 100 + rng.below(5000) : 1 + rng.small_size(64);
      nest(s, n.start, n.end, depth, rng.one_in(2));
      break;
    }
    case 7: {  // a numeric field: pid number, creation, reference word, fun index...
      if (w.fields_.empty()) return mutate_bytes(s, rng, others);
      const Field& f = w.fields_[rng.below(w.fields_.size())];
      put_width(s, f.at, interesting_count(rng, get_width(s, f.at, f.width), s.size() - f.at), f.width);
      break;
    }
    case 8: {  // byte-level damage inside one term only
      size_t end = whole ? n.end : s.size();
      std::string inside = s.substr(n.start, end - n.start);
      mutate_bytes(inside, rng, others);
      s.replace(n.start, end - n.start, inside);
      break;
    }
    case 9:
      mutate_bytes(s, rng, others);
      break;
  }
}

}  // namespace

void mutate_etf(std::string& s, Rng& rng, const Corpus& others) {
  if (s.size() < 2 || uint8_t(s[0]) != tag::version) return mutate_bytes(s, rng, others);
  if (uint8_t(s[1]) != tag::compressed) {
    if (rng.one_in(16)) {  // compress it, whether that makes it smaller or not
      std::string plain = s.substr(1);
      s.resize(1);
      s += char(tag::compressed);
      append_u32(s, uint32_t(plain.size()));
      s += compress(plain, Wrapper::zlib, int(rng.below(10)));
      return;
    }
    return mutate_terms(s, 1, rng, others);
  }
  // Compressed: damage the term inside and compress it again, or the stream itself.
  std::string plain;
  if (s.size() < 6 || rng.one_in(8) ||
      !inflate_bounded(std::string_view(s).substr(6), Wrapper::zlib, max_inflated, plain))
    return mutate_bytes(s, rng, others);
  mutate_terms(plain, 0, rng, others);
  uint32_t size = uint32_t(plain.size());
  if (rng.one_in(8)) size = uint32_t(interesting_count(rng, size, plain.size()));
  s.resize(2);
  append_u32(s, size);
  s += compress(plain, Wrapper::zlib, int(rng.below(10)));
}

}  // namespace ember::fuzz
