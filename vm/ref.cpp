#include "vm/ref.h"

#include <atomic>

namespace ember {

static std::atomic<uint64_t> next_ref{1};

Term make_ref_with_id(Heap& heap, uint64_t id) {
  Word* p = heap.alloc(ref_words);
  p[0] = make_header(Subtag::ref, ref_words - 1);
  p[1] = uint32_t(id);
  p[2] = uint32_t(id >> 32);
  p[3] = 0;
  return make_boxed(p);
}

Term make_ref(Heap& heap) { return make_ref_with_id(heap, next_ref.fetch_add(1)); }

bool ref_numbers(Term ref, uint32_t out[3]) {
  if (!is_local_ref(ref)) return false;
  for (int k = 0; k < 3; k++) out[k] = uint32_t(boxed_ptr(ref)[1 + k]);
  return true;
}

uint64_t ref_id(Term ref) {
  if (!is_local_ref(ref)) return 0;
  const Word* p = boxed_ptr(ref);
  return p[1] | (p[2] << 32);
}

}  // namespace ember
