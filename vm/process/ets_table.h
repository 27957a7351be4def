// ETS tables: the objects of one table and the registry of every table. Objects are copied
// out of the inserting process into storage of their own and copied back on every read, as in
// erts, so a table outlives the heaps that filled it. ordered_set tables are a tree ordered by
// ==; set, bag and duplicate_bag tables are erts' hash table (vm/process/ets_hash.h).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include "platform/rw_lock.h"
#include <vector>

#include "vm/term/atom.h"
#include "vm/term/compare.h"
#include "vm/process/ets_hash.h"
#include "vm/process/ets_object.h"
#include "vm/process/heap.h"
#include "vm/process/memory_usage.h"
#include "vm/term/term.h"

namespace ember {

enum class EtsAccess : uint8_t { public_, protected_, private_ };

// ordered_set orders keys by == as erts does (1 and 1.0 are the same key).
struct EtsKeyLess {
  bool operator()(Term a, Term b) const {
    if (is_small(a) && is_small(b)) return int64_t(a) < int64_t(b);  // the common key
    return compare_terms(a, b) < 0;
  }
};

// The ordered_set's objects, one per key; the map's key is the stored object's key element.
using EtsTree = std::map<Term, EtsObject, EtsKeyLess,
                        CountingAllocator<std::pair<const Term, EtsObject>, CountedMemory::ets>>;

// How erts locks a table, which decides the walk order of a hash table (its stride is the
// number of locks) and what ets:info reports.
enum class EtsLocking : uint8_t { table, fine, fine_auto, fine_explicit };

// One of the locks of a hash table with write_concurrency (vm/process/ets_hash.h), alone on
// its cache line so that writers under different locks do not share one.
struct alignas(64) EtsStripe {
  platform::RwLock lock;
};

// A table and all it holds count as ETS memory (vm/process/memory_usage.h). Who may touch
// which part when, and the table lock itself, are vm/process/ets_registry.h's.
struct EtsTable : CountedAllocation<CountedMemory::ets> {
  Term ref = NIL;    // the table identifier every table has (in id_storage)
  Term name = NIL;   // the atom given to ets:new
  Term owner = NIL;
  EtsType type = EtsType::set;
  EtsAccess access = EtsAccess::protected_;
  bool named = false;
  uint32_t keypos = 1;
  // Options erts uses for tuning; with locking and the counters they shape ets:info, and
  // the number of locks shapes a hash table's walk.
  bool compressed = false;
  bool frequent_read = false;
  EtsLocking locking = EtsLocking::table;
  uint32_t nlocks = 1;
  bool decentralized_counters = false;
  Arena id_storage{8};
  // Who inherits the table when its owner dies (nil: nobody), with the data of the
  // 'ETS-TRANSFER' message it then gets, stored like an object.
  Term heir = NIL;
  EtsObject heir_data;
  EtsTree tree;                   // ordered_set
  std::unique_ptr<EtsHash> hash;  // set, bag, duplicate_bag
  // A hash table with write_concurrency: its locks, one per hash->nlocks().
  std::unique_ptr<EtsStripe[]> stripes;
  // safe_fixtable: the processes that fixed the table, how often each, in the order they
  // first did, and when the first fixation began (nanoseconds, monotonic and system time).
  std::vector<std::pair<Term, uint32_t>, CountingAllocator<std::pair<Term, uint32_t>, CountedMemory::ets>> fixations;
  int64_t fixed_monotonic_ns = 0, fixed_system_ns = 0;

  bool is_bag() const { return type == EtsType::bag || type == EtsType::duplicate_bag; }
  bool is_hash() const { return type != EtsType::ordered_set; }
  // What ets:new returned and ets:all lists: the name of a named table, else its reference.
  Term id() const { return named ? name : ref; }
  Term key_of(Term object) const { return tuple_element(object, keypos - 1); }
  void set_heir(Term pid, Term data);
  // Creates the storage once type, keypos and the locking options are set.
  void create_storage();
  // Under the whole-table lock: resizes a hash table of many locks as its writers wanted
  // (ets_hash.h); a table of one lock resizes as it writes.
  void settle() {
    if (stripes) hash->settle();
  }

  size_t size() const { return hash ? hash->size() : tree.size(); }
  // Stores a copy of object (a tuple with at least keypos elements), replacing the object of
  // the same key in a set and skipping an identical object in a bag. With fail_on_clash,
  // refuses (false) an object whose key is present.
  bool insert(Term object, bool fail_on_clash = false);
  bool member(Term key) const;
  // The stored objects of key in the order ets:lookup gives them.
  std::vector<Term> lookup(Term key) const;
  // Removes every object of key; false if there was none.
  bool erase_key(Term key);
  // Removes every object =:= object.
  void erase_object(Term object);
  void clear();

  // safe_fixtable/2 for process pid.
  void fix(Term pid);
  void unfix(Term pid);
  bool is_fixed() const { return !fixations.empty(); }
  // Words erts would count for the table (ets:info memory).
  size_t memory_words() const;
};

// The tables a dying process owns go to their heirs, if alive, or are deleted; the tables it
// fixed are unfixed.
void ets_delete_owned_by(Term pid);

}  // namespace ember
