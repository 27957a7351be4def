#include "vm/process/gc_settings.h"

#include <algorithm>
#include <cstdint>

#include "vm/process/gc.h"
#include "vm/term/atom.h"
#include "vm/term/build.h"
#include "vm/term/map.h"

namespace ember {
namespace {

// A non-negative small no greater than `limit`.
bool count(Term value, int64_t limit, int64_t* out) {
  if (!is_small(value) || small_value(value) < 0 || small_value(value) > limit) return false;
  *out = small_value(value);
  return true;
}

// A flag of a max_heap_size map: left out, it keeps `*flag`.
bool flag(Term map, Term key, bool* flag) {
  Term v = map_get(map, key);
  if (v == THE_NON_VALUE) return true;
  if (v != atoms::true_ && v != atoms::false_) return false;
  *flag = v == atoms::true_;
  return true;
}

// A size in words, or a map with a mandatory size and optional kill and error_logger flags;
// flags left out take the system-wide defaults, as in erts. A limit below the smallest heap
// could never be met.
bool parse_max_heap_size(Term value, MaxHeapSize* out) {
  constexpr int64_t most_words = (int64_t(1) << 59) - 1;
  MaxHeapSize defaults = gc_defaults().max_heap_size;
  bool kill = defaults.kill, error_logger = defaults.error_logger;
  int64_t words;
  if (is_map(value)) {
    if (!count(map_get(value, atoms::size), most_words, &words) || !flag(value, atoms::kill, &kill) ||
        !flag(value, atoms::error_logger, &error_logger))
      return false;
  } else if (!count(value, most_words, &words)) {
    return false;
  }
  if (words != 0 && words < int64_t(default_min_heap_words)) return false;
  out->words = uint64_t(words);
  out->kill = kill;
  out->error_logger = error_logger;
  return true;
}

// A min_heap_size or min_bin_vheap_size, rounded up to erts' heap-size series as erts does.
bool heap_minimum(Term value, uint32_t* out) {
  int64_t n;
  if (!count(value, UINT32_MAX, &n) || next_heap_size(uint64_t(n)) > UINT32_MAX) return false;
  *out = uint32_t(next_heap_size(uint64_t(n)));
  return true;
}

bool set_option(GcSettings& gc, Term key, Term value) {
  if (key == atoms::max_heap_size) return parse_max_heap_size(value, &gc.max_heap_size);
  if (key == atoms::message_queue_data) {
    if (value != atoms::off_heap && value != atoms::on_heap) return false;
    gc.message_queue_off_heap = value == atoms::off_heap;
    return true;
  }
  if (key == atoms::min_heap_size) return heap_minimum(value, &gc.min_heap_size);
  if (key == atoms::min_bin_vheap_size) return heap_minimum(value, &gc.min_bin_vheap_size);
  int64_t n;
  if (key != atoms::fullsweep_after || !count(value, UINT32_MAX, &n)) return false;
  gc.fullsweep_after = uint32_t(n);
  return true;
}

}  // namespace

// A process's own min_heap_size is never below the system's, as in erts.
bool set_gc_option(GcSettings& gc, Term key, Term value) {
  if (!set_option(gc, key, value)) return false;
  gc.min_heap_size = std::max(gc.min_heap_size, gc_defaults().min_heap_size);
  return true;
}

bool set_gc_default(GcSettings& gc, Term key, Term value) { return set_option(gc, key, value); }

Term gc_option(Heap& heap, const GcSettings& gc, Term key) {
  if (key == atoms::min_heap_size) return make_unsigned(heap, gc.min_heap_size);
  if (key == atoms::min_bin_vheap_size) return make_unsigned(heap, gc.min_bin_vheap_size);
  if (key == atoms::fullsweep_after) return make_unsigned(heap, gc.fullsweep_after);
  if (key == atoms::message_queue_data) return gc.message_queue_off_heap ? atoms::off_heap : atoms::on_heap;
  if (key == atoms::max_heap_size) {
    const MaxHeapSize& max = gc.max_heap_size;
    Term keys[] = {atoms::error_logger, atoms::kill, atoms::size};
    Term values[] = {boolean(max.error_logger), boolean(max.kill), make_unsigned(heap, max.words)};
    return map_from_pairs(heap, keys, values, 3);
  }
  return THE_NON_VALUE;
}

}  // namespace ember
