// Per-process garbage collection: a generational copying collector. Live data of the young heap
// is copied to a fresh block (or, once it has survived a collection, to the old heap); a major
// collection copies everything. Only the process itself is stopped.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "vm/process/process.h"

namespace ember {

// Collects p's heap so that at least `need` free words remain between heap top and stack.
// x[0..live) are roots besides the stack, the mailbox, the dictionary and the process fields.
// Returns false, having collected nothing, when the heaps would grow past the process's
// max_heap_size and it is to be killed for that (the logger has been told).
[[nodiscard]] bool gc_collect(Process* p, size_t need, Term* x, unsigned live);
// A full collection (erlang:garbage_collect/0,1); false as for gc_collect.
[[nodiscard]] bool gc_major(Process* p, Term* x, unsigned live);
// The collection of a process going into hibernation: as erts, it leaves a heap just big enough
// for the live data, the stack and `need` more words, whatever min_heap_size says; the next
// collection sizes it as usual again.
[[nodiscard]] bool gc_hibernate(Process* p, Term* x, unsigned live, size_t need);
// Whether anything p holds (heaps, stack, registers x[0..live), the terms in its fields) may
// refer into the literal area `area`; never false when something does.
bool gc_refers_to(Process* p, const Term* x, unsigned live, const Arena& area);
// A full collection that also copies onto p's heap what it refers to in the literal area
// `area`, which is about to be freed (erts' literal collection); false as for gc_collect, the
// whole area counting against max_heap_size as in erts.
[[nodiscard]] bool gc_copy_literals(Process* p, Term* x, unsigned live, const Arena& area);
// Frees the process's heap, stack, fragments and off-heap references.
void gc_free_all(Process* p);
// A young heap's block: of the default size, from and back to the thread's cache
// (block_cache.h); ends the VM as erts does when memory runs out.
Word* allocate_heap_words(size_t words, const char* type);
void free_heap_words(Word* block, size_t words);

// Whether the heap fragments would not fit in the room left on the heap.
inline bool gc_heap_short(const Process* p) {
  return size_t(p->stop - p->htop) < p->fragment_words + stack_reserve_words;
}
// Whether the process should collect before going on, as erts decides after a BIF: its heap is
// short, or its binaries outgrew the binary virtual heap.
inline bool gc_desired(const Process* p) { return gc_heap_short(p) || p->off_heap.overhead > p->bin_vheap_size; }

// erts' series of heap sizes, in words (system_info(heap_sizes)): every heap a process gets is
// one of them, and min_heap_size settings are rounded up to one.
std::span<const uint64_t> heap_sizes();
// The smallest size of the series that holds `words` words.
uint64_t next_heap_size(uint64_t words);

// The settings new processes start with (erlang:system_flag/2 changes them).
GcSettings gc_defaults();
void set_gc_defaults(const GcSettings& settings);

// statistics(garbage_collection): collections so far, and the words they freed, VM-wide.
struct GcStatistics {
  uint64_t collections;
  uint64_t words_reclaimed;
};
GcStatistics gc_statistics();

// process_info(P, garbage_collection_info): erts' list of {Item, Words}.
Term gc_info(Heap& heap, const Process* p);

// Checked builds (EMBER_CHECK_FRAMES, on with the sanitizers) fill the frame slots that the
// loader let `allocate` leave unset with this word, and the collector stops if it meets one:
// a slot it scans must have been set first.
inline constexpr Word unset_frame_slot = 0xDEADBEEFDEADBEE2;

}  // namespace ember
