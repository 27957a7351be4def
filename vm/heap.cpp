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
  Block* current = more_.empty() ? &first_ : &more_.back();
  if (!current->words || current->used + words > current->size) {
    size_t size = std::max(words, next_block_words_);
    next_block_words_ = std::min<size_t>(next_block_words_ * 2, 1 << 16);
    Block fresh{std::make_unique_for_overwrite<Word[]>(size), 0, size};
    if (!first_.words) {
      first_ = std::move(fresh);
      current = &first_;
    } else {
      more_.push_back(std::move(fresh));
      current = &more_.back();
    }
  }
  Word* p = current->words.get() + current->used;
  current->used += words;
  return p;
}

size_t Arena::used_words() const {
  size_t n = 0;
  for_each_block([&](const Block& b) { n += b.used; });
  return n;
}

bool Arena::contains(const Word* p) const {
  bool found = false;
  for_each_block([&](const Block& b) { found = found || (p >= b.words.get() && p < b.words.get() + b.used); });
  return found;
}

}  // namespace ember
