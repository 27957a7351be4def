#include "vm/process/ets_table.h"

#include "vm/term/compare.h"
#include "vm/term/copy.h"
#include "vm/term/build.h"

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
  if (fine) stripes = std::make_unique<EtsStripe[]>(nlocks);
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

void EtsTable::set_heir(Term pid, Term data) {
  heir = pid;
  size_t words = copy_size(data);
  heir_data.storage = ets_storage(words);
  heir_data.tuple = copy_term(*heir_data.storage, data, words);
}

}  // namespace ember
