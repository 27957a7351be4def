#include "vm/ets_table.h"

#include <algorithm>
#include <unordered_map>

#include "vm/compare.h"
#include "vm/copy.h"
#include "vm/build.h"
#include "vm/process_table.h"
#include "vm/ref.h"
#include "vm/signals.h"

namespace ember {

static EtsObject stored_copy(Term object) {
  size_t words = copy_size(object);
  auto storage = Arena::with_block(words);
  Term tuple = copy_term(*storage, object, words);
  return EtsObject{std::move(storage), tuple};
}

void EtsTable::insert(Term object) {
  Term key = key_of(object);
  auto it = buckets.find(key);
  if (it == buckets.end()) {
    EtsBucket bucket;
    bucket.push_back(stored_copy(object));
    Term stored_key = key_of(bucket[0].tuple);
    buckets.emplace(stored_key, std::move(bucket));
    ++size;
    return;
  }
  if (!is_bag()) {
    // Copy before erasing (object may share the old one's storage), and re-key: in an
    // ordered_set the new key may differ (1.0 replacing 1).
    EtsBucket bucket;
    bucket.push_back(stored_copy(object));
    buckets.erase(it);
    Term stored_key = key_of(bucket[0].tuple);
    buckets.emplace(stored_key, std::move(bucket));
    return;
  }
  if (type == EtsType::bag)
    for (const EtsObject& o : it->second)
      if (eq_exact(o.tuple, object)) return;
  it->second.push_back(stored_copy(object));
  ++size;
}

bool EtsTable::erase_key(Term key) {
  auto it = buckets.find(key);
  if (it == buckets.end()) return false;
  size -= it->second.size();
  buckets.erase(it);
  return true;
}

// The map's key lives in the bucket's first object: when that object goes and others stay,
// the node is re-keyed to the new first object.
static void drop_objects(EtsTable& t, EtsBuckets::iterator it, size_t first_kept_before,
                         EtsBucket kept) {
  t.size -= it->second.size() - kept.size();
  if (kept.empty()) {
    t.buckets.erase(it);
    return;
  }
  if (first_kept_before == 0) {
    it->second = std::move(kept);
    return;
  }
  auto node = t.buckets.extract(it);
  node.mapped() = std::move(kept);
  node.key() = t.key_of(node.mapped()[0].tuple);
  t.buckets.insert(std::move(node));
}

void EtsTable::erase_object(Term object) {
  auto it = buckets.find(key_of(object));
  if (it == buckets.end()) return;
  EtsBucket kept;
  size_t first_kept = SIZE_MAX;
  for (size_t i = 0; i < it->second.size(); ++i) {
    if (eq_exact(it->second[i].tuple, object)) continue;
    if (first_kept == SIZE_MAX) first_kept = i;
    kept.push_back(std::move(it->second[i]));
  }
  drop_objects(*this, it, first_kept, std::move(kept));
}

void EtsTable::erase_stored(EtsBuckets::iterator it, const std::vector<Term>& stored) {
  EtsBucket kept;
  size_t first_kept = SIZE_MAX;
  for (size_t i = 0; i < it->second.size(); ++i) {
    if (std::find(stored.begin(), stored.end(), it->second[i].tuple) != stored.end()) continue;
    if (first_kept == SIZE_MAX) first_kept = i;
    kept.push_back(std::move(it->second[i]));
  }
  drop_objects(*this, it, first_kept, std::move(kept));
}

void EtsTable::replace_stored(EtsBuckets::iterator it, Term stored, Term replacement) {
  for (EtsObject& o : it->second)
    if (o.tuple == stored) {
      o = stored_copy(replacement);  // replacement never shares the old object's storage
      return;
    }
}

void EtsTable::clear() {
  buckets.clear();
  size = 0;
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
  table->ref = make_ref_with_id(table->id_storage, id);
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
  auto it = r.by_ref.find(ref_id(id));
  if (it == r.by_ref.end() || !eq_exact(it->second->ref, id)) return nullptr;
  return it->second.get();
}

void ets_destroy(EtsTable* table) {
  Registry& r = registry();
  if (table->named) r.by_name.erase(table->name);
  r.by_ref.erase(ref_id(table->ref));
}

std::vector<EtsTable*> ets_tables() {
  std::vector<EtsTable*> all;
  for (auto& [id, t] : registry().by_ref) all.push_back(t.get());
  return all;
}

void EtsTable::set_heir(Term pid, Term data) {
  heir = pid;
  size_t words = copy_size(data);
  heir_data.storage = Arena::with_block(words);
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
    if (t->owner != pid) continue;
    if (t->heir != NIL && t->heir != pid && process_find(t->heir)) {
      ets_transfer(t, pid, t->heir, t->heir_data.tuple);
    } else {
      ets_destroy(t);
    }
  }
}

}  // namespace ember
