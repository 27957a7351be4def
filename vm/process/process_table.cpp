#include "vm/process/process_table.h"

#include <algorithm>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "platform/spin_lock.h"
#include "vm/process/gc.h"
#include "vm/process/thread_progress.h"
#include "vm/term/node.h"

namespace ember {
namespace {

// Slots come in chunks of a page, allocated when the allocation cursor first needs one and
// freed when their last process exits. So the table costs memory for the processes that live,
// not for the limit: the slots of the largest table (+P 134217727) would take 1 GB, which a
// program on a phone given a large +P and running a few processes must not pay.
constexpr uint64_t chunk_slots = 512;

// Spawns and exits on every scheduler add and remove without a lock: a process takes a slot
// with a compare-and-swap, and counts itself in its chunk. The lock is for what is rare: making
// a chunk, freeing one whose last process left, the names, and walks over the whole table.
// Slots and chunk pointers are read without it (process_find, from any thread); a chunk or
// process taken out is freed through thread_progress.h, once no thread can hold it.
struct Chunk {
  std::atomic<Process*> slots[chunk_slots] = {};
  std::atomic<uint32_t> count{0};
};

struct Table {
  platform::SpinLock lock;
  uint64_t size = default_process_limit;  // slots, a power of two
  uint64_t limit = default_process_limit;
  std::unique_ptr<std::atomic<Chunk*>[]> chunks = std::make_unique<std::atomic<Chunk*>[]>(size / chunk_slots);
  // Pid ids are handed out in increasing order, skipping ids whose slot (id % size) is taken,
  // so a slot is reused without a stale pid finding the new process. Ids print as
  // <0.Number.Serial> (node.h).
  std::atomic<uint64_t> next_id{0};
  std::atomic<size_t> count{0};
  std::unordered_map<Term, Process*> names;

