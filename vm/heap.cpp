#include "vm/heap.h"

#include <algorithm>

#include "vm/binary.h"

namespace ember {

void release_off_heap(OffHeap& list) {
  for (Word* object = list.first; object;) {
    Word* next = reinterpret_cast<Word*>(object[3]);
    switch (header_subtag(object[0])) {
      case Subtag::refc_bin:
        reinterpret_cast<SharedBinary*>(object[2])->release();
        break;
      default:
        break;
    }
    object = next;
  }
  list.first = nullptr;
}

Word* Arena::alloc(size_t words) {
  if (blocks_.empty() || blocks_.back().used + words > blocks_.back().size) {
    size_t size = std::max(words, next_block_words_);
    next_block_words_ = std::min<size_t>(next_block_words_ * 2, 1 << 16);
    blocks_.push_back(Block{std::make_unique_for_overwrite<Word[]>(size), 0, size});
  }
  Block& b = blocks_.back();
  Word* p = b.words.get() + b.used;
  b.used += words;
  return p;
}

size_t Arena::used_words() const {
  size_t n = 0;
  for (const Block& b : blocks_) n += b.used;
  return n;
}

bool Arena::contains(const Word* p) const {
  for (const Block& b : blocks_)
    if (p >= b.words.get() && p < b.words.get() + b.used) return true;
  return false;
}

}  // namespace ember
