// Each thread's cache of the two blocks every process starts with: its Process and its first
// heap of the default size. A spawn storm on several schedulers otherwise spends a third of
// its time in malloc, whose per-thread arenas lock whenever a block made on one thread is
// freed on another, which work stealing makes the rule. erts keeps allocator instances per
// scheduler for the same reason. A cache holds a bounded number of blocks; the rest goes back
// to malloc.
#pragma once

#include <cstddef>

namespace ember {

enum class BlockKind { process, first_heap };

// A block of `bytes` from the calling thread's cache, or null if it has none of that kind.
void* cached_block_take(BlockKind kind, size_t bytes);
// Keeps a block in the calling thread's cache; false (the caller frees it) when the cache is
// full or holds blocks of another size.
bool cached_block_keep(BlockKind kind, void* block, size_t bytes);

}  // namespace ember
