#include "vm/process/ets_registry.h"

#include <atomic>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>

#include "vm/term/compare.h"
#include "vm/term/build.h"
#include "vm/process/process_table.h"
#include "vm/term/ref.h"
#include "vm/process/signals.h"

namespace ember {

struct EtsSlot {
  platform::RwLock lock;
  uint64_t generation = 0;          // the number of the table held, 0 when free; under lock
  std::unique_ptr<EtsTable> table;  // under lock
  // How the table held locks (the bits below), read before locking: written before the table
  // is registered, so a thread that found the table in the registry reads its own table's
  // bits, or a later table's if the slot was reused since, which the generation then tells.
  std::atomic<uint8_t> mode{0};
};

namespace {

constexpr uint8_t striped_mode = 1;   // a hash table with write_concurrency
constexpr uint8_t readers_share = 2;  // readers of the whole table share its lock

uint8_t mode_of(const EtsTable& t) {
  uint8_t mode = t.stripes ? striped_mode : 0;
  bool fine_tree = !t.hash && t.locking != EtsLocking::table;
  if (t.frequent_read || fine_tree) mode |= readers_share;
  return mode;
}

struct Listed {
  EtsSlot* slot;
  Term name;  // NIL for an unnamed table
};

struct Registry {
  platform::RwLock lock;
  uint64_t next_number = 1;
  std::unordered_map<uint64_t, Listed> by_number;
  std::unordered_map<Term, EtsHandle> by_name;
  std::vector<std::unique_ptr<EtsSlot>> slots;
  std::vector<EtsSlot*> free;
};

Registry& registry() {
  static Registry* r = new Registry;
  return *r;
}

// Each thread remembers the tables it found last, so that most operations take no registry
// lock, whose one cache line every scheduler would otherwise write. A remembered slot is
// only a guess: it stays valid memory (slots are never freed), and the operation checks
// under the slot's lock that it holds the table the registry would give (the same number, or
// a table by that name, names being unique).
struct Remembered {
  Term name = NIL;  // NIL for a table found by reference
  uint64_t number = 0;
  EtsSlot* slot = nullptr;
};
constexpr size_t remembered_count = 16;
thread_local Remembered remembered[remembered_count];

Remembered& remembered_for(Term name, uint64_t number) {
  uint64_t h = name != NIL ? name : number;
  return remembered[(h ^ (h >> 7)) % remembered_count];
}

bool allows(const EtsTable& t, Term caller, EtsNeed need) {
  if (need == EtsNeed::any || t.owner == caller || t.access == EtsAccess::public_) return true;
  return t.access == EtsAccess::protected_ && need == EtsNeed::read;
}

}  // namespace

EtsHandle ets_find(Term id) {
  Registry& r = registry();
  if (is_atom(id)) {
    std::shared_lock guard(r.lock);
    auto it = r.by_name.find(id);
    return it == r.by_name.end() ? EtsHandle{} : it->second;
  }
  uint64_t number = ref_id(id, RefSpace::ets_table);
  if (number == 0) return {};
  std::shared_lock guard(r.lock);
  auto it = r.by_number.find(number);
  return it == r.by_number.end() ? EtsHandle{} : EtsHandle{it->second.slot, number};
}

EtsHandle ets_register(std::unique_ptr<EtsTable> table) {
  Registry& r = registry();
  std::unique_lock guard(r.lock);
  if (table->named && r.by_name.count(table->name)) return {};
  uint64_t number = r.next_number++;
  table->ref = make_ref_with_id(table->id_storage, number, RefSpace::ets_table);
  memory_allocated(CountedMemory::ets, table->id_storage.block_bytes());
  EtsSlot* slot;
  if (r.free.empty()) {
    slot = r.slots.emplace_back(std::make_unique<EtsSlot>()).get();
  } else {
    slot = r.free.back();
    r.free.pop_back();
  }
  Term name = table->named ? table->name : NIL;
  {
    std::unique_lock hold(slot->lock);
    slot->mode.store(mode_of(*table), std::memory_order_relaxed);
    slot->generation = number;
    slot->table = std::move(table);
  }
  r.by_number.emplace(number, Listed{slot, name});
  if (name != NIL) r.by_name.emplace(name, EtsHandle{slot, number});
  return {slot, number};
}

std::vector<std::pair<EtsHandle, Term>> ets_tables() {
  Registry& r = registry();
  std::shared_lock guard(r.lock);
  std::vector<std::pair<EtsHandle, Term>> all;
  all.reserve(r.by_number.size());
  for (auto& [number, listed] : r.by_number) all.emplace_back(EtsHandle{listed.slot, number}, listed.name);
  return all;
}

static std::atomic<bool> always_compress{false};

void ets_set_always_compress(bool on) { always_compress.store(on, std::memory_order_relaxed); }
bool ets_always_compress() { return always_compress.load(std::memory_order_relaxed); }

size_t ets_count() {
  Registry& r = registry();
  std::shared_lock guard(r.lock);
  return r.by_number.size();
}

Term ets_reference(Heap& heap, uint64_t number) {
  return make_ref_with_id(heap, number, RefSpace::ets_table);
}

bool ets_rename(EtsTable* table, Term name) {
  Registry& r = registry();
  std::unique_lock guard(r.lock);
  if (table->named) {
    if (name != table->name && r.by_name.count(name)) return false;
    uint64_t number = ref_id(table->ref, RefSpace::ets_table);
    Listed& listed = r.by_number.at(number);
    r.by_name.erase(table->name);
    r.by_name.emplace(name, EtsHandle{listed.slot, number});
    listed.name = name;
  }
  table->name = name;
  return true;
}

void ets_transfer(EtsTable* table, Term from, Term to, Term data) {
  table->owner = to;
  Process* target = process_find(to);
  if (!target) return;
  target->involve(Involved::ets);
  Arena message;
  Term transfer = atom_put("ETS-TRANSFER");
  deliver_message(target, from, tuple(message, transfer, table->id(), from, data));
}

// ---- locking one table ---------------------------------------------------------------------

EtsLocked::EtsLocked(Term id, Term caller, EtsNeed need, EtsOp op, Term key) {
  if (!is_atom(id) && !is_ref(id)) {
    refusal_ = EtsRefusal::type;
    return;
  }
  Term name = is_atom(id) ? id : NIL;
  uint64_t number = name == NIL ? ref_id(id, RefSpace::ets_table) : 0;
  Remembered& guess = remembered_for(name, number);
  if (guess.slot && guess.name == name && (name != NIL || guess.number == number)) {
    lock(EtsHandle{guess.slot, guess.number}, op, key);
    if (table_ && name != NIL && !(table_->named && table_->name == name)) unlock();
  }
  if (!table_) {
    refusal_ = EtsRefusal::none;
    EtsHandle handle = ets_find(id);
    if (!handle) {
      refusal_ = EtsRefusal::id;
      return;
    }
    guess = Remembered{name, handle.number, handle.slot};
    lock(handle, op, key);
  }
  if (table_ && !allows(*table_, caller, need)) {
    unlock();
    refusal_ = EtsRefusal::access;
  }
}

EtsLocked::EtsLocked(EtsHandle handle, EtsOp op) {
  if (handle) lock(handle, op, THE_NON_VALUE);
  else refusal_ = EtsRefusal::id;
}

EtsLocked::~EtsLocked() { unlock(); }

void EtsLocked::lock(EtsHandle handle, EtsOp op, Term key) {
  slot_ = handle.slot;
  uint8_t mode = slot_->mode.load(std::memory_order_relaxed);
  bool striped = mode & striped_mode, share = mode & readers_share;
  bool exclusive = true;
  switch (op) {
    case EtsOp::read_key: exclusive = !striped && !share; break;
    case EtsOp::write_key:
    case EtsOp::write_object: exclusive = !striped; break;
    case EtsOp::read_all: exclusive = striped || !share; break;
    case EtsOp::write_all: break;
  }
  if (exclusive) slot_->lock.lock();
  else slot_->lock.lock_shared();
  held_ = exclusive ? Held::exclusive : Held::shared;
  if (slot_->generation != handle.number) {  // deleted since the registry named it
    unlock();
    refusal_ = EtsRefusal::id;
    return;
  }
  table_ = slot_->table.get();
  if (exclusive || !table_->stripes || op == EtsOp::read_all) return;
  if (op == EtsOp::write_object) {
    if (!is_tuple(key) || tuple_arity(key) < table_->keypos) return;  // refused by the caller
    key = table_->key_of(key);
  }
  stripe_ = &table_->stripes[table_->hash->lock_of(ets_key_hash(key))];
  stripe_shared_ = op == EtsOp::read_key && table_->frequent_read;
  if (stripe_shared_) stripe_->lock.lock_shared();
  else stripe_->lock.lock();
}

void EtsLocked::unlock() {
  if (stripe_) {
    if (stripe_shared_) stripe_->lock.unlock_shared();
    else stripe_->lock.unlock();
    stripe_ = nullptr;
  }
  EtsTable* table = std::exchange(table_, nullptr);
  if (held_ == Held::exclusive) {
    if (table) table->settle();
    slot_->lock.unlock();
  } else if (held_ == Held::shared) {
    // Read before unlocking: the table may be deleted the moment it is unlocked.
    bool resize = table && table->hash && table->hash->wants_resize();
    uint64_t number = slot_->generation;
    slot_->lock.unlock_shared();
    if (resize) {
      std::unique_lock whole(slot_->lock);
      if (slot_->generation == number) slot_->table->settle();
    }
  }
  held_ = Held::none;
}

void EtsLocked::destroy() {
  Registry& r = registry();
  std::unique_ptr<EtsTable> doomed = std::move(slot_->table);
  uint64_t number = slot_->generation;
  slot_->generation = 0;
  table_ = nullptr;
  std::unique_lock guard(r.lock);
  if (doomed->named) r.by_name.erase(doomed->name);
  r.by_number.erase(number);
  memory_freed(CountedMemory::ets, doomed->id_storage.block_bytes());
  r.free.push_back(slot_);
}

void ets_delete_owned_by(Term pid) {
  for (auto& [handle, name] : ets_tables()) {
    EtsLocked t(handle, EtsOp::write_all);
    if (!t) continue;
    for (auto& [who, count] : t->fixations)
      if (who == pid) {
        count = 1;
        t->unfix(pid);
        break;
      }
    if (t->owner != pid) continue;
    if (t->heir != NIL && t->heir != pid && process_find_alive(t->heir)) {
      ets_transfer(t.get(), pid, t->heir, t->heir_data.tuple);
    } else {
      t.destroy();
    }
  }
}

}  // namespace ember
