// persistent_term: a global key-value store read without copying and, as in erts, without
// locking. Readers load the current table, an immutable open-addressing hash table, through
// one atomic pointer; writers, one at a time under a mutex, build a new table and publish it.
// Values are copied once into storage of their own; like erts' literal areas they must
// outlive every process that may still hold them, so a replaced or erased value's storage is
// kept (erts instead copies such references out during a global GC). A replaced table is
// retired: a reader on another scheduler may still be probing it, so it is freed once every
// scheduler has passed a point where it holds none (vm/process/thread_progress.h), as erts
// frees it after thread progress.
#include <atomic>
#include <memory>
#include <mutex>
#include <vector>

#include "bif/bif.h"
#include "vm/term/compare.h"
#include "vm/term/copy.h"
#include "vm/term/hash.h"
#include "vm/term/map.h"
#include "vm/process/thread_progress.h"

namespace ember {
namespace {

struct Entry {
  Term key = THE_NON_VALUE;  // THE_NON_VALUE: an empty slot
  Term value = THE_NON_VALUE;
  uint32_t hash = 0;  // phash2 of the key
};

// Linear probing in a power-of-two number of slots, at most half of them used.
struct Table {
  size_t count = 0;
  std::vector<Entry> slots;
};

struct Store {
  std::atomic<const Table*> current;  // replaced only under the lock
  std::mutex lock;  // writers
  std::vector<std::unique_ptr<Arena>> storage;
  Store() {
    auto* first = new Table;
    first->slots.resize(16);
    current.store(first, std::memory_order_relaxed);
  }
};

void free_table(void* table) { delete static_cast<Table*>(table); }

Store& store() {
  static Store* s = new Store;
  return *s;
}

// Acquire: the table's slots, written before it was published, are read after.
const Table& current_table() { return *store().current.load(std::memory_order_acquire); }

const Entry* find(const Table& t, Term key, uint32_t hash) {
  size_t mask = t.slots.size() - 1;
  for (size_t i = hash & mask;; i = (i + 1) & mask) {
    const Entry& e = t.slots[i];
    if (e.key == THE_NON_VALUE) return nullptr;
    if (e.hash == hash && eq_exact(e.key, key)) return &e;
  }
}

void place(Table& t, const Entry& e) {
  size_t mask = t.slots.size() - 1;
  size_t i = e.hash & mask;
  while (t.slots[i].key != THE_NON_VALUE) i = (i + 1) & mask;
  t.slots[i] = e;
  t.count++;
}

// Under the writers' lock: the current table, which only writers replace.
const Table& written_table(Store& s) { return *s.current.load(std::memory_order_relaxed); }

// Under the writers' lock: publishes a copy of the current table without the entry of
// `key` (if any) and with `added` (unless THE_NON_VALUE), and retires the old one. Release: a
// reader that loads the new table sees its slots.
void publish(Store& s, Term key, uint32_t hash, const Entry& added) {
  const Table& old = written_table(s);
  size_t count = old.count + (added.key != THE_NON_VALUE ? 1 : 0);
  size_t size = 16;
  while (size < 2 * count) size *= 2;
  auto* fresh = new Table;
  fresh->slots.resize(size);
  for (const Entry& e : old.slots)
    if (e.key != THE_NON_VALUE && !(e.hash == hash && eq_exact(e.key, key))) place(*fresh, e);
  if (added.key != THE_NON_VALUE) place(*fresh, added);
  s.current.store(fresh, std::memory_order_release);
  progress_retire(const_cast<Table*>(&old), free_table);
}

}  // namespace

Term persistent_term_put_2(Process*, Term* a) {
  Store& s = store();
  uint32_t hash = phash2(a[0]);
  std::lock_guard guard(s.lock);
  if (const Entry* e = find(written_table(s), a[0], hash); e && eq_exact(e->value, a[1])) return atoms::ok;
  size_t key_words = copy_size(a[0]), value_words = copy_size(a[1]);
  auto arena = Arena::with_block(key_words + value_words);
  Entry fresh{copy_term(*arena, a[0], key_words), copy_term(*arena, a[1], value_words), hash};
  s.storage.push_back(std::move(arena));
  publish(s, a[0], hash, fresh);
  return atoms::ok;
}

Term persistent_term_get_1(Process* p, Term* a) {
  const Entry* e = find(current_table(), a[0], phash2(a[0]));
  return e ? e->value : badarg(p);
}

Term persistent_term_get_2(Process*, Term* a) {
  const Entry* e = find(current_table(), a[0], phash2(a[0]));
  return e ? e->value : a[1];
}

Term persistent_term_erase_1(Process*, Term* a) {
  Store& s = store();
  uint32_t hash = phash2(a[0]);
  std::lock_guard guard(s.lock);
  if (!find(written_table(s), a[0], hash)) return atoms::false_;
  publish(s, a[0], hash, Entry{});
  return atoms::true_;
}

Term persistent_term_get_0(Process* p, Term*) {
  const Table& t = current_table();
  ProcessHeap heap(p);
  Term list = NIL;
  for (const Entry& e : t.slots)
    if (e.key != THE_NON_VALUE) list = cons(heap, tuple(heap, e.key, e.value), list);
  return list;
}

// info/0: the number of terms, and the bytes the store takes: its table and the storage of
// every value it holds (replaced and erased values' storage included, since it is kept).
Term persistent_term_info_0(Process* p, Term*) {
  Store& s = store();
  std::lock_guard guard(s.lock);
  const Table& t = written_table(s);
  uint64_t bytes = sizeof(Store) + sizeof(Table) + t.slots.size() * sizeof(Entry);
  for (const auto& arena : s.storage) bytes += sizeof(Arena) + arena->used_words() * sizeof(Word);
  ProcessHeap heap(p);
  Term keys[] = {atom_put("count"), atom_put("memory")};
  Term values[] = {make_unsigned(heap, t.count), make_unsigned(heap, bytes)};
  return map_from_pairs(heap, keys, values, 2);
}

}  // namespace ember
