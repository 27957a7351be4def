// Where terms are built. A process heap, a message fragment and a module's literal area all
// offer the same two things: words to build terms in, and a list that tracks the off-heap
// objects (reference-counted binaries) those terms hold, so the owner can release them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "vm/term.h"

namespace ember {

// Intrusive list of boxed objects that own a reference to something off the heap. Each such
// object has a `next` word (see binary.h); the list head is a plain pointer to the header.
// The objects are refc_bins; `overhead` sums their sizes in words (erts' binary virtual heap),
// so that a process whose small heap objects hold much binary data collects in time.
struct OffHeap {
  Word* first = nullptr;
  uint64_t overhead = 0;
  void push(Word* object, Word* next_slot) {
    *next_slot = Word(uintptr_t(first));
    first = object;
    overhead += object[1] / sizeof(Word);
  }
};

// Drops the references held by every object on the list (the objects themselves are garbage).
void release_off_heap(OffHeap& list);

class Heap {
 public:
  virtual Word* alloc(size_t words) = 0;
  virtual OffHeap& off_heap() = 0;

 protected:
  ~Heap() = default;
};

// A growable heap made of blocks that never move: literal areas and message fragments.
class Arena final : public Heap {
 public:
  explicit Arena(size_t first_block_words = 64) : next_block_words_(first_block_words) {}
  // An arena allocated together with a first block of `words` words: one allocation for the
  // storage of a message or an ETS object, whose size is known before it is copied.
  static std::unique_ptr<Arena> with_block(size_t words);
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;
  ~Arena();
  // Every Arena on the free store comes from ::operator new, whatever its size, so `delete`
  // gives back the block with_block allocated along with it.
  static void* operator new(size_t size) { return ::operator new(size); }
  static void operator delete(void* memory) { ::operator delete(memory); }

  Word* alloc(size_t words) override;
  OffHeap& off_heap() override { return off_heap_; }

  // Blocks, for the garbage collector: each is [words, words + used) of used words.
  struct Block {
    Word* words;
    size_t used;
    size_t size;
  };
  template <typename F>
  void for_each_block(F visit) const {
    if (first_.words) visit(first_);
    for (const Block& b : more_) visit(b);
  }
  size_t used_words() const;
  // Forget the off-heap list without releasing it: its objects were moved elsewhere.
  void disown_off_heap() { off_heap_ = OffHeap{}; }

 private:
  Arena(Word* inline_block, size_t words);

  // Most arenas need one block: it is kept out of the vector, and with_block allocates it
  // with the arena itself (first_is_inline_).
  Block first_{nullptr, 0, 0};
  bool first_is_inline_ = false;
  std::vector<Block> more_;
  size_t next_block_words_;
  OffHeap off_heap_;
};

}  // namespace ember
