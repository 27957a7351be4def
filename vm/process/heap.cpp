#include "vm/process/heap.h"

#include <algorithm>
#include <cstdlib>
#include <new>

#include "platform/memory.h"
#include "vm/term/binary.h"
#include "vm/term/magic_ref.h"

namespace ember {

namespace {

Word header_of(const Word* object) { return is_boxed(object[0]) ? boxed_ptr(object[0])[0] : object[0]; }

uint64_t held_words(const Word* object) {
  if (header_subtag(object[0]) == Subtag::refc_bin) return object[1] / sizeof(Word);
  return reinterpret_cast<MagicObject*>(object[4])->size_bytes() / sizeof(Word);
}

}  // namespace

void OffHeap::push(Word* object) {
  object[header_arity(object[0])] = Word(uintptr_t(first));
  first = object;
  overhead += held_words(object);
}

Word* off_heap_next(const Word* object) {
  return reinterpret_cast<Word*>(object[header_arity(header_of(object))]);
}

void off_heap_retain(const Word* object) {
  if (header_subtag(header_of(object)) == Subtag::refc_bin) reinterpret_cast<SharedBinary*>(object[2])->retain();
  else reinterpret_cast<MagicObject*>(object[4])->retain();
}

void off_heap_release(const Word* object) {
  if (header_subtag(header_of(object)) == Subtag::refc_bin) reinterpret_cast<SharedBinary*>(object[2])->release();
  else reinterpret_cast<MagicObject*>(object[4])->release();
}

void release_off_heap(OffHeap& list) {
  for (Word* object = list.first; object;) {
    Word* next = off_heap_next(object);
    off_heap_release(object);
    object = next;
  }
  list.first = nullptr;
  list.overhead = 0;
}

Arena::Arena(Word* inline_block, size_t words)
    : first_{inline_block, 0, words}, first_is_inline_(true), next_block_words_(64) {}

std::unique_ptr<Arena> Arena::with_block(size_t words) {
  void* memory = ::operator new(sizeof(Arena) + words * sizeof(Word));
  Word* block = reinterpret_cast<Word*>(static_cast<char*>(memory) + sizeof(Arena));
  return std::unique_ptr<Arena>(::new (memory) Arena(block, words));
}

Arena::~Arena() {
  release_off_heap(off_heap_);
  if (!first_is_inline_) std::free(first_.words);
  for (Block& b : more_) std::free(b.words);
}

Word* Arena::alloc(size_t words) {
  Block* current = more_.empty() ? &first_ : &more_.back();
  if (!current->words || current->used + words > current->size) {
    size_t size = std::max(words, next_block_words_);
    next_block_words_ = std::min<size_t>(next_block_words_ * 2, 1 << 16);
    auto* block = static_cast<Word*>(std::malloc(size * sizeof(Word)));
    if (!block) platform::out_of_memory("eheap_alloc", size * sizeof(Word), "heap_frag");
    Block fresh{block, 0, size};
    if (!first_.words) {
      first_ = fresh;
      current = &first_;
    } else {
      more_.push_back(fresh);
      current = &more_.back();
    }
  }
  Word* p = current->words + current->used;
  current->used += words;
  return p;
}

size_t Arena::block_bytes() const {
  size_t words = 0;
  for_each_block([&](const Block& b) { words += b.size; });
  return words * sizeof(Word) + more_.capacity() * sizeof(Block);
}

size_t Arena::used_words() const {
  size_t n = 0;
  for_each_block([&](const Block& b) { n += b.used; });
  return n;
}

}  // namespace ember
