#include "vm/process/block_cache.h"

#include <cstdlib>

namespace ember {
namespace {

// 128 processes' worth per thread: enough to smooth a storm's spawns and exits, little for a
// phone to keep (some 300 KB a scheduler).
constexpr size_t capacity = 128;

struct Cache {
  size_t bytes = 0;
  size_t count = 0;
  void* blocks[capacity];
};

struct ThreadCaches {
  Cache kinds[2];
  ~ThreadCaches() {
    for (Cache& c : kinds)
      while (c.count > 0) std::free(c.blocks[--c.count]);
  }
};

thread_local ThreadCaches caches;

}  // namespace

void* cached_block_take(BlockKind kind, size_t bytes) {
  Cache& c = caches.kinds[size_t(kind)];
  return c.count > 0 && c.bytes == bytes ? c.blocks[--c.count] : nullptr;
}

bool cached_block_keep(BlockKind kind, void* block, size_t bytes) {
  Cache& c = caches.kinds[size_t(kind)];
  if (c.count == 0) c.bytes = bytes;
  if (c.bytes != bytes || c.count == capacity) return false;
  c.blocks[c.count++] = block;
  return true;
}

}  // namespace ember
