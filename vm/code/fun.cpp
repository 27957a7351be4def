#include "vm/code/fun.h"

#include <array>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <tuple>

namespace ember {
namespace {

using Key = std::tuple<Term, uint32_t, std::array<uint8_t, 16>>;

struct Table {
  std::mutex lock;
  std::map<Key, std::unique_ptr<FunEntry>> entries;
};

Table& table() {
  static Table* t = new Table;
  return *t;
}

}  // namespace

// A tree node holds three links and its colour besides the key and the pointer to the entry.
size_t fun_table_bytes() {
  Table& t = table();
  std::lock_guard guard(t.lock);
  size_t node = 4 * sizeof(void*) + sizeof(decltype(t.entries)::value_type);
  return t.entries.size() * (node + sizeof(FunEntry));
}

FunEntry* fun_entry_put(Term module, uint32_t index, const uint8_t md5[16], uint32_t old_uniq,
                        uint32_t arity, uint32_t num_free, Term function) {
  std::array<uint8_t, 16> digest;
  std::memcpy(digest.data(), md5, 16);
  Table& t = table();
  std::lock_guard guard(t.lock);
  auto& slot = t.entries[Key{module, index, digest}];
  if (!slot) {
    slot = std::make_unique<FunEntry>();
    slot->module = module;
    slot->index = index;
    std::memcpy(slot->md5, md5, 16);
    slot->old_uniq = old_uniq;
    slot->arity = arity;
    slot->num_free = num_free;
    slot->function = function;
  }
  return slot.get();
}

}  // namespace ember
