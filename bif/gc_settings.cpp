#include "bif/gc_settings.h"

#include <algorithm>
#include <cstdint>
#include <utility>

#include "bif/bif.h"
#include "vm/gc.h"
#include "vm/map.h"

namespace ember {
namespace {

bool non_negative(Term value, int64_t* out) {
  if (!is_small(value) || small_value(value) < 0) return false;
  *out = small_value(value);
  return true;
}

// A size in words, or a map with a mandatory size and optional kill and error_logger flags;
// flags left out take the system-wide defaults, as in erts. A limit below the smallest heap
// could never be met.
bool parse_max_heap_size(Term value, MaxHeapSize* out) {
  MaxHeapSize max = gc_defaults().max_heap_size;
  int64_t words;
  if (is_map(value)) {
    if (!non_negative(map_get(value, atoms::size), &words)) return false;
    for (auto [key, flag] : {std::pair{atoms::kill, &max.kill}, std::pair{atoms::error_logger, &max.error_logger}}) {
      Term v = map_get(value, key);
      if (v == THE_NON_VALUE) continue;
      if (v != atoms::true_ && v != atoms::false_) return false;
      *flag = v == atoms::true_;
    }
  } else if (!non_negative(value, &words)) {
    return false;
  }
  if (words != 0 && size_t(words) < default_min_heap_words) return false;
  max.words = size_t(words);
  *out = max;
  return true;
}

}  // namespace

bool set_gc_option(GcSettings& gc, Term key, Term value) {
  int64_t n;
  if (key == atoms::max_heap_size) return parse_max_heap_size(value, &gc.max_heap_size);
  if (key == atoms::message_queue_data) {
    if (value != atoms::off_heap && value != atoms::on_heap) return false;
    gc.message_queue_off_heap = value == atoms::off_heap;
    return true;
  }
  if (!non_negative(value, &n)) return false;
  if (key == atoms::min_heap_size) gc.min_heap_size = std::max<size_t>(default_min_heap_words, size_t(n));
  else if (key == atoms::min_bin_vheap_size) gc.min_bin_vheap_size = std::max<uint64_t>(1, uint64_t(n));
  else if (key == atoms::fullsweep_after) gc.fullsweep_after = uint32_t(std::min<int64_t>(n, UINT32_MAX));
  else return false;
  return true;
}

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
