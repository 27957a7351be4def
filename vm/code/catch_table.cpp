#include "vm/code/catch_table.h"

#include <atomic>
#include <memory>
#include <mutex>

namespace ember {
namespace {

// Slots come in fixed blocks reached through a fixed directory, so a reader never sees storage
// move while another thread adds a module. 2^12 blocks of 2^12 slots is far beyond what every
// module of OTP and Elixir loaded at once needs (some 60,000).
constexpr unsigned block_bits = 12;
constexpr uint32_t block_size = 1u << block_bits;
constexpr uint32_t max_blocks = 1u << 12;

struct Table {
  std::mutex lock;
  std::atomic<const Word**> blocks[max_blocks] = {};
  uint32_t used = 0;              // slots ever handed out
  std::vector<uint32_t> free;     // slots given back, reused first
};

Table& table() {
  static Table t;
  return t;
}

const Word*& slot(Table& t, uint32_t index) {
  return t.blocks[index >> block_bits].load(std::memory_order_acquire)[index & (block_size - 1)];
}

// False when every slot is taken.
bool take_slot(Table& t, uint32_t* index) {
  if (!t.free.empty()) {
    *index = t.free.back();
    t.free.pop_back();
    return true;
  }
  if (t.used >> block_bits >= max_blocks) return false;
  *index = t.used++;
  auto& block = t.blocks[*index >> block_bits];
  if (!block.load(std::memory_order_relaxed)) block.store(new const Word*[block_size], std::memory_order_release);
  return true;
}

}  // namespace

Term CatchSlots::add(const Word* handler) {
  Table& t = table();
  std::lock_guard guard(t.lock);
  uint32_t index;
  if (!take_slot(t, &index)) return THE_NON_VALUE;
  slot(t, index) = handler;
  indices_.push_back(index);
  return make_catch(index);
}

CatchSlots::~CatchSlots() {
  if (indices_.empty()) return;
  Table& t = table();
  std::lock_guard guard(t.lock);
  for (uint32_t index : indices_) {
    slot(t, index) = nullptr;
    t.free.push_back(index);
  }
}

const Word* catch_handler(Term marker) { return slot(table(), catch_index(marker)); }

}  // namespace ember
