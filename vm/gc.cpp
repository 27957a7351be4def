// A copying collector. Live data is copied from the heap and the heap fragments (BIF results,
// received messages) into a new block; literals and other heaps are left alone because they
// are outside the from-space. Off-heap binaries whose last reference died are released.
//
// To-space is first sized for the worst case (everything live); when that leaves the heap
// mostly empty, a second, cheap copy moves the survivors into a right-sized block.
#include "vm/gc.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "platform/log.h"
#include "vm/binary.h"

namespace ember {
namespace {

struct Range {
  const Word* begin;
  const Word* end;
};

class Collector {
 public:
  Collector(Process* p, Term* x, unsigned live) : p_(p), x_(x), live_(live) {
    from_.push_back({p->heap, p->htop});
    for (const Fragment& f : p->fragments)
      for (const Arena::Block& b : f->blocks()) from_.push_back({b.words.get(), b.words.get() + b.used});
    std::sort(from_.begin(), from_.end(), [](const Range& a, const Range& b) { return a.begin < b.begin; });
  }

  // Copies everything live into a new block of `size` words and installs it.
  void run(size_t size) {
    size_t stack_words = size_t(p_->hend - p_->stop);
    Word* block = static_cast<Word*>(std::malloc(size * sizeof(Word)));
    if (!block) platform::fatal("out of memory: process heap of %zu words", size);
    top_ = scan_ = block;
    Word* new_stop = block + size - stack_words;
    std::memcpy(new_stop, p_->stop, stack_words * sizeof(Word));
    for (unsigned k = 0; k < live_; k++) x_[k] = evacuate(x_[k]);
    for (Word* s = new_stop; s < block + size; s++)
      if (!is_return_address(*s)) *s = evacuate(*s);
    roots();
    scan();
    sweep_off_heap();
    std::free(p_->heap);
    p_->fragments.clear();
    p_->fragment_words = 0;
    p_->heap = block;
    p_->htop = top_;
    p_->stop = new_stop;
    p_->hend = block + size;
  }

 private:
  static bool is_return_address(Word w) { return (w & 3) == 0; }

  bool in_from_space(const Word* ptr) const {
    auto it = std::upper_bound(from_.begin(), from_.end(), ptr,
                               [](const Word* v, const Range& r) { return v < r.begin; });
    if (it == from_.begin()) return false;
    --it;
    return ptr < it->end;
  }

  Term evacuate(Term t) {
    if (is_list(t)) {
      Word* cell = list_ptr(t);
      if (!in_from_space(cell)) return t;
      if (cell[0] == THE_NON_VALUE) return cell[1];  // already moved
      Word* to = top_;
      top_ += 2;
      to[0] = cell[0];
      to[1] = cell[1];
      cell[0] = THE_NON_VALUE;
      cell[1] = make_list(to);
      return cell[1];
    }
    if (!is_boxed(t)) return t;
    Word* obj = boxed_ptr(t);
    if (!in_from_space(obj)) return t;
    if (is_boxed(obj[0])) return obj[0];  // forwarding pointer left by an earlier move
    size_t words = 1 + header_arity(obj[0]);
    Word* to = top_;
    top_ += words;
    std::memcpy(to, obj, words * sizeof(Word));
    obj[0] = make_boxed(to);
    if (header_subtag(to[0]) == Subtag::refc_bin) off_heap_.push(to, &to[3]);
    return obj[0];
  }

  void scan() {
    while (scan_ < top_) {
      Word w = *scan_;
      if (!is_header(w)) {  // a cons cell: two terms
        scan_[0] = evacuate(scan_[0]);
        scan_[1] = evacuate(scan_[1]);
        scan_ += 2;
        continue;
      }
      TermWords range = boxed_term_words(w);
      for (Word k = range.first; k < range.end; k++) scan_[k] = evacuate(scan_[k]);
      scan_ += 1 + header_arity(w);
    }
  }

  void roots() {
    for (Term& t : p_->dictionary) t = evacuate(t);
    for (Message* m = p_->mailbox.first; m; m = m->next) m->term = evacuate(m->term);
    for (Monitor& m : p_->monitors) m.ref = evacuate(m.ref);
    for (Monitor& m : p_->monitored_by) m.ref = evacuate(m.ref);
    Exception& e = p_->exception;
    for (Term* t : {&e.klass, &e.reason, &e.args, &e.raw_stack, &p_->exit_reason, &p_->group_leader})
      *t = evacuate(*t);
  }

  // Reference-counted binaries that were not copied are garbage: drop their references.
  void sweep_off_heap() {
    auto sweep = [](OffHeap& list) {
      for (Word* obj = list.first; obj;) {
        Word* next = reinterpret_cast<Word*>(obj[3]);
        if (!is_boxed(obj[0])) reinterpret_cast<SharedBinary*>(obj[2])->release();
        obj = next;
      }
      list.first = nullptr;
    };
    sweep(p_->off_heap);
    for (Fragment& f : p_->fragments) {
      sweep(f->off_heap());
      f->disown_off_heap();
    }
    p_->off_heap = off_heap_;
  }

  Process* p_;
  Term* x_;
  unsigned live_;
  std::vector<Range> from_;
  Word* top_ = nullptr;
  Word* scan_ = nullptr;
  OffHeap off_heap_;
};

// erts grows heaps along a Fibonacci-like sequence; we double, starting at the minimum.
size_t heap_size_for(size_t words, size_t minimum) {
  size_t size = minimum;
  while (size < words) size += size / 2 + size / 4;
  return size;
}

}  // namespace

void gc_collect(Process* p, size_t need, Term* x, unsigned live) {
  size_t stack = size_t(p->hend - p->stop);
  size_t worst = size_t(p->htop - p->heap) + p->fragment_words + stack + need + stack_reserve_words;
  size_t size = std::max(heap_size_for(worst, p->min_heap_size), size_t(p->hend - p->heap));
  Collector(p, x, live).run(size);
  size_t used = size_t(p->htop - p->heap) + stack + need + stack_reserve_words;
  size_t right = heap_size_for(used * 2, p->min_heap_size);
  if (right * 2 <= size) Collector(p, x, live).run(right);
  p->minor_collections++;
}

void gc_major(Process* p, Term* x, unsigned live) { gc_collect(p, 0, x, live); }

void gc_free_all(Process* p) {
  release_off_heap(p->off_heap);
  p->fragments.clear();
  std::free(p->heap);
  p->heap = p->htop = p->stop = p->hend = nullptr;
}

}  // namespace ember
