// A generational copying collector, per process.
//
// Minor collection: what is live in the young heap and in the heap fragments (BIF results,
// received messages) is copied to the end of the old heap; the young heap is then empty and is
// reused where it is, stack included, so a minor collection moves no stack and allocates
// nothing. Erlang terms are immutable, so nothing old can point at anything young: the old heap
// needs no scanning, and neither do literals or other heaps, which lie outside the from-space.
// (A BIF that builds a term in place over several time slices writes into terms made before a
// collection; it asks for a major one instead: building_in_place.)
//
// Major collection (when the old heap is full, or after fullsweep_after minor ones): everything
// live, old and young, is copied into a new young block and the old heap is freed. To-space is
// first sized for the worst case; when that leaves the heap mostly empty, a second, cheap copy
// moves the survivors into a right-sized block.
//
// Each generation has its own list of off-heap binaries; a binary whose heap object did not
// survive is released. Their sizes count against binary virtual heaps, as in erts: too much
// young binary data asks for a collection, too much old binary data makes it a major one.
//
// A process with a max_heap_size is checked before a collection: if its heaps would grow past
// the limit, the logger hears of it and, when the setting says so, the process is killed
// instead of collected.
#include "vm/process/gc.h"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "platform/log.h"
#include "platform/memory.h"
#include "vm/process/block_cache.h"
#include "vm/term/atom.h"
#include "vm/term/binary.h"
#include "vm/term/build.h"
#include "vm/process/logger.h"

namespace ember {
namespace {

std::mutex defaults_lock;
GcSettings defaults;
// Bumped on every change, so that a spawn reads its thread's copy of the defaults without
// the lock, which every spawn on every scheduler would otherwise take.
std::atomic<uint64_t> defaults_generation{1};
std::atomic<uint64_t> collections{0};
std::atomic<uint64_t> words_reclaimed{0};


struct Range {
  const Word* begin;
  const Word* end;
};

void sort_ranges(std::vector<Range>& ranges) {
  std::sort(ranges.begin(), ranges.end(), [](const Range& a, const Range& b) { return a.begin < b.begin; });
}

std::vector<Range> block_ranges(const Arena& arena) {
  std::vector<Range> ranges;
  arena.for_each_block([&](const Arena::Block& b) { ranges.push_back({b.words, b.words + b.used}); });
  sort_ranges(ranges);
  return ranges;
}

bool in_ranges(const std::vector<Range>& ranges, const Word* ptr) {
  auto it = std::upper_bound(ranges.begin(), ranges.end(), ptr, [](const Word* v, const Range& r) { return v < r.begin; });
  if (it == ranges.begin()) return false;
  --it;
  return ptr < it->end;
}

// The terms a process holds outside its heap and stack (and registers): each is a root.
template <typename Fn>
void for_each_process_root(Process* p, Fn fn) {
  for (Term& t : p->dictionary) fn(t);
  p->mailbox.for_each([&](Term& t) { fn(t); });
  // Links and monitors to another node's processes hold its boxed ids (the monitoring
  // processes of monitored_by are always local).
  p->links.update_each([&](Link& l) { fn(l.other); });
  p->monitors.update_each([&](Monitor& m) { fn(m.other); });
  Exception& e = p->exception;
  for (Term* t : {&e.klass, &e.reason, &e.args, &e.fun, &e.raw_stack, &e.error_info, &p->exit_reason, &p->group_leader})
    fn(*t);
}

class Collector {
 public:
  // With `literals`, what the process refers to in that literal area is copied too (the area
  // itself is left as it is: other processes may still refer to it).
  Collector(Process* p, Term* x, unsigned live, bool major, const Arena* literals = nullptr)
      : p_(p), x_(x), live_(live), major_(major) {
    from_.push_back({p->heap, p->htop});
    if (major && p->old_heap) from_.push_back({p->old_heap, p->old_htop});
    for (const Fragment& f : p->fragments)
      f->for_each_block([&](const Arena::Block& b) { from_.push_back({b.words, b.words + b.used}); });
    sort_ranges(from_);
    if (literals) literals_ = block_ranges(*literals);
  }

