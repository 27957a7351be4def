#include "vm/term/magic_ref.h"

#include "vm/term/ref.h"

namespace ember {

Term make_magic_ref(Heap& heap, MagicObject* object) {
  RefNumbers numbers = unique_ref_numbers();
  Word* p = heap.alloc(magic_ref_words);
  p[0] = make_header(Subtag::ref, magic_ref_words - 1);
  for (int k = 0; k < 3; k++) p[1 + k] = numbers.n[k];
  p[4] = Word(uintptr_t(object));
  object->retain();
  heap.off_heap().push(p);
  return make_boxed(p);
}

}  // namespace ember
