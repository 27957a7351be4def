#include "vm/process/ets_table.h"

#include <unordered_map>

#include "vm/term/compare.h"
#include "vm/term/copy.h"
#include "vm/term/build.h"
#include "vm/process/process_table.h"
#include "vm/term/ref.h"
#include "vm/process/signals.h"

namespace ember {

// The words erts allocates besides the objects (measured on OTP 25 with more than one
// scheduler): the table structure, the first segment of a hash table, lock structures.
namespace {
constexpr size_t hash_table_words = 49;
constexpr size_t tree_table_words = 139;
constexpr size_t catree_table_words = 99;
constexpr size_t tree_node_words = 5;
constexpr size_t frequent_read_lock_words = 32;  // a lock's reader groups
constexpr size_t fine_lock_words = 16;           // one cache-line-aligned lock and counter
constexpr size_t decentralized_counter_words = 34;
constexpr size_t fixation_words = 9;
constexpr size_t stored_term_words = 4;  // around the heir's data
}  // namespace

void EtsTable::create_storage() {
  if (type == EtsType::ordered_set) return;
  bool fine = locking != EtsLocking::table;
  hash = std::make_unique<EtsHash>(type, keypos, fine ? nlocks : 1, fine && decentralized_counters,
                                   compressed);
}

bool EtsTable::insert(Term object, bool fail_on_clash) {
  if (hash) return hash->put(object, fail_on_clash);
  Term key = key_of(object);
  auto it = tree.find(key);
  if (it != tree.end()) {
    if (fail_on_clash) return false;
    // Copy before erasing (object may share the old one's storage), and re-key: the new key
    // may differ (1.0 replacing 1).
    EtsObject copy = ets_stored_copy(object, compressed ? keypos : 0);
    tree.erase(it);
    Term stored_key = key_of(copy.tuple);
    tree.emplace(stored_key, std::move(copy));
    return true;
  }
  EtsObject copy = ets_stored_copy(object, compressed ? keypos : 0);
  Term stored_key = key_of(copy.tuple);
  tree.emplace(stored_key, std::move(copy));
  return true;
}

bool EtsTable::member(Term key) const { return hash ? hash->member(key) : tree.count(key) != 0; }

std::vector<Term> EtsTable::lookup(Term key) const {
  if (hash) return hash->lookup(key);
  auto it = tree.find(key);
  if (it == tree.end()) return {};
  return {it->second.tuple};
}

bool EtsTable::erase_key(Term key) { return hash ? hash->erase_key(key) : tree.erase(key) != 0; }

void EtsTable::erase_object(Term object) {
  if (hash) return hash->erase_object(object);
  auto it = tree.find(key_of(object));
  if (it != tree.end() && eq_exact(it->second.tuple, object)) tree.erase(it);
}

void EtsTable::clear() {
  if (hash) return hash->clear();
  tree.clear();
}

void EtsTable::fix(Term pid) {
  for (auto& [who, count] : fixations)
    if (who == pid) {
      ++count;
      return;
    }
  fixations.emplace_back(pid, 1);
  if (hash) hash->set_fixed(true);
}

void EtsTable::unfix(Term pid) {
  for (size_t i = 0; i < fixations.size(); i++) {
    if (fixations[i].first != pid) continue;
    if (--fixations[i].second == 0) fixations.erase(fixations.begin() + long(i));
    break;
  }
  if (hash && fixations.empty()) hash->set_fixed(false);
}

size_t EtsTable::memory_words() const {
  bool fine = locking != EtsLocking::table;
  size_t words = fixations.size() * fixation_words;
  if (heir != NIL && !is_immed(heir_data.tuple)) words += stored_term_words + erts_flat_size(heir_data.tuple);
  if (frequent_read || (fine && is_hash())) words += frequent_read_lock_words;
  if (!hash) {
    words += fine ? catree_table_words : tree_table_words;
    if (decentralized_counters) words += decentralized_counter_words;
    for (auto& [key, o] : tree) words += tree_node_words + o.words();
    return words;
  }
  words += hash_table_words + hash->memory_words();
  if (fine) {
    words += size_t(nlocks) * (fine_lock_words + (frequent_read ? frequent_read_lock_words : 0));
    if (decentralized_counters) words += decentralized_counter_words;
  }
  return words;
}

// ---- the registry --------------------------------------------------------------------------

namespace {

struct Registry {
  std::mutex lock;
  uint64_t next_id = 1;
  std::unordered_map<uint64_t, std::unique_ptr<EtsTable>> by_ref;
  std::unordered_map<Term, EtsTable*> by_name;
};

Registry& registry() {
  static Registry* r = new Registry;
  return *r;
}

}  // namespace

std::mutex& ets_lock() { return registry().lock; }

EtsTable* ets_create(Term name, bool named, Term owner) {
  Registry& r = registry();
  if (named && r.by_name.count(name)) return nullptr;
  auto table = std::make_unique<EtsTable>();
  uint64_t id = r.next_id++;
  table->ref = make_ref_with_id(table->id_storage, id, RefSpace::ets_table);
  memory_allocated(CountedMemory::ets, table->id_storage.block_bytes());
  table->name = name;
  table->named = named;
  table->owner = owner;
  EtsTable* t = table.get();
  r.by_ref.emplace(id, std::move(table));
  if (named) r.by_name.emplace(name, t);
  return t;
}

EtsTable* ets_find(Term id) {
  Registry& r = registry();
  if (is_atom(id)) {
    auto it = r.by_name.find(id);
    return it == r.by_name.end() ? nullptr : it->second;
  }
  if (!is_local_ref(id)) return nullptr;
  auto it = r.by_ref.find(ref_id(id, RefSpace::ets_table));
  if (it == r.by_ref.end() || !eq_exact(it->second->ref, id)) return nullptr;
  return it->second.get();
}

void ets_destroy(EtsTable* table) {
  Registry& r = registry();
  if (table->named) r.by_name.erase(table->name);
  memory_freed(CountedMemory::ets, table->id_storage.block_bytes());
  r.by_ref.erase(ref_id(table->ref, RefSpace::ets_table));
}

std::vector<EtsTable*> ets_tables() {
  std::vector<EtsTable*> all;
  for (auto& [id, t] : registry().by_ref) all.push_back(t.get());
  return all;
}

void EtsTable::set_heir(Term pid, Term data) {
  heir = pid;
  size_t words = copy_size(data);
  heir_data.storage = ets_storage(words);
  heir_data.tuple = copy_term(*heir_data.storage, data, words);
}

bool ets_rename(EtsTable* table, Term name) {
  Registry& r = registry();
  if (table->named) {
    if (name != table->name && r.by_name.count(name)) return false;
    r.by_name.erase(table->name);
    r.by_name.emplace(name, table);
  }
  table->name = name;
  return true;
}

void ets_transfer(EtsTable* table, Term from, Term to, Term data) {
  table->owner = to;
  Process* target = process_find(to);
  if (!target) return;
  Arena message;
  Term transfer = atom_put("ETS-TRANSFER");
  deliver_message(target, from, tuple(message, transfer, table->id(), from, data));
}

void ets_delete_owned_by(Term pid) {
  std::lock_guard guard(ets_lock());
  for (EtsTable* t : ets_tables()) {
    for (auto& [who, count] : t->fixations)
      if (who == pid) {
        count = 1;
        t->unfix(pid);
        break;
      }
    if (t->owner != pid) continue;
    if (t->heir != NIL && t->heir != pid && process_find(t->heir)) {
      ets_transfer(t, pid, t->heir, t->heir_data.tuple);
    } else {
      ets_destroy(t);
    }
  }
}

}  // namespace ember
