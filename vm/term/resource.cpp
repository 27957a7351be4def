#include "vm/term/resource.h"

#include <atomic>
#include <mutex>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "vm/term/ref.h"

namespace ember {
namespace {

struct Entry {
  Term owner;
  std::shared_ptr<Resource> object;
};

struct Table {
  std::mutex lock;
  std::unordered_map<uint64_t, Entry> by_id;
  std::unordered_map<Term, std::unordered_set<uint64_t>> by_owner;
  std::atomic<size_t> count{0};  // lets a process with no resources exit without the lock
};

Table& table() {
  static Table* t = new Table;
  return *t;
}

// A resource's reference carries this bit and its kind in its third number; the bit is one of
// the reference marks (vm/term/ref.h) and no other reference has it.
constexpr uint32_t resource_mark = 0x80000000u;

// The table key of a resource reference; 0 for any other term.
uint64_t key_of(Term ref) {
  uint32_t n[3];
  if (!ref_numbers(ref, n) || !(n[2] & resource_mark)) return 0;
  return ref_number(ref);
}

void erase_locked(Table& t, uint64_t id, std::shared_ptr<Resource>& out) {
  auto it = t.by_id.find(id);
  if (it == t.by_id.end()) return;
  auto owned = t.by_owner.find(it->second.owner);
  if (owned != t.by_owner.end()) {
    owned->second.erase(id);
    if (owned->second.empty()) t.by_owner.erase(owned);
  }
  out = std::move(it->second.object);
  t.by_id.erase(it);
  t.count.fetch_sub(1, std::memory_order_relaxed);
}

}  // namespace

Term resource_ref(Heap& heap, uint32_t kind) {
  Term ref = make_ref(heap);
  boxed_ptr(ref)[3] = resource_mark | kind;
  return ref;
}

Term resource_make(Heap& heap, uint32_t kind, Term owner, std::shared_ptr<Resource> object) {
  Term ref = resource_ref(heap, kind);
  resource_attach(ref, owner, std::move(object));
  return ref;
}

bool resource_is(Term ref, uint32_t kind) {
  uint32_t n[3];
  return ref_numbers(ref, n) && n[2] == (resource_mark | kind);
}

std::shared_ptr<Resource> resource_attach(Term ref, Term owner, std::shared_ptr<Resource> object) {
  uint64_t id = key_of(ref);
  if (!id) return nullptr;
  Table& t = table();
  std::lock_guard guard(t.lock);
  auto [it, fresh] = t.by_id.try_emplace(id, Entry{owner, std::move(object)});
  if (fresh) {
    t.by_owner[owner].insert(id);
    t.count.fetch_add(1, std::memory_order_relaxed);
  }
  return it->second.object;
}

std::shared_ptr<Resource> resource_find(Term ref) {
  uint64_t id = key_of(ref);
  if (!id) return nullptr;
  Table& t = table();
  std::lock_guard guard(t.lock);
  auto it = t.by_id.find(id);
  return it == t.by_id.end() ? nullptr : it->second.object;
}

void resource_set_owner(Term ref, Term owner) {
  uint64_t id = key_of(ref);
  Table& t = table();
  std::lock_guard guard(t.lock);
  auto it = t.by_id.find(id);
  if (it == t.by_id.end()) return;
  auto owned = t.by_owner.find(it->second.owner);
  if (owned != t.by_owner.end()) {
    owned->second.erase(id);
    if (owned->second.empty()) t.by_owner.erase(owned);
  }
  it->second.owner = owner;
  t.by_owner[owner].insert(id);
}

void resource_release(Term ref) {
  uint64_t id = key_of(ref);
  std::shared_ptr<Resource> gone;  // freed after the lock is dropped: closing may take time
  Table& t = table();
  std::lock_guard guard(t.lock);
  erase_locked(t, id, gone);
}

void resource_release_owned_by(Term pid) {
  Table& t = table();
  if (t.count.load(std::memory_order_relaxed) == 0) return;
  std::vector<std::shared_ptr<Resource>> gone;
  {
    std::lock_guard guard(t.lock);
    auto owned = t.by_owner.find(pid);
    if (owned == t.by_owner.end()) return;
    for (uint64_t id : owned->second) {
      auto it = t.by_id.find(id);
      gone.push_back(std::move(it->second.object));
      t.by_id.erase(it);
      t.count.fetch_sub(1, std::memory_order_relaxed);
    }
    t.by_owner.erase(owned);
  }
}

}  // namespace ember
