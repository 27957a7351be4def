// Large maps: the hash trie described in vm/term/map.h. Nodes are immutable; an update copies the
// path from the root to the changed node and shares everything else.
#include "vm/term/hamt.h"

#include <algorithm>
#include <array>
#include <bit>
#include <vector>

#include "vm/term/build.h"
#include "vm/term/compare.h"
#include "vm/term/hash.h"
#include "vm/term/small_stack.h"

namespace ember {

Term make_node(Heap& heap, bool is_head, size_t size, uint32_t bitmap, const Term* children,
               size_t count) {
  Word fixed = is_head ? hash_map_head_fixed_words : hash_map_node_fixed_words;
  Word* p = heap.alloc(fixed + count);
  p[0] = make_header(is_head ? Subtag::hash_map_head : Subtag::hash_map_node, fixed - 1 + count);
  if (is_head) p[1] = size;
  p[fixed - 1] = bitmap;
  std::copy(children, children + count, p + fixed);
  return make_boxed(p);
}

namespace {

// ---- changing one path ---------------------------------------------------------------------

// A copy of `node` whose child under `nibble` is `child`, or that has no child there when
// child is THE_NON_VALUE. `size` is the new key count, kept only by the head.
Term with_child(Heap& heap, Term node, unsigned nibble, Term child, size_t size) {
  size_t count;
  const Term* old = hash_map_children(node, &count);
  uint32_t old_bitmap = hash_map_bitmap(node);
  std::array<Term, 16> children;
  size_t n = 0, k = 0;
  uint32_t bitmap = 0;
  for (unsigned b = 0; b < 16; b++) {
    Term c = (old_bitmap >> b) & 1 ? old[k++] : THE_NON_VALUE;
    if (b == nibble) c = child;
    if (c == THE_NON_VALUE) continue;
    children[n++] = c;
    bitmap |= uint32_t(1) << b;
  }
  return make_node(heap, is_hash_map(node), size, bitmap, children.data(), n);
}

// The subtree at `level` holding two leaves whose keys share all earlier nibbles.
Term two_leaves(Heap& heap, Term a, KeyHash& ha, Term b, KeyHash& hb, unsigned level) {
  unsigned na = ha.nibble(level), nb = hb.nibble(level);
  if (na == nb) {
    Term below = two_leaves(heap, a, ha, b, hb, level + 1);
    return make_node(heap, false, 0, uint32_t(1) << na, &below, 1);
  }
  Term children[2] = {na < nb ? a : b, na < nb ? b : a};
  return make_node(heap, false, 0, (uint32_t(1) << na) | (uint32_t(1) << nb), children, 2);
}

// The way from the root towards a key: the nodes passed and the nibble taken at each.
struct Path {
  struct Step {
    Term node;
    unsigned nibble;
  };
  SmallStack<Step, 16> steps;  // a trie rarely goes deeper, so walks do not allocate
  Term end;                     // the leaf or empty slot (THE_NON_VALUE) where the walk stopped
};

Path descend(Term root, KeyHash& hash) {
  Path path;
  Term node = root;
  for (unsigned level = 0;; level++) {
    unsigned nibble = hash.nibble(level);
    path.steps.push({node, nibble});
    uint32_t bitmap = hash_map_bitmap(node);
    if (!((bitmap >> nibble) & 1)) {
      path.end = THE_NON_VALUE;
      return path;
    }
    size_t count;
    Term child = hash_map_children(node, &count)[std::popcount(bitmap & ((1u << nibble) - 1))];
    if (is_hash_map_leaf(child)) {
      path.end = child;
      return path;
    }
    node = child;
  }
}

// Rebuilds the path bottom-up with `replacement` (a subtree, a leaf, or THE_NON_VALUE for
// nothing) in place of what the walk ended at. A node left with a single leaf hands the leaf
// up and an empty node disappears, which keeps the trie canonical.
Term rebuild(Heap& heap, const Path& path, Term replacement, size_t size) {
  for (size_t i = path.steps.size(); i-- > 0;) {
    const Path::Step& step = path.steps[i];
    Term node = with_child(heap, step.node, step.nibble, replacement, size);
    if (i == 0) return node;
    size_t count;
    const Term* children = hash_map_children(node, &count);
    if (count == 0) replacement = THE_NON_VALUE;
    else if (count == 1 && is_hash_map_leaf(children[0])) replacement = children[0];
    else replacement = node;
  }
  return THE_NON_VALUE;
}

// ---- iteration -----------------------------------------------------------------------------

constexpr unsigned max_path_levels = 32;

unsigned path_nibble(const MapCursor& c, unsigned level) {
  if (level >= max_path_levels) return 0;
  return unsigned(c.path[level / 16] >> (4 * (level % 16))) & 0xF;
}

void set_path_nibble(MapCursor& c, unsigned level, unsigned value) {
  c.path[level / 16] |= uint64_t(value) << (4 * (level % 16));
}

bool nodes_eq_exact(Term a, Term b) {
  if (hash_map_bitmap(a) != hash_map_bitmap(b)) return false;
  size_t n, m;
  const Term* xs = hash_map_children(a, &n);
  const Term* ys = hash_map_children(b, &m);
  for (size_t i = 0; i < n; i++) {
    Term x = xs[i], y = ys[i];
    if (is_hash_map_leaf(x) != is_hash_map_leaf(y)) return false;
    bool same = is_hash_map_leaf(x) ? eq_exact(head(x), head(y)) && eq_exact(tail(x), tail(y))
                                    : nodes_eq_exact(x, y);
    if (!same) return false;
  }
  return true;
}

}  // namespace

bool hash_maps_eq_exact(Term a, Term b) {
  return hash_map_size(a) == hash_map_size(b) && nodes_eq_exact(a, b);
}

Term hamt_get(Term root, Term key) {
  KeyHash hash(key);
  Path path = descend(root, hash);
  if (path.end == THE_NON_VALUE || !eq_exact(head(path.end), key)) return THE_NON_VALUE;
  return tail(path.end);
}

Term hamt_put(Heap& heap, Term root, Term key, Term value, bool must_exist) {
  KeyHash hash(key);
  Path path = descend(root, hash);
  size_t size = hash_map_size(root);
  if (path.end != THE_NON_VALUE && eq_exact(head(path.end), key)) {
    if (tail(path.end) == value) return root;
    return rebuild(heap, path, cons(heap, key, value), size);
  }
  if (must_exist) return THE_NON_VALUE;
  Term leaf = cons(heap, key, value);
  if (path.end == THE_NON_VALUE) return rebuild(heap, path, leaf, size + 1);
  KeyHash other(head(path.end));
  Term subtree = two_leaves(heap, path.end, other, leaf, hash, unsigned(path.steps.size()));
  return rebuild(heap, path, subtree, size + 1);
}

Term hamt_remove(Heap& heap, Term root, Term key) {
  KeyHash hash(key);
  Path path = descend(root, hash);
  if (path.end == THE_NON_VALUE || !eq_exact(head(path.end), key)) return root;
  size_t size = hash_map_size(root) - 1;
  if (size > flat_map_max_keys) return rebuild(heap, path, THE_NON_VALUE, size);
  std::vector<Term> ks, vs;
  map_for_each(root, [&](Term k, Term v) {
    if (k != head(path.end)) {
      ks.push_back(k);
      vs.push_back(v);
    }
    return true;
  });
  return map_from_pairs(heap, ks.data(), vs.data(), size);
}

MapStep hamt_next(MapCursor& cursor, Term* key, Term* value) {
  struct Frame {
    size_t index, count;
  };
  std::vector<Frame> frames;
  Term node = cursor.map;
  for (unsigned level = 0;; level++) {
    size_t count;
    const Term* children = hash_map_children(node, &count);
    size_t index = path_nibble(cursor, level);
    if (index >= count) return MapStep::bad_path;
    frames.push_back({index, count});
    if (is_hash_map_leaf(children[index])) {
      *key = head(children[index]);
      *value = tail(children[index]);
      break;
    }
    node = children[index];
  }
  // The next pair is down the first later sibling of the deepest level that has one.
  cursor.path[0] = cursor.path[1] = 0;
  for (size_t level = frames.size(); level-- > 0;) {
    if (frames[level].index + 1 < frames[level].count && level < max_path_levels) {
      for (size_t l = 0; l < level; l++) set_path_nibble(cursor, unsigned(l), unsigned(frames[l].index));
      set_path_nibble(cursor, unsigned(level), unsigned(frames[level].index + 1));
      return MapStep::pair;
    }
  }
  cursor.done = true;
  return MapStep::pair;
}

}  // namespace ember
