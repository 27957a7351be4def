// persistent_term: a global key-value store read without copying. Values are copied once into
// storage of their own; like erts' literal areas they must outlive every process that may
// still hold them, so a replaced or erased value's storage is kept (erts instead copies such
// references out during a global GC).
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "bif/bif.h"
#include "vm/term/compare.h"
#include "vm/term/copy.h"
#include "vm/term/hash.h"
#include "vm/term/map.h"

namespace ember {
namespace {

struct Entry {
  Term key;
  Term value;
};

struct Store {
  std::mutex lock;
  std::unordered_multimap<uint32_t, Entry> entries;  // by phash2 of the key
  std::vector<std::unique_ptr<Arena>> storage;
};

Store& store() {
  static Store* s = new Store;
  return *s;
}

Entry* find(Store& s, Term key) {
  auto [first, last] = s.entries.equal_range(phash2(key));
  for (auto it = first; it != last; ++it)
    if (eq_exact(it->second.key, key)) return &it->second;
  return nullptr;
}

}  // namespace

Term persistent_term_put_2(Process*, Term* a) {
  Store& s = store();
  std::lock_guard guard(s.lock);
  size_t key_words = copy_size(a[0]), value_words = copy_size(a[1]);
  auto arena = Arena::with_block(key_words + value_words);
  Entry fresh{copy_term(*arena, a[0], key_words), copy_term(*arena, a[1], value_words)};
  s.storage.push_back(std::move(arena));
  if (Entry* e = find(s, a[0])) *e = fresh;
  else s.entries.emplace(phash2(a[0]), fresh);
  return atoms::ok;
}

Term persistent_term_get_1(Process* p, Term* a) {
  Store& s = store();
  std::lock_guard guard(s.lock);
  Entry* e = find(s, a[0]);
  return e ? e->value : badarg(p);
}

Term persistent_term_get_2(Process*, Term* a) {
  Store& s = store();
  std::lock_guard guard(s.lock);
  Entry* e = find(s, a[0]);
  return e ? e->value : a[1];
}

Term persistent_term_erase_1(Process*, Term* a) {
  Store& s = store();
  std::lock_guard guard(s.lock);
  auto [first, last] = s.entries.equal_range(phash2(a[0]));
  for (auto it = first; it != last; ++it)
    if (eq_exact(it->second.key, a[0])) {
      s.entries.erase(it);
      return atoms::true_;
    }
  return atoms::false_;
}

Term persistent_term_get_0(Process* p, Term*) {
  Store& s = store();
  std::lock_guard guard(s.lock);
  ProcessHeap heap(p);
  Term list = NIL;
  for (auto& [hash, e] : s.entries) list = cons(heap, tuple(heap, e.key, e.value), list);
  return list;
}

// info/0: the number of terms, and the bytes the store takes: its table and the storage of
// every value it holds (replaced and erased values' storage included, since it is kept).
Term persistent_term_info_0(Process* p, Term*) {
  Store& s = store();
  std::lock_guard guard(s.lock);
  uint64_t bytes = sizeof(Store) + s.entries.bucket_count() * sizeof(void*) +
                   s.entries.size() * (sizeof(Entry) + 2 * sizeof(void*));
  for (const auto& arena : s.storage) bytes += sizeof(Arena) + arena->used_words() * sizeof(Word);
  ProcessHeap heap(p);
  Term keys[] = {atom_put("count"), atom_put("memory")};
  Term values[] = {make_unsigned(heap, s.entries.size()), make_unsigned(heap, bytes)};
  return map_from_pairs(heap, keys, values, 2);
}

}  // namespace ember
