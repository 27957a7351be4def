#include "vm/term/map_ops.h"

#include "vm/term/atom.h"
#include "vm/term/compare.h"
#include "vm/code/exception.h"
#include "vm/term/map.h"

namespace ember {

// The key an exact update reports when some are missing: erts' loader sorts the instruction's
// keys in map-key order and the update stops at the first absent one.
static Term first_missing_key(Term map, const Term* pairs, size_t n) {
  Term first = THE_NON_VALUE;
  for (size_t k = 0; k < n; k++) {
    Term key = pairs[2 * k];
    if (map_get(map, key) == THE_NON_VALUE && (first == THE_NON_VALUE || compare_exact(key, first) < 0)) first = key;
  }
  return first;
}

Term map_put_pairs(Process* p, Term map, const Term* pairs, size_t n, bool exact) {
  if (!is_map(map)) return raise_error_with(p, atoms::badmap, map);
  Term original = map;
  ProcessHeap heap(p);
  // Record-like updates of keys a flat map already has: one new map, not one per pair.
  if (is_flat_map(map) && n > 1) {
    Term updated = flat_map_update_all(heap, map, pairs, n);
    if (updated != THE_NON_VALUE) return updated;
  }
  for (size_t k = 0; k < n; k++) {
    Term key = pairs[2 * k], value = pairs[2 * k + 1];
    if (exact) {
      Term missing;
      map = map_update(heap, map, key, value, &missing);
      if (map == THE_NON_VALUE) return raise_error_with(p, atoms::badkey, first_missing_key(original, pairs, n));
    } else {
      map = map_put(heap, map, key, value);
    }
  }
  return map;
}

}  // namespace ember
