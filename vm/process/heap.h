// Where terms are built. A process heap, a message fragment and a module's literal area all
// offer the same two things: words to build terms in, and a list that tracks the off-heap
// objects (reference-counted binaries) those terms hold, so the owner can release them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "vm/term/term.h"

namespace ember {

// Intrusive list of boxed objects that hold a counted reference to something off the heap:
// refc binaries (binary.h) and magic references (magic_ref.h). In both the reference is the
// object's second-to-last word and the link to the next object its last. `overhead` sums what
// they hold in words (erts' binary virtual heap), so that a process whose small heap objects
// hold much binary data collects in time.
struct OffHeap {
  Word* first = nullptr;
  uint64_t overhead = 0;
  void push(Word* object);  // an object just built or copied, whose hold is already counted
};

// Whether an object with this header goes on an off-heap list: a refc binary, or a reference
// with an object attached (a plain one has three words of numbers, a magic one five words).
inline bool holds_off_heap(Word header) {
  return header_subtag(header) == Subtag::refc_bin ||
         (header_subtag(header) == Subtag::ref && header_arity(header) == 5);
}

// The object after `object` on its list. `object` may have been moved by the collector, which
// left a forwarding pointer in its header word and its other words as they were.
Word* off_heap_next(const Word* object);

// Takes one more reference for a copy of the object (the copy goes on a list of its own).
void off_heap_retain(const Word* object);
// Drops the reference one object holds (the object itself is garbage).
void off_heap_release(const Word* object);
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
  // Bytes of the blocks and of their list, not of the Arena object itself.
  size_t block_bytes() const;
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
