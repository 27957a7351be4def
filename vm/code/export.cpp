#include "vm/code/export.h"

#include <memory>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>

namespace ember {
namespace {

struct Key {
  Term module, function;
  uint32_t arity;
  bool operator==(const Key&) const = default;
};

struct KeyHash {
  size_t operator()(const Key& k) const {
    return std::hash<uint64_t>()(k.module * 31 + k.function) ^ (k.arity * 0x9E3779B97F4A7C15ull);
  }
};

struct Table {
  std::shared_mutex lock;
  std::unordered_map<Key, std::unique_ptr<Export>, KeyHash> entries;
};

Table& table() {
  static Table* t = new Table;  // entries live as long as the VM
  return *t;
}

}  // namespace

// A node of the table holds a link, the key, the pointer to the entry and the key's cached hash.
size_t export_table_bytes() {
  Table& t = table();
  std::shared_lock guard(t.lock);
  size_t node = sizeof(void*) + sizeof(decltype(t.entries)::value_type) + sizeof(size_t);
  return t.entries.size() * (node + sizeof(Export)) + t.entries.bucket_count() * sizeof(void*);
}

Export* export_find(Term module, Term function, uint32_t arity) {
  Table& t = table();
  std::shared_lock guard(t.lock);
  auto it = t.entries.find(Key{module, function, arity});
  return it == t.entries.end() ? nullptr : it->second.get();
}

Export* export_put(Term module, Term function, uint32_t arity) {
  if (Export* e = export_find(module, function, arity)) return e;
  Table& t = table();
  std::unique_lock guard(t.lock);
  auto& slot = t.entries[Key{module, function, arity}];
  if (!slot) {
    slot = std::make_unique<Export>();
    slot->module = module;
    slot->function = function;
    slot->arity = arity;
  }
  return slot.get();
}

}  // namespace ember