  // Copies everything live to `to`, which has room for it; returns the new top. The stack is
  // updated where it lies, from `stack` to `stack_end`.
  Word* copy(Word* to, Word* stack, Word* stack_end) {
    top_ = scan_ = to;
    for (unsigned k = 0; k < live_; k++) x_[k] = evacuate(x_[k]);
    for (Word* s = stack; s < stack_end; s++) {
#ifdef EMBER_CHECK_FRAMES
      if (*s == unset_frame_slot) platform::fatal("the collector met a frame slot never set");
#endif
      if (!is_return_address(*s)) *s = evacuate(*s);
    }
    roots();
    scan();
    return top_;
  }

  // After the copy: drop what died off the heap, and the from-space blocks that are not reused.
  void finish() {
    auto sweep = [](OffHeap& list) {
      for (Word* obj = list.first; obj;) {
        Word* next = off_heap_next(obj);
        if (!is_boxed(obj[0])) off_heap_release(obj);  // not moved: it died
        obj = next;
      }
      list = OffHeap{};
    };
    sweep(p_->off_heap);
    if (major_) sweep(p_->old_off_heap);
    for (Fragment& f : p_->fragments) {
      sweep(f->off_heap());
      f->disown_off_heap();
    }
    p_->fragments.clear();
    p_->fragment_words = 0;
  }

  OffHeap& survivors() { return off_heap_; }

 private:
  static bool is_return_address(Word w) { return (w & 3) == 0; }

  bool in_from_space(const Word* ptr) const { return in_ranges(from_, ptr); }

  // A literal is copied without a forwarding pointer in the area, which other processes share:
  // the copies made so far are remembered instead, so that shared parts stay shared.
  Term copy_literal(Term t, const Word* at) {
    auto [it, fresh] = literal_copies_.try_emplace(at, THE_NON_VALUE);
    if (!fresh) return it->second;
    size_t words = is_list(t) ? 2 : 1 + header_arity(at[0]);
    Word* to = top_;
    top_ += words;
    std::memcpy(to, at, words * sizeof(Word));
    if (!is_list(t) && holds_off_heap(to[0])) {
      off_heap_retain(to);
      off_heap_.push(to);
    }
    return it->second = is_list(t) ? make_list(to) : make_boxed(to);
  }