  uint64_t slot_of(uint64_t id) const { return id & (size - 1); }
  std::atomic<Chunk*>& chunk_of(uint64_t slot) { return chunks[slot / chunk_slots]; }
};

Table& table() {
  static Table* t = new Table;
  return *t;
}

}  // namespace

bool set_process_limit(uint64_t requested) {
  uint64_t size = min_process_limit;
  while (size < requested && size < (uint64_t(1) << 27)) size *= 2;
  Table& t = table();
  std::lock_guard guard(t.lock);
  if (t.count.load(std::memory_order_relaxed) > 0) return false;
  for (uint64_t k = 0; k < t.size / chunk_slots; k++) delete t.chunks[k].load(std::memory_order_relaxed);
  t.size = size;
  t.limit = size == uint64_t(1) << 27 ? size - 1 : size;
  t.chunks = std::make_unique<std::atomic<Chunk*>[]>(size / chunk_slots);
  return true;
}

uint64_t process_limit() { return table().limit; }

namespace {

Chunk* make_chunk(Table& t, std::atomic<Chunk*>& in) {
  std::lock_guard guard(t.lock);
  Chunk* c = in.load(std::memory_order_relaxed);
  if (!c) in.store(c = new Chunk, std::memory_order_seq_cst);
  return c;
}

// Puts p in the slot of the next free id. A chunk whose last process just left may be taken
// out meanwhile (free_if_empty): this counts itself in the chunk first, then checks that the
// chunk is still in the table, while the freer takes it out, then checks the count. Both
// sequentially consistent, so one of the two sees the other: this one tries another chunk, or
// the freer puts the chunk back. (A count given back without an exit leaves an empty chunk in
// the table, to be used when the ids come round.)
void take_slot(Table& t, Process* p) {
  for (;;) {  // there is a free slot: count < limit <= size
    uint64_t id = t.next_id.fetch_add(1, std::memory_order_relaxed);
    uint64_t slot = t.slot_of(id);
    std::atomic<Chunk*>& in = t.chunk_of(slot);
    Chunk* c = in.load(std::memory_order_acquire);
    if (!c) c = make_chunk(t, in);
    std::atomic<Process*>& at = c->slots[slot % chunk_slots];
    if (at.load(std::memory_order_relaxed)) continue;
    c->count.fetch_add(1, std::memory_order_seq_cst);
    if (in.load(std::memory_order_seq_cst) == c) {
      p->pid = make_pid(id);
      Process* empty = nullptr;
      // Released: a thread that finds the process sees it whole.
      if (at.compare_exchange_strong(empty, p, std::memory_order_release, std::memory_order_relaxed)) return;
    }
    c->count.fetch_sub(1, std::memory_order_relaxed);
  }
}

void free_if_empty(Table& t, uint64_t slot) {
  std::lock_guard guard(t.lock);
  std::atomic<Chunk*>& in = t.chunk_of(slot);
  Chunk* c = in.load(std::memory_order_relaxed);
  // The chunk the cursor is in stays, or a program spawning one process at a time would
  // allocate and free it on every spawn.
  if (!c || c->count.load(std::memory_order_relaxed) != 0 ||
      slot / chunk_slots == t.slot_of(t.next_id.load(std::memory_order_relaxed)) / chunk_slots)
    return;
  in.store(nullptr, std::memory_order_seq_cst);
  if (c->count.load(std::memory_order_seq_cst) != 0) return in.store(c, std::memory_order_release);
  progress_retire(c, [](void* chunk) { delete static_cast<Chunk*>(chunk); });
}

}  // namespace

bool process_table_add(std::unique_ptr<Process> p) {
  Table& t = table();
  ProgressGuard holding_chunks;
  if (t.count.fetch_add(1, std::memory_order_relaxed) >= t.limit) {
    t.count.fetch_sub(1, std::memory_order_relaxed);
    gc_free_all(p.get());
    return false;
  }
  take_slot(t, p.release());
  return true;
}

void process_table_remove(Process* p, void (*free_fn)(void*)) {
  Table& t = table();
  uint64_t slot = t.slot_of(pid_id(p->pid));
  Chunk* c = t.chunk_of(slot).load(std::memory_order_relaxed);
  c->slots[slot % chunk_slots].store(nullptr, std::memory_order_seq_cst);
  t.count.fetch_sub(1, std::memory_order_relaxed);
  if (c->count.fetch_sub(1, std::memory_order_seq_cst) == 1) free_if_empty(t, slot);
  progress_retire(p, free_fn);
}

Process* process_find(Term pid) {
  if (!is_local_pid(pid)) return nullptr;
  Table& t = table();
  uint64_t slot = t.slot_of(pid_id(pid));
  Chunk* c = t.chunks[slot / chunk_slots].load(std::memory_order_acquire);
  Process* p = c ? c->slots[slot % chunk_slots].load(std::memory_order_acquire) : nullptr;
  // An exiting process is still found until it leaves the table, as in erts: a signal sent
  // to it then is answered with its exit reason.
  return p && p->pid == pid ? p : nullptr;
}

Process* process_find_alive(Term pid) {
  Process* p = process_find(pid);
  return p && p->status.load(std::memory_order_relaxed) != ProcessStatus::exiting ? p : nullptr;
}

size_t process_count() { return table().count.load(std::memory_order_relaxed); }

void process_for_each_impl(void (*fn)(Process*, void*), void* ctx) {
  Table& t = table();
  std::vector<std::pair<uint64_t, Process*>> ordered;  // erts lists processes in pid order
  {
    std::lock_guard guard(t.lock);
    ordered.reserve(t.count.load(std::memory_order_relaxed));
    for (uint64_t n = 0; n < t.size / chunk_slots; n++) {
      // Acquired, as process_find's: a process added meanwhile is seen whole, its pid included.
      Chunk* c = t.chunks[n].load(std::memory_order_acquire);
      for (uint64_t k = 0; c && k < chunk_slots; k++)
        if (Process* p = c->slots[k].load(std::memory_order_acquire)) ordered.emplace_back(pid_id(p->pid), p);
    }
  }
  std::sort(ordered.begin(), ordered.end());
  for (auto& [id, p] : ordered) fn(p, ctx);
}

bool register_name(Term name, Process* p) {
  Table& t = table();
  std::lock_guard guard(t.lock);
  if (p->registered_name.load(std::memory_order_relaxed) != NIL || t.names.count(name)) return false;
  t.names.emplace(name, p);
  // Sequentially consistent, against an exit on another thread that marks the process
  // exiting and then reads its name without the lock (unregister_process): either the exit
  // sees the name and takes it out under the lock, or this sees the process exiting.
  p->registered_name.store(name, std::memory_order_seq_cst);
  if (p->status.load(std::memory_order_seq_cst) == ProcessStatus::exiting) {
    t.names.erase(name);
    p->registered_name.store(NIL, std::memory_order_relaxed);
    return false;
  }
  return true;
}

bool unregister_name(Term name) {
  Table& t = table();
  std::lock_guard guard(t.lock);
  auto it = t.names.find(name);
  if (it == t.names.end()) return false;
  it->second->registered_name.store(NIL, std::memory_order_relaxed);
  t.names.erase(it);
  return true;
}

void unregister_process(Process* p) {
  if (p->registered_name.load(std::memory_order_seq_cst) == NIL) return;
  Table& t = table();
  std::lock_guard guard(t.lock);
  Term name = p->registered_name.load(std::memory_order_relaxed);
  if (name == NIL) return;
  t.names.erase(name);
  p->registered_name.store(NIL, std::memory_order_relaxed);
}

Process* whereis_name(Term name) {
  Table& t = table();
  std::lock_guard guard(t.lock);
  auto it = t.names.find(name);
  return it == t.names.end() ? nullptr : it->second;
}

void registered_for_each_impl(void (*fn)(Term, Process*, void*), void* ctx) {
  Table& t = table();
  std::vector<std::pair<Term, Process*>> copy;
  {
    std::lock_guard guard(t.lock);
    copy.assign(t.names.begin(), t.names.end());
  }
  for (auto& [n, p] : copy) fn(n, p, ctx);
}

}  // namespace ember
