#include "vm/ref.h"

#include <atomic>

namespace ember {

static std::atomic<uint64_t> next_ref{1};

Term make_local_ref(Heap& heap, uint32_t n0, uint32_t n1, uint32_t n2) {
  Word* p = heap.alloc(ref_words);
  p[0] = make_header(Subtag::ref, ref_words - 1);
  p[1] = n0;
  p[2] = n1;
  p[3] = n2;
  return make_boxed(p);
}

Term make_ref_with_id(Heap& heap, uint64_t id) {
  return make_local_ref(heap, uint32_t(id), uint32_t(id >> 32), 0);
}

RefNumbers unique_ref_numbers() {
  uint64_t id = next_ref.fetch_add(1);
  return RefNumbers{{uint32_t(id), uint32_t(id >> 32), 0}};
}

Term make_ref(Heap& heap) { return make_local_ref(heap, unique_ref_numbers()); }

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