  Term evacuate(Term t) {
    if (is_list(t)) {
      Word* cell = list_ptr(t);
      if (!in_from_space(cell)) return in_ranges(literals_, cell) ? copy_literal(t, cell) : t;
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
    if (!in_from_space(obj)) return in_ranges(literals_, obj) ? copy_literal(t, obj) : t;
    if (is_boxed(obj[0])) return obj[0];  // forwarding pointer left by an earlier move
    size_t words = 1 + header_arity(obj[0]);
    Word* to = top_;
    top_ += words;
    std::memcpy(to, obj, words * sizeof(Word));
    obj[0] = make_boxed(to);
    if (holds_off_heap(to[0])) off_heap_.push(to);
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
    for_each_process_root(p_, [&](Term& t) { t = evacuate(t); });
  }

  Process* p_;
  Term* x_;
  unsigned live_;
  bool major_;
  std::vector<Range> from_;
  std::vector<Range> literals_;
  std::unordered_map<const Word*, Term> literal_copies_;
  Word* top_ = nullptr;
  Word* scan_ = nullptr;
  OffHeap off_heap_;
};

size_t heap_size_for(size_t words, size_t minimum) { return next_heap_size(std::max(words, minimum)); }

// erts' rule for a binary virtual heap after a collection left `live` words of binaries in it:
// grow by the golden ratio while they fill more than three quarters, halve below a quarter.
uint64_t next_vheap_size(uint64_t live, uint64_t size, uint64_t minimum) {
  if (live / 3 > size / 4) {
    while (live / 3 > size / 4) {
      uint64_t grown = uint64_t(double(size) * 1.618);
      if (grown < size) break;
      size = grown;
    }
  } else if (live < size / 4) {
    size /= 2;
  }
  return std::max(size, minimum);
}

size_t young_used(const Process* p) { return size_t(p->htop - p->heap) + p->fragment_words; }
size_t stack_words(const Process* p) { return size_t(p->hend - p->stop); }
size_t heap_words_in_use(const Process* p) { return young_used(p) + size_t(p->old_htop - p->old_heap); }

// Counts a collection for statistics/1; `before` is what the heaps held before it.
void count_collection(const Process* p, size_t before) {
  size_t after = heap_words_in_use(p);
  collections.fetch_add(1, std::memory_order_relaxed);
  if (before > after) words_reclaimed.fetch_add(before - after, std::memory_order_relaxed);
}

// Copies everything live into a new young block of `size` words, stack at its top; with
// `literals`, what it refers to in that literal area too.
void copy_all(Process* p, Term* x, unsigned live, size_t size, const Arena* literals = nullptr) {
  size_t stack = stack_words(p);
  Word* block = allocate_heap_words(size, "heap");
  Word* new_stop = block + size - stack;
  std::memcpy(new_stop, p->stop, stack * sizeof(Word));
  Collector c(p, x, live, true, literals);
  Word* top = c.copy(block, new_stop, block + size);
  c.finish();
  p->off_heap = c.survivors();
  free_heap_words(p->heap, size_t(p->hend - p->heap));
  std::free(p->old_heap);
  p->old_heap = p->old_htop = nullptr;
  p->old_size = 0;
  p->heap = block;
  p->htop = top;
  p->stop = new_stop;
  p->hend = block + size;
}

void major(Process* p, size_t need, Term* x, unsigned live, const Arena* literals = nullptr) {
  size_t stack = stack_words(p);
  size_t old = size_t(p->old_htop - p->old_heap);
  size_t worst = young_used(p) + old + stack + need + stack_reserve_words + (literals ? literals->used_words() : 0);
  size_t size = std::max(heap_size_for(worst, p->gc.min_heap_size), size_t(p->hend - p->heap));
  copy_all(p, x, live, size, literals);
  size_t used = size_t(p->htop - p->heap) + stack + need + stack_reserve_words;
  size_t right = heap_size_for(used * 2, p->gc.min_heap_size);
  if (right * 2 <= size) copy_all(p, x, live, right);
  p->high_water = p->htop;
  p->minor_collections = 0;
  uint64_t binaries = p->off_heap.overhead;
  p->bin_vheap_size = next_vheap_size(binaries, p->bin_vheap_size, p->gc.min_bin_vheap_size);
  p->bin_old_vheap_size = next_vheap_size(binaries, p->bin_old_vheap_size, p->gc.min_bin_vheap_size);
}

// A minor collection cannot do: the old heap lacks room for the young survivors, it holds too
// much binary data, enough minor collections have passed (fullsweep_after), or a BIF wrote
// into terms it made before (building_in_place).
bool major_due(const Process* p) {
  return p->building_in_place ||
         p->minor_collections >= p->gc.fullsweep_after ||
         p->old_off_heap.overhead > p->bin_old_vheap_size ||
         (p->old_heap && size_t(p->old_heap + p->old_size - p->old_htop) < young_used(p));
}

// Promotes the young survivors to the old heap; returns how many words that took.
size_t minor(Process* p, Term* x, unsigned live) {
  if (!p->old_heap) {
    p->old_size = heap_size_for(2 * young_used(p), p->gc.min_heap_size);
    p->old_heap = p->old_htop = allocate_heap_words(p->old_size, "old_heap");
  }
  Collector c(p, x, live, false);
  Word* before = p->old_htop;
  p->old_htop = c.copy(p->old_htop, p->stop, p->hend);
  c.finish();
  uint64_t promoted_binaries = c.survivors().overhead;
  for (Word* obj = c.survivors().first; obj;) {  // promoted binaries join the old generation
    Word* next = off_heap_next(obj);
    p->old_off_heap.push(obj);
    obj = next;
  }
  p->bin_vheap_size = next_vheap_size(promoted_binaries, p->bin_vheap_size, p->gc.min_bin_vheap_size);
  p->htop = p->heap;
  p->minor_collections++;
  return size_t(p->old_htop - before);
}

// Moves the (empty) young heap and the stack to a block of `size` words.
void resize_young(Process* p, size_t size) {
  size_t stack = stack_words(p);
  Word* block = allocate_heap_words(size, "heap");
  std::memcpy(block + size - stack, p->stop, stack * sizeof(Word));
  free_heap_words(p->heap, size_t(p->hend - p->heap));
  p->heap = p->htop = block;
  p->hend = block + size;
  p->stop = p->hend - stack;
}

// The words p's heaps would take during a collection: all it holds now, and the new block the
// collection may need (erts counts it the same way).
size_t projected_heap_words(const Process* p, size_t need) {
  size_t used = young_used(p);
  size_t old = p->old_heap ? p->old_size : heap_size_for(2 * used, p->gc.min_heap_size);
  size_t fresh = heap_size_for(used + stack_words(p) + need, p->gc.min_heap_size);
  return size_t(p->hend - p->heap) + p->fragment_words + old + fresh;
}

// erts' report, word for word, to the logger.
void report_max_heap_size(Process* p, size_t total) {
  const MaxHeapSize& max = p->gc.max_heap_size;
  Arena storage;
  Term items[] = {p->pid,
                  make_unsigned(storage, max.words),
                  make_unsigned(storage, total),
                  max.kill ? atoms::true_ : atoms::false_,
                  atoms::true_,
                  make_unsigned(storage, p->mailbox.length),
                  gc_info(storage, p)};
  Term args = NIL;
  for (size_t k = std::size(items); k-- > 0;) args = cons(storage, items[k], args);
  log_emulator_error(p,
                     "     Process:            ~p ~n"
                     "     Context:            maximum heap size reached~n"
                     "     Max Heap Size:      ~p~n"
                     "     Total Heap Size:    ~p~n"
                     "     Kill:               ~p~n"
                     "     Error Logger:       ~p~n"
                     "     Message Queue Len:  ~p~n"
                     "     GC Info:            ~p~n",
                     args);
}

// Whether the collection may go ahead under p's max_heap_size.
bool within_max_heap_size(Process* p, size_t need) {
  const MaxHeapSize& max = p->gc.max_heap_size;
  if (max.words == 0) return true;
  size_t total = projected_heap_words(p, need);
  if (total <= max.words) return true;
  if (max.error_logger) report_max_heap_size(p, total);
  return !max.kill;
}

}  // namespace

bool gc_collect(Process* p, size_t need, Term* x, unsigned live) {
  if (!within_max_heap_size(p, need)) return false;
  size_t before = heap_words_in_use(p);
  if (major_due(p)) {
    major(p, need, x, live);
    count_collection(p, before);
    return true;
  }
  size_t promoted = minor(p, x, live);
  // Size the young heap for what is being kept alive, so a process with much live data or a
  // deep stack does not collect every few words: twice the survivors and the stack. It shrinks
  // only when far too big, so a process whose live data comes and goes keeps its size.
  size_t survivors = promoted + stack_words(p);
  size_t target = heap_size_for(2 * survivors + need + stack_reserve_words, p->gc.min_heap_size);
  size_t size = size_t(p->hend - p->heap);
  if (size < target || size > 8 * target) resize_young(p, target);
  p->high_water = p->heap;
  count_collection(p, before);
  return true;
}

bool gc_major(Process* p, Term* x, unsigned live) {
  if (!within_max_heap_size(p, 0)) return false;
  size_t before = heap_words_in_use(p);
  major(p, 0, x, live);
  count_collection(p, before);
  return true;
}

bool gc_refers_to(Process* p, const Term* x, unsigned live, const Arena& area) {
  std::vector<Range> ranges = block_ranges(area);
  auto refers = [&](Word w) {
    return (is_list(w) && in_ranges(ranges, list_ptr(w))) || (is_boxed(w) && in_ranges(ranges, boxed_ptr(w)));
  };
  // Every word, not just every term: a payload word that looks like a pointer into the area
  // costs a needless collection, and no real pointer is missed.
  auto any_in = [&](const Word* from, const Word* to) { return std::any_of(from, to, refers); };
  if (any_in(x, x + live) || any_in(p->heap, p->htop) || any_in(p->stop, p->hend) || any_in(p->old_heap, p->old_htop))
    return true;
  bool found = false;
  for (const Fragment& f : p->fragments)
    f->for_each_block([&](const Arena::Block& b) { found = found || any_in(b.words, b.words + b.used); });
  for_each_process_root(p, [&](Term& t) { found = found || refers(t); });
  return found;
}

bool gc_copy_literals(Process* p, Term* x, unsigned live, const Arena& area) {
  if (!within_max_heap_size(p, area.used_words())) return false;
  size_t before = heap_words_in_use(p);
  major(p, 0, x, live, &area);
  count_collection(p, before);
  return true;
}

bool gc_hibernate(Process* p, Term* x, unsigned live, size_t need) {
  if (!gc_major(p, x, live)) return false;
  size_t exact = size_t(p->htop - p->heap) + stack_words(p) + need + stack_reserve_words;
  if (exact < size_t(p->hend - p->heap)) copy_all(p, x, live, exact);
  return true;
}

GcStatistics gc_statistics() {
  return {collections.load(std::memory_order_relaxed), words_reclaimed.load(std::memory_order_relaxed)};
}

Word* allocate_heap_words(size_t words, const char* type) {
  bool usual = words == default_min_heap_words;
  void* block = usual ? cached_block_take(BlockKind::first_heap, words * sizeof(Word)) : nullptr;
  if (!block) block = std::malloc(words * sizeof(Word));
  if (!block) platform::out_of_memory("eheap_alloc", words * sizeof(Word), type);
  return static_cast<Word*>(block);
}

void free_heap_words(Word* block, size_t words) {
  if (words != default_min_heap_words || !cached_block_keep(BlockKind::first_heap, block, words * sizeof(Word)))
    std::free(block);
}

void gc_free_all(Process* p) {
  release_off_heap(p->off_heap);
  release_off_heap(p->old_off_heap);
  p->fragments.clear();
  free_heap_words(p->heap, size_t(p->hend - p->heap));
  std::free(p->old_heap);
  p->heap = p->htop = p->stop = p->hend = nullptr;
  p->old_heap = p->old_htop = nullptr;
}

GcSettings gc_defaults() {
  thread_local GcSettings copy;
  thread_local uint64_t copied = 0;
  if (copied != defaults_generation.load(std::memory_order_acquire)) {
    std::lock_guard<std::mutex> hold(defaults_lock);
    copy = defaults;
    copied = defaults_generation.load(std::memory_order_relaxed);
  }
  return copy;
}

void set_gc_defaults(const GcSettings& settings) {
  std::lock_guard<std::mutex> hold(defaults_lock);
  defaults = settings;
  defaults_generation.fetch_add(1, std::memory_order_release);
}

Term gc_info(Heap& heap, const Process* p) {
  std::pair<const char*, uint64_t> items[] = {
      {"old_heap_block_size", p->old_size},
      {"heap_block_size", uint64_t(p->hend - p->heap)},
      {"mbuf_size", p->fragment_words},
      {"recent_size", uint64_t(p->high_water - p->heap)},
      {"stack_size", uint64_t(p->hend - p->stop)},
      {"old_heap_size", uint64_t(p->old_htop - p->old_heap)},
      {"heap_size", uint64_t(p->htop - p->heap)},
      {"bin_vheap_size", p->off_heap.overhead},
      {"bin_vheap_block_size", p->bin_vheap_size},
      {"bin_old_vheap_size", p->old_off_heap.overhead},
      {"bin_old_vheap_block_size", p->bin_old_vheap_size}};
  Term list = NIL;
  for (size_t k = std::size(items); k-- > 0;)
    list = cons(heap, tuple(heap, atom_put(items[k].first), make_unsigned(heap, items[k].second)), list);
  return list;
}

// erts' series, as system_info(heap_sizes) lists it on 64-bit erts: Fibonacci-like (each size
// the sum of the two before it, plus one) from 12 and 38 up to 833026 words, then 20% larger
// each step, to 137 sizes.
std::span<const uint64_t> heap_sizes() {
  static const std::vector<uint64_t> series = [] {
    std::vector<uint64_t> s{12, 38};
    while (s.back() < 833026) s.push_back(s[s.size() - 1] + s[s.size() - 2] + 1);
    while (s.size() < 137) s.push_back(s.back() + s.back() / 5);
    return s;
  }();
  return series;
}

uint64_t next_heap_size(uint64_t words) {
  auto sizes = heap_sizes();
  auto it = std::lower_bound(sizes.begin(), sizes.end(), words);
  return it != sizes.end() ? *it : words;
}

}  // namespace ember
