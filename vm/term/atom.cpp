#include "vm/term/atom.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "vm/term/unicode.h"

namespace ember {
namespace {

// Entries live in fixed-size blocks that never move, so atom_text needs no lock.
constexpr size_t block_bits = 12;
constexpr size_t block_size = size_t(1) << block_bits;
constexpr size_t max_atoms = 1 << 20;  // erts' default atom limit

struct Entry {
  const char* text;
  uint32_t length;
};

struct AtomTable {
  std::array<std::atomic<Entry*>, max_atoms / block_size> blocks{};
  std::atomic<uint32_t> count{0};
  std::shared_mutex lock;
  std::unordered_map<std::string_view, uint32_t> index;
  std::vector<std::unique_ptr<char[]>> texts;
  size_t text_bytes = 0;

  AtomTable() {
#define X(id, text) insert(text);
#include "vm/term/atoms.def"
#undef X
  }

  uint32_t insert(std::string_view text) {
    uint32_t i = count.load(std::memory_order_relaxed);
    // Released for atom_text, which reads blocks without the lock.
    if (i % block_size == 0) blocks[i / block_size].store(new Entry[block_size], std::memory_order_release);
    auto copy = std::make_unique<char[]>(text.size() + 1);
    std::memcpy(copy.get(), text.data(), text.size());
    copy[text.size()] = 0;
    blocks[i / block_size].load(std::memory_order_relaxed)[i % block_size] = Entry{copy.get(), uint32_t(text.size())};
    index.emplace(std::string_view(copy.get(), text.size()), i);
    texts.push_back(std::move(copy));
    text_bytes += text.size() + 1;
    count.store(i + 1, std::memory_order_release);
    return i;
  }
};

AtomTable& table() {
  static AtomTable* t = new AtomTable;  // lives as long as the VM: atoms are never freed
  return *t;
}

}  // namespace

Term atom_find(std::string_view utf8) {
  AtomTable& t = table();
  std::shared_lock guard(t.lock);
  auto it = t.index.find(utf8);
  return it == t.index.end() ? THE_NON_VALUE : make_atom(it->second);
}

Term atom_put(std::string_view utf8) {
  if (Term a = atom_find(utf8); a != THE_NON_VALUE) return a;
  long characters = utf8_count(utf8);
  if (characters < 0 || size_t(characters) > max_atom_characters) return THE_NON_VALUE;
  AtomTable& t = table();
  std::unique_lock guard(t.lock);
  auto it = t.index.find(utf8);
  if (it != t.index.end()) return make_atom(it->second);
  if (t.count.load(std::memory_order_relaxed) >= max_atoms) return THE_NON_VALUE;
  return make_atom(t.insert(utf8));
}

std::string_view atom_text(Term atom) {
  uint32_t i = atom_index(atom);
  const Entry& e = table().blocks[i / block_size].load(std::memory_order_acquire)[i % block_size];
  return {e.text, e.length};
}

// Acquires insert's release: the entries of the atoms counted are there to read.
size_t atom_count() { return table().count.load(std::memory_order_acquire); }

// Entries are allocated a block at a time; a node of the index holds a link, the entry and
// its cached hash.
AtomTableMemory atom_table_memory() {
  AtomTable& t = table();
  std::shared_lock guard(t.lock);
  size_t count = t.count.load(std::memory_order_relaxed);
  size_t node_bytes = sizeof(void*) + sizeof(decltype(t.index)::value_type) + sizeof(size_t);
  size_t per_atom = sizeof(Entry) + sizeof(t.texts[0]) + node_bytes;
  size_t used = count * per_atom + t.text_bytes;
  size_t blocks = (count + block_size - 1) / block_size;
  size_t spare_entries = blocks * block_size - count;
  size_t spare_texts = t.texts.capacity() - t.texts.size();
  size_t allocated = used + spare_entries * sizeof(Entry) + spare_texts * sizeof(t.texts[0]) +
                     t.index.bucket_count() * sizeof(void*);
  return {allocated, used};
}

AtomTableShape atom_table_shape() {
  AtomTable& t = table();
  std::shared_lock guard(t.lock);
  AtomTableShape shape{t.index.bucket_count(), 0, t.index.size(), 0, 0, max_atoms};
  for (size_t b = 0; b < shape.buckets; b++) {
    size_t chain = t.index.bucket_size(b);
    if (chain) shape.used_buckets++;
    shape.longest_chain = std::max(shape.longest_chain, chain);
  }
  shape.entry_capacity = (t.count.load(std::memory_order_relaxed) + block_size - 1) / block_size * block_size;
  return shape;
}

}  // namespace ember
