// Maps: the flat representation, and the dispatch between flat maps and the trie (hamt.cpp).
#include "vm/term/map.h"

#include <algorithm>
#include <numeric>
#include <vector>

#include "vm/term/build.h"
#include "vm/term/compare.h"
#include "vm/term/hamt.h"

namespace ember {

Term make_flat_map(Heap& heap, const Term* keys, const Term* values, size_t n) {
  Term* key_slots;
  Term key_tuple = new_tuple(heap, n, &key_slots);
  std::copy(keys, keys + n, key_slots);
  Word* p = heap.alloc(flat_map_fixed_words + n);
  p[0] = make_header(Subtag::flat_map, flat_map_fixed_words - 1 + n);
  p[1] = n;
  p[2] = key_tuple;
  std::copy(values, values + n, p + flat_map_fixed_words);
  return make_boxed(p);
}

namespace {

// A flat map that shares `map`'s keys tuple, with `values` (same keys, new values).
Term flat_with_values(Heap& heap, Term map, const Term* values) {
  size_t n = flat_map_size(map);
  Word* p = heap.alloc(flat_map_fixed_words + n);
  p[0] = boxed_header(map);
  p[1] = n;
  p[2] = boxed_ptr(map)[2];
  std::copy(values, values + n, p + flat_map_fixed_words);
  return make_boxed(p);
}

constexpr size_t not_found = ~size_t(0);

// Where key is in a flat map, or not_found. eq_exact settles an immediate key by its word.
size_t flat_find(Term map, Term key) {
  const Term* keys = flat_map_keys(map);
  size_t n = flat_map_size(map);
  for (size_t i = 0; i < n; i++)
    if (eq_exact(keys[i], key)) return i;
  return not_found;
}

// Where a key that is not in a flat map goes, keeping the keys in map-key order.
size_t flat_insertion_point(Term map, Term key) {
  const Term* keys = flat_map_keys(map);
  auto before = [](Term k, Term wanted) { return compare_exact(k, wanted) < 0; };
  return size_t(std::lower_bound(keys, keys + flat_map_size(map), key, before) - keys);
}

Term flat_from_pairs(Heap& heap, const Term* keys, const Term* values, size_t n) {
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), size_t(0));
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return compare_exact(keys[a], keys[b]) < 0; });
  std::vector<Term> ks, vs;
  for (size_t i = 0; i < n; i++) {
    bool last_of_run = i + 1 == n || !eq_exact(keys[order[i]], keys[order[i + 1]]);
    if (!last_of_run) continue;
    ks.push_back(keys[order[i]]);
    vs.push_back(values[order[i]]);
  }
  return make_flat_map(heap, ks.data(), vs.data(), ks.size());
}

// Flat maps hold at most flat_map_max_keys keys, so edits work on arrays on the C stack.
Term flat_put(Heap& heap, Term map, Term key, Term value) {
  size_t n = flat_map_size(map);
  const Term* keys = flat_map_keys(map);
  const Term* values = flat_map_values(map);
  Term ks[flat_map_max_keys + 1], vs[flat_map_max_keys + 1];
  size_t at = flat_find(map, key);
  if (at != not_found) {
    if (values[at] == value) return map;
    std::copy(values, values + n, vs);
    vs[at] = value;
    return flat_with_values(heap, map, vs);
  }
  at = flat_insertion_point(map, key);
  std::copy(keys, keys + at, ks);
  std::copy(values, values + at, vs);
  ks[at] = key;
  vs[at] = value;
  std::copy(keys + at, keys + n, ks + at + 1);
  std::copy(values + at, values + n, vs + at + 1);
  if (n + 1 > flat_map_max_keys) return hamt_from_pairs(heap, ks, vs, n + 1);
  return make_flat_map(heap, ks, vs, n + 1);
}

Term flat_remove(Heap& heap, Term map, Term key) {
  size_t at = flat_find(map, key);
  if (at == not_found) return map;
  size_t n = flat_map_size(map);
  const Term* keys = flat_map_keys(map);
  const Term* values = flat_map_values(map);
  Term ks[flat_map_max_keys], vs[flat_map_max_keys];
  std::copy(keys, keys + at, ks);
  std::copy(values, values + at, vs);
  std::copy(keys + at + 1, keys + n, ks + at);
  std::copy(values + at + 1, values + n, vs + at);
  return make_flat_map(heap, ks, vs, n - 1);
}

}  // namespace

Term flat_map_update_all(Heap& heap, Term map, const Term* pairs, size_t n) {
  size_t size = flat_map_size(map);
  Term vs[flat_map_max_keys];
  std::copy(flat_map_values(map), flat_map_values(map) + size, vs);
  for (size_t k = 0; k < n; k++) {
    size_t at = flat_find(map, pairs[2 * k]);
    if (at == not_found) return THE_NON_VALUE;
    vs[at] = pairs[2 * k + 1];
  }
  return flat_with_values(heap, map, vs);
}

size_t map_size(Term map) {
  return is_flat_map(map) ? flat_map_size(map) : hash_map_size(map);
}

Term map_get(Term map, Term key) {
  if (!is_flat_map(map)) return hamt_get(map, key);
  size_t at = flat_find(map, key);
  return at == not_found ? THE_NON_VALUE : flat_map_values(map)[at];
}

Term map_from_pairs(Heap& heap, const Term* keys, const Term* values, size_t n) {
  if (n <= flat_map_max_keys) return flat_from_pairs(heap, keys, values, n);
  return hamt_from_pairs(heap, keys, values, n);
}

Term map_put(Heap& heap, Term map, Term key, Term value) {
  if (is_flat_map(map)) return flat_put(heap, map, key, value);
  return hamt_put(heap, map, key, value, false);
}

Term map_remove(Heap& heap, Term map, Term key) {
  if (is_flat_map(map)) return flat_remove(heap, map, key);
  return hamt_remove(heap, map, key);
}

Term map_update(Heap& heap, Term map, Term key, Term value, Term* missing_key) {
  Term result;
  if (is_flat_map(map)) {
    result = map_get(map, key) == THE_NON_VALUE ? THE_NON_VALUE : flat_put(heap, map, key, value);
  } else {
    result = hamt_put(heap, map, key, value, true);
  }
  if (result == THE_NON_VALUE) *missing_key = key;
  return result;
}

MapStep map_next(MapCursor& cursor, Term* key, Term* value) {
  if (cursor.done) return MapStep::end;
  if (!is_flat_map(cursor.map)) return hamt_next(cursor, key, value);
  size_t n = flat_map_size(cursor.map);
  uint64_t i = cursor.path[0];
  if (cursor.path[1] != 0 || i > n) return MapStep::bad_path;
  if (i == n) {
    cursor.done = true;
    return MapStep::end;
  }
  *key = flat_map_keys(cursor.map)[i];
  *value = flat_map_values(cursor.map)[i];
  cursor.path[0] = i + 1;
  cursor.done = i + 1 == n;
  return MapStep::pair;
}

}  // namespace ember
