// Map BIFs: erlang:map_get/2, is_map_key/2, the maps module's built-ins (but from_list and
// from_keys, in maps_from_list.cpp) and the iterator primitive erts_internal:map_next/3.
#include <algorithm>
#include <vector>

#include "bif/bif.h"
#include "vm/term/map.h"

namespace ember {
namespace {

Term badmap(Process* p, Term m) { return raise_error_with(p, atoms::badmap, m); }

// Pairs in the order maps:keys/values/to_list give them: key order for a flat map, the reverse
// of iteration order for a large one (erts conses while it walks the trie).
std::vector<std::pair<Term, Term>> listing_order(Term map) {
  std::vector<std::pair<Term, Term>> pairs;
  map_for_each(map, [&](Term k, Term v) {
    pairs.emplace_back(k, v);
    return true;
  });
  if (is_hash_map(map)) std::reverse(pairs.begin(), pairs.end());
  return pairs;
}

Term path_term(Heap& heap, const MapCursor& c) {
  if (c.path[1] == 0) return make_unsigned(heap, c.path[0]);
  return make_big(heap, c.path, 2, false);
}

bool cursor_from_path(Term path, Term map, MapCursor& c) {
  c.map = map;
  if (is_small(path) && small_value(path) >= 0) {
    c.path[0] = uint64_t(small_value(path));
    return true;
  }
  if (!is_big(path) || big_negative(path) || big_size(path) > 2) return false;
  c.path[0] = big_digits(path)[0];
  c.path[1] = big_size(path) > 1 ? big_digits(path)[1] : 0;
  return true;
}

}  // namespace

Term erlang_map_get_2(Process* p, Term* a) {
  if (!is_map(a[1])) return badmap(p, a[1]);
  Term v = map_get(a[1], a[0]);
  return v == THE_NON_VALUE ? raise_error_with(p, atoms::badkey, a[0]) : v;
}

Term erlang_is_map_key_2(Process* p, Term* a) {
  if (!is_map(a[1])) return badmap(p, a[1]);
  return boolean(map_get(a[1], a[0]) != THE_NON_VALUE);
}

Term maps_get_2(Process* p, Term* a) { return erlang_map_get_2(p, a); }
Term maps_is_key_2(Process* p, Term* a) { return erlang_is_map_key_2(p, a); }

Term maps_find_2(Process* p, Term* a) {
  if (!is_map(a[1])) return badmap(p, a[1]);
  Term v = map_get(a[1], a[0]);
  if (v == THE_NON_VALUE) return atoms::error;
  ProcessHeap heap(p);
  return tuple(heap, atoms::ok, v);
}

Term maps_put_3(Process* p, Term* a) {
  if (!is_map(a[2])) return badmap(p, a[2]);
  ProcessHeap heap(p);
  return map_put(heap, a[2], a[0], a[1]);
}

Term maps_update_3(Process* p, Term* a) {
  if (!is_map(a[2])) return badmap(p, a[2]);
  ProcessHeap heap(p);
  Term missing;
  Term m = map_update(heap, a[2], a[0], a[1], &missing);
  return m == THE_NON_VALUE ? raise_error_with(p, atoms::badkey, missing) : m;
}

Term maps_remove_2(Process* p, Term* a) {
  if (!is_map(a[1])) return badmap(p, a[1]);
  ProcessHeap heap(p);
  return map_remove(heap, a[1], a[0]);
}

Term maps_take_2(Process* p, Term* a) {
  if (!is_map(a[1])) return badmap(p, a[1]);
  Term v = map_get(a[1], a[0]);
  if (v == THE_NON_VALUE) return atoms::error;
  ProcessHeap heap(p);
  return tuple(heap, v, map_remove(heap, a[1], a[0]));
}

// maps:keys/values/to_list: each pair made into a list element by `item`.
template <typename Item>
Term listing(Process* p, Term map, Item item) {
  if (!is_map(map)) return badmap(p, map);
  ProcessHeap heap(p);
  auto pairs = listing_order(map);
  Term list = NIL;
  for (size_t k = pairs.size(); k-- > 0;) list = cons(heap, item(heap, pairs[k]), list);
  return list;
}

Term maps_keys_1(Process* p, Term* a) {
  return listing(p, a[0], [](Heap&, const std::pair<Term, Term>& kv) { return kv.first; });
}

Term maps_values_1(Process* p, Term* a) {
  return listing(p, a[0], [](Heap&, const std::pair<Term, Term>& kv) { return kv.second; });
}

Term maps_to_list_1(Process* p, Term* a) {
  return listing(p, a[0], [](Heap& heap, const std::pair<Term, Term>& kv) { return tuple(heap, kv.first, kv.second); });
}

Term maps_merge_2(Process* p, Term* a) {
  if (!is_map(a[0])) return badmap(p, a[0]);
  if (!is_map(a[1])) return badmap(p, a[1]);
  std::vector<Term> keys, values;
  for (Term m : {a[0], a[1]})
    map_for_each(m, [&](Term k, Term v) {
      keys.push_back(k);
      values.push_back(v);
      return true;
    });
  ProcessHeap heap(p);
  return map_from_pairs(heap, keys.data(), values.data(), keys.size());
}

// erts_internal:map_next(Path, Map, iterator | Acc): see erts' erl_map.c for the two formats.
Term erts_internal_map_next_3(Process* p, Term* a) {
  Term path = a[0], map = a[1], mode = a[2];
  bool iterator = mode == atom_put("iterator");
  if (!is_map(map) || (!iterator && mode != NIL && !is_list(mode))) return badarg(p);
  ProcessHeap heap(p);
  MapCursor c;
  if (!cursor_from_path(path, map, c)) return badarg(p);
  size_t limit = map_size(map);
  if (is_flat_map(map)) {
    if (!is_small(path) || uint64_t(small_value(path)) > limit) return badarg(p);
    c.path[0] = 0;
  } else if (c.path[0] == 0 && c.path[1] == 0) {
    limit = std::min<size_t>(limit, flat_map_max_keys);  // erts' first step is small
  } else {
    limit = std::min<size_t>(limit, reductions_per_slice / 4);
  }
  std::vector<std::pair<Term, Term>> pairs;
  Term k, v;
  for (size_t n = 0; n < limit || is_flat_map(map);) {
    MapStep step = map_next(c, &k, &v);
    if (step == MapStep::bad_path) return badarg(p);
    if (step == MapStep::end) break;
    pairs.emplace_back(k, v);
    n++;
  }
  bool more = !is_flat_map(map) && !c.done;
  if (iterator) {
    Term rest = more ? cons(heap, path_term(heap, c), map) : atom_put("none");
    for (size_t i = pairs.size(); i-- > 0;) rest = tuple(heap, pairs[i].first, pairs[i].second, rest);
    return rest;
  }
  Term list = mode;
  for (auto& [key, value] : pairs) list = cons(heap, tuple(heap, key, value), list);
  if (more) list = cons(heap, path_term(heap, c), cons(heap, map, list));
  return list;
}

}  // namespace ember
